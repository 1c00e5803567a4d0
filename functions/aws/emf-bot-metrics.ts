import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AtsCallRecord } from '../ats/client';
import type { JobEnding, LifecycleMetrics } from '../core/ports';
import { BOT_METRICS } from './bot-metrics';

type MetricSpec = (typeof BOT_METRICS)[keyof typeof BOT_METRICS];

/** Where a failed metric write is reported (the function's logger). */
export interface MetricsWarnings {
  warn(message: string, extra?: object): void;
}

/**
 * The bot's metrics over Powertools Metrics, written to the function's log in CloudWatch's
 * embedded metric format, where CloudWatch turns them into metrics: no API call and no wait.
 *
 * Each value is written at once as its own record (Powertools' single metric), because the
 * metrics carry different dimensions and a record shares one dimension set; it also means
 * nothing waits for a flush that a failing invocation would never reach. A value that cannot be
 * written (not a finite number, or refused by Powertools) is reported as a warning and never fails
 * the caller.
 */
export class EmfBotMetrics implements LifecycleMetrics {
  /**
   * @param metrics - a Powertools `Metrics` with the namespace and service set (by the
   *   `POWERTOOLS_METRICS_NAMESPACE` and `POWERTOOLS_SERVICE_NAME` the stack gives each function).
   */
  constructor(
    private readonly metrics: Metrics,
    private readonly warnings: MetricsWarnings,
  ) {}

  jobStarted(kind: 'run' | 'rerun'): void {
    this.emit(BOT_METRICS.jobsStarted, 1, kind);
  }

  jobEnded(ending: JobEnding, polls: number): void {
    this.emit(BOT_METRICS.jobsFinished, 1, ending);
    this.emit(BOT_METRICS.pollsPerJob, polls);
  }

  outcomePosted(delayMs: number): void {
    this.emit(BOT_METRICS.atsDoneToMessage, Math.round(delayMs));
  }

  /** Counts a failed ATS call by its error code (the ATS client's `onCall`). */
  atsCallFinished(call: AtsCallRecord): void {
    if (!call.ok) this.emit(BOT_METRICS.atsErrors, 1, call.errorCode ?? 'unknown');
  }

  /** Times the ingress's answer to one Slack request. */
  acknowledged(durationMs: number): void {
    this.emit(BOT_METRICS.acknowledgementTime, Math.round(durationMs));
  }

  private emit(spec: MetricSpec, value: number, dimensionValue?: string): void {
    // Powertools writes NaN as null, which CloudWatch drops with the whole record.
    if (!Number.isFinite(value)) {
      this.warnings.warn('Metric not written', { metric: spec.name, value: String(value) });
      return;
    }
    try {
      const single = this.metrics.singleMetric();
      if ('dimension' in spec && dimensionValue !== undefined) {
        single.addDimension(spec.dimension, dimensionValue);
      }
      single.addMetric(spec.name, MetricUnit[spec.unit], value);
    } catch (error) {
      this.warnings.warn('Metric not written', {
        metric: spec.name,
        value,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/**
 * The function's metrics, namespace and service taken from its environment; Powertools' own
 * warnings and failed writes go to `logger`.
 */
export function createEmfBotMetrics(logger: Logger): EmfBotMetrics {
  return new EmfBotMetrics(new Metrics({ logger }), {
    warn: (message, extra) => logger.warn(message, { ...extra }),
  });
}
