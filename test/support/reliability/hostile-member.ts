import type { SimTemplate } from '../../../functions/ats/simulator/simulator';
import type { Job } from '../../../functions/core/job';
import type { QuotaSettings } from '../../../functions/core/requests/quotas';
import type { StoredMessage } from '../../../functions/local/slack-api/slack-api-server';
import type { IngressExchange } from './load-invariants';
import type { LoadTemplate } from './load-templates';
import type { SeededChance } from './seeded-chance';

/**
 * A member of the workspace who is allowed none of the load's work: the load's templates may be
 * run only from the load's channels (`allowedChannels`), and the hostile member asks from a
 * channel of their own. They may run their own templates there, within the quotas. They try
 * everything the access rule and the quotas are there to stop: `/ats status`, `/ats watch` and
 * `/ats rerun` of other channels' jobs (by our id and by ATS's), clicks on **Rerun not passed**
 * carrying other channels' job ids, runs of templates they may not run, and floods of runs.
 */
export const HOSTILE_USER = 'U0HOSTILE';
export const HOSTILE_CHANNEL = 'C0HOSTILE';

/**
 * The load's quotas: above what the load's people reach (about 3 starts each in any 2 minutes,
 * at most about 20 active jobs in a channel), below a flood.
 */
export const LOAD_QUOTAS: QuotaSettings = {
  startsPerUser: 15,
  startWindowMinutes: 2,
  activeJobsPerChannel: 40,
};

/** What the hostile member does, and how often, per seed. */
export type HostileKind =
  | 'status'
  | 'watch'
  | 'rerun'
  | 'click'
  | 'channel_status'
  | 'run_restricted'
  | 'flood';

/** Which id of another channel's job an action names. */
type Ref = 'request' | 'ats' | 'none';

const STEPS: readonly { kind: HostileKind; ref: Ref; count: number }[] = [
  { kind: 'status', ref: 'request', count: 8 },
  { kind: 'status', ref: 'ats', count: 4 },
  { kind: 'watch', ref: 'ats', count: 8 },
  { kind: 'rerun', ref: 'request', count: 4 },
  { kind: 'rerun', ref: 'ats', count: 4 },
  { kind: 'click', ref: 'request', count: 12 },
  { kind: 'channel_status', ref: 'none', count: 2 },
  { kind: 'run_restricted', ref: 'none', count: 6 },
];

/** Bursts of runs of their own templates: the first beyond the per-person quota, the next into it. */
const FLOODS: readonly { atShare: number; delayMs: number; size: number }[] = [
  { atShare: 0.35, delayMs: 0, size: 20 },
  { atShare: 0.35, delayMs: 60_000, size: 10 },
];

const OWN_RUNS = FLOODS.reduce((n, f) => n + f.size, 0);

/** One thing the hostile member sent, and what it named. */
export interface HostileAction {
  label: string;
  kind: HostileKind;
  /** The command text, or the clicked button's value. */
  sent: string;
  /** No job of another channel was known yet with the id it needed: nothing was sent. */
  skipped?: boolean;
}

/** A job of another channel the hostile member names (learned from a screenshot, a guess…). */
export interface ForeignJob {
  requestId: string;
  atsJobId?: string;
}

/** What scheduling the hostile member's actions needs from the load run. */
export interface HostileDriver {
  chance: SeededChance;
  startAt: number;
  spanMs: number;
  /** Aliases of the load's templates (which the hostile member may not run). */
  loadAliases: readonly string[];
  act(at: number, label: string, run: () => Promise<void>): void;
  /** Sends `/ats <text>` as the hostile member in their channel, signed, through the ingress. */
  command(label: string, text: string): Promise<void>;
  /** Sends a click on **Rerun not passed** with `value`, from the hostile member's channel. */
  click(label: string, value: string): Promise<void>;
  /** A job of another channel recorded by now (with an ATS id when `needAts`), if any. */
  foreignJob(key: string, needAts: boolean): Promise<ForeignJob | undefined>;
}

/** The hostile member's own templates: one per flood command, runnable in their channel only. */
export function hostileTemplates(): { sims: SimTemplate[]; entries: unknown[] } {
  const sims: SimTemplate[] = [];
  const entries: unknown[] = [];
  for (let k = 0; k < OWN_RUNS; k++) {
    sims.push({
      templateId: `own-${k}`,
      name: `Own suite ${k}`,
      queuedSeconds: 20,
      runningSeconds: 40,
      testCases: [{ name: 'Own check', result: 'Passed', durationSeconds: 10 }],
    });
    entries.push({
      alias: `own${k}`,
      templateId: `own-${k}`,
      name: `Own suite ${k}`,
      allowedChannels: [HOSTILE_CHANNEL],
    });
  }
  return { sims, entries };
}

/**
 * Puts the hostile member's actions on the load's timeline, spread over the arrival span (after
 * the first jobs exist), and the floods as bursts a few hundred milliseconds apart.
 * @returns the actions, filled in as they are carried out.
 */
export function scheduleHostileMember(driver: HostileDriver): HostileAction[] {
  const actions: HostileAction[] = [];
  const { chance, startAt, spanMs } = driver;
  let n = 0;
  for (const step of STEPS) {
    for (let i = 0; i < step.count; i++) {
      const label = `hostile ${step.kind} ${step.ref} ${i}`;
      const at = startAt + 60_000 + chance.int(`hostile-at|${label}`, 0, spanMs);
      const index = n++;
      driver.act(at, label, async () => {
        const action = await carryOut(driver, step.kind, step.ref, label, index);
        actions.push(action);
      });
    }
  }
  let own = 0;
  for (const [f, flood] of FLOODS.entries()) {
    const at = startAt + Math.floor(spanMs * flood.atShare) + flood.delayMs;
    for (let i = 0; i < flood.size; i++) {
      const alias = `own${own++}`;
      const label = `hostile flood ${f} ${i}`;
      driver.act(at + i * 200, label, async () => {
        const sent = `run ${alias}`;
        await driver.command(label, sent);
        actions.push({ label, kind: 'flood', sent });
      });
    }
  }
  return actions;
}

async function carryOut(
  driver: HostileDriver,
  kind: HostileKind,
  ref: Ref,
  label: string,
  index: number,
): Promise<HostileAction> {
  if (kind === 'channel_status') {
    await driver.command(label, 'status');
    return { label, kind, sent: 'status' };
  }
  if (kind === 'run_restricted') {
    const sent = `run ${driver.chance.pick(`hostile-alias|${index}`, driver.loadAliases)}`;
    await driver.command(label, sent);
    return { label, kind, sent };
  }
  const job = await driver.foreignJob(`hostile-target|${label}`, ref === 'ats');
  const id = ref === 'ats' ? job?.atsJobId : job?.requestId;
  if (!id) return { label, kind, sent: '', skipped: true };
  if (kind === 'click') {
    await driver.click(label, id);
    return { label, kind, sent: id };
  }
  const sent = `${kind} ${id}`;
  await driver.command(label, sent);
  return { label, kind, sent };
}

/** What {@link checkHostileMember} looks at. */
export interface HostileEvidence {
  actions: readonly HostileAction[];
  jobs: readonly Job[];
  exchanges: readonly IngressExchange[];
  messages: readonly StoredMessage[];
  templates: readonly LoadTemplate[];
  quotas: QuotaSettings;
}

/** How the hostile member was answered, and every rule they got past. */
export interface HostileReport {
  /** Every rule they got past, one line each (at most 50 listed). */
  violations: string[];
  violationCount: number;
  counts: {
    actions: number;
    commands: number;
    clicks: number;
    /** Actions that found no job of another channel to name yet (nothing sent). */
    skipped: number;
    /** Refusals by what they said. */
    refusals: Record<Answer, number>;
    /** Runs of their own templates that started (within the quota). */
    ownRunsStarted: number;
    /** Messages the hostile member saw (answers, ephemerals, their channel). */
    messagesSeen: number;
  };
}

type Answer =
  | 'not_found'
  | 'followed_elsewhere'
  | 'not_permitted'
  | 'quota'
  | 'started'
  | 'channel_status'
  | 'unclear';

/** What each kind of action must be answered with. */
const EXPECTED: Record<HostileKind, readonly Answer[]> = {
  status: ['not_found'],
  watch: ['followed_elsewhere'],
  rerun: ['not_found'],
  click: ['not_found'],
  channel_status: ['channel_status'],
  run_restricted: ['not_permitted'],
  flood: ['started', 'quota'],
};

/** Internals that never reach a person. */
const INTERNALS =
  /SOAP|Exception|TypeError|stack|HTTP \d{3}|ConditionalCheck|dynamodb|\bat \S+\.(ts|js):\d+/i;

function classify(text: string, kind: HostileKind): Answer {
  if (/I know no job `/.test(text)) return 'not_found';
  if (/I already follow this ATS job in another channel, so I do not copy it here/.test(text)) {
    return 'followed_elsewhere';
  }
  if (/You may not run \*/.test(text)) return 'not_permitted';
  if (/You have started \d+ jobs in the last \d+ minutes/.test(text)) return 'quota';
  if (kind === 'flood' && /Starting/.test(text)) return 'started';
  if (kind === 'channel_status' && text.trim() !== '' && !INTERNALS.test(text)) {
    return 'channel_status';
  }
  return 'unclear';
}

/**
 * Checks what the hostile member got: nothing started or rerun but their own runs within the
 * quota; every request answered, each refusal with the clear message its kind calls for and no
 * internals; nothing of another channel's jobs in anything they saw (request and ATS ids they did
 * not name themselves, who started them, their templates, test cases and ATS messages); and the
 * load's people never refused by the access rule or the quotas.
 */
export function checkHostileMember(evidence: HostileEvidence): HostileReport {
  const violations: string[] = [];
  let violationCount = 0;
  const violate = (text: string) => {
    violationCount++;
    if (violations.length < 50) violations.push(`[hostile] ${text}`);
  };
  const refusals: Record<Answer, number> = {
    not_found: 0,
    followed_elsewhere: 0,
    not_permitted: 0,
    quota: 0,
    started: 0,
    channel_status: 0,
    unclear: 0,
  };
  const sent = evidence.actions.filter((a) => !a.skipped);
  const exchanges = new Map(evidence.exchanges.map((e) => [e.label, e]));

  // Every command answered with the clear message its kind calls for.
  for (const action of sent.filter((a) => a.kind !== 'click')) {
    const exchange = exchanges.get(action.label);
    if (!exchange) {
      violate(`${action.label} (${action.sent}) got no answer`);
      continue;
    }
    const answer = classify(exchange.text, action.kind);
    refusals[answer]++;
    if (!EXPECTED[action.kind].includes(answer) || INTERNALS.test(exchange.text)) {
      violate(`${action.label} (${action.sent}) was answered: ${exchange.text.slice(0, 160)}`);
    }
  }
  const theirs = evidence.jobs.filter(
    (j) => j.requester.userId === HOSTILE_USER || j.rerunBy === HOSTILE_USER,
  );
  const own = theirs.filter(
    (j) =>
      j.kind === 'run' &&
      j.channelId === HOSTILE_CHANNEL &&
      j.templateId?.startsWith('own-') &&
      j.requester.userId === HOSTILE_USER,
  );
  // The worker tells them privately about their own runs too (one that ATS refused, say), through
  // the run command's response_url: those name the run, and are no answer to a click.
  const ownNames = own.flatMap((j) => [j.requestId, j.templateName]);
  const aboutOwnRun = (m: StoredMessage) => ownNames.some((name) => (m.text ?? '').includes(name));

  // Every click answered once, to them alone, in their channel, that the job is unknown there.
  const clicks = sent.filter((a) => a.kind === 'click');
  const clickAnswers = evidence.messages.filter(
    (m) => m.via === 'response_url' && m.ephemeralFor === HOSTILE_USER && !aboutOwnRun(m),
  );
  if (clickAnswers.length !== clicks.length) {
    violate(`${clicks.length} clicks got ${clickAnswers.length} answers`);
  }
  for (const m of clickAnswers) {
    const answer = classify(m.text ?? '', 'click');
    refusals[answer]++;
    if (answer !== 'not_found' || m.channel !== HOSTILE_CHANNEL || INTERNALS.test(m.text ?? '')) {
      violate(`a click was answered in ${m.channel}: ${(m.text ?? '').slice(0, 160)}`);
    }
  }

  // Nothing started or rerun in their name but their own runs, within the quota.
  for (const job of theirs.filter((j) => !own.includes(j))) {
    violate(
      `unauthorized: ${job.kind} ${job.requestId} of ${job.templateId ?? job.atsJobId} in ${job.channelId} by the hostile member`,
    );
  }
  if (own.length !== refusals.started || own.length > evidence.quotas.startsPerUser) {
    violate(
      `${own.length} own runs recorded, ${refusals.started} answered as started, quota ${evidence.quotas.startsPerUser}`,
    );
  }

  // Nothing of another channel's jobs in what they saw.
  const foreign = evidence.jobs.filter((j) => j.channelId !== HOSTILE_CHANNEL);
  const caseTexts = new Set(
    evidence.templates.flatMap((t) =>
      t.sim.testCases.flatMap((c) => [c.name, ...(c.errorMessage ? [c.errorMessage] : [])]),
    ),
  );
  const namesByAlias = new Map(
    evidence.templates.flatMap((t) => (t.entry ? [[t.entry.alias, t.entry.name] as const] : [])),
  );
  const secrets = (allowed: ReadonlySet<string>) => {
    const tokens = new Set<string>(caseTexts);
    for (const job of foreign) {
      for (const token of [job.requestId, job.atsJobId, job.requester.userId, job.templateName]) {
        if (token && !allowed.has(token)) tokens.add(token);
      }
    }
    return tokens;
  };
  let messagesSeen = 0;
  const check = (where: string, text: string, allowed: ReadonlySet<string>) => {
    messagesSeen++;
    for (const token of secrets(allowed)) {
      if (text.includes(token)) violate(`leak: ${where} shows "${token}": ${text.slice(0, 160)}`);
    }
  };
  for (const action of sent.filter((a) => a.kind !== 'click')) {
    const exchange = exchanges.get(action.label);
    if (!exchange) continue;
    // What they typed, and the name of a template they asked to run by its alias, they know.
    const typed = action.sent.split(' ').slice(1);
    const allowed = new Set([...typed, ...typed.flatMap((w) => namesByAlias.get(w) ?? [])]);
    check(action.label, exchange.text, allowed);
  }
  const clicked = new Set(clicks.map((a) => a.sent));
  for (const m of evidence.messages) {
    const toThem =
      m.ephemeralFor === HOSTILE_USER ||
      m.channel === HOSTILE_CHANNEL ||
      m.channel === HOSTILE_USER;
    if (!toThem) continue;
    check(
      `message ${m.channel}/${m.ts}`,
      `${m.text ?? ''} ${JSON.stringify(m.blocks ?? [])}`,
      clicked,
    );
  }

  // The load's people are never refused by the access rule or the quotas.
  for (const exchange of evidence.exchanges) {
    if (exchange.label.startsWith('hostile ') || exchange.kind !== 'command') continue;
    const answer = classify(exchange.text, 'status');
    if (answer === 'not_permitted' || answer === 'quota') {
      violate(`${exchange.label} of the load was refused: ${exchange.text.slice(0, 160)}`);
    }
  }

  return {
    violations,
    violationCount,
    counts: {
      actions: evidence.actions.length,
      commands: sent.filter((a) => a.kind !== 'click').length,
      clicks: clicks.length,
      skipped: evidence.actions.length - sent.length,
      refusals,
      ownRunsStarted: own.length,
      messagesSeen,
    },
  };
}
