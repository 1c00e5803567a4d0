import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULES_TABLE } from '../../functions/aws/schedules-table';
import type { BotConfig } from '../config';
import { acknowledgeNagRule, acknowledgeWildcardResources } from '../nag-acknowledgements';
import type { StageNames } from '../stage-names';
import type { BotFunction } from './bot-function';
import { keptTable } from './bot-table';
import { schedulerRole } from './scheduler-role';

/** Settings of {@link ScheduledRuns}. */
export interface ScheduledRunsProps {
  readonly config: BotConfig;
  readonly names: StageNames;
  /** The worker: it applies schedules to the group and receives their firings. */
  readonly worker: BotFunction;
  /** The ingress: it records schedules and lists a channel's. */
  readonly ingress: BotFunction;
  /** The start quotas' counters: the worker admits each firing by them, as the ingress does commands. */
  readonly quotasTable: ITable;
  readonly removalPolicy: RemovalPolicy;
}

/** Item actions each function uses on the schedules table (`DynamoScheduleStore`). */
const SCHEDULE_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'];

/**
 * Everything scheduled runs need on AWS:
 *
 * - the schedules table (`AtsSlackBot-<stage>-schedules`, shaped as `SCHEDULES_TABLE`);
 * - the EventBridge Scheduler group `AtsSlackBot-<stage>-recurring`, holding one recurring cron
 *   schedule per bot schedule (and the one-off runs booked for daylight-saving gaps);
 * - the role Scheduler assumes to fire them: it may invoke the worker and write the firing
 *   dead-letter queue, and only schedules of that group may assume it;
 * - the firing dead-letter queue.
 *
 * The worker may create, update and delete schedules of that group only, pass only that role,
 * read and write schedules, and take places in the quotas table (a firing is admitted by the start
 * quotas as a command is); the ingress may read, write and list schedules. Each function gets the
 * names and the settings it reads.
 */
export class ScheduledRuns extends Construct {
  readonly table: Table;
  readonly group: ScheduleGroup;
  /** Role Scheduler assumes to fire schedules at the worker; nothing else. */
  readonly role: Role;
  /** Firings Scheduler could not deliver after its retries. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduledRunsProps) {
    super(scope, id);
    const { config, names, worker, ingress } = props;

    // What people set up: losing it loses every team's nightly runs.
    this.table = keptTable(this, 'SchedulesTable', {
      shape: SCHEDULES_TABLE,
      tableName: names.schedulesTableName,
      removalPolicy: props.removalPolicy,
    });
    this.group = new ScheduleGroup(this, 'RecurringScheduleGroup', {
      scheduleGroupName: names.recurringScheduleGroupName,
      // Its schedules fire a worker that goes with the stack; the table keeps what they were.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = new Queue(this, 'FiringDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeNagRule(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of schedule firings; an alarm fires on its first message.',
    );

    this.role = schedulerRole(this, 'RecurringSchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to fire scheduled runs at the job worker',
      group: this.group,
      target: worker,
      deadLetterQueue: this.deadLetterQueue,
    });

    this.bindWorker(worker);
    this.bindIngress(ingress);
    worker.bindQuotasTable(props.quotasTable).addSettings({
      scheduleOverlap: config.scheduleOverlap,
      // The same quotas as the ingress's (SlackIngress): a firing counts as its owner's start.
      startsPerUser: config.startsPerUser,
      startWindowMinutes: config.startWindowMinutes,
      activeJobsPerChannel: config.activeJobsPerChannel,
    });
    ingress.addSettings({
      scheduleDefaultTimeZone: config.scheduleDefaultTimeZone,
      scheduleMinIntervalHours: config.scheduleMinIntervalHours,
      schedulesPerChannel: config.schedulesPerChannel,
      // The admins are set with the access rule's settings (SlackIngress).
    });
  }

  /**
   * The worker: schedules of the recurring group only (create, update, delete: exactly the calls
   * `EventBridgeRecurringScheduler` makes), passing only the recurring role, and the schedules'
   * items (get, conditional put).
   */
  private bindWorker(worker: BotFunction): void {
    const schedulesInGroup = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'scheduler:CreateSchedule',
          'scheduler:UpdateSchedule',
          'scheduler:DeleteSchedule',
        ],
        resources: [schedulesInGroup],
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    worker.addToRolePolicy(
      new PolicyStatement({ actions: SCHEDULE_ITEM_ACTIONS, resources: [this.table.tableArn] }),
    );
    worker.addSettings({
      schedulesTableName: this.table.tableName,
      recurringScheduleGroupName: this.group.scheduleGroupName,
      recurringSchedulerRoleArn: this.role.roleArn,
      firingDlqArn: this.deadLetterQueue.queueArn,
    });
    acknowledgeWildcardResources(
      worker.executionRole,
      [schedulesInGroup],
      'Recurring schedules are named per bot schedule at run time, so the grant covers the ' +
        'schedules of the bot\'s own recurring group ("schedule/<group>/*") and nothing outside it.',
    );
  }

  /** The ingress: the schedules' items (get, conditional put) and the channel index. */
  private bindIngress(ingress: BotFunction): void {
    ingress.addToRolePolicy(
      new PolicyStatement({ actions: SCHEDULE_ITEM_ACTIONS, resources: [this.table.tableArn] }),
    );
    ingress.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.table.tableArn}/index/${SCHEDULES_TABLE.indexes.byChannel.name}`],
      }),
    );
    ingress.addSettings({ schedulesTableName: this.table.tableName });
  }
}
