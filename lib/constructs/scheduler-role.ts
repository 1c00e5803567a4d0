import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResources } from '../nag-acknowledgements';

/** What {@link schedulerRole} is for. */
export interface SchedulerRoleProps {
  /** The role's description: what its schedules deliver. */
  readonly description: string;
  /** The group whose schedules alone may act through the role. */
  readonly group: IScheduleGroup;
  /** The function the schedules invoke: the role may invoke it and nothing else. */
  readonly target: IFunction;
  /** Where Scheduler puts what it could not deliver after its retries. */
  readonly deadLetterQueue: Queue;
}

/**
 * The role EventBridge Scheduler assumes to deliver a group's schedules to the worker (the poll
 * schedules, the scheduled runs' firings). Only schedules of that group in this account may
 * assume it (confused deputy); it may invoke the worker and send to the dead-letter queue, and
 * nothing else.
 */
export function schedulerRole(scope: Construct, id: string, props: SchedulerRoleProps): Role {
  const { group, target, deadLetterQueue } = props;
  const account = Stack.of(scope).account;
  const role = new Role(scope, id, {
    description: props.description,
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnEquals: { 'aws:SourceArn': group.scheduleGroupArn },
      },
    }),
  });
  target.grantInvoke(role);
  // Scheduler delivers dead-letter events with the schedule's execution role; the queue
  // policy below admits the service itself, for this account only.
  role.addToPolicy(
    new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
  );
  deadLetterQueue.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('scheduler.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [deadLetterQueue.queueArn],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }),
  );
  acknowledgeWildcardResources(
    role,
    [`${target.functionArn}:*`],
    'lambda:InvokeFunction on "<worker ARN>:*" is how CDK grants invoking any version or ' +
      'alias of the worker; the role can reach no other function.',
  );
  return role;
}
