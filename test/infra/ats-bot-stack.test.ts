import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAtsSimulator } from '../../functions/ats/simulator/simulator';
import { DynamoJobStore } from '../../functions/aws/dynamo-job-store';
import { JOBS_TABLE } from '../../functions/aws/jobs-table';
import { QUOTAS_TABLE } from '../../functions/aws/quotas-table';
import { type ConfigError, parseSecretsOf, SECRET_PLACEHOLDER } from '../../functions/config';
import { ENV, SECRET_KEYS } from '../../functions/env';
import { startSlackApiServer } from '../../functions/local/slack-api/slack-api-server';
import {
  INGRESS_STUBBED_PACKAGES,
  UNUSED_MODULE_STUB,
} from '../../functions/slack/bolt-bundle/bolt-aliases';
import { loadBotConfig } from '../../lib/config';
import type { BotSecret } from '../../lib/constructs/bot-secret';
import { startAwsHttpStandIns } from '../support/aws-http-stand-ins';
import { testJob } from '../support/job-fixtures';
import { signedSlashCommand } from '../support/slack-requests';
import {
  assetDirOf,
  type BuiltBotStack,
  buildBotStack,
  environmentOf,
  logicalIdOf,
  type Statement,
  statementsOfRole,
  TEST_BOT_CONFIG,
} from './bot-stack-fixture';
import {
  SCHEDULES_INGRESS_STATEMENTS,
  SCHEDULES_WORKER_STATEMENTS,
} from './scheduled-runs-statements';

let built: BuiltBotStack;

beforeAll(() => {
  built = buildBotStack();
}, 30_000);

afterAll(() => built?.cleanup());

/** Statements in a canonical order, each with sorted actions and resources. */
function canonical(statements: Statement[]): Statement[] {
  const key = (v: unknown) => JSON.stringify(v);
  return statements
    .map((s) => ({
      ...s,
      Action: [...s.Action].sort(),
      Resource: [...s.Resource].sort((a, b) => key(a).localeCompare(key(b))),
    }))
    .sort((a, b) => key(a).localeCompare(key(b)));
}

function allow(actions: string[], resources: unknown[], condition?: unknown): Statement {
  return {
    Effect: 'Allow',
    Action: actions,
    Resource: resources,
    ...(condition ? { Condition: condition } : {}),
  };
}

describe('jobs table', () => {
  it('has exactly the keys and indexes of JOBS_TABLE, on demand, with TTL, PITR, SSE and deletion protection', () => {
    // Prepare
    const { indexes } = JOBS_TABLE;

    // Act
    const tables = built.template.findResources('AWS::DynamoDB::Table');

    // Assess: the jobs table, the schedules table (test/infra/scheduled-runs.test.ts), the
    // history table (test/infra/run-history.test.ts) and the quotas table (below).
    expect(Object.keys(tables)).toHaveLength(4);
    built.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: JOBS_TABLE.partitionKey, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: JOBS_TABLE.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSE on with no key id: the AWS managed key aws/dynamodb.
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
        GlobalSecondaryIndexes: [
          {
            IndexName: indexes.activeInChannel.name,
            KeySchema: [
              { AttributeName: indexes.activeInChannel.partitionKey, KeyType: 'HASH' },
              { AttributeName: indexes.activeInChannel.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: indexes.byAtsJobId.name,
            KeySchema: [{ AttributeName: indexes.byAtsJobId.partitionKey, KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: indexes.templateFinished.name,
            KeySchema: [
              { AttributeName: indexes.templateFinished.partitionKey, KeyType: 'HASH' },
              { AttributeName: indexes.templateFinished.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            // Keys only: written once per job, as no later write of the job changes its entry.
            IndexName: 'byUserCreated',
            KeySchema: [
              { AttributeName: 'startedBy', KeyType: 'HASH' },
              { AttributeName: 'createdAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'requestId', AttributeType: 'S' },
          { AttributeName: 'activeChannel', AttributeType: 'S' },
          { AttributeName: 'createdAt', AttributeType: 'N' },
          { AttributeName: 'atsJobId', AttributeType: 'S' },
          { AttributeName: 'templateRunKey', AttributeType: 'S' },
          { AttributeName: 'finishedAt', AttributeType: 'N' },
          { AttributeName: 'startedBy', AttributeType: 'S' },
        ]),
      },
    });
  });
});

describe('reserved concurrency', () => {
  it('is off by default: new accounts have little concurrency to reserve', () => {
    // Act
    const functions = Object.values(built.template.findResources('AWS::Lambda::Function'));

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const fn of functions) {
      expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    }
  });
});

describe('quotas table', () => {
  it('has the key and TTL of QUOTAS_TABLE, on demand, with SSE, and goes with the stack', () => {
    // Act
    const quotas = built.template.toJSON().Resources[logicalIdOf(built.stack.quotas.table)];

    // Assess
    expect(quotas).toMatchObject({
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        KeySchema: [{ AttributeName: QUOTAS_TABLE.partitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: QUOTAS_TABLE.partitionKey, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: QUOTAS_TABLE.ttlAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
    expect(quotas.Properties).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(quotas.Properties).not.toHaveProperty('DeletionProtectionEnabled');
  });
});

/** What CDK's `paramsAndSecrets` sets for the Parameters and Secrets extension, cache off. */
const EXTENSION_SETTINGS = {
  PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'false',
  PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '1000',
  PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
  PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL: 'warn',
  PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS: '3',
  SECRETS_MANAGER_TIMEOUT_MILLIS: '0',
  SECRETS_MANAGER_TTL: '300',
  SSM_PARAMETER_STORE_TIMEOUT_MILLIS: '0',
  SSM_PARAMETER_STORE_TTL: '300',
};

describe('functions', () => {
  it('run Node.js 24 on arm64 with JSON logs into their own log group with retention', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const functions = template.findResources('AWS::Lambda::Function');

    // Assess
    expect(Object.keys(functions).sort()).toEqual(
      [logicalIdOf(stack.ingress.fn), logicalIdOf(stack.worker.fn)].sort(),
    );
    for (const fn of [stack.ingress.fn, stack.worker.fn]) {
      const logGroupId = logicalIdOf(fn.logGroup);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: {
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          LogGroup: { Ref: logGroupId },
        },
        Role: { 'Fn::GetAtt': [logicalIdOf(fn.executionRole), 'Arn'] },
      });
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: 30 },
        DeletionPolicy: 'Retain',
      });
      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    }
  });

  it('give the ingress exactly its settings, names and ARNs', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const env = environmentOf(template, stack.ingress.fn);

    // Assess
    expect(env).toEqual({
      NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=16',
      POWERTOOLS_SERVICE_NAME: 'ats-bot-slack-events',
      POWERTOOLS_METRICS_NAMESPACE: 'AtsSlackBot/prod',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...EXTENSION_SETTINGS,
      [ENV.jobsTableName]: { Ref: logicalIdOf(stack.storage.table) },
      [ENV.quotasTableName]: { Ref: logicalIdOf(stack.quotas.table) },
      [ENV.secretArn]: { Ref: logicalIdOf(stack.ingressSecret.secret) },
      [ENV.workerFunctionName]: { Ref: logicalIdOf(stack.worker.fn) },
      [ENV.atsBaseUrl]: 'https://ats100.mendixcloud.com/ws/',
      [ENV.atsAppId]: 'test-app',
      [ENV.atsTimeoutMs]: '10000',
      [ENV.templates]: 'catalog.json',
      [ENV.retentionDays]: '90',
      [ENV.schedulesTableName]: { Ref: logicalIdOf(stack.scheduledRuns.table) },
      [ENV.historyTableName]: { Ref: logicalIdOf(stack.history.table) },
      [ENV.scheduleDefaultTimeZone]: 'UTC',
      [ENV.scheduleMinIntervalHours]: '1',
      [ENV.schedulesPerChannel]: '10',
      [ENV.watchers]: 'anyone',
      [ENV.startsPerUser]: '10',
      [ENV.startWindowMinutes]: '10',
      [ENV.activeJobsPerChannel]: '10',
    });
  });

  it('give the worker exactly its settings, names and ARNs', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const env = environmentOf(template, stack.worker.fn);

    // Assess
    expect(env).toEqual({
      NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=16',
      POWERTOOLS_SERVICE_NAME: 'ats-bot-job-worker',
      POWERTOOLS_METRICS_NAMESPACE: 'AtsSlackBot/prod',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...EXTENSION_SETTINGS,
      [ENV.jobsTableName]: { Ref: logicalIdOf(stack.storage.table) },
      [ENV.secretArn]: { Ref: logicalIdOf(stack.workerSecret.secret) },
      [ENV.scheduleGroupName]: 'AtsSlackBot-prod-polls',
      [ENV.schedulerRoleArn]: { 'Fn::GetAtt': [logicalIdOf(stack.worker.schedulerRole), 'Arn'] },
      [ENV.pollDlqArn]: {
        'Fn::GetAtt': [logicalIdOf(stack.worker.pollDeadLetterQueue), 'Arn'],
      },
      [ENV.atsBaseUrl]: 'https://ats100.mendixcloud.com/ws/',
      [ENV.atsAppId]: 'test-app',
      [ENV.atsTimeoutMs]: '10000',
      [ENV.atsStartTimeoutMs]: '60000',
      [ENV.atsJobCap]: '5',
      [ENV.atsSlotHoldHours]: '6',
      [ENV.templates]: 'catalog.json',
      [ENV.pollLimitHours]: '6',
      [ENV.unreachableAfterMinutes]: '15',
      [ENV.retentionDays]: '90',
      [ENV.hopWindowSeconds]: '10',
      [ENV.hopRampSeconds]: '38',
      [ENV.hopQueueUrl]: { Ref: logicalIdOf(stack.worker.hops.queue) },
      [ENV.schedulesTableName]: { Ref: logicalIdOf(stack.scheduledRuns.table) },
      [ENV.historyTableName]: { Ref: logicalIdOf(stack.history.table) },
      [ENV.historyDays]: '400',
      [ENV.recurringScheduleGroupName]: 'AtsSlackBot-prod-recurring',
      [ENV.recurringSchedulerRoleArn]: {
        'Fn::GetAtt': [logicalIdOf(stack.scheduledRuns.role), 'Arn'],
      },
      [ENV.firingDlqArn]: {
        'Fn::GetAtt': [logicalIdOf(stack.scheduledRuns.deadLetterQueue), 'Arn'],
      },
      [ENV.scheduleOverlap]: 'skip',
      // Firings are admitted by the ingress's quotas, in the same table.
      [ENV.quotasTableName]: { Ref: logicalIdOf(stack.quotas.table) },
      [ENV.startsPerUser]: '10',
      [ENV.startWindowMinutes]: '10',
      [ENV.activeJobsPerChannel]: '10',
    });
  });
});

describe('secrets', () => {
  it('appear in no environment: secret-like names hold only an ARN reference', () => {
    // Prepare
    const { template } = built;
    const secretLike = /token|secret|password/i;
    const secretVariableNames = Object.values(SECRET_KEYS) as string[];
    // The extension's own settings (port, cache, TTL, timeouts): numbers and flags, no secrets.
    const extensionSetting = /^(PARAMETERS_SECRETS_EXTENSION|SECRETS_MANAGER|SSM_PARAMETER_STORE)_/;

    // Act
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const variables = functions.flatMap((f) =>
      Object.entries(f.Properties.Environment.Variables as Record<string, unknown>),
    );

    // Assess
    expect(variables.length).toBeGreaterThan(20);
    for (const [name, value] of variables) {
      expect(secretVariableNames).not.toContain(name);
      if (!secretLike.test(name) || extensionSetting.test(name)) continue;
      const isArnReference =
        (typeof value === 'object' && value !== null && 'Ref' in value) ||
        (typeof value === 'string' && value.startsWith('arn:aws'));
      expect({ name, isArnReference }).toEqual({ name, isArnReference: true });
    }
  });

  it('are read through the Parameters and Secrets extension, its cache off, on every function', () => {
    // Prepare
    const { template } = built;

    // Act
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const layers = 'ParamsandsecretslayerMap';

    // Assess
    expect(functions.length).toBeGreaterThanOrEqual(2);
    for (const fn of functions) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(variables).toMatchObject({ SECRET_ARN: expect.anything(), ...EXTENSION_SETTINGS });
      expect(fn.Properties.Layers).toEqual([
        { 'Fn::FindInMap': [layers, { Ref: 'AWS::Region' }, '1x0x103xarm64'] },
      ]);
    }
    expect(template.toJSON().Mappings[layers]['eu-west-1']['1x0x103xarm64']).toMatch(
      /^arn:aws:lambda:eu-west-1:\d{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/,
    );
  });

  it('are created as one placeholder document per function, never with a value, each with only the keys its function reads', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    const documentOf = (secret: BotSecret) =>
      JSON.parse(secrets[logicalIdOf(secret.secret)]?.Properties.SecretString);

    // Assess
    expect(Object.keys(secrets)).toHaveLength(2);
    expect(documentOf(stack.ingressSecret)).toEqual({
      slackSigningSecret: SECRET_PLACEHOLDER,
      slackBotToken: SECRET_PLACEHOLDER,
    });
    expect(documentOf(stack.workerSecret)).toEqual({
      slackBotToken: SECRET_PLACEHOLDER,
      atsAppApiToken: SECRET_PLACEHOLDER,
      atsUsername: '',
      atsPassword: '',
    });
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties.GenerateSecretString).toBeUndefined();
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'AtsSlackBot-prod-ingress-secrets',
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'AtsSlackBot-prod-worker-secrets',
    });
  });

  it('start as documents the run time reports as not filled in, and accept once filled', () => {
    // Prepare
    const { stack, template } = built;
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    const ingress = JSON.parse(
      secrets[logicalIdOf(stack.ingressSecret.secret)]?.Properties.SecretString,
    );
    const worker = JSON.parse(
      secrets[logicalIdOf(stack.workerSecret.secret)]?.Properties.SecretString,
    );
    const problemsOf = (read: () => unknown) => {
      try {
        read();
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };

    // Act
    const ingressProblems = problemsOf(() => parseSecretsOf('ingress', ingress, 'the secret'));
    const workerProblems = problemsOf(() => parseSecretsOf('worker', worker, 'the secret'));
    const acceptedIngress = parseSecretsOf(
      'ingress',
      { ...ingress, slackSigningSecret: 'signing-secret-value', slackBotToken: 'xoxb-bot' },
      'the filled secret',
    );
    const acceptedWorker = parseSecretsOf(
      'worker',
      { ...worker, slackBotToken: 'xoxb-bot', atsAppApiToken: 'ats-api-token-value' },
      'the filled secret',
    );

    // Assess
    expect(ingressProblems).toHaveLength(2);
    expect(workerProblems).toHaveLength(2);
    expect(acceptedIngress).toEqual({
      slackSigningSecret: 'signing-secret-value',
      slackBotToken: 'xoxb-bot',
    });
    expect(acceptedWorker).toEqual({
      slackBotToken: 'xoxb-bot',
      atsAppApiToken: 'ats-api-token-value',
    });
  });
});

describe('IAM', () => {
  it('lets the ingress use its table actions and indexes, read its own secret only and invoke the worker', () => {
    // Prepare
    const { stack, template } = built;
    const tableArn = stack.resolve(stack.storage.table.tableArn);
    const workerArn = stack.worker.fn.functionArn;

    // Act
    const statements = statementsOfRole(template, stack.ingress.fn.executionRole);

    // Assess
    expect(canonical(statements)).toEqual(
      canonical([
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [stack.resolve(stack.ingress.fn.logGroup.logGroupArn)],
        ),
        allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [tableArn]),
        allow(
          ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          [stack.resolve(stack.quotas.table.tableArn)],
        ),
        allow(
          ['dynamodb:Query'],
          [
            stack.resolve(`${stack.storage.table.tableArn}/index/byChannelActive`),
            stack.resolve(`${stack.storage.table.tableArn}/index/byAtsJobId`),
          ],
        ),
        allow(
          ['secretsmanager:GetSecretValue'],
          [stack.resolve(stack.ingressSecret.secret.secretArn)],
        ),
        allow(
          ['lambda:InvokeFunction'],
          [stack.resolve(workerArn), stack.resolve(`${workerArn}:*`)],
        ),
        // Scheduled runs: test/infra/scheduled-runs.test.ts says what these are.
        ...SCHEDULES_INGRESS_STATEMENTS(stack),
        // Run history: test/infra/run-history.test.ts says what these are.
        allow(
          ['dynamodb:Query'],
          ['byTemplateEnded', 'byChannelEnded', 'byUserEnded'].map((index) =>
            stack.resolve(`${stack.history.table.tableArn}/index/${index}`),
          ),
        ),
      ]),
    );
  });

  it('lets the worker use its table actions, read its own secret only, schedule in its group only and pass only the scheduler role', () => {
    // Prepare
    const { stack, template } = built;
    const tableArn = stack.storage.table.tableArn;

    // Act
    const statements = statementsOfRole(template, stack.worker.fn.executionRole);

    // Assess
    expect(canonical(statements)).toEqual(
      canonical([
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [stack.resolve(stack.worker.fn.logGroup.logGroupArn)],
        ),
        // Added by the on-failure destination.
        allow(
          ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          [stack.resolve(stack.worker.failedInvocationQueue.queueArn)],
        ),
        // Hops: sent by the worker, handed back to it by the event source mapping.
        allow(['sqs:SendMessage'], [stack.resolve(stack.worker.hops.queue.queueArn)]),
        allow(
          ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          [stack.resolve(stack.worker.hops.queue.queueArn)],
        ),
        allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [stack.resolve(tableArn)]),
        allow(
          ['dynamodb:Query'],
          [
            stack.resolve(`${tableArn}/index/byAtsJobId`),
            stack.resolve(`${tableArn}/index/byTemplateFinished`),
            // A person's latest jobs, for their App Home; the ingress may not read it.
            stack.resolve(`${tableArn}/index/byUserCreated`),
          ],
        ),
        allow(
          ['secretsmanager:GetSecretValue'],
          [stack.resolve(stack.workerSecret.secret.secretArn)],
        ),
        allow(
          ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
          [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':scheduler:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':schedule/AtsSlackBot-prod-polls/*',
                ],
              ],
            },
          ],
        ),
        allow(['iam:PassRole'], [stack.resolve(stack.worker.schedulerRole.roleArn)], {
          StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
        }),
        // Scheduled runs: test/infra/scheduled-runs.test.ts says what these are.
        ...SCHEDULES_WORKER_STATEMENTS(stack),
        // Run history: test/infra/run-history.test.ts says what this is.
        allow(['dynamodb:PutItem'], [stack.resolve(stack.history.table.tableArn)]),
        allow(
          ['dynamodb:Query'],
          ['byTemplateEnded', 'byUserEnded', 'byChannelEnded'].map((index) =>
            stack.resolve(`${stack.history.table.tableArn}/index/${index}`),
          ),
        ),
      ]),
    );
  });

  it("lets only EventBridge Scheduler of this account, for the bot's schedule group, assume the scheduler role, to invoke only the worker", () => {
    // Prepare
    const { stack, template } = built;
    const workerArn = stack.worker.fn.functionArn;

    // Act
    const statements = statementsOfRole(template, stack.worker.schedulerRole);

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: {
                'aws:SourceArn': stack.resolve(stack.worker.scheduleGroup.scheduleGroupArn),
              },
            },
          },
        ],
      },
      Description: Match.stringLikeRegexp('EventBridge Scheduler'),
    });
    expect(canonical(statements)).toEqual(
      canonical([
        allow(
          ['lambda:InvokeFunction'],
          [stack.resolve(workerArn), stack.resolve(`${workerArn}:*`)],
        ),
        allow(['sqs:SendMessage'], [stack.resolve(stack.worker.pollDeadLetterQueue.queueArn)]),
      ]),
    );
  });

  it('grants nothing on "*" and attaches no managed policy', () => {
    // Prepare
    const { template } = built;

    // Act
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const roles = Object.values(template.findResources('AWS::IAM::Role'));

    // Assess
    // The two functions', the poll scheduler's and the recurring scheduler's.
    expect(roles).toHaveLength(4);
    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const resources = policies.flatMap((p) =>
      p.Properties.PolicyDocument.Statement.flatMap((s: { Resource: unknown }) =>
        ([] as unknown[]).concat(s.Resource),
      ),
    );
    expect(resources.length).toBeGreaterThan(10);
    expect(resources).not.toContain('*');
  });
});

describe('Slack ingress', () => {
  it('is a public function URL on the ingress, printed with where to paste it', () => {
    // Prepare
    const { stack, template } = built;
    const urlId = logicalIdOf(stack.ingress.url);

    // Act
    const outputs = template.toJSON().Outputs;

    // Assess
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalIdOf(stack.ingress.fn), 'Arn'] },
    });
    expect(outputs.SlackRequestUrl.Value).toEqual({ 'Fn::GetAtt': [urlId, 'FunctionUrl'] });
    expect(outputs.SlackRequestUrlWhereToPaste.Value).toMatch(
      /Slash Commands → \/ats → Request URL, Interactivity & Shortcuts → Request URL and Event Subscriptions → Request URL/,
    );
    expect(outputs.IngressSecretArn.Value).toEqual({
      Ref: logicalIdOf(stack.ingressSecret.secret),
    });
    expect(outputs.WorkerSecretArn.Value).toEqual({ Ref: logicalIdOf(stack.workerSecret.secret) });
    expect(outputs.SecretArn).toBeUndefined();
  });

  it('deploys a bundle without the Bolt dependencies the Lambda receiver never uses', () => {
    // Prepare
    const mapFile = join(assetDirOf(built, built.stack.ingress.fn), 'index.mjs.map');

    // Act
    // The source map lists every input file esbuild put code from into the deployed bundle.
    const sources: string[] = JSON.parse(readFileSync(mapFile, 'utf8')).sources;

    // Assess
    const fromPackage = (name: string) =>
      sources.filter((s) => s.includes(`node_modules/${name}/`));
    for (const name of INGRESS_STUBBED_PACKAGES) expect(fromPackage(name), name).toEqual([]);
    expect(fromPackage('@slack/socket-mode')).toEqual([]);
    expect(fromPackage('@slack/oauth')).toEqual([]);
    expect(sources.filter((s) => s.endsWith(UNUSED_MODULE_STUB))).toHaveLength(1);
    expect(fromPackage('@slack/bolt').length).toBeGreaterThan(0);
  });

  it('bundles the checked catalog with both functions as the file ATS_TEMPLATES names', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const bundled = [stack.ingress.fn, stack.worker.fn].map((fn) => ({
      variable: environmentOf(template, fn)[ENV.templates],
      catalog: readFileSync(join(assetDirOf(built, fn), 'catalog.json'), 'utf8'),
    }));

    // Assess
    const expected = loadBotConfig(TEST_BOT_CONFIG).templatesJson;
    expect(bundled).toEqual([
      { variable: 'catalog.json', catalog: expected },
      { variable: 'catalog.json', catalog: expected },
    ]);
  });

  it('answers a signed /ats run from the deployed bundle: secret read, job recorded, worker invoked', async () => {
    // Prepare
    const signingSecret = 'infra-signing-secret';
    const aws = await startAwsHttpStandIns({
      secret: { slackSigningSecret: signingSecret, slackBotToken: 'xoxb-infra' },
    });
    const bundle = pathToFileURL(join(assetDirOf(built, built.stack.ingress.fn), 'index.mjs')).href;
    const event = signedSlashCommand({ text: 'run smoke' }, { signingSecret });
    const ingressEnv = environmentOf(built.template, built.stack.ingress.fn) as Record<
      string,
      string
    >;
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
const context = { functionName: 'ingress', awsRequestId: 'infra', getRemainingTimeInMillis: () => 10000 };
console.log(JSON.stringify(await handler(${JSON.stringify(event)}, context)));`;

    // Act
    // A separate Node with no node_modules in reach of the asset, the environment a Lambda gives
    // it, and the SDK pointed at local stand-ins: the stubs and the credential reader must hold.
    const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        ...aws.environment,
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        WORKER_FUNCTION_NAME: 'infra-worker',
        SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infra-AbCdEf',
        ATS_APP_ID: 'infra-app',
        // As Lambda runs it: the code in LAMBDA_TASK_ROOT, the catalog bundled beside it.
        LAMBDA_TASK_ROOT: assetDirOf(built, built.stack.ingress.fn),
        ATS_TEMPLATES: ingressEnv[ENV.templates],
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_SERVICE_NAME: ingressEnv.POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: ingressEnv.POWERTOOLS_METRICS_NAMESPACE,
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const jobs = await aws.dynamo.doc
      .send(new ScanCommand({ TableName: aws.dynamo.tableName }))
      .finally(() => aws.close());

    // Assess
    const response = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).text).toMatch(/^:rocket: Starting \*Smoke tests\*/);
    expect(aws.secretReads()).toBe(1);
    expect(Object.fromEntries(aws.invocations)).toEqual({ 'infra-worker': 1 });
    expect(jobs.Items?.map((job) => [job.templateAlias, job.phase])).toEqual([
      ['smoke', 'requested'],
    ]);
    // The acknowledgement time went to the log as an embedded metric, in the stage's namespace.
    const metricRecords = run.stdout
      .split('\n')
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map((line) => JSON.parse(line));
    expect(metricRecords).toEqual([
      expect.objectContaining({
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'AtsSlackBot/prod',
              Dimensions: [['service']],
              Metrics: [{ Name: 'AcknowledgementTime', Unit: 'Milliseconds' }],
            },
          ],
        }),
        service: 'ats-bot-slack-events',
        AcknowledgementTime: expect.any(Number),
      }),
    ]);
  });
});

describe('job worker', () => {
  it('runs a start from the deployed bundle (secret read, RunJob, card, poll scheduled) and logs no secret', async () => {
    // Prepare: the worker's own secret (no signing secret), distinctive values with characters
    // that change in URLs and XML.
    const secret = {
      slackBotToken: 'xoxb-WORKER-BUNDLE-9e2d',
      atsAppApiToken: 'atstok-WORKER&BUNDLE-5b1f',
      atsUsername: 'ats-worker-user',
      atsPassword: 'atspw-WORKER<&>BUNDLE+3a8c',
    };
    const aws = await startAwsHttpStandIns({ secret });
    const ats = await startAtsSimulator({
      appId: 'infra-app',
      appApiToken: secret.atsAppApiToken,
      username: secret.atsUsername,
      password: secret.atsPassword,
      templates: [
        {
          templateId: 'tpl-1',
          name: 'Smoke',
          queuedSeconds: 20,
          runningSeconds: 60,
          testCases: [{ name: 'Log in', result: 'Passed', durationSeconds: 12 }],
        },
      ],
    });
    const slack = await startSlackApiServer();
    const store = new DynamoJobStore(aws.dynamo.doc, aws.dynamo.tableName);
    const job = testJob({ requestId: 'req-worker-bundle', templateId: 'tpl-1' }, Date.now());
    await store.create(job);
    const bundle = pathToFileURL(join(assetDirOf(built, built.stack.worker.fn), 'index.mjs')).href;
    // A start, then an event carrying every secret (a hand-made test event gone wrong): the
    // worker drops it and logs what it was.
    const malformed = { type: 'start', requestId: 'req-x', note: Object.values(secret).join(' ') };
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
const context = { functionName: 'job-worker', awsRequestId: 'infra', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:job-worker', getRemainingTimeInMillis: () => 60000 };
await handler(${JSON.stringify({ type: 'start', requestId: job.requestId })}, context);
await handler(${JSON.stringify(malformed)}, context);
console.log('worker done');`;

    // Act
    // A separate Node with no node_modules in reach of the asset, as on Lambda, logging
    // everything it can (DEBUG) to its stdout.
    const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        ...aws.environment,
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infra-AbCdEf',
        SCHEDULE_GROUP_NAME: 'infra-polls',
        SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/infra-scheduler',
        ATS_APP_ID: 'infra-app',
        ATS_BASE_URL: ats.baseUrl,
        SLACK_API_URL: slack.url,
        LAMBDA_TASK_ROOT: assetDirOf(built, built.stack.worker.fn),
        ATS_TEMPLATES: String(environmentOf(built.template, built.stack.worker.fn)[ENV.templates]),
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const stored = await store.get(job.requestId);
    const schedules = [...aws.schedules];
    await Promise.all([aws.close(), ats.close(), slack.close()]);

    // Assess
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.stdout.trim().split('\n').at(-1)).toBe('worker done');
    expect(aws.secretReads()).toBe(1);
    expect(ats.requests.map((r) => r.operation)).toEqual(['RunJob']);
    expect(stored).toMatchObject({ phase: 'queued', atsJobId: expect.any(String) });
    expect(slack.messages({ channel: job.channelId }).map((m) => m.ts)).toEqual([stored?.cardTs]);
    expect(schedules.map((sc) => sc.group)).toEqual(['infra-polls', 'infra-polls']);
    expect(output).toMatch(/"message":"Malformed worker message dropped"/);
    expect(output).toContain('[redacted]');
    for (const [name, value] of Object.entries(secret)) {
      if (name === 'atsUsername') continue;
      for (const form of [value, encodeURIComponent(value), escapeXml(value)]) {
        expect(output.includes(form), `${name} in the worker's output`).toBe(false);
      }
    }
  }, 30_000);
});

describe('scheduling and failure paths', () => {
  it('creates the poll schedule group named after the stage', () => {
    // Prepare
    const { template } = built;

    // Act
    const groups = template.findResources('AWS::Scheduler::ScheduleGroup');

    // Assess
    expect(Object.values(groups)).toEqual([
      expect.objectContaining({ Properties: { Name: 'AtsSlackBot-prod-polls' } }),
      expect.objectContaining({ Properties: { Name: 'AtsSlackBot-prod-recurring' } }),
    ]);
  });

  it('sends failed worker invocations to a queue after 2 retries', () => {
    // Prepare
    const { stack, template } = built;

    // Act / Assess
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(stack.worker.fn) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: stack.resolve(stack.worker.failedInvocationQueue.queueArn),
        },
      },
    });
  });

  it('encrypts every queue, keeps dead letters 14 days, refuses plain HTTP and lets Scheduler of this account send polls', () => {
    // Prepare
    const { stack, template } = built;
    const pollQueueArn = stack.resolve(stack.worker.pollDeadLetterQueue.queueArn);

    // Act
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));

    // Assess
    // Poll, firing and hop dead letters, failed worker invocations; the hop queue.
    expect(queues).toHaveLength(5);
    const hopQueueId = logicalIdOf(stack.worker.hops.queue);
    for (const [id, q] of Object.entries(template.findResources('AWS::SQS::Queue'))) {
      expect(q.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: id === hopQueueId ? 3600 : 14 * 24 * 3600,
      });
    }
    expect(policies).toHaveLength(5);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(stack.worker.pollDeadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Resource: pollQueueArn,
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ]),
      },
    });
  });

  it('alarms on errors of both functions and on the first message in every dead-letter queue', () => {
    // Prepare
    const { stack, template } = built;
    const fnDimension = (fn: typeof stack.worker.fn) => [
      { Name: 'FunctionName', Value: { Ref: logicalIdOf(fn) } },
    ];
    const queueDimension = (q: typeof stack.worker.pollDeadLetterQueue) => [
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(q), 'QueueName'] } },
    ];

    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    // Assess
    expect(alarms).toHaveLength(6);
    const wiring = alarms.map((a) => ({
      metric: a.Properties.MetricName,
      dimensions: a.Properties.Dimensions,
      threshold: a.Properties.Threshold,
      operator: a.Properties.ComparisonOperator,
      actions: a.Properties.AlarmActions,
    }));
    const common = {
      threshold: 1,
      operator: 'GreaterThanOrEqualToThreshold',
      actions: undefined,
    };
    expect(wiring).toEqual(
      expect.arrayContaining([
        { ...common, metric: 'Errors', dimensions: fnDimension(stack.ingress.fn) },
        { ...common, metric: 'Errors', dimensions: fnDimension(stack.worker.fn) },
        {
          ...common,
          metric: 'ApproximateNumberOfMessagesVisible',
          dimensions: queueDimension(stack.worker.pollDeadLetterQueue),
        },
        {
          ...common,
          metric: 'ApproximateNumberOfMessagesVisible',
          dimensions: queueDimension(stack.worker.failedInvocationQueue),
        },
        {
          ...common,
          metric: 'ApproximateNumberOfMessagesVisible',
          dimensions: queueDimension(stack.scheduledRuns.deadLetterQueue),
        },
        {
          ...common,
          metric: 'ApproximateNumberOfMessagesVisible',
          dimensions: queueDimension(stack.worker.hops.deadLetterQueue),
        },
      ]),
    );
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the stack', () => {
    // Prepare
    const checks = new AwsSolutionsChecks();

    // Act
    const report = checks.validateScope(built.stack);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('has a written reason on every acknowledgement, each for one named rule or finding', () => {
    // Prepare
    const acknowledged: [string, unknown][] = [];

    // Act
    for (const c of built.stack.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        acknowledged.push(...Object.entries(m.data as Record<string, unknown>));
      }
    }

    // Assess
    expect(acknowledged.map(([id]) => id.replace(/^Annotation::/i, '')).sort()).toEqual([
      'AwsSolutions-DDB3',
      'AwsSolutions-IAM5[Resource::<WorkerFunctionAF8A26AF.Arn>:*]',
      'AwsSolutions-IAM5[Resource::<WorkerFunctionAF8A26AF.Arn>:*]',
      'AwsSolutions-IAM5[Resource::<WorkerFunctionAF8A26AF.Arn>:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/AtsSlackBot-prod-polls/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/AtsSlackBot-prod-recurring/*]',
      'AwsSolutions-L1',
      'AwsSolutions-L1',
      // One for each function's secret.
      'AwsSolutions-SMG4',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS3',
      'AwsSolutions-SQS3',
    ]);
    for (const [, value] of acknowledged) expect(JSON.stringify(value).length).toBeGreaterThan(60);
  });

  it('would catch a wildcard nobody acknowledged (the check is live)', () => {
    // Prepare
    const stack = new Stack(new App(), 'Probe');
    const role = new Role(stack, 'Careless', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));

    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Action::dynamodb:*]',
        'AwsSolutions-IAM5[Resource::*]',
      ]),
    );
  });
});

/** A text as it appears escaped in XML. */
function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
