#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AtsBotStack } from '../lib/ats-bot-stack';
import { BotConfigError, CONFIG_CONTEXT_KEY, loadBotConfig } from '../lib/config';
import { assertSupportedRegion, UnsupportedRegionError } from '../lib/regions';
import { DEFAULT_STAGE, stageNames } from '../lib/stage-names';

// CDK app entry (`cdk synth`, `cdk deploy`): validates the configuration and the region, builds
// the stack and checks it against cdk-nag's AwsSolutions rules, which fail the synth on any
// unsuppressed finding.
const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

let config: ReturnType<typeof loadBotConfig>;
try {
  config = loadBotConfig(app.node.tryGetContext(CONFIG_CONTEXT_KEY));
  // The CLI knows the region from the profile even when it has no account (offline synth).
  if (region) assertSupportedRegion(region);
} catch (error) {
  if (error instanceof BotConfigError || error instanceof UnsupportedRegionError) {
    // One readable line instead of a stack trace: the person has something to fix in cdk.json
    // or in the region they deploy to.
    console.error(`${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const { stackName } = stageNames(DEFAULT_STAGE);
new AtsBotStack(app, stackName, {
  description: 'Slack chat-ops bot for Mendix ATS (ingress, worker, jobs table, schedules)',
  // Environment-agnostic unless the CLI knows the account (offline synth has no credentials).
  env: account && region ? { account, region } : undefined,
  config,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
