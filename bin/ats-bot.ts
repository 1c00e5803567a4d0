#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AtsBotStack } from '../lib/ats-bot-stack';
import { BotConfigError, CONFIG_CONTEXT_KEY, loadBotConfig } from '../lib/config';

// CDK app entry (`cdk synth`, `cdk deploy`): validates the configuration, builds the stack and
// checks it against cdk-nag's AwsSolutions rules, which fail the synth on any unsuppressed
// finding.
const app = new App();

let config: ReturnType<typeof loadBotConfig>;
try {
  config = loadBotConfig(app.node.tryGetContext(CONFIG_CONTEXT_KEY));
} catch (error) {
  if (error instanceof BotConfigError) {
    // One readable line instead of a stack trace: the person has a typo to fix in cdk.json.
    console.error(`${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new AtsBotStack(app, 'AtsSlackBot', {
  description: 'Slack chat-ops bot for Mendix ATS (ingress, worker, jobs table, schedules)',
  // Environment-agnostic unless the CLI knows the account (offline synth has no credentials).
  env: account && region ? { account, region } : undefined,
  config,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
