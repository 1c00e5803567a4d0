import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { AtsSoapClient } from '../../../functions/ats/client';
import {
  type AtsSimulator,
  type SimJobView,
  startAtsSimulator,
} from '../../../functions/ats/simulator/simulator';
import { DynamoJobStore } from '../../../functions/aws/dynamo-job-store';
import { DynamoQuotaStore } from '../../../functions/aws/dynamo-quota-store';
import { DynamoRunHistory } from '../../../functions/aws/dynamo-run-history';
import { createHistoryTableInput } from '../../../functions/aws/history-table';
import { handleHopQueueEvent, isSqsEvent } from '../../../functions/aws/hop-queue-events';
import type { RuntimeConfig } from '../../../functions/config';
import type { Job } from '../../../functions/core/job';
import type { JobStore } from '../../../functions/core/ports';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { JobRequests, requestIdFromTrigger } from '../../../functions/core/requests/requests';
import { handleWorkerEvent } from '../../../functions/core/worker';
import type { BotSecrets } from '../../../functions/env';
import { startSlackApiServer } from '../../../functions/local/slack-api/slack-api-server';
import { boltLogger, createLogger, domainLog, redactSecrets } from '../../../functions/logger';
import { requestRulesOf } from '../../../functions/request-rules';
import { SETTINGS } from '../../../functions/settings';
import { RERUN_ACTION_ID } from '../../../functions/slack/blocks/outcome';
import { createSlackIngress, type SlackIngress } from '../../../functions/slack/bolt-app';
import { SlackNotifier } from '../../../functions/slack/slack-notifier';
import { assembleWorker } from '../../../functions/worker-assembly';
import { createActiveJobsTable, type RunningDynalite } from '../dynalite';
import { signedBlockAction, signedSlashCommand } from '../slack-requests';
import { VirtualClock } from '../virtual-clock';
import { CrashPoints } from './crash-points';
import { type DeliveryPlan, DeliverySimulator, type DeliveryStats } from './delivery-simulator';
import { historyViolations } from './history-records';
import {
  checkHostileMember,
  HOSTILE_CHANNEL,
  HOSTILE_USER,
  type HostileAction,
  type HostileReport,
  hostileTemplates,
  LOAD_QUOTAS,
  scheduleHostileMember,
} from './hostile-member';
import {
  atsFaultInjector,
  emptyFaultCounts,
  type FaultCounts,
  type FaultShares,
  slackFaultInjector,
} from './load-faults';
import { checkLoadInvariants, type IngressExchange, type LoadInvariants } from './load-invariants';
import { loadTemplates } from './load-templates';
import { SeededChance } from './seeded-chance';
import { startThreadedDynalite } from './threaded-dynalite';

export { LOAD_FAULTS, NO_FAULTS } from './load-faults';

/** Distinctive secret values, so that any trace of them in a log or message is unmistakable. */
export const LOAD_SECRETS: Required<BotSecrets> = {
  slackSigningSecret: 'sigsec-RELIABILITY-8c1f2e7a9b4d',
  slackBotToken: 'xoxb-RELIABILITY-5d2a7c9e1f3b',
  atsAppApiToken: 'atstok-RELIABILITY-3e9b1d7f5a2c',
  atsUsername: 'ats-user-reliability',
  atsPassword: 'atspw-RELIABILITY-7f3c5a1e9d2b',
};

/** Options of {@link runLoad}. */
export interface LoadOptions {
  seed: number;
  /** Run requests (`/ats run`), one template each. */
  runs: number;
  /** Jobs started outside the bot and followed with `/ats watch`. */
  watches: number;
  faults: FaultShares;
  /** Share of outcomes with a Rerun button that someone clicks; of those, double clicks. */
  clickShare: number;
  doubleClickShare: number;
  /** Virtual time over which the requests arrive. */
  arrivalSpanMs: number;
  /** Wall-clock budget of the whole run (ms). */
  budgetMs: number;
  /** Per-call ATS timeout (real ms): `slow` answers longer than this time out. */
  atsTimeoutMs: number;
  plan?: Partial<DeliveryPlan>;
  /** Log level of both functions' loggers (default: Powertools' own, INFO unless configured). */
  logLevel?: 'DEBUG' | 'INFO';
  /**
   * Redeliver dead-lettered messages once the queue drained, as an operator does after the
   * dead-letter alarm (default true). Off, a message every retry of which failed stays lost.
   */
  redrive?: boolean;
  /**
   * A member allowed none of the load's work tries status, watch, rerun and clicks across
   * channels and floods of runs among the load (`./hostile-member.ts`); default off.
   */
  hostile?: boolean;
  /** The bot's cap of jobs in ATS (default 100: an on-premises ATS with room for them). */
  atsJobCap?: number;
  /** ATS as strict as the reference and release notes (reruns of RunJob jobs, five jobs). */
  strictAts?: boolean;
  /**
   * How long jobs of the `endless` templates run in ATS (default two days): whatever it is, they
   * outlast the poll limit and are timed out.
   */
  endlessRunMinutes?: number;
  /** The bot's `atsSlotHoldHours` (default the setting's). */
  atsSlotHoldHours?: number;
}

/** Everything a load run did and found. */
export interface LoadResult {
  seed: number;
  wallMs: number;
  virtualMs: number;
  delivery: DeliveryStats;
  crashes: number;
  crashPoints: Record<string, number>;
  faults: FaultCounts;
  commands: number;
  clicks: number;
  jobs: Job[];
  /** The run history left behind: how many records, and every broken rule of it. */
  history: { records: number; violations: string[] };
  runJobCalls: number;
  rerunCalls: number;
  /** FinishedJobID of every RerunNotPassed the simulator received. */
  rerunTargets: string[];
  /** Every job the simulator started, as it sees them. */
  simJobs: SimJobView[];
  slackCalls: number;
  dynamoOps: Record<string, number>;
  invariants: LoadInvariants;
  /** What the hostile member tried and got (with {@link LoadOptions.hostile}). */
  hostile?: HostileReport;
  /** Failures outside crashes (samples). */
  failures: string[];
  /** For each suspect job: its record, its deliveries and the messages of its thread. */
  explanations: string[];
  /** Messages that went to a dead-letter queue (before any redrive), described. */
  deadLetters: string[];
  /** ATS calls of the bot (RunJob, GetJobStatus, RerunNotPassed; the harness's own excluded). */
  atsCalls: number;
  /** Time spent inside worker invocations and ingress requests (they overlap: sums of each). */
  timings: {
    workerInvocations: number;
    workerMs: number;
    ingressRequests: number;
    ingressMs: number;
  };
}

/**
 * Command numbers (part of each command's trigger id, hence of the request id it gets) of watch
 * and status commands: fixed offsets instead of ones after the last run, so that a seed's watches
 * and status checks keep their ids, and with them their faults, whatever the number of runs.
 */
const WATCH_COMMANDS_FROM = 1_000;
const STATUS_COMMANDS_FROM = 2_000;

const CHANNELS = ['C0LOAD0', 'C0LOAD1', 'C0LOAD2', 'C0LOAD3', 'C0LOAD4', 'C0LOAD5'];
const USERS = Array.from({ length: 12 }, (_, i) => `U0USER${String(i).padStart(2, '0')}`);
const APP_ID = 'reliability-app';
const LAMBDA_CONTEXT = {} as Context;

/**
 * A whole bot under load, in one process and in virtual time: the real Slack ingress (Bolt over
 * signed Function URL events) and the real worker (`assembleWorker` + `handleWorkerEvent`, as on
 * AWS) against dynalite, the ATS simulator and the local Slack Web API, with Lambda's and
 * Scheduler's delivery modelled by {@link DeliverySimulator} and faults injected as the options
 * say. Resolves with what happened and the invariants checked at the end.
 *
 * @throws Error when the wall-clock budget runs out (the run is stuck).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const world = await startWorld(options);
  try {
    return await world.run();
  } finally {
    await world.close();
  }
}

async function startWorld(options: LoadOptions) {
  const started = Date.now();
  const chance = new SeededChance(options.seed);
  const clock = new VirtualClock();
  const startAt = clock.now();
  // The load's templates run only in the load's channels; the hostile member's own ones only in
  // theirs (see ./hostile-member.ts).
  const { templates, catalog: loadCatalog } = loadTemplates(
    chance,
    options.runs,
    options.watches,
    CHANNELS,
    ...(options.endlessRunMinutes !== undefined ? [options.endlessRunMinutes * 60] : []),
  );
  const own = options.hostile ? hostileTemplates() : { sims: [], entries: [] };
  const catalog = [...loadCatalog, ...parseCatalog(own.entries)];
  const faults = options.faults;
  const faultCounts = emptyFaultCounts();
  // Names that stay the same from run to run: ATS job ids are random UUIDs, automatic reruns
  // get random request ids; both are named after what they are instead.
  const stableNames = new Map<string, string>();
  const nameOf = (id: string) => stableNames.get(id) ?? id;

  let sim: AtsSimulator | undefined;
  const atsFault = atsFaultInjector({
    chance,
    shares: faults,
    counts: faultCounts,
    atsTimeoutMs: options.atsTimeoutMs,
    lastRequest: () => sim?.requests[sim.requests.length - 1],
    jobName: (jobId) => simJobName(sim, jobId),
  });
  sim = await startAtsSimulator({
    strict: options.strictAts ?? false,
    appId: APP_ID,
    appApiToken: LOAD_SECRETS.atsAppApiToken,
    username: LOAD_SECRETS.atsUsername,
    password: LOAD_SECRETS.atsPassword,
    templates: [...templates.map((t) => t.sim), ...own.sims],
    now: () => clock.now(),
    faultInjector: ({ operation }) => atsFault(operation),
  });
  const ats = sim;

  const slack = await startSlackApiServer({
    now: () => clock.now(),
    faultInjector: slackFaultInjector({ chance, shares: faults, counts: faultCounts }),
  });

  const db: RunningDynalite = await startThreadedDynalite();
  const dynamoOps: Record<string, number> = {};
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      dynamoOps[command] = (dynamoOps[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countDynamoOperations' },
  );
  const tableName = await db.createJobsTable();
  const quotaStore = new DynamoQuotaStore(db.doc, await db.createQuotasTable());
  const historyTableName = `${tableName}-history`;
  await createActiveJobsTable(
    db.client,
    historyTableName,
    createHistoryTableInput(historyTableName),
  );
  delete dynamoOps.CreateTableCommand;
  delete dynamoOps.DescribeTableCommand;

  const crashPoints = new CrashPoints(chance, faults.crash);
  const dynamoStore = new DynamoJobStore(db.doc, tableName);
  // Automatic reruns get random ids: name them after the job they rerun.
  const namingStore: JobStore = Object.assign(Object.create(dynamoStore) as JobStore, {
    create: (job: Job) => {
      if (job.rerunOf && !stableNames.has(job.requestId)) {
        stableNames.set(job.requestId, `${nameOf(job.rerunOf)}~rerun`);
      }
      return dynamoStore.create(job);
    },
  });
  const store = crashPoints.wrap('store', namingStore, [
    'create',
    'get',
    'replace',
    'findByAtsJobId',
    'listActiveInChannel',
    'recentFinishedRuns',
  ]);

  const runtime: RuntimeConfig = {
    role: 'worker',
    atsBaseUrl: ats.baseUrl,
    atsAppId: APP_ID,
    atsTimeoutMs: options.atsTimeoutMs,
    // A thousand jobs an hour on one app: an on-premises ATS with room for a hundred at once.
    atsJobCap: options.atsJobCap ?? 100,
    atsSlotHoldHours: options.atsSlotHoldHours ?? SETTINGS.atsSlotHoldHours.default,
    atsStartTimeoutMs: options.atsTimeoutMs,
    templates: catalog,
    admins: [],
    watchers: 'anyone',
    ...LOAD_QUOTAS,
    // Jobs that never finish time out after 6 minutes of virtual time (the smallest limit).
    pollLimitHours: 0.1,
    unreachableAfterMinutes: 15,
    retentionDays: 90,
    historyDays: SETTINGS.historyDays.default,
    slackApiUrl: slack.url,
    scheduleDefaultTimeZone: 'UTC',
    scheduleMinIntervalHours: 1,
    schedulesPerChannel: 10,
    scheduleOverlap: 'skip',
    // The deployed hops: a template's first run (every run here) hops every ramp gap.
    hopWindowSeconds: SETTINGS.hopWindowSeconds.default,
    hopRampSeconds: SETTINGS.hopRampSeconds.default,
  };

  // As the two Lambda entries do, each with its own logger and the secrets it registers.
  const workerLogger = createLogger('job-worker', options.logLevel);
  const ingressLogger = createLogger('slack-events', options.logLevel);
  redactSecrets([
    LOAD_SECRETS.slackSigningSecret,
    LOAD_SECRETS.slackBotToken,
    LOAD_SECRETS.atsAppApiToken,
    LOAD_SECRETS.atsPassword,
  ]);

  let delivery: DeliverySimulator | undefined;
  const scheduler = crashPoints.wrap(
    'scheduler',
    {
      schedulePoll: (poll: Parameters<DeliverySimulator['scheduler']['schedulePoll']>[0]) =>
        requireDelivery().scheduler.schedulePoll(poll),
      cancelPoll: (poll: Parameters<DeliverySimulator['scheduler']['cancelPoll']>[0]) =>
        requireDelivery().scheduler.cancelPoll(poll),
    },
    ['schedulePoll', 'cancelPoll'],
  );
  const hops = crashPoints.wrap(
    'hops',
    {
      sendHop: (hop: Parameters<DeliverySimulator['hops']['sendHop']>[0]) =>
        requireDelivery().hops.sendHop(hop),
    },
    ['sendHop'],
  );
  const requireDelivery = () => {
    if (!delivery) throw new Error('delivery simulator not ready');
    return delivery;
  };

  // The ATS client and the Slack notifier are built inside the worker assembly: guard them
  // through their classes, which only matters inside worker invocations.
  crashPoints.patch('ats', AtsSoapClient.prototype, ['runJob', 'getJobStatus', 'rerunNotPassed']);
  crashPoints.patch('notifier', SlackNotifier.prototype, [
    'postCard',
    'updateCard',
    'postOutcome',
    'updateOutcome',
    'postNotice',
    'tellRequester',
  ]);

  const historyStore = new DynamoRunHistory(db.doc, historyTableName);
  const history = crashPoints.wrap('history', historyStore, ['record']);
  const lifecycle = assembleWorker({
    runtime,
    secrets: LOAD_SECRETS,
    store,
    scheduler,
    hops,
    history,
    logger: workerLogger,
    clock,
    precisionMs: 60_000,
  });
  const workerLog = domainLog(workerLogger);

  // The access rule's settings and the start quotas exactly as the ingress assembly takes them.
  const requests = new JobRequests({
    store,
    invoker: { invoke: (message) => requireDelivery().invoker.invoke(message) },
    clock,
    catalog,
    retentionDays: 90,
    ...requestRulesOf(runtime, { jobs: store, quotaStore, clock }),
  });
  const ingress: SlackIngress = createSlackIngress({
    signingSecret: LOAD_SECRETS.slackSigningSecret,
    botToken: LOAD_SECRETS.slackBotToken,
    slackApiUrl: slack.url,
    logger: boltLogger(ingressLogger),
    requests,
  });

  const exchanges: IngressExchange[] = [];
  const clicked = new Set<string>();
  const clickRequestIds = new Set<string>();
  let clicks = 0;
  let commands = 0;
  let hostileSent = 0;
  let seenCalls = 0;

  const timings = { workerInvocations: 0, workerMs: 0, ingressRequests: 0, ingressMs: 0 };
  const send = async (
    label: string,
    kind: IngressExchange['kind'],
    event: ReturnType<typeof signedSlashCommand>,
  ) => {
    const began = performance.now();
    const response = await ingress.handler(event, LAMBDA_CONTEXT);
    timings.ingressRequests++;
    timings.ingressMs += performance.now() - began;
    let text = '';
    if (kind === 'command') {
      try {
        text = String((JSON.parse(response.body) as { text?: unknown }).text ?? '');
      } catch {
        text = '';
      }
    }
    exchanges.push({ label, status: response.statusCode, text, kind });
  };

  const command = (label: string, text: string, index: number, redelivered = false) => {
    const userId = chance.pick(`user|${label}`, USERS);
    const channelId = chance.pick(`channel|${label}`, CHANNELS);
    const triggerId = `${options.seed}.${index}.${label}`;
    commands++;
    return async () => {
      // Slack makes the response_url when the person types the command (it lasts 30 minutes).
      const responseUrl = slack.responseUrl(`cmd-${label}`, { channel: channelId, userId });
      const build = (retry: boolean) =>
        signedSlashCommand(
          { text, userId, channelId, triggerId, responseUrl },
          {
            signingSecret: LOAD_SECRETS.slackSigningSecret,
            ...(retry
              ? { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }
              : {}),
          },
        );
      await send(label, 'command', build(false));
      if (redelivered) {
        faultCounts.commandRedeliveries++;
        await send(`${label} (redelivered)`, 'command', build(true));
      }
    };
  };

  const click = (requestId: string, userId: string, name: string) => async () => {
    const n = clicks++;
    // From what was clicked, not when: the rerun's id (a hash of the trigger) stays the same.
    const triggerId = `${options.seed}.click.${name}`;
    clickRequestIds.add(requestIdFromTrigger(triggerId));
    const job = await dynamoStore.get(requestId);
    const channelId = job?.channelId ?? CHANNELS[0]!;
    const responseUrl = slack.responseUrl(`click-${n}`, {
      channel: channelId,
      userId,
      ...(job?.outcomeTs ? { messageTs: job.outcomeTs } : {}),
    });
    await send(
      `click ${n}`,
      'click',
      signedBlockAction(
        {
          value: requestId,
          userId,
          channelId,
          ...(job?.outcomeTs ? { messageTs: job.outcomeTs } : {}),
          triggerId,
          responseUrl,
        },
        { signingSecret: LOAD_SECRETS.slackSigningSecret },
      ),
    );
  };

  /** People click some Rerun buttons the worker posted, some twice at once. */
  const reactToSlack = () => {
    const calls = slack.calls;
    for (; seenCalls < calls.length; seenCalls++) {
      const call = calls[seenCalls];
      if (!call?.ok || call.method !== 'chat.postMessage') continue;
      const requestId = rerunButtonValue(call.args.blocks);
      if (!requestId || clicked.has(requestId)) continue;
      clicked.add(requestId);
      const name = nameOf(requestId);
      if (!chance.happens(`click|${name}`, options.clickShare)) continue;
      const at = clock.now() + chance.int(`click-after|${name}`, 30_000, 10 * 60_000);
      const copies = chance.happens(`double|${name}`, options.doubleClickShare) ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        const user = chance.pick(`clicker|${name}|${c}`, USERS);
        requireDelivery().act(
          at + c * 200,
          `click ${name}`,
          click(requestId, user, `${name}.${c}`),
        );
      }
    }
  };

  delivery = new DeliverySimulator({
    clock,
    chance,
    crashPoints,
    worker: async (event) => {
      const began = performance.now();
      try {
        // As the worker Lambda: a batch of the hop queue, or one message.
        if (isSqsEvent(event)) {
          return await handleHopQueueEvent(event, (hop) => lifecycle.handle(hop), workerLog);
        }
        return await handleWorkerEvent(lifecycle, event, workerLog);
      } finally {
        timings.workerInvocations++;
        timings.workerMs += performance.now() - began;
      }
    },
    nameOf,
    plan: { duplicateShare: faults.duplicate, ...options.plan },
    afterDelivery: reactToSlack,
  });

  // The requests: one run per template, a few watches of jobs started elsewhere, some status.
  const step = options.arrivalSpanMs / Math.max(1, options.runs);
  for (let i = 0; i < options.runs; i++) {
    const at = startAt + Math.floor(i * step) + chance.int(`arrive|${i}`, 0, 2_000);
    const redelivered = chance.happens(`redeliver|${i}`, faults.commandRedelivery);
    delivery.act(at, `run t${i}`, command(`run-${i}`, `run t${i}`, i, redelivered));
    if (chance.happens(`status|${i}`, 0.01)) {
      delivery.act(
        at + 5_000,
        `status ${i}`,
        command(`status-${i}`, 'status', STATUS_COMMANDS_FROM + i),
      );
    }
  }
  const externalClient = new AtsSoapClient({
    baseUrl: ats.baseUrl,
    appId: APP_ID,
    appApiToken: LOAD_SECRETS.atsAppApiToken,
    username: LOAD_SECRETS.atsUsername,
    password: LOAD_SECRETS.atsPassword,
    startTimeoutMs: 30_000,
    statusTimeoutMs: 30_000,
  });
  for (let k = 0; k < options.watches; k++) {
    const at = startAt + chance.int(`watch-at|${k}`, 0, options.arrivalSpanMs);
    const index = WATCH_COMMANDS_FROM + k;
    delivery.act(at, `watch ext-${k}`, async () => {
      // Someone starts the job in ATS itself (no fault injected there), then asks to watch it.
      const { jobId } = await externalClient.runJob(`ext-${k}`);
      stableNames.set(jobId, `ext-${k}`);
      await command(`watch-${k}`, `watch ${jobId}`, index)();
    });
  }

  const hostileActions: HostileAction[] = options.hostile
    ? scheduleHostileMember({
        chance,
        startAt,
        spanMs: options.arrivalSpanMs,
        loadAliases: loadCatalog.map((entry) => entry.alias),
        act: (at, label, run) => requireDelivery().act(at, label, run),
        command: async (label, text) => {
          const n = hostileSent++;
          commands++;
          const responseUrl = slack.responseUrl(`hostile-${n}`, {
            channel: HOSTILE_CHANNEL,
            userId: HOSTILE_USER,
          });
          await send(
            label,
            'command',
            signedSlashCommand(
              {
                text,
                userId: HOSTILE_USER,
                channelId: HOSTILE_CHANNEL,
                triggerId: `${options.seed}.hostile.${label}`,
                responseUrl,
              },
              { signingSecret: LOAD_SECRETS.slackSigningSecret },
            ),
          );
        },
        click: async (label, value) => {
          const n = hostileSent++;
          clicks++;
          const responseUrl = slack.responseUrl(`hostile-${n}`, {
            channel: HOSTILE_CHANNEL,
            userId: HOSTILE_USER,
          });
          // A crafted click from their own channel carrying another channel's job id.
          await send(
            label,
            'click',
            signedBlockAction(
              {
                value,
                userId: HOSTILE_USER,
                channelId: HOSTILE_CHANNEL,
                triggerId: `${options.seed}.hostile.${label}`,
                responseUrl,
              },
              { signingSecret: LOAD_SECRETS.slackSigningSecret },
            ),
          );
        },
        foreignJob: async (key, needAts) => {
          // A job of the load recorded by now: the run requests' ids follow from their triggers.
          for (let attempt = 0; attempt < 20; attempt++) {
            const i = chance.int(`${key}|${attempt}`, 0, options.runs - 1);
            const job = await dynamoStore.get(
              requestIdFromTrigger(`${options.seed}.${i}.run-${i}`),
            );
            if (job && (!needAts || job.atsJobId)) return job;
          }
          return undefined;
        },
      })
    : [];

  return {
    async run(): Promise<LoadResult> {
      const deadline = started + options.budgetMs;
      const maxItems = (options.runs + options.watches) * 200;
      const active = requireDelivery();
      await active.run({ deadline, maxItems });
      // The dead-letter alarms fire; the operator redrives the queues once.
      const deadLetters = active.deadLetters.map(
        (d) => `${d.source} ${d.message.type} ${nameOf(d.message.requestId)}: ${describe(d.error)}`,
      );
      if ((options.redrive ?? true) && active.redrive() > 0) {
        await active.run({ deadline, maxItems });
      }
      const operations = { ...dynamoOps };
      const jobs = await scanJobs(db, tableName);
      const records = (
        await Promise.all(
          [...new Set(jobs.map((j) => j.channelId))].map((channel) =>
            historyStore.runsInChannel(channel, { from: 0, to: Number.MAX_SAFE_INTEGER }, 100_000),
          ),
        )
      ).flat();
      const invariants = checkLoadInvariants({
        jobs,
        templates,
        requests: ats.requests,
        simJob: (id) => ats.job(id),
        messages: slack.messages(),
        exchanges,
        runs: options.runs,
        watches: options.watches,
        secrets: LOAD_SECRETS,
        deadLetters: active.deadLetters.length,
        clickRequestIds,
        outcomeWindowCrashes: crashPoints.outcomeWindowCrashes,
        actionErrors: active.actionErrors.map((e) => `${e.label}: ${describe(e.error)}`),
      });
      // The load's runs: not the jobs started in ATS directly, nor the hostile member's own.
      const runJobCalls = ats.requests.filter(
        (r) =>
          r.operation === 'RunJob' &&
          !r.fields.JobTemplateID?.startsWith('ext-') &&
          !r.fields.JobTemplateID?.startsWith('own-'),
      ).length;
      const hostile = options.hostile
        ? checkHostileMember({
            actions: hostileActions,
            jobs,
            exchanges,
            messages: slack.messages(),
            templates,
            quotas: LOAD_QUOTAS,
          })
        : undefined;
      return {
        seed: options.seed,
        wallMs: Date.now() - started,
        virtualMs: clock.now() - startAt,
        delivery: { ...active.stats },
        crashes: crashPoints.total,
        crashPoints: Object.fromEntries(crashPoints.injected),
        faults: faultCounts,
        commands,
        clicks,
        jobs,
        history: { records: records.length, violations: historyViolations(jobs, records) },
        runJobCalls,
        rerunCalls: ats.requests.filter((r) => r.operation === 'RerunNotPassed').length,
        rerunTargets: ats.requests
          .filter((r) => r.operation === 'RerunNotPassed')
          .map((r) => r.fields.FinishedJobID ?? ''),
        simJobs: ats.jobs(),
        deadLetters,
        atsCalls: ats.requests.filter((r) => !r.fields.JobTemplateID?.startsWith('ext-')).length,
        timings: { ...timings },
        slackCalls: slack.calls.length,
        dynamoOps: operations,
        invariants,
        ...(hostile ? { hostile } : {}),
        explanations: invariants.suspects.map((id) => {
          const job = jobs.find((j) => j.requestId === id);
          const thread = job?.threadTs ?? job?.cardTs;
          const posted = slack
            .messages({ channel: job?.channelId })
            .filter((m) => m.ts === thread || (thread !== undefined && m.thread_ts === thread))
            .map(
              (m) =>
                `  slack ${m.ts} ${m.thread_ts ?? '-'} ${m.via} ${(m.text ?? '').slice(0, 80)}`,
            );
          return [
            `job ${id} (${nameOf(id)}): ${JSON.stringify({ ...job, result: undefined })}`,
            ...active.trace(id).map((line) => `  ${line}`),
            ...posted,
          ].join('\n');
        }),
        failures: active.failures.map(
          (f) => `${f.message.type} ${nameOf(f.message.requestId)}: ${describe(f.error)}`,
        ),
      };
    },
    async close() {
      crashPoints.restore();
      await Promise.allSettled([ats.close(), slack.close(), db.close()]);
    },
  };
}

/** A stable name of an ATS job: its template and rerun number. */
function simJobName(sim: AtsSimulator | undefined, jobId: string): string {
  const job = sim?.job(jobId);
  return job ? `${job.templateId}/r${job.rerunNumber}` : `unknown:${jobId.length}`;
}

/** The finished job's requestId on a Rerun button in these blocks, if there is one. */
export function rerunButtonValue(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as { type?: string; elements?: unknown[] }[]) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as { action_id?: string; value?: string }[]) {
      if (element.action_id === RERUN_ACTION_ID && element.value) return element.value;
    }
  }
  return undefined;
}

/** Every job of the table, as stored (bounded: at most 1,000 pages). */
async function scanJobs(db: RunningDynalite, tableName: string): Promise<Job[]> {
  const jobs: Job[] = [];
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < 1_000; page++) {
    const out = await db.doc.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    // Jobs only: the ATS slots record beside them has no phase.
    jobs.push(...((out.Items ?? []).filter((item) => item.phase !== undefined) as Job[]));
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  return jobs;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  }
  return String(error);
}
