import type { SettingRule } from '../setting-spec';

// The rules of the settings that name an AWS resource the stack creates, written once for the
// rows of every concern that has one (jobs, quotas and schedules tables; poll and firing groups,
// roles and dead-letter queues).

/** A DynamoDB table name. */
export const TABLE_NAME_RULE = {
  kind: 'pattern',
  pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
  what: 'a DynamoDB table name (3-255 letters, digits, "_", "-", ".")',
} as const satisfies SettingRule;

/** An EventBridge Scheduler schedule group name. */
export const SCHEDULE_GROUP_NAME_RULE = {
  kind: 'pattern',
  pattern: /^[0-9a-zA-Z_.-]{1,64}$/,
  what: 'a schedule group name (1-64 letters, digits, "_", "-", ".")',
} as const satisfies SettingRule;

/** An IAM role ARN. */
export const ROLE_ARN_RULE = {
  kind: 'pattern',
  pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
  what: 'an IAM role ARN',
} as const satisfies SettingRule;

/** An SQS queue ARN. */
export const QUEUE_ARN_RULE = {
  kind: 'pattern',
  pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+(\.fifo)?$/,
  what: 'an SQS queue ARN',
} as const satisfies SettingRule;
