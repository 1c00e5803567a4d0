import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, type Environment, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { AtsBotStack } from '../../lib/ats-bot-stack';
import { loadBotConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../../lib/project-root';
import { stageNames } from '../../lib/stage-names';

/** The `atsBot` object committed in cdk.json (what a fresh clone has, placeholders and all). */
export function cdkJsonBotConfig(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
  return cdkJson.context.atsBot;
}

/**
 * The configuration the infra tests deploy: valid and free of placeholders, with the catalog
 * inline (cdk.json's own, with its `replace-with-…` values, would be refused by `cdk synth`).
 */
export const TEST_BOT_CONFIG = {
  atsAppId: 'test-app',
  templates: [{ alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke tests' }],
} as const;

/** A synthesized bot stack and a way to remove its cloud assembly. */
export interface BuiltBotStack {
  stack: AtsBotStack;
  template: Template;
  outdir: string;
  cleanup(): void;
}

/**
 * Builds and synthesizes the bot stack as `bin/ats-bot.ts` does, from {@link TEST_BOT_CONFIG}
 * with `overrides` applied (a `stage` among them names the stack) (cdk-nag is run by the tests themselves, on the construct tree). `bundle: false` skips esbuild (the template is the same; only the
 * asset contents differ) for tests that do not look at the code.
 */
export function buildBotStack(
  opts: { overrides?: Record<string, unknown>; env?: Environment; bundle?: boolean } = {},
): BuiltBotStack {
  const outdir = mkdtempSync(join(tmpdir(), 'ats-bot-infra-'));
  const app = new App({
    outdir,
    // CloudFormation schema validation costs seconds per process; the `cdk synth` test runs it.
    builtinCloudFormationValidation: false,
    context: opts.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {},
  });
  const config = loadBotConfig({ ...TEST_BOT_CONFIG, ...opts.overrides });
  const stack = new AtsBotStack(app, stageNames(config.stage).stackName, { config, env: opts.env });
  const template = Template.fromStack(stack);
  return {
    stack,
    template,
    outdir,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Logical id of a construct's CloudFormation resource. */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/**
 * Directory of a function's bundled code in the cloud assembly (`index.mjs` and its source map),
 * i.e. what is deployed. Only for stacks built with bundling on.
 */
export function assetDirOf(built: BuiltBotStack, fn: IConstruct): string {
  const resource = built.template.toJSON().Resources[logicalIdOf(fn)];
  const assetHash = String(resource.Properties.Code.S3Key).replace(/\.zip$/, '');
  return join(built.outdir, `asset.${assetHash}`);
}

/** One IAM statement, with actions and resources always as arrays. */
export interface Statement {
  Effect: string;
  Action: string[];
  Resource: unknown[];
  Condition?: unknown;
}

/** Every statement of every inline policy attached to the role (`role` is its construct). */
export function statementsOfRole(template: Template, role: IConstruct): Statement[] {
  const roleId = logicalIdOf(role);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: unknown[]; PolicyDocument: { Statement: Record<string, unknown>[] } };
  }[];
  return policies
    .filter((p) =>
      p.Properties.Roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement)
    .map((s) => ({
      Effect: s.Effect as string,
      Action: ([] as string[]).concat(s.Action as string | string[]),
      Resource: ([] as unknown[]).concat(s.Resource),
      ...(s.Condition ? { Condition: s.Condition } : {}),
    }));
}

/** The environment variables of a function, as written in the template. */
export function environmentOf(template: Template, fn: IConstruct): Record<string, unknown> {
  const resource = template.toJSON().Resources[logicalIdOf(fn)];
  return resource.Properties.Environment.Variables;
}
