import type { AtsGateway } from '../../../../functions/core/ats';
import { AtsError } from '../../../../functions/core/errors';
import type { Job } from '../../../../functions/core/job';
import {
  JobLifecycle,
  type LifecycleSettings,
} from '../../../../functions/core/lifecycle/lifecycle';
import {
  PollingPolicy,
  type PollingPolicyOptions,
} from '../../../../functions/core/polling/polling-policy';
import { parseCatalog, type TemplateEntry } from '../../../../functions/core/requests/catalog';
import { requestedJob } from '../../../support/job-fixtures';
import { type LifecycleDrivers, lifecycleDrivers } from '../../../support/lifecycle-drivers';
import { MemoryJobStore } from '../../../support/memory-job-store';
import { RecordingMetrics } from '../../../support/recording-metrics';
import { RecordingNotifier } from '../../../support/recording-notifier';
import { RecordingScheduler } from '../../../support/recording-scheduler';
import { VirtualClock } from '../../../support/virtual-clock';
import { FakeAts } from './fake-ats';

/**
 * The default catalog: one template without and one with automatic reruns. Both post every
 * outcome in the thread (no quiet passes), so that the tests of outcome delivery see each outcome
 * whatever the verdict; `QUIET_CATALOG` has the default.
 */
export const CATALOG: TemplateEntry[] = parseCatalog([
  { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite', quietPasses: false },
  {
    alias: 'regression',
    templateId: 'tpl-regression',
    name: 'Regression suite',
    autoReruns: 2,
    quietPasses: false,
  },
]);

/** The same templates with the catalog's defaults: a clean first-time pass is quiet. */
export const QUIET_CATALOG: TemplateEntry[] = parseCatalog([
  { alias: 'smoke', templateId: 'tpl-smoke', name: 'Smoke suite' },
  { alias: 'regression', templateId: 'tpl-regression', name: 'Regression suite', autoReruns: 2 },
]);

/** Everything a lifecycle test works with, wired together in virtual time. */
export interface Harness<A extends AtsGateway = FakeAts> extends LifecycleDrivers {
  clock: VirtualClock;
  store: MemoryJobStore;
  scheduler: RecordingScheduler;
  notifier: RecordingNotifier;
  ats: A;
  lifecycle: JobLifecycle;
  warnings: { message: string; extra?: object }[];
  /** Info lines the lifecycle logged. */
  infos: { message: string; extra?: object }[];
  /** What the lifecycle counted and timed. */
  metrics: RecordingMetrics;
  /** Records a job the way the ingress does and returns it. */
  request(
    kind: 'run' | 'watch',
    options?: { alias?: string; atsJobId?: string; user?: string },
  ): Promise<Job>;
}

/** Builds a harness; `makeAts` gets the clock (default: a {@link FakeAts}). */
export function createHarness<A extends AtsGateway = FakeAts>(
  options: {
    makeAts?: (clock: VirtualClock) => A;
    settings?: Partial<LifecycleSettings>;
    policy?: PollingPolicyOptions;
    catalog?: TemplateEntry[];
  } = {},
): Harness<A> {
  const clock = new VirtualClock();
  const store = new MemoryJobStore();
  const scheduler = new RecordingScheduler(() => clock.now());
  const notifier = new RecordingNotifier(() => clock.now());
  const ats = (
    options.makeAts ?? ((c: VirtualClock) => new FakeAts(() => c.now()) as unknown as A)
  )(clock);
  const warnings: { message: string; extra?: object }[] = [];
  const infos: { message: string; extra?: object }[] = [];
  const metrics = new RecordingMetrics();
  let ids = 0;
  const lifecycle = new JobLifecycle({
    ats,
    store,
    scheduler,
    // Sends hops only when the policy plans them.
    hops: scheduler,
    notifier,
    clock,
    catalog: options.catalog ?? CATALOG,
    policy: new PollingPolicy(options.policy),
    newRequestId: () => `auto-${++ids}`,
    settings: options.settings,
    log: {
      info: (message, extra) => infos.push({ message, extra }),
      warn: (message, extra) => warnings.push({ message, extra }),
      error: (message, extra) => warnings.push({ message, extra }),
    },
    metrics,
  });
  let requests = 0;
  const catalog = options.catalog ?? CATALOG;
  return {
    clock,
    store,
    scheduler,
    notifier,
    ats,
    lifecycle,
    warnings,
    infos,
    metrics,
    async request(kind, { alias = 'smoke', atsJobId, user = 'U0000ALICE' } = {}) {
      requests++;
      const entry = catalog.find((e) => e.alias === alias);
      const job = requestedJob({
        requestId: `req-${requests}`,
        kind,
        entry,
        typed: kind === 'run' ? alias : (atsJobId ?? ''),
        user,
        now: clock.now(),
      });
      await store.create(job);
      return job;
    },
    ...lifecycleDrivers({ lifecycle, scheduler, clock, store }),
  };
}

/** ATS refusing connections: a transient failure the lifecycle retries. */
export const atsDown = () =>
  new AtsError('ATS_CONNECTION', 'Could not connect to ATS (ECONNREFUSED).', true, false);

/** Records a run and delivers its start message; resolves the job's requestId. */
export async function startedRun(h: Harness): Promise<string> {
  const job = await h.request('run');
  await h.handle({ type: 'start', requestId: job.requestId });
  return job.requestId;
}

/**
 * Messages that told people a start may have happened (notices and outcomes saying so): one fact,
 * so exactly one message is expected where a start's fate is unknown, none elsewhere.
 */
export function mayHaveStartedMessages(h: Harness, requestId?: string): number {
  const notices = h.notifier.notices('may_have_started', requestId).length;
  const outcomes = h.notifier
    .outcomes(requestId)
    .filter((o) => /did not confirm whether/.test(o.job.lastError ?? '')).length;
  return notices + outcomes;
}

/**
 * Seeds an earlier run of the smoke suite, requested at `requestedAt` and finished (`done`) with
 * `finish` (its ATS job id, end, duration, result): what the polling policy learns from.
 */
export function seedFinishedSmokeRun(
  h: Harness,
  requestId: string,
  requestedAt: number,
  finish: Pick<Job, 'atsJobId' | 'finishedAt' | 'runDurationMs'> & Partial<Job>,
): void {
  h.store.seed({
    ...requestedJob({
      requestId,
      kind: 'run',
      entry: CATALOG[0],
      typed: 'smoke',
      user: 'U0000ALICE',
      now: requestedAt,
    }),
    phase: 'done',
    ...finish,
  });
}
