import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerTimeout } from '../../lib/constructs/job-worker';
import { type BuiltBotStack, buildBotStack, logicalIdOf } from './bot-stack-fixture';

let built: BuiltBotStack;

beforeAll(() => {
  built = buildBotStack({ bundle: false });
});

afterAll(() => built?.cleanup());

/** Every Allow statement of every IAM policy in the template, with the policy's roles. */
function allowStatements(b: BuiltBotStack) {
  return Object.values(b.template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
      .filter((st) => st.Effect === 'Allow')
      .map((st) => ({ roles: policy.Properties.Roles, statement: st })),
  );
}

describe('hop queue', () => {
  it('is a standard, encrypted queue that keeps a hop an hour, hidden while a batch is handled', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const queue = template.findResources('AWS::SQS::Queue')[logicalIdOf(stack.worker.hops.queue)];

    // Assess
    expect(queue?.Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 3600,
      VisibilityTimeout: 6 * workerTimeout(60_000).toSeconds(),
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [logicalIdOf(stack.worker.hops.deadLetterQueue), 'Arn'],
        },
        maxReceiveCount: 3,
      },
    });
  });

  it('hands its messages to the worker in batches of 10, each failed hop reported alone', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

    // Assess
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toEqual({
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(stack.worker.hops.queue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(stack.worker.fn) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Created once the worker's role may read the queue.
    const policy = stack.worker.fn.role?.node.tryFindChild('DefaultPolicy');
    expect(policy).toBeDefined();
    expect(mappings[0]?.DependsOn).toContain(logicalIdOf(policy as never));
  });

  it('lets only the worker send to it and consume it, with the actions each needs and no more', () => {
    // Prepare
    const { stack } = built;
    const queueArn = { 'Fn::GetAtt': [logicalIdOf(stack.worker.hops.queue), 'Arn'] };
    const workerRole = [{ Ref: logicalIdOf(stack.worker.fn.executionRole) }];

    // Act
    const onQueue = allowStatements(built).filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes(JSON.stringify(queueArn)),
    );

    // Assess
    expect(onQueue).toEqual([
      {
        roles: workerRole,
        statement: {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Resource: queueArn,
        },
      },
      {
        roles: workerRole,
        statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
      },
    ]);
  });

  it('refuses plain HTTP to the queue and to its dead-letter queue', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));

    // Assess
    for (const queue of [stack.worker.hops.queue, stack.worker.hops.deadLetterQueue]) {
      const policy = policies.find(
        (p) =>
          JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: logicalIdOf(queue) }]),
      );
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('prints the URL of its dead-letter queue, watched by an alarm', () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const outputs = template.findOutputs('HopDeadLetterQueueUrl');
    const alarm = stack.alarms.alarms.find((a) => a.node.id === 'HopDeadLetters');

    // Assess
    expect(outputs.HopDeadLetterQueueUrl?.Value).toEqual({
      Ref: logicalIdOf(stack.worker.hops.deadLetterQueue),
    });
    expect(alarm).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'AtsSlackBot-prod-HopDeadLetters',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });
});
