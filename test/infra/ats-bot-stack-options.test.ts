import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/env';
import {
  type BuiltBotStack,
  buildBotStack,
  environmentOf,
  logicalIdOf,
  statementsOfRole,
} from './bot-stack-fixture';

// The other branches of the configuration: an alarm e-mail, existing secrets, data deleted
// with the stack, reserved concurrency, admins and quotas, and a concrete account and region. Bundling is skipped: only the template
// matters here, and the default-configuration test already bundles.
const INGRESS_SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot-ingress-AbC123';
const WORKER_SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ats-bot-worker-DeF456';
const ALARM_EMAIL = 'ops@example.com';

let built: BuiltBotStack;

beforeAll(() => {
  built = buildBotStack({
    overrides: {
      alarmEmail: ALARM_EMAIL,
      existingIngressSecretArn: INGRESS_SECRET_ARN,
      existingWorkerSecretArn: WORKER_SECRET_ARN,
      removalPolicy: 'destroy',
      logLevel: 'DEBUG',
      logRetentionDays: 90,
      ingressReservedConcurrency: 20,
      workerReservedConcurrency: 10,
      admins: ['U0BOSS', 'S0OPS'],
      watchers: 'admins',
      startsPerUser: 30,
    },
    env: { account: '123456789012', region: 'eu-west-1' },
    bundle: false,
  });
}, 30_000);

afterAll(() => built?.cleanup());

describe('with existing secrets', () => {
  it('creates no secret and hands each function its own configured ARN, and only that one', () => {
    // Prepare
    const { stack, template } = built;
    const own = [
      [stack.ingress.fn, INGRESS_SECRET_ARN],
      [stack.worker.fn, WORKER_SECRET_ARN],
    ] as const;

    // Act
    const secrets = template.findResources('AWS::SecretsManager::Secret');

    // Assess
    expect(secrets).toEqual({});
    for (const [fn, arn] of own) {
      expect(environmentOf(template, fn)[ENV.secretArn]).toBe(arn);
      const reads = statementsOfRole(template, fn.executionRole).filter((s) =>
        [s.Action].flat().includes('secretsmanager:GetSecretValue'),
      );
      expect(reads).toEqual([
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [arn] },
      ]);
    }
    const outputs = template.toJSON().Outputs;
    expect(outputs.IngressSecretArn.Value).toBe(INGRESS_SECRET_ARN);
    expect(outputs.WorkerSecretArn.Value).toBe(WORKER_SECRET_ARN);
  });
});

describe('with an alarm e-mail', () => {
  it('sends every alarm to a TLS-only topic the address is subscribed to', () => {
    // Prepare
    const { stack, template } = built;
    const topicRef = { Ref: logicalIdOf(stack.alarms.topic!) };

    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    // Assess
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: topicRef,
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
  });
});

describe('with removalPolicy destroy, DEBUG logs and 90-day log retention', () => {
  it('deletes the table and log groups with the stack and logs at DEBUG', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const table = template.toJSON().Resources[logicalIdOf(stack.storage.table)];
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));

    // Assess
    expect(table.DeletionPolicy).toBe('Delete');
    // Deletion protection would make CloudFormation fail to delete what it was told to delete.
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(logGroups).toHaveLength(2);
    for (const group of logGroups) {
      expect(group.DeletionPolicy).toBe('Delete');
      expect(group.Properties.RetentionInDays).toBe(90);
    }
    for (const fn of [stack.ingress.fn, stack.worker.fn]) {
      expect(environmentOf(template, fn).POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    }
    template.allResourcesProperties('AWS::Lambda::Function', {
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'DEBUG' }),
    });
  });
});

describe('with reserved concurrency, admins and a quota', () => {
  it('reserves concurrency for each function as configured', () => {
    // Prepare
    const { stack, template } = built;
    const resources = template.toJSON().Resources;

    // Act
    const ingress = resources[logicalIdOf(stack.ingress.fn)].Properties;
    const worker = resources[logicalIdOf(stack.worker.fn)].Properties;

    // Assess
    expect(ingress.ReservedConcurrentExecutions).toBe(20);
    expect(worker.ReservedConcurrentExecutions).toBe(10);
  });

  it('hands the ingress the admins, who may watch and the quotas', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const env = environmentOf(template, stack.ingress.fn);

    // Assess
    expect(env).toMatchObject({
      [ENV.admins]: 'U0BOSS,S0OPS',
      [ENV.watchers]: 'admins',
      [ENV.startsPerUser]: '30',
      [ENV.startWindowMinutes]: '10',
      [ENV.activeJobsPerChannel]: '10',
    });
  });
});

describe('in a concrete account and region', () => {
  it('scopes the worker to schedules of its group in that account and region', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const statements = statementsOfRole(template, stack.worker.fn.executionRole);

    // Assess
    const scheduling = statements.find((s) => s.Action.includes('scheduler:CreateSchedule'));
    expect(scheduling?.Resource).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':scheduler:eu-west-1:123456789012:schedule/AtsSlackBot-prod-polls/*',
          ],
        ],
      },
    ]);
  });

  it('passes the cdk-nag AwsSolutions checks with the topic and the imported secret', () => {
    // Prepare
    const checks = new AwsSolutionsChecks();

    // Act
    const report = checks.validateScope(built.stack);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});
