import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_TABLE } from '../../functions/aws/history-table';
import {
  type BuiltBotStack,
  buildBotStack,
  environmentOf,
  logicalIdOf,
  statementsOfRole,
} from './bot-stack-fixture';

let built: BuiltBotStack;
let kept: BuiltBotStack;

beforeAll(() => {
  built = buildBotStack({ bundle: false, overrides: { historyDays: 730 } });
  kept = buildBotStack({
    bundle: false,
    overrides: { stage: 'staging', removalPolicy: 'destroy' },
  });
}, 60_000);

afterAll(() => {
  built?.cleanup();
  kept?.cleanup();
});

describe('run history on AWS', () => {
  it('keeps records in their own table: its key, three time-ordered indexes, TTL, PITR, on demand', () => {
    // Prepare
    const indexes = Object.values(HISTORY_TABLE.indexes);

    // Act / Assess
    built.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        TableName: 'AtsSlackBot-prod-history',
        KeySchema: [{ AttributeName: HISTORY_TABLE.partitionKey, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: HISTORY_TABLE.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
        GlobalSecondaryIndexes: indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      },
    });
    kept.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: { TableName: 'AtsSlackBot-staging-history', DeletionProtectionEnabled: false },
    });
  });

  it('lets the worker only put records and query what App Homes and digests read, the ingress only query the indexes: no scan anywhere', () => {
    // Prepare
    const { stack, template } = built;
    const table = stack.history.table;
    const onTable = (s: { Resource: unknown }) =>
      JSON.stringify(s.Resource).includes(logicalIdOf(table));

    // Act
    const worker = statementsOfRole(template, stack.worker.fn.executionRole).filter(onTable);
    const ingress = statementsOfRole(template, stack.ingress.fn.executionRole).filter(onTable);

    // Assess
    expect(worker).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [stack.resolve(table.tableArn)] },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: ['byTemplateEnded', 'byUserEnded', 'byChannelEnded'].map((index) =>
          stack.resolve(`${table.tableArn}/index/${index}`),
        ),
      },
    ]);
    expect(ingress).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: Object.values(HISTORY_TABLE.indexes).map((index) =>
          stack.resolve(`${table.tableArn}/index/${index.name}`),
        ),
      },
    ]);
  });

  it('hands the worker the table and historyDays, the ingress the table', () => {
    const { stack, template } = built;
    const ref = { Ref: logicalIdOf(stack.history.table) };
    expect(environmentOf(template, stack.worker.fn)).toMatchObject({
      HISTORY_TABLE_NAME: ref,
      HISTORY_DAYS: '730',
    });
    const ingress = environmentOf(template, stack.ingress.fn);
    expect(ingress).toMatchObject({ HISTORY_TABLE_NAME: ref });
    expect(ingress.HISTORY_DAYS).toBeUndefined();
  });
});
