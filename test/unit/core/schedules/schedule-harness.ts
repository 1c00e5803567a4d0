import { CronerCalendar } from '../../../../functions/calendar/croner-calendar';
import type { ChannelDigest } from '../../../../functions/core/digest/channel-digest';
import { DigestFiring, type DigestPoster } from '../../../../functions/core/digest/digest-firing';
import { DigestRequests } from '../../../../functions/core/digest/digest-requests';
import type { AnyWorkerMessage } from '../../../../functions/core/ports';
import type { TemplateEntry } from '../../../../functions/core/requests/catalog';
import {
  DEFAULT_QUOTAS,
  type QuotaSettings,
  StartQuotas,
} from '../../../../functions/core/requests/quotas';
import { JobRequests } from '../../../../functions/core/requests/requests';
import type { ScheduleNotice, UserTimeZones } from '../../../../functions/core/schedules/ports';
import type { ScheduleAsker } from '../../../../functions/core/schedules/schedule-answer';
import { ScheduleFiring } from '../../../../functions/core/schedules/schedule-firing';
import { ScheduleRequests } from '../../../../functions/core/schedules/schedule-requests';
import {
  DEFAULT_SCHEDULE_SETTINGS,
  type ScheduleSettings,
} from '../../../../functions/core/schedules/schedule-settings';
import { ScheduleWorker } from '../../../../functions/core/schedules/schedule-worker';
import { MemoryQuotaStore } from '../../../support/memory-quota-store';
import { MemoryRunHistory } from '../../../support/memory-run-history';
import { MemoryScheduleStore } from '../../../support/memory-schedule-store';
import { RecordingRecurringScheduler } from '../../../support/recording-recurring-scheduler';
import { CATALOG, createHarness, type Harness } from '../lifecycle/lifecycle-harness';

export const CHANNEL = 'C0SCHEDULE';
export const ALICE = 'U0000ALICE';
export const BOB = 'U00000BOB0';

/** Options of {@link createScheduleHarness}. */
export interface ScheduleHarnessOptions {
  settings?: Partial<ScheduleSettings>;
  catalog?: TemplateEntry[];
  /** Slack time zones of people (`users.info`). */
  zones?: Record<string, string>;
  /** Members of user groups. */
  groups?: Record<string, string[]>;
  /** Whether the recurring scheduler skips wall-clock times that do not exist (as AWS does). */
  skipsNonexistentTimes?: boolean;
  /** The start quotas (default: the bot's defaults). */
  quotas?: Partial<QuotaSettings>;
}

/** The job lifecycle harness plus the schedules, ingress and worker sides, in virtual time. */
export interface ScheduleHarness extends Harness {
  schedules: MemoryScheduleStore;
  recurring: RecordingRecurringScheduler;
  notices: ScheduleNotice[];
  requests: ScheduleRequests;
  /** The ingress's `/ats` use cases, admitted by the same quotas as the firings. */
  commands: JobRequests;
  /** The counters of the start quotas, shared by commands and firings. */
  quotaStore: MemoryQuotaStore;
  scheduleWorker: ScheduleWorker;
  /** What the ingress handed to the worker, in order. */
  handed: AnyWorkerMessage[];
  /** The catalog in force (tests may change it, as a redeploy would). */
  catalog: TemplateEntry[];
  logs: { message: string; extra?: object }[];
  /** A Slack request context; every call gets its own trigger id. */
  asker(userId?: string): ScheduleAsker;
  /** Delivers what the ingress handed over and has not been delivered yet. */
  deliverHanded(): Promise<void>;
  /** Delivers one firing of a schedule, as Scheduler would. */
  fire(scheduleId: string, at: number): Promise<void>;
  /** Run history the digests read. */
  history: MemoryRunHistory;
  /** Digests posted, in order; set `digestFault` to make the next posts throw it. */
  digests: Array<{ scheduleId: string; channelId: string; digest: ChannelDigest }>;
  digestFault: Error | undefined;
  /** `/ats digest`, over the same store, hand-off and settings as the schedule commands. */
  digestRequests: DigestRequests;
  /**
   * Moves virtual time to `until`, delivering every firing of the recurring scheduler and every
   * poll in time order. @returns the firings delivered.
   */
  runUntil(until: number): Promise<{ scheduleId: string; at: number }[]>;
}

/** Builds the harness; the catalog and settings may be changed per test through the options. */
export function createScheduleHarness(options: ScheduleHarnessOptions = {}): ScheduleHarness {
  const catalog = [...(options.catalog ?? CATALOG)];
  const h = createHarness({ catalog });
  const schedules = new MemoryScheduleStore();
  const calendar = new CronerCalendar();
  const recurring = new RecordingRecurringScheduler(
    calendar,
    options.skipsNonexistentTimes ?? true,
  );
  const notices: ScheduleNotice[] = [];
  const logs: { message: string; extra?: object }[] = [];
  const log = {
    info: (message: string, extra?: object) => logs.push({ message, extra }),
    warn: (message: string, extra?: object) => logs.push({ message, extra }),
  };
  const settings: ScheduleSettings = { ...DEFAULT_SCHEDULE_SETTINGS, ...options.settings };
  const groups = options.groups ?? {};
  const userGroups = {
    isMember: async (group: string, user: string) => (groups[group] ?? []).includes(user),
  };
  const zones = options.zones ?? {};
  const quotaStore = new MemoryQuotaStore();
  // One StartQuotas for the ingress's commands and the worker's firings, as the assemblies build.
  const quotas = new StartQuotas({
    store: quotaStore,
    jobs: h.store,
    clock: h.clock,
    settings: { ...DEFAULT_QUOTAS, ...options.quotas },
  });
  const history = new MemoryRunHistory();
  const digests: ScheduleHarness['digests'] = [];
  let digestTs = 0;
  const poster: DigestPoster = {
    post: async (schedule, digest) => {
      if (harness.digestFault) throw harness.digestFault;
      digests.push({ scheduleId: schedule.scheduleId, channelId: schedule.channelId, digest });
      return { ts: `1700000000.${String(++digestTs).padStart(6, '0')}` };
    },
  };
  const firing = new ScheduleFiring({
    schedules,
    jobs: h.store,
    recurring,
    calendar,
    notifier: { tell: async (notice) => void notices.push(structuredClone(notice)) },
    clock: h.clock,
    settings,
    runPath: (invoker) =>
      new JobRequests({ store: h.store, invoker, clock: h.clock, catalog, userGroups, quotas }),
    beginJob: (message) => h.lifecycle.handle(message),
    digest: new DigestFiring({
      schedules,
      history,
      poster,
      clock: h.clock,
      catalog,
      admins: settings.admins,
      userGroups,
      log,
    }),
    log,
  });
  const scheduleWorker = new ScheduleWorker(
    { schedules, recurring, calendar, clock: h.clock, log },
    firing,
  );
  const handed: AnyWorkerMessage[] = [];
  let delivered = 0;
  // Every request hands its messages to the same queue, and reads people's zones the same way.
  const invoker = { invoke: async (message: AnyWorkerMessage) => void handed.push(message) };
  const timeZones: UserTimeZones = {
    timeZoneOf: async (userId) => {
      if (zones[userId] === 'throw') throw new Error('users.info failed');
      return zones[userId];
    },
  };
  const requests = new ScheduleRequests({
    schedules,
    jobs: h.store,
    invoker,
    clock: h.clock,
    catalog,
    calendar,
    settings,
    userGroups,
    timeZones,
  });
  const commands = new JobRequests({
    store: h.store,
    invoker,
    clock: h.clock,
    catalog,
    userGroups,
    quotas,
  });
  const digestRequests = new DigestRequests({
    schedules,
    scheduleRequests: requests,
    invoker,
    clock: h.clock,
    calendar,
    catalog,
    settings,
    userGroups,
    timeZones,
  });
  const deliver = async (message: AnyWorkerMessage) => {
    if (message.type === 'sync_schedule' || message.type === 'fire_schedule') {
      await scheduleWorker.handle(message);
    } else if (message.type !== 'publish_home') {
      await h.lifecycle.handle(message);
    }
  };
  let triggers = 0;
  const harness: ScheduleHarness = {
    ...h,
    schedules,
    recurring,
    notices,
    requests,
    commands,
    quotaStore,
    scheduleWorker,
    handed,
    catalog,
    logs,
    history,
    digests,
    digestFault: undefined,
    digestRequests,
    asker: (userId = ALICE) => ({ userId, channelId: CHANNEL, triggerId: `trigger-${++triggers}` }),
    async deliverHanded() {
      while (delivered < handed.length) await deliver(handed[delivered++] as AnyWorkerMessage);
    },
    async fire(scheduleId, at) {
      await scheduleWorker.handle({
        type: 'fire_schedule',
        scheduleId,
        scheduledTime: new Date(at).toISOString().replace('.000Z', 'Z'),
      });
    },
    async runUntil(until) {
      const fired: { scheduleId: string; at: number }[] = [];
      for (let i = 0; i < 5_000; i++) {
        const [next] = recurring.firingsBetween(h.clock.now(), until);
        if (!next) break;
        await h.drain({ until: next.at });
        h.clock.advanceTo(next.at);
        await harness.fire(next.scheduleId, next.at);
        fired.push(next);
      }
      await h.drain({ until });
      h.clock.advanceTo(until);
      return fired;
    },
  };
  return harness;
}
