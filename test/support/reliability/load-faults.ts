import type {
  AtsFault,
  AtsOperation,
  RecordedAtsRequest,
} from '../../../functions/ats/simulator/simulator';
import type { SlackFault } from '../../../functions/local/slack-api/slack-api-server';
import { OccurrenceCounter, type SeededChance } from './seeded-chance';

/** Share of calls (or messages) each fault hits. */
export interface FaultShares {
  /** ATS calls answered with each fault. */
  atsSoapFault: number;
  atsHttpError: number;
  atsSlow: number;
  atsMalformed: number;
  atsDrop: number;
  /** Slack Web API calls answered 429 with `Retry-After: 1`. */
  slackRateLimited: number;
  /** Slack Web API calls answered 500 or 503. */
  slackServerError: number;
  /** Worker messages delivered twice. */
  duplicate: number;
  /** Crash points (before and after each port call of a worker invocation) that crash. */
  crash: number;
  /** Slash commands Slack sends again (same trigger, `x-slack-retry-num`). */
  commandRedelivery: number;
}

/** Faults of the reliability run. */
export const LOAD_FAULTS: FaultShares = {
  atsSoapFault: 0.01,
  atsHttpError: 0.015,
  atsSlow: 0.025,
  atsMalformed: 0.01,
  atsDrop: 0.01,
  slackRateLimited: 0.006,
  slackServerError: 0.02,
  duplicate: 0.1,
  crash: 0.01,
  commandRedelivery: 0.03,
};

/** No faults at all: the benchmark. */
export const NO_FAULTS: FaultShares = {
  atsSoapFault: 0,
  atsHttpError: 0,
  atsSlow: 0,
  atsMalformed: 0,
  atsDrop: 0,
  slackRateLimited: 0,
  slackServerError: 0,
  duplicate: 0,
  crash: 0,
  commandRedelivery: 0,
};

/** Counters of the injected faults. */
export interface FaultCounts {
  ats: Record<AtsFault['kind'], number>;
  slackRateLimited: number;
  slackServerError: number;
  commandRedeliveries: number;
}

/** All counters at zero. */
export function emptyFaultCounts(): FaultCounts {
  return {
    ats: { soap_fault: 0, http_error: 0, slow: 0, malformed: 0, drop: 0 },
    slackRateLimited: 0,
    slackServerError: 0,
    commandRedeliveries: 0,
  };
}

/** What {@link atsFaultInjector} decides from. */
export interface AtsFaultDeps {
  chance: SeededChance;
  shares: FaultShares;
  counts: FaultCounts;
  /** The client's per-call timeout: half the slow answers come after it. */
  atsTimeoutMs: number;
  /** The request being answered (the simulator records it before asking for a fault). */
  lastRequest: () => RecordedAtsRequest | undefined;
  /** A stable name of an ATS job id (its template and rerun number). */
  jobName: (jobId: string) => string;
}

/**
 * The ATS simulator's fault injector: each call gets a fault by chance, decided from the seed and
 * a stable name of the call (operation, template or job, occurrence), so a seed replays the same
 * faults. RunJob of `ext-` templates (started by the harness to be watched) is left alone.
 */
export function atsFaultInjector(
  deps: AtsFaultDeps,
): (operation: AtsOperation) => AtsFault | undefined {
  const { chance, shares, counts } = deps;
  const occurrences = new OccurrenceCounter();
  const none =
    1 -
    shares.atsSoapFault -
    shares.atsHttpError -
    shares.atsSlow -
    shares.atsMalformed -
    shares.atsDrop;
  return (operation) => {
    const fields = deps.lastRequest()?.fields ?? {};
    const subject =
      operation === 'RunJob'
        ? (fields.JobTemplateID ?? '?')
        : deps.jobName((operation === 'GetJobStatus' ? fields.JobID : fields.FinishedJobID) ?? '');
    if (operation === 'RunJob' && subject.startsWith('ext-')) return undefined;
    const name = occurrences.next(`ats|${operation}|${subject}`);
    const kind = chance.weighted<AtsFault['kind'] | 'none'>(name, [
      ['soap_fault', shares.atsSoapFault],
      ['http_error', shares.atsHttpError],
      ['slow', shares.atsSlow],
      ['malformed', shares.atsMalformed],
      ['drop', shares.atsDrop],
      ['none', none],
    ]);
    if (kind === 'none') return undefined;
    counts.ats[kind]++;
    switch (kind) {
      case 'soap_fault':
        return { kind, faultString: 'Internal server error' };
      case 'http_error':
        return { kind, status: chance.pick(`${name}|status`, [500, 502, 503, 504]) };
      case 'slow':
        // Half answer in time, half after the client has given up.
        return {
          kind,
          delayMs: chance.happens(`${name}|late`, 0.5)
            ? deps.atsTimeoutMs + chance.int(`${name}|delay`, 200, 600)
            : chance.int(`${name}|delay`, 20, Math.floor(deps.atsTimeoutMs / 3)),
        };
      default:
        return { kind };
    }
  };
}

/**
 * The Web API call (numbered from 1 across methods) answered 429 whenever rate limits are
 * injected at all: a few hundred calls at a share below 1 % can draw none, and then a seed
 * replayed alone would not inject every kind of fault the run promises.
 */
const ALWAYS_RATE_LIMITED_CALL = 100;

/**
 * The local Slack Web API's fault injector: 429 with `Retry-After: 1` or a 5xx on a share of
 * calls (and 429 on call {@link ALWAYS_RATE_LIMITED_CALL}). Decided per method and occurrence;
 * concurrent calls of one method may swap decisions between runs of the same seed, the counts
 * stay.
 */
export function slackFaultInjector(deps: {
  chance: SeededChance;
  shares: FaultShares;
  counts: FaultCounts;
}): (call: { method: string; seq: number }) => SlackFault | undefined {
  const { chance, shares, counts } = deps;
  const occurrences = new OccurrenceCounter();
  return ({ method, seq }) => {
    const name = occurrences.next(`slack|${method}`);
    const u = chance.unit(name);
    const forced = shares.slackRateLimited > 0 && seq === ALWAYS_RATE_LIMITED_CALL;
    if (forced || u < shares.slackRateLimited) {
      counts.slackRateLimited++;
      return { kind: 'rate_limited', retryAfterSeconds: 1 };
    }
    if (u < shares.slackRateLimited + shares.slackServerError) {
      counts.slackServerError++;
      return { kind: 'server_error', status: chance.pick(`${name}|status`, [500, 503]) };
    }
    return undefined;
  };
}
