import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULES_TABLE } from '../../functions/aws/schedules-table';
import {
  type BuiltBotStack,
  buildBotStack,
  environmentOf,
  logicalIdOf,
  statementsOfRole,
} from './bot-stack-fixture';

let built: BuiltBotStack;
let staging: BuiltBotStack;

beforeAll(() => {
  built = buildBotStack({
    bundle: false,
    overrides: {
      admins: 'U0ADMIN01,S0ADMINS1',
      scheduleOverlap: 'allow',
      scheduleDefaultTimeZone: 'Europe/Amsterdam',
    },
  });
  staging = buildBotStack({ bundle: false, overrides: { stage: 'staging' } });
}, 60_000);

afterAll(() => {
  built?.cleanup();
  staging?.cleanup();
});

describe('scheduled runs on AWS', () => {
  it('keep schedules in their own table: its key, the sparse channel index, TTL, PITR and deletion protection', () => {
    // Prepare
    const { byChannel } = SCHEDULES_TABLE.indexes;

    // Act / Assess
    built.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        TableName: 'AtsSlackBot-prod-schedules',
        KeySchema: [{ AttributeName: 'scheduleId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: [
          {
            IndexName: byChannel.name,
            KeySchema: [
              { AttributeName: byChannel.partitionKey, KeyType: 'HASH' },
              { AttributeName: byChannel.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    });
  });

  it('create the recurring schedule group of the stage, apart from the poll group', () => {
    // Prepare / Act
    const names = [built, staging].map((b) =>
      Object.values(b.template.findResources('AWS::Scheduler::ScheduleGroup')).map(
        (g) => g.Properties.Name,
      ),
    );

    // Assess
    expect(names).toEqual([
      ['AtsSlackBot-prod-polls', 'AtsSlackBot-prod-recurring'],
      ['AtsSlackBot-staging-polls', 'AtsSlackBot-staging-recurring'],
    ]);
  });

  it('let only Scheduler of this account, for the recurring group, assume the recurring role, which may invoke only the worker and write only the firing DLQ', () => {
    // Prepare
    const { stack, template } = built;
    const { role, group, deadLetterQueue } = stack.scheduledRuns;
    const workerArn = stack.worker.fn.functionArn;

    // Act
    const statements = statementsOfRole(template, role);

    // Assess
    const trust =
      template.toJSON().Resources[logicalIdOf(role)].Properties.AssumeRolePolicyDocument;
    expect(trust.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnEquals: { 'aws:SourceArn': stack.resolve(group.scheduleGroupArn) },
        },
      },
    ]);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: [stack.resolve(workerArn), stack.resolve(`${workerArn}:*`)],
      },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: [stack.resolve(deadLetterQueue.queueArn)],
      },
    ]);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Resource: stack.resolve(deadLetterQueue.queueArn),
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ]),
      },
    });
  });

  it('give the worker the recurring group only, the recurring role only, and the schedules items', () => {
    // Prepare
    const { stack, template } = built;
    const recurringGrant = (s: { Action: string[] }) =>
      s.Action.some((a) => a.startsWith('scheduler:'));

    // Act
    const worker = statementsOfRole(template, stack.worker.fn.executionRole);
    const ingress = statementsOfRole(template, stack.ingress.fn.executionRole);

    // Assess: one grant per schedule group, each to its own group's schedules.
    expect(
      worker.filter(recurringGrant).map((s) => [s.Action, JSON.stringify(s.Resource)]),
    ).toEqual([
      [
        ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        expect.stringContaining('schedule/AtsSlackBot-prod-polls/*'),
      ],
      [
        ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        expect.stringContaining('schedule/AtsSlackBot-prod-recurring/*'),
      ],
    ]);
    expect(worker).toContainEqual({
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [stack.resolve(stack.scheduledRuns.role.roleArn)],
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
    expect(ingress.filter(recurringGrant)).toEqual([]);
    expect(ingress.some((s) => s.Action.includes('iam:PassRole'))).toBe(false);
  });

  it("give the worker the quota counters' items and the quotas the ingress has, for the firings", () => {
    // Prepare
    const quotas = buildBotStack({
      bundle: false,
      overrides: { startsPerUser: 25, startWindowMinutes: 15, activeJobsPerChannel: 4 },
    });
    try {
      const { stack, template } = quotas;
      const quotasArn = JSON.stringify(stack.resolve(stack.quotas.table.tableArn));

      // Act
      const worker = statementsOfRole(template, stack.worker.fn.executionRole);
      const onQuotas = worker.filter((s) => JSON.stringify(s.Resource).includes(quotasArn));
      const env = [stack.worker.fn, stack.ingress.fn].map((fn) => environmentOf(template, fn));

      // Assess: take and give back places (conditional updates of one item); nothing else.
      expect(onQuotas).toEqual([
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: [stack.resolve(stack.quotas.table.tableArn)],
        },
      ]);
      for (const settings of env) {
        expect(settings).toMatchObject({
          QUOTAS_TABLE_NAME: { Ref: logicalIdOf(stack.quotas.table) },
          QUOTA_STARTS_PER_USER: '25',
          QUOTA_START_WINDOW_MINUTES: '15',
          QUOTA_ACTIVE_JOBS_PER_CHANNEL: '4',
        });
      }
    } finally {
      quotas.cleanup();
    }
  });

  it('hand each function the names and settings it reads', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const worker = environmentOf(template, stack.worker.fn);
    const ingress = environmentOf(template, stack.ingress.fn);

    // Assess
    expect(worker).toMatchObject({
      SCHEDULES_TABLE_NAME: { Ref: logicalIdOf(stack.scheduledRuns.table) },
      RECURRING_SCHEDULE_GROUP_NAME: 'AtsSlackBot-prod-recurring',
      RECURRING_SCHEDULER_ROLE_ARN: {
        'Fn::GetAtt': [logicalIdOf(stack.scheduledRuns.role), 'Arn'],
      },
      SCHEDULE_FIRING_DLQ_ARN: {
        'Fn::GetAtt': [logicalIdOf(stack.scheduledRuns.deadLetterQueue), 'Arn'],
      },
      SCHEDULE_OVERLAP: 'allow',
      // The worker sends problems only an admin can fix to the admins.
      BOT_ADMINS: 'U0ADMIN01,S0ADMINS1',
    });
    expect(ingress).toMatchObject({
      SCHEDULES_TABLE_NAME: { Ref: logicalIdOf(stack.scheduledRuns.table) },
      SCHEDULE_DEFAULT_TIME_ZONE: 'Europe/Amsterdam',
      SCHEDULE_MIN_INTERVAL_HOURS: '1',
      SCHEDULES_PER_CHANNEL: '10',
      BOT_ADMINS: 'U0ADMIN01,S0ADMINS1',
    });
    expect(ingress).not.toHaveProperty('RECURRING_SCHEDULER_ROLE_ARN');
  });

  it('alarm on the first firing Scheduler could not deliver', () => {
    // Prepare / Act / Assess
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'AtsSlackBot-prod-FiringDeadLetters',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalIdOf(built.stack.scheduledRuns.deadLetterQueue), 'QueueName'],
          },
        },
      ],
      Threshold: 1,
    });
  });
});
