import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_METRICS } from '../../functions/aws/bot-metrics';
import { JOB_ENDINGS } from '../../functions/core/ports';
import { type BuiltBotStack, buildBotStack, logicalIdOf } from './bot-stack-fixture';

interface Widget {
  type: string;
  properties: {
    title?: string;
    metrics?: unknown[][];
    alarms?: unknown[];
    annotations?: { horizontal?: { value: number; label: string }[] };
  };
}

let built: BuiltBotStack;
let widgets: Widget[];

/**
 * The dashboard body as JSON: CloudFormation joins it from text and references (function names,
 * alarm ARNs), which sit inside JSON strings; each reference becomes `{ref:<logical id>}` here.
 */
function dashboardWidgets(b: BuiltBotStack): Widget[] {
  const dashboards = Object.values(b.template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0]?.Properties.DashboardBody;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const ref = p as { Ref?: string; 'Fn::GetAtt'?: string[] };
      return `{ref:${ref.Ref ?? ref['Fn::GetAtt']?.[0] ?? '?'}}`;
    })
    .join('');
  return JSON.parse(text).widgets;
}

beforeAll(() => {
  built = buildBotStack({ bundle: false });
  widgets = dashboardWidgets(built);
}, 30_000);

afterAll(() => built?.cleanup());

/** The metric lines of the graph titled `title`. */
function linesOf(title: string): unknown[][] {
  const widget = widgets.find((w) => w.properties.title === title);
  expect(widget, title).toBeDefined();
  return widget?.properties.metrics ?? [];
}

/** A metric line read back: namespace, name, dimensions and statistic (CloudWatch's default is Average). */
function metricOf(line: unknown[]): { metric: string; dimensions: object; stat: string } {
  const options = line.at(-1) as { stat?: string };
  const [namespace, name, ...pairs] = line.slice(0, -1) as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2)
    dimensions[pairs[i] as string] = pairs[i + 1] as string;
  return { metric: `${namespace} ${name}`, dimensions, stat: options.stat ?? 'Average' };
}

describe('dashboard', () => {
  it('is named after the stage and printed as an output', () => {
    // Act
    const dashboard = Object.values(built.template.findResources('AWS::CloudWatch::Dashboard'))[0];

    // Assess
    expect(dashboard?.Properties.DashboardName).toBe('AtsSlackBot-prod');
    expect(built.template.toJSON().Outputs.DashboardName.Value).toBe('AtsSlackBot-prod');
  });

  it('shows the state of every alarm of the stack', () => {
    // Act
    const status = widgets.find((w) => w.type === 'alarm');

    // Assess
    const alarmIds = built.stack.alarms.alarms.map((a) => `{ref:${logicalIdOf(a)}}`);
    expect(alarmIds).toHaveLength(6);
    expect(status?.properties.alarms).toEqual(alarmIds);
  });

  it('graphs jobs started and reruns, and jobs finished by every verdict, from the worker', () => {
    // Prepare
    const ns = 'AtsSlackBot/prod';
    const worker = built.stack.worker.fn.serviceName;

    // Act
    const started = linesOf('Jobs started and reruns');
    const finished = linesOf('Jobs finished by verdict');

    // Assess
    expect(started.map(metricOf)).toEqual(
      ['run', 'rerun'].map((kind) => ({
        metric: `${ns} ${BOT_METRICS.jobsStarted.name}`,
        dimensions: { service: worker, Kind: kind },
        stat: 'Sum',
      })),
    );
    expect(finished.map(metricOf)).toEqual(
      JOB_ENDINGS.map((ending) => ({
        metric: `${ns} ${BOT_METRICS.jobsFinished.name}`,
        dimensions: { service: worker, Verdict: ending },
        stat: 'Sum',
      })),
    );
  });

  it('graphs acknowledgement time against the Slack limit, ATS done → message, polls per job', () => {
    // Prepare
    const ns = 'AtsSlackBot/prod';
    const ingress = built.stack.ingress.fn.serviceName;
    const worker = built.stack.worker.fn.serviceName;
    const expected = (spec: { name: string }, service: string, stats: string[]) =>
      stats.map((stat) => ({ metric: `${ns} ${spec.name}`, dimensions: { service }, stat }));

    // Act
    const ack = linesOf('Acknowledgement time (ms)');
    const toMessage = linesOf('ATS done → outcome message (ms)');
    const polls = linesOf('Polls per job');

    // Assess
    expect(ack.map(metricOf)).toEqual(
      expected(BOT_METRICS.acknowledgementTime, ingress, ['p50', 'p90', 'Maximum']),
    );
    const ackWidget = widgets.find((w) => w.properties.title === 'Acknowledgement time (ms)');
    expect(ackWidget?.properties.annotations?.horizontal?.[0]?.value).toBe(3000);
    expect(toMessage.map(metricOf)).toEqual(
      expected(BOT_METRICS.atsDoneToMessage, worker, ['p50', 'p90', 'Maximum']),
    );
    expect(polls.map(metricOf)).toEqual(
      expected(BOT_METRICS.pollsPerJob, worker, ['Average', 'Maximum']),
    );
  });

  it('graphs ATS errors by kind with a search over the Kind dimension', () => {
    // Act
    const [line] = linesOf('ATS errors by kind');

    // Assess
    const { expression } = (line?.[0] ?? {}) as { expression?: string };
    expect(expression).toBe(
      `SEARCH('{AtsSlackBot/prod,Kind,service} MetricName="AtsErrors" service="${built.stack.worker.fn.serviceName}"', 'Sum', 300)`,
    );
  });

  it('graphs the AWS metrics the alarms watch', () => {
    // Act
    const lines = linesOf('Function errors and dead letters (the alarms)');

    // Assess
    expect(lines.map(metricOf)).toEqual([
      lambdaErrors(built.stack.ingress.fn),
      lambdaErrors(built.stack.worker.fn),
      queueDepth(built.stack.worker.pollDeadLetterQueue),
      queueDepth(built.stack.worker.failedInvocationQueue),
      queueDepth(built.stack.worker.hops.deadLetterQueue),
    ]);
  });

  it('graphs the short hops sent and those waiting for their time', () => {
    // Act
    const lines = linesOf('Short hops: sent, waiting for their time');

    // Assess
    const queue = { QueueName: `{ref:${logicalIdOf(built.stack.worker.hops.queue)}}` };
    expect(lines.map(metricOf)).toEqual([
      { metric: 'AWS/SQS NumberOfMessagesSent', dimensions: queue, stat: 'Sum' },
      { metric: 'AWS/SQS ApproximateNumberOfMessagesDelayed', dimensions: queue, stat: 'Maximum' },
    ]);
  });
});

function lambdaErrors(fn: IConstruct) {
  return {
    metric: 'AWS/Lambda Errors',
    dimensions: { FunctionName: `{ref:${logicalIdOf(fn)}}` },
    stat: 'Sum',
  };
}

function queueDepth(queue: IConstruct) {
  return {
    metric: 'AWS/SQS ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: `{ref:${logicalIdOf(queue)}}` },
    stat: 'Maximum',
  };
}
