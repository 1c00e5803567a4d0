#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AtsBotStack } from '../lib/ats-bot-stack';
import { type BotConfig, BotConfigError, CONFIG_CONTEXT_KEY, loadBotConfig } from '../lib/config';
import { assertSupportedRegion, UnsupportedRegionError } from '../lib/regions';
import { stageNames } from '../lib/stage-names';

// CDK app entry (`cdk synth`, `cdk deploy`): validates the configuration (placeholders left from
// the shipped cdk.json and catalog.json included) and the region, builds the stack and checks
// it against cdk-nag's AwsSolutions rules, which fail the synth on any unsuppressed finding.
const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

let config: BotConfig;
try {
  config = loadBotConfig(app.node.tryGetContext(CONFIG_CONTEXT_KEY), { refusePlaceholders: true });
  // The CLI knows the region from the profile even when it has no account (offline synth).
  if (region) assertSupportedRegion(region);
} catch (error) {
  if (error instanceof BotConfigError) {
    // One line per problem instead of a stack trace: the person has values to fix in cdk.json
    // or in the catalog file.
    for (const problem of error.problems) console.error(`${error.code}: ${problem}`);
    process.exit(1);
  }
  if (error instanceof UnsupportedRegionError) {
    console.error(`${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

new AtsBotStack(app, stageNames(config.stage).stackName, {
  description: `Slack chat-ops bot for Mendix ATS, stage ${config.stage} (ingress, worker, jobs table, schedules)`,
  // Environment-agnostic unless the CLI knows the account (offline synth has no credentials).
  env: account && region ? { account, region } : undefined,
  config,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
