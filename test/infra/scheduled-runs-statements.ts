import type { AtsBotStack } from '../../lib/ats-bot-stack';
import type { Statement } from './bot-stack-fixture';

/** The recurring group's schedules, as the worker's grant names them. */
export function recurringSchedulesArn(group = 'AtsSlackBot-prod-recurring'): unknown {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':scheduler:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:schedule/${group}/*`,
      ],
    ],
  };
}

/** What scheduled runs grant the ingress: the schedules' items and their channel index. */
export function SCHEDULES_INGRESS_STATEMENTS(stack: AtsBotStack): Statement[] {
  const { table } = stack.scheduledRuns;
  return [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [stack.resolve(table.tableArn)],
    },
    {
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: [stack.resolve(`${table.tableArn}/index/byChannel`)],
    },
  ];
}

/**
 * What scheduled runs grant the worker: the recurring group's schedules (create, update, delete),
 * passing only the recurring role to Scheduler, the schedules' items, and the quota counters'
 * items (a firing takes its places in the start quotas as a command does).
 */
export function SCHEDULES_WORKER_STATEMENTS(stack: AtsBotStack): Statement[] {
  const { table, role } = stack.scheduledRuns;
  return [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: [stack.resolve(stack.quotas.table.tableArn)],
    },
    {
      Effect: 'Allow',
      Action: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
      Resource: [recurringSchedulesArn()],
    },
    {
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [stack.resolve(role.roleArn)],
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    },
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [stack.resolve(table.tableArn)],
    },
  ];
}
