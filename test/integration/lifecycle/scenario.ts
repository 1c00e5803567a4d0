import { AtsSoapClient } from '../../../functions/ats/client';
import {
  type AtsFault,
  type AtsSimulator,
  type SimTemplate,
  startAtsSimulator,
} from '../../../functions/ats/simulator/simulator';
import type { RunHistory } from '../../../functions/core/history/ports';
import type { Job } from '../../../functions/core/job';
import { JobLifecycle, type LifecycleSettings } from '../../../functions/core/lifecycle/lifecycle';
import { PollingPolicy } from '../../../functions/core/polling/polling-policy';
import type { JobStore } from '../../../functions/core/ports';
import { parseCatalog, type TemplateEntry } from '../../../functions/core/requests/catalog';
import { requestedJob } from '../../support/job-fixtures';
import { type LifecycleDrivers, lifecycleDrivers } from '../../support/lifecycle-drivers';
import { MemoryJobStore } from '../../support/memory-job-store';
import { RecordingNotifier } from '../../support/recording-notifier';
import { RecordingScheduler } from '../../support/recording-scheduler';
import { VirtualClock } from '../../support/virtual-clock';

const S = 1;
const MIN = 60 * S;

/** Templates of the scenarios, played by the ATS simulator. */
export const SCENARIO_TEMPLATES: SimTemplate[] = [
  {
    templateId: 'tpl-pass',
    name: 'Smoke suite',
    queuedSeconds: 20 * S,
    runningSeconds: 18 * MIN,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      { name: 'Create order', result: 'Passed', durationSeconds: 300 },
    ],
  },
  {
    templateId: 'tpl-fail',
    name: 'Checkout suite',
    queuedSeconds: 20 * S,
    runningSeconds: 25 * MIN,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      {
        name: 'Pay by card',
        result: 'Failed',
        durationSeconds: 90,
        errorMessage: "Element 'Pay now' not found within 30 seconds",
      },
    ],
  },
  {
    templateId: 'tpl-not-executed',
    name: 'Reporting suite',
    queuedSeconds: 20 * S,
    runningSeconds: 12 * MIN,
    testCases: [
      { name: 'Open report', result: 'Passed', durationSeconds: 30 },
      { name: 'Export PDF', result: 'Not_Executed', durationSeconds: 0 },
      { name: 'Export Excel', result: 'Not_Executed', durationSeconds: 0 },
    ],
  },
  {
    templateId: 'tpl-canceled',
    name: 'Nightly full run',
    queuedSeconds: 20 * S,
    runningSeconds: 7 * MIN,
    canceled: true,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      { name: 'Create order', result: 'Not_Executed', durationSeconds: 0 },
    ],
  },
  {
    templateId: 'tpl-flaky',
    name: 'Regression suite',
    queuedSeconds: 20 * S,
    runningSeconds: 20 * MIN,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      { name: 'Apply voucher', result: 'Failed', durationSeconds: 97, onRerun: ['Passed'] },
      {
        name: 'Export invoice',
        result: 'Failed',
        durationSeconds: 61,
        onRerun: ['Failed', 'Passed'],
      },
      { name: 'Refund order', result: 'Not_Executed', durationSeconds: 0, onRerun: ['Passed'] },
    ],
  },
  {
    templateId: 'tpl-flaky-once',
    name: 'Search suite',
    queuedSeconds: 20 * S,
    runningSeconds: 14 * MIN,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      { name: 'Search by name', result: 'Failed', durationSeconds: 70, onRerun: ['Passed'] },
      { name: 'Search by date', result: 'Not_Executed', durationSeconds: 0, onRerun: ['Passed'] },
    ],
  },
  {
    templateId: 'tpl-wobbly',
    name: 'Booking suite',
    queuedSeconds: 20 * S,
    runningSeconds: 16 * MIN,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      { name: 'Book a room', result: 'Failed', durationSeconds: 80, onRerun: ['Passed', 'Failed'] },
    ],
  },
  {
    templateId: 'tpl-canceled-passed',
    name: 'Smoke suite (canceled late)',
    queuedSeconds: 20 * S,
    runningSeconds: 6 * MIN,
    canceled: true,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 40 },
      { name: 'Open dashboard', result: 'Passed', durationSeconds: 30 },
    ],
  },
  {
    templateId: 'tpl-large',
    name: 'Full regression',
    queuedSeconds: 20 * S,
    runningSeconds: 40 * MIN,
    testCases: Array.from({ length: 3_000 }, (_, i) => ({
      name: `TC_${String(i).padStart(5, '0')} Order flow variant`,
      result: i % 100 === 7 ? ('Failed' as const) : ('Passed' as const),
      durationSeconds: 30,
    })),
  },
  {
    templateId: 'tpl-huge',
    name: 'Every flow',
    queuedSeconds: 20 * S,
    runningSeconds: 90 * MIN,
    testCases: Array.from({ length: 20_000 }, (_, i) => ({
      name: `TC_${String(i).padStart(5, '0')} Order flow variant with a descriptive name`,
      result: i % 25 === 3 ? ('Failed' as const) : ('Passed' as const),
      // One passed case near the end is slow: far past the 200 cases a stored result keeps.
      durationSeconds: i === 19_998 ? 900 : 12,
      ...(i % 25 === 3 ? { errorMessage: `Element 'Pay now' not found within 30 seconds` } : {}),
    })),
  },
  {
    templateId: 'tpl-busy-hub',
    name: 'Mobile suite',
    queuedSeconds: 60 * MIN,
    runningSeconds: 15 * MIN,
    testCases: [{ name: 'Log in on a phone', result: 'Passed', durationSeconds: 60 }],
  },
  {
    templateId: 'tpl-warned',
    name: 'Payment suite',
    queuedSeconds: 20 * S,
    runningSeconds: 9 * MIN,
    startWarning: 'The Selenium hub is at 90 % of its sessions; jobs may queue longer.',
    testCases: [{ name: 'Pay by card', result: 'Passed', durationSeconds: 50 }],
  },
  {
    templateId: 'tpl-endless',
    name: 'Soak test',
    queuedSeconds: 20 * S,
    runningSeconds: 48 * 60 * MIN,
    testCases: [{ name: 'Keep clicking', result: 'Passed', durationSeconds: 1 }],
  },
];

/** The catalog over those templates; `flaky-auto` reruns automatically twice. */
export const SCENARIO_CATALOG: TemplateEntry[] = parseCatalog([
  { alias: 'pass', templateId: 'tpl-pass', name: 'Smoke suite' },
  { alias: 'fail', templateId: 'tpl-fail', name: 'Checkout suite' },
  { alias: 'not-executed', templateId: 'tpl-not-executed', name: 'Reporting suite' },
  { alias: 'canceled', templateId: 'tpl-canceled', name: 'Nightly full run' },
  { alias: 'flaky', templateId: 'tpl-flaky', name: 'Regression suite' },
  { alias: 'flaky-auto', templateId: 'tpl-flaky', name: 'Regression suite', autoReruns: 2 },
  {
    alias: 'flaky-confirm',
    templateId: 'tpl-flaky',
    name: 'Regression suite',
    autoReruns: 2,
    autoRerunRule: 'confirm',
  },
  {
    alias: 'once-confirm',
    templateId: 'tpl-flaky-once',
    name: 'Search suite',
    autoReruns: 2,
    autoRerunRule: 'confirm',
  },
  {
    alias: 'wobbly-confirm',
    templateId: 'tpl-wobbly',
    name: 'Booking suite',
    autoReruns: 2,
    autoRerunRule: 'confirm',
  },
  { alias: 'canceled-passed', templateId: 'tpl-canceled-passed', name: 'Smoke suite' },
  { alias: 'large', templateId: 'tpl-large', name: 'Full regression' },
  { alias: 'huge', templateId: 'tpl-huge', name: 'Every flow' },
  { alias: 'busy-hub', templateId: 'tpl-busy-hub', name: 'Mobile suite' },
  { alias: 'endless', templateId: 'tpl-endless', name: 'Soak test' },
  { alias: 'warned', templateId: 'tpl-warned', name: 'Payment suite' },
]);

/** An ATS simulator shared by the scenarios of a file; each scenario brings its own clock. */
export interface SharedAts {
  sim: AtsSimulator;
  /** The clock the simulator reads; replaced by each scenario. */
  use(clock: VirtualClock): void;
  /** Makes every call fail with `fault` while `during(now)` holds. */
  outage(fault: AtsFault | undefined, during?: (now: number) => boolean): void;
}

/**
 * Starts the simulator with the scenario templates on 127.0.0.1; `strict` as ATS is by the
 * reference and release notes (reruns of Run Job jobs only, five jobs per app).
 */
export async function startSharedAts(options: { strict?: boolean } = {}): Promise<SharedAts> {
  let clock = new VirtualClock();
  let outage: { fault: AtsFault; during: (now: number) => boolean } | undefined;
  const sim = await startAtsSimulator({
    strict: options.strict ?? false,
    templates: SCENARIO_TEMPLATES,
    now: () => clock.now(),
    faultInjector: () => (outage?.during(clock.now()) ? outage.fault : undefined),
  });
  return {
    sim,
    use(next) {
      // Each scenario starts a week after the one before: the simulator's earlier jobs are all done
      // (none counts against a strict simulator's job cap) and none lies in the new clock's future.
      next.advanceTo(clock.now() + 7 * 24 * 60 * MIN * 1000);
      clock = next;
      outage = undefined;
    },
    outage(fault, during = () => true) {
      outage = fault ? { fault, during } : undefined;
    },
  };
}

/** One scenario: the lifecycle over the simulator, in virtual time. */
export interface Scenario extends LifecycleDrivers {
  clock: VirtualClock;
  store: JobStore;
  scheduler: RecordingScheduler;
  notifier: RecordingNotifier;
  ats: AtsSoapClient;
  lifecycle: JobLifecycle;
  /** Records a job the way the ingress does. */
  request(kind: 'run' | 'watch', what: string, user?: string): Promise<Job>;
  /** Every job of the store, oldest first (memory store only). */
  jobs(): Job[];
}

/**
 * Wires a scenario: the real SOAP client against the shared simulator, a store (the memory fake
 * unless given, e.g. the DynamoDB adapter over dynalite), recording notifier and scheduler.
 */
export function createScenario(
  shared: SharedAts,
  options: {
    settings?: Partial<LifecycleSettings>;
    store?: JobStore;
    /** Both ATS timeouts; the client's defaults when absent. */
    atsTimeoutMs?: number;
    /** The simulator's unless given (e.g. the host alone). */
    atsBaseUrl?: string;
    /** The client's answer size limit; its default unless given. */
    maxResponseBytes?: number;
    /** Where finished jobs leave their history records; nowhere unless given. */
    history?: RunHistory;
  } = {},
): Scenario {
  const clock = new VirtualClock();
  shared.use(clock);
  const store = options.store ?? new MemoryJobStore();
  const scheduler = new RecordingScheduler(() => clock.now());
  const notifier = new RecordingNotifier(() => clock.now());
  const ats = new AtsSoapClient({
    baseUrl: options.atsBaseUrl ?? shared.sim.baseUrl,
    appId: 'demo-app',
    appApiToken: 'demo-token',
    ...(options.atsTimeoutMs
      ? { startTimeoutMs: options.atsTimeoutMs, statusTimeoutMs: options.atsTimeoutMs }
      : {}),
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
  });
  let ids = 0;
  const lifecycle = new JobLifecycle({
    ats,
    store,
    scheduler,
    notifier,
    ...(options.history ? { history: options.history } : {}),
    clock,
    catalog: SCENARIO_CATALOG,
    policy: new PollingPolicy(),
    newRequestId: () => `auto-${clock.now()}-${++ids}`,
    settings: options.settings,
  });
  let requests = 0;
  return {
    clock,
    store,
    scheduler,
    notifier,
    ats,
    lifecycle,
    async request(kind, what, user = 'U0000ALICE') {
      requests++;
      const entry = SCENARIO_CATALOG.find((e) => e.alias === what);
      const job = requestedJob({
        requestId: `req-${clock.now()}-${requests}`,
        kind,
        entry,
        typed: what,
        user,
        now: clock.now(),
      });
      await store.create(job);
      return job;
    },
    ...lifecycleDrivers({ lifecycle, scheduler, clock, store }),
    jobs() {
      return store instanceof MemoryJobStore
        ? store.all().sort((a, b) => a.createdAt - b.createdAt || a.attempt - b.attempt)
        : [];
    },
  };
}
