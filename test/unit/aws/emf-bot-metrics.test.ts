import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BOT_METRICS } from '../../../functions/aws/bot-metrics';
import { EmfBotMetrics } from '../../../functions/aws/emf-bot-metrics';

const NAMESPACE = 'AtsSlackBot/test';
const SERVICE = 'ats-bot-job-worker';

/** One embedded-metric-format record as CloudWatch reads it from the log. */
interface EmfRecord {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: object[] }[];
  };
  [key: string]: unknown;
}

let lines: string[];
let warnings: { message: string; extra?: object }[];
let metrics: EmfBotMetrics;

beforeEach(() => {
  lines = [];
  warnings = [];
  // Powertools writes each record with its own Console on process.stdout.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  metrics = new EmfBotMetrics(new Metrics({ namespace: NAMESPACE, serviceName: SERVICE }), {
    warn: (message, extra) => warnings.push({ message, extra }),
  });
});

afterEach(() => vi.restoreAllMocks());

function records(): EmfRecord[] {
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

describe('EmfBotMetrics', () => {
  it('writes one EMF record per value, in the namespace, with the service and the metric own dimension', () => {
    // Act
    metrics.jobStarted('rerun');
    metrics.jobEnded('timed_out', 7);
    metrics.outcomePosted(1234.4);
    metrics.atsCallFinished({
      operation: 'GetJobStatus',
      durationMs: 10_000,
      ok: false,
      errorCode: 'ATS_TIMEOUT',
    });
    metrics.atsCallFinished({ operation: 'GetJobStatus', durationMs: 80, ok: true });
    metrics.acknowledged(41.6);

    // Assess
    const written = records().map((r) => {
      const [definition] = r._aws.CloudWatchMetrics;
      const { _aws, ...fields } = r;
      return {
        namespace: definition?.Namespace,
        dimensions: definition?.Dimensions,
        metrics: definition?.Metrics,
        fields,
      };
    });
    expect(written).toEqual([
      {
        namespace: NAMESPACE,
        dimensions: [['service', 'Kind']],
        metrics: [{ Name: BOT_METRICS.jobsStarted.name, Unit: 'Count' }],
        fields: { service: SERVICE, Kind: 'rerun', JobsStarted: 1 },
      },
      {
        namespace: NAMESPACE,
        dimensions: [['service', 'Verdict']],
        metrics: [{ Name: BOT_METRICS.jobsFinished.name, Unit: 'Count' }],
        fields: { service: SERVICE, Verdict: 'timed_out', JobsFinished: 1 },
      },
      {
        namespace: NAMESPACE,
        dimensions: [['service']],
        metrics: [{ Name: BOT_METRICS.pollsPerJob.name, Unit: 'Count' }],
        fields: { service: SERVICE, PollsPerJob: 7 },
      },
      {
        namespace: NAMESPACE,
        dimensions: [['service']],
        metrics: [{ Name: BOT_METRICS.atsDoneToMessage.name, Unit: 'Milliseconds' }],
        fields: { service: SERVICE, AtsDoneToMessage: 1234 },
      },
      {
        namespace: NAMESPACE,
        dimensions: [['service', 'Kind']],
        metrics: [{ Name: BOT_METRICS.atsErrors.name, Unit: 'Count' }],
        fields: { service: SERVICE, Kind: 'ATS_TIMEOUT', AtsErrors: 1 },
      },
      {
        namespace: NAMESPACE,
        dimensions: [['service']],
        metrics: [{ Name: BOT_METRICS.acknowledgementTime.name, Unit: 'Milliseconds' }],
        fields: { service: SERVICE, AcknowledgementTime: 42 },
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reports a value Powertools refuses as a warning instead of failing the caller', () => {
    // Act
    metrics.jobEnded('passed', Number.NaN);

    // Assess: the verdict was counted; the bad poll count was not written and was reported.
    expect(records().map((r) => Object.keys(r).filter((k) => k !== '_aws'))).toEqual([
      ['service', 'Verdict', 'JobsFinished'],
    ]);
    expect(warnings).toEqual([
      {
        message: 'Metric not written',
        extra: expect.objectContaining({ metric: BOT_METRICS.pollsPerJob.name }),
      },
    ]);
  });
});
