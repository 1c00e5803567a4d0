import { Duration } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  Color,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BOT_METRICS } from '../../functions/aws/bot-metrics';
import { JOB_ENDINGS, type JobEnding } from '../../functions/core/ports';
import type { StageNames } from '../stage-names';
import type { BotFunction } from './bot-function';

/** Settings of {@link BotDashboard}. */
export interface BotDashboardProps {
  readonly names: StageNames;
  readonly ingress: BotFunction;
  readonly worker: BotFunction;
  readonly pollDeadLetterQueue: IQueue;
  readonly failedInvocationQueue: IQueue;
  /** The queue of short hops and its dead-letter queue. */
  readonly hopQueue: IQueue;
  readonly hopDeadLetterQueue: IQueue;
  /** The stack's alarms, shown red or green at the top. */
  readonly alarms: readonly Alarm[];
}

/** Every graph sums or summarizes over five minutes, the alarms' period too. */
const PERIOD = Duration.minutes(5);

/** Slack shows `operation_timeout` when the answer takes longer than this. */
const SLACK_ACK_LIMIT_MS = 3_000;

/** CloudWatch's dynamic label: each line of the search is named by its `Kind`. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudWatch's syntax, not a template.
const ATS_ERROR_KIND_LABEL = "${PROP('Dim.Kind')}";

/** Colours of the job endings: green for a pass, warm colours for what needs a look. */
const ENDING_COLORS: Record<JobEnding, string> = {
  passed: Color.GREEN,
  failed: Color.RED,
  canceled: Color.GREY,
  failed_to_start: Color.ORANGE,
  timed_out: Color.PURPLE,
  error: Color.BROWN,
};

/**
 * The stage's CloudWatch dashboard (`AtsSlackBot-<stage>`): the alarms' states, then the bot's
 * own metrics (`functions/aws/bot-metrics.ts`) and the AWS metrics the alarms watch.
 * docs/operations.md explains each widget and what to do when it turns red.
 */
export class BotDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: BotDashboardProps) {
    super(scope, id);
    const { names, ingress, worker } = props;
    const bot = (
      spec: (typeof BOT_METRICS)[keyof typeof BOT_METRICS],
      fn: BotFunction,
      options: { statistic: string; label: string; dimension?: string; color?: string },
    ): Metric =>
      new Metric({
        namespace: names.metricsNamespace,
        metricName: spec.name,
        dimensionsMap: {
          service: fn.serviceName,
          ...('dimension' in spec && options.dimension
            ? { [spec.dimension]: options.dimension }
            : {}),
        },
        statistic: options.statistic,
        period: PERIOD,
        label: options.label,
        ...(options.color ? { color: options.color } : {}),
      });
    const timing = (spec: (typeof BOT_METRICS)[keyof typeof BOT_METRICS], fn: BotFunction) =>
      (['p50', 'p90', 'Maximum'] as const).map((statistic) =>
        bot(spec, fn, { statistic, label: statistic === 'Maximum' ? 'max' : statistic }),
      );
    const graph = (
      title: string,
      left: IMetric[],
      width = 8,
      leftAnnotations: HorizontalAnnotation[] = [],
    ) => new GraphWidget({ title, left, width, height: 6, period: PERIOD, leftAnnotations });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: names.dashboardName,
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          new TextWidget({
            markdown: `# ATS Slack bot, stage \`${names.stage}\`\nWhat each widget shows and what to do when it turns red: docs/operations.md in the repository.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new AlarmStatusWidget({
            title: 'Alarms',
            alarms: [...props.alarms],
            width: 24,
            height: 3,
          }),
        ],
        [
          graph(
            'Jobs started and reruns',
            [
              bot(BOT_METRICS.jobsStarted, worker, {
                statistic: 'Sum',
                label: 'runs',
                dimension: 'run',
              }),
              bot(BOT_METRICS.jobsStarted, worker, {
                statistic: 'Sum',
                label: 'reruns',
                dimension: 'rerun',
              }),
            ],
            12,
          ),
          graph(
            'Jobs finished by verdict',
            JOB_ENDINGS.map((ending) =>
              bot(BOT_METRICS.jobsFinished, worker, {
                statistic: 'Sum',
                label: ending,
                dimension: ending,
                color: ENDING_COLORS[ending],
              }),
            ),
            12,
          ),
        ],
        [
          graph('Acknowledgement time (ms)', timing(BOT_METRICS.acknowledgementTime, ingress), 8, [
            {
              value: SLACK_ACK_LIMIT_MS,
              label: 'Slack gives up (operation_timeout)',
              color: Color.RED,
            },
          ]),
          graph('ATS done → outcome message (ms)', timing(BOT_METRICS.atsDoneToMessage, worker)),
          graph('Polls per job', [
            bot(BOT_METRICS.pollsPerJob, worker, { statistic: 'Average', label: 'average' }),
            bot(BOT_METRICS.pollsPerJob, worker, { statistic: 'Maximum', label: 'max' }),
          ]),
        ],
        [
          graph(
            'ATS errors by kind',
            [
              // A search, so that a kind of error that has never happened needs no line here.
              new MathExpression({
                expression: `SEARCH('{${names.metricsNamespace},Kind,service} MetricName="${BOT_METRICS.atsErrors.name}" service="${worker.serviceName}"', 'Sum', ${PERIOD.toSeconds()})`,
                usingMetrics: {},
                label: ATS_ERROR_KIND_LABEL,
                period: PERIOD,
              }),
            ],
            12,
          ),
          graph(
            'Function errors and dead letters (the alarms)',
            [
              ingress.metricErrors({ period: PERIOD, label: 'ingress errors' }),
              worker.metricErrors({ period: PERIOD, label: 'worker errors' }),
              props.pollDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
                period: PERIOD,
                statistic: 'Maximum',
                label: 'undelivered polls',
              }),
              props.failedInvocationQueue.metricApproximateNumberOfMessagesVisible({
                period: PERIOD,
                statistic: 'Maximum',
                label: 'failed worker invocations',
              }),
              props.hopDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
                period: PERIOD,
                statistic: 'Maximum',
                label: 'failed hops',
              }),
            ],
            12,
          ),
        ],
        [
          graph(
            'Short hops: sent, waiting for their time',
            [
              props.hopQueue.metricNumberOfMessagesSent({
                period: PERIOD,
                statistic: 'Sum',
                label: 'sent',
              }),
              props.hopQueue.metricApproximateNumberOfMessagesDelayed({
                period: PERIOD,
                statistic: 'Maximum',
                label: 'waiting',
              }),
            ],
            12,
          ),
        ],
      ],
    });
  }
}
