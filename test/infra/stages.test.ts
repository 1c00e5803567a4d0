import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV as SETTINGS } from '../../functions/env';
import { type BuiltBotStack, buildBotStack, environmentOf } from './bot-stack-fixture';

// Two stages of the bot in one account and region: every name that must be unique there differs.
const ENV = { account: '123456789012', region: 'eu-west-1' };

/**
 * The properties that give a resource a name unique in the account and region, by resource type:
 * two stacks setting the same value there could not both be deployed.
 */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::SNS::Topic': 'TopicName',
};

/** Name properties that would also be unique in the account, left to CloudFormation here. */
const GENERATED_NAME_PROPERTIES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::SQS::Queue': 'QueueName',
};

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/** Every account-unique name the stack sets, as `Type Name`. */
function physicalNames(built: BuiltBotStack): string[] {
  const resources = Object.values(built.template.toJSON().Resources as Record<string, Resource>);
  return [
    `AWS::CloudFormation::Stack ${built.stack.stackName}`,
    ...resources.flatMap((r) => {
      const property = NAME_PROPERTIES[r.Type];
      return property ? [`${r.Type} ${String(r.Properties?.[property])}`] : [];
    }),
  ];
}

let prod: BuiltBotStack;
let staging: BuiltBotStack;

beforeAll(() => {
  const overrides = { alarmEmail: 'ops@example.com' };
  prod = buildBotStack({ env: ENV, overrides, bundle: false });
  staging = buildBotStack({
    env: ENV,
    overrides: { ...overrides, stage: 'staging' },
    bundle: false,
  });
}, 60_000);

afterAll(() => {
  prod?.cleanup();
  staging?.cleanup();
});

describe('stages', () => {
  it('name the stack after the stage, prod by default', () => {
    // Act
    const names = [prod.stack.stackName, staging.stack.stackName];

    // Assess
    expect(names).toEqual(['AtsSlackBot-prod', 'AtsSlackBot-staging']);
  });

  it('give every account-unique name the stage, so two stages deploy side by side', () => {
    // Act
    const prodNames = physicalNames(prod);
    const stagingNames = physicalNames(staging);

    // Assess: each named resource carries its name; none is shared between the stages.
    expect(prodNames.filter((n) => n.endsWith(' undefined'))).toEqual([]);
    expect(stagingNames.filter((n) => n.endsWith(' undefined'))).toEqual([]);
    expect(prodNames.every((n) => n.includes('AtsSlackBot-prod'))).toBe(true);
    expect(stagingNames.every((n) => n.includes('AtsSlackBot-staging'))).toBe(true);
    expect(prodNames.filter((n) => stagingNames.includes(n))).toEqual([]);
    expect(new Set(prodNames).size).toBe(prodNames.length);
    // Tables of jobs, schedules, history and quotas, 2 secrets (one per function), poll and recurring
    // schedule groups, 2 functions, 2 log groups, 6 alarms, dashboard, topic, stack.
    expect(prodNames).toHaveLength(21);
  });

  it('leave the other names to CloudFormation, which prefixes them with the stack name', () => {
    // Act
    const resources = Object.values(
      staging.template.toJSON().Resources as Record<string, Resource>,
    );

    // Assess
    const set = resources.filter((r) => {
      const property = GENERATED_NAME_PROPERTIES[r.Type];
      return property && r.Properties?.[property] !== undefined;
    });
    expect(set).toEqual([]);
  });

  it('send each stage its own metrics namespace and schedule group', () => {
    // Act
    const settings = [prod, staging].map((b) => {
      const env = environmentOf(b.template, b.stack.worker.fn);
      return [env.POWERTOOLS_METRICS_NAMESPACE, env[SETTINGS.scheduleGroupName]];
    });

    // Assess
    expect(settings).toEqual([
      ['AtsSlackBot/prod', 'AtsSlackBot-prod-polls'],
      ['AtsSlackBot/staging', 'AtsSlackBot-staging-polls'],
    ]);
  });
});
