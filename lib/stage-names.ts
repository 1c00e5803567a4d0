import type { SecretHolder } from '../functions/setting-spec';
import { SETTINGS } from '../functions/settings';

/** The stage a deployment is when the configuration names none (the `stage` setting's default). */
export const DEFAULT_STAGE: string = SETTINGS.stage.default;

/** The two functions, by the part of their names that says what they do. */
export type FunctionRole = 'slack-events' | 'job-worker';

/**
 * Every name a deployment of one stage gives its resources, all built from `AtsSlackBot-<stage>`,
 * so that two stages live side by side in one account and region and a person finds each
 * stage's table, secrets, functions, log groups, alarms and dashboard by name. Resources nobody looks
 * up by name (roles, queues, the function URL) keep the names CloudFormation generates, which
 * start with the stack name and so differ between stages too.
 */
export interface StageNames {
  readonly stage: string;
  /** The CloudFormation stack, e.g. `AtsSlackBot-prod`. */
  readonly stackName: string;
  readonly tableName: string;
  /** The quotas table (short-lived counters). */
  readonly quotasTableName: string;
  /** A function's own secret, e.g. `AtsSlackBot-prod-ingress-secrets`. */
  secretName(holder: SecretHolder): string;
  /** EventBridge Scheduler group of the poll schedules. */
  readonly scheduleGroupName: string;
  /** DynamoDB table of the schedules of scheduled runs. */
  readonly schedulesTableName: string;
  /** DynamoDB table of run history (one record per finished job). */
  readonly historyTableName: string;
  /** EventBridge Scheduler group of the recurring schedules of scheduled runs. */
  readonly recurringScheduleGroupName: string;
  readonly dashboardName: string;
  /** SNS topic the alarms notify (only with an alarm e-mail). */
  readonly alarmTopicName: string;
  /** CloudWatch namespace of the functions' metrics. */
  readonly metricsNamespace: string;
  /** A function's name; its log group is `/aws/lambda/<function name>` (`BotFunction`). */
  functionName(role: FunctionRole): string;
  /** An alarm's name from its id in the stack (`IngressErrors`, …). */
  alarmName(id: string): string;
}

/** The names of stage `stage` (already checked by the `stage` setting's rule). */
export function stageNames(stage: string): StageNames {
  const prefix = `AtsSlackBot-${stage}`;
  return {
    stage,
    stackName: prefix,
    tableName: `${prefix}-jobs`,
    quotasTableName: `${prefix}-quotas`,
    secretName: (holder) => `${prefix}-${holder}-secrets`,
    scheduleGroupName: `${prefix}-polls`,
    schedulesTableName: `${prefix}-schedules`,
    historyTableName: `${prefix}-history`,
    recurringScheduleGroupName: `${prefix}-recurring`,
    dashboardName: prefix,
    alarmTopicName: `${prefix}-alarms`,
    metricsNamespace: `AtsSlackBot/${stage}`,
    functionName: (role) => `${prefix}-${role}`,
    alarmName: (id) => `${prefix}-${id}`,
  };
}
