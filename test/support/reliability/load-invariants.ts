import type { RecordedAtsRequest, SimJobView } from '../../../functions/ats/simulator/simulator';
import { isTerminal, type Job } from '../../../functions/core/job';
import { isOutcomeDelivered } from '../../../functions/core/lifecycle/outcome-delivery';
import type { BotSecrets } from '../../../functions/env';
import type { StoredMessage } from '../../../functions/local/slack-api/slack-api-server';
import { jobTitle, statusLabel } from '../../../functions/slack/blocks/job-labels';
import { type LoadTemplate, NOTIFY_CHANNEL } from './load-templates';

/** One ingress request of a load run and its answer. */
export interface IngressExchange {
  label: string;
  status: number;
  /** The acknowledgement's text for commands; '' for clicks. */
  text: string;
  kind: 'command' | 'click';
}

/** Groups of invariants, for tests asserting one group each. */
export type InvariantSection = 'ingress' | 'jobs' | 'outcomes' | 'ats' | 'secrets';

/** What the end of a load run must look like, and what it does look like. */
export interface LoadInvariants {
  /**
   * Every broken rule, one line each, prefixed with its section (`[jobs] …`); at most 50 listed,
   * `violationCount` counts them all.
   */
  violations: string[];
  violationCount: number;
  /** Broken rules per section. */
  bySection: Record<InvariantSection, number>;
  /** Request ids of jobs involved in violations (at most 10), to be explained. */
  suspects: string[];
  counts: {
    jobs: number;
    runJobs: number;
    reruns: number;
    manualReruns: number;
    automaticReruns: number;
    watches: number;
    byPhase: Record<string, number>;
    byVerdict: Record<string, number>;
    outcomeMessages: number;
    /** Outcome messages beyond the first for one job: each a violation. */
    duplicateOutcomes: number;
    /**
     * Crashes between Slack accepting an outcome and the store recording it: each retry found that
     * message again (its metadata) instead of posting another.
     */
    outcomeWindowCrashes: number;
    /** Clean first-time passes told by their card alone (quiet passes). */
    outcomesOnCardsAlone: number;
    /** Outcomes told to the requester alone (a watch of an unknown job). */
    outcomesToldPrivately: number;
    /**
     * Cards no job points at: each a violation (a worker that died between posting a card and
     * recording it is followed by one that finds the card again instead of posting another).
     */
    orphanCards: number;
    deadLetters: number;
    /** Run requests answered with an apology and recorded nowhere. */
    refusedRequests: number;
  };
}

/** What {@link checkLoadInvariants} looks at. */
export interface LoadEvidence {
  jobs: Job[];
  templates: LoadTemplate[];
  requests: RecordedAtsRequest[];
  simJob: (atsJobId: string) => SimJobView | undefined;
  messages: StoredMessage[];
  exchanges: IngressExchange[];
  runs: number;
  watches: number;
  secrets: BotSecrets;
  deadLetters: number;
  actionErrors: string[];
  /** Request ids of reruns started by clicks. */
  clickRequestIds: ReadonlySet<string>;
  /** Crashes between Slack accepting an outcome and the store recording it, by requestId. */
  outcomeWindowCrashes: ReadonlyMap<string, number>;
}

const MAX_LISTED = 50;

/**
 * Checks the end state of a load run: every request got an answer and exactly one job; every job
 * is final with exactly one card and exactly one outcome message, in its thread; RunJob was sent at most once per
 * request and RerunNotPassed at most once per rerun; no secret reached Slack.
 */
export function checkLoadInvariants(evidence: LoadEvidence): LoadInvariants {
  const violations: string[] = [];
  let violationCount = 0;
  const suspects = new Set<string>();
  const bySection: Record<InvariantSection, number> = {
    ingress: 0,
    jobs: 0,
    outcomes: 0,
    ats: 0,
    secrets: 0,
  };
  let section: InvariantSection = 'ingress';
  const violate = (text: string, ...jobIds: (string | undefined)[]) => {
    violationCount++;
    bySection[section]++;
    if (violations.length < MAX_LISTED) violations.push(`[${section}] ${text}`);
    for (const id of jobIds) if (id && suspects.size < 10) suspects.add(id);
  };
  const { jobs } = evidence;

  for (const exchange of evidence.exchanges) {
    if (exchange.status !== 200)
      violate(`ingress: ${exchange.label} answered HTTP ${exchange.status}`);
    else if (exchange.kind === 'command' && exchange.text.trim() === '') {
      violate(`ingress: ${exchange.label} was answered without text`);
    }
  }
  for (const error of evidence.actionErrors) violate(`harness action failed: ${error}`);

  // Exactly one job per request.
  section = 'jobs';
  const runJobsByTemplate = new Map<string, Job[]>();
  for (const job of jobs) {
    if (job.kind !== 'run' || job.attempt !== 0 || !job.templateId) continue;
    runJobsByTemplate.set(job.templateId, [...(runJobsByTemplate.get(job.templateId) ?? []), job]);
  }
  const answers = new Map(evidence.exchanges.map((e) => [e.label, e.text]));
  let refusedRequests = 0;
  for (let i = 0; i < evidence.runs; i++) {
    const count = runJobsByTemplate.get(`tpl-${i}`)?.length ?? 0;
    const answer = answers.get(`run-${i}`) ?? '';
    if (count === 0 && !answer.includes('Starting')) {
      // Told at once that nothing started (the store was unreachable): nothing to follow.
      refusedRequests++;
    } else if (count !== 1) {
      violate(
        `request run t${i} produced ${count} jobs; the person was told: ${answer.slice(0, 120)}`,
      );
    }
  }
  const watches = jobs.filter((j) => j.kind === 'watch');
  if (watches.length !== evidence.watches) {
    violate(`${evidence.watches} watch requests produced ${watches.length} jobs`);
  }

  // Every job final, its outcome delivered.
  for (const job of jobs) {
    if (!isTerminal(job.phase)) {
      violate(
        `stuck: ${job.requestId} (${job.kind}, attempt ${job.attempt}) in ${job.phase}, poll ${job.pollCount}, next poll ${job.nextPollAt === undefined ? 'none' : new Date(job.nextPollAt).toISOString()}`,
        job.requestId,
      );
    } else if (!isOutcomeDelivered(job)) {
      violate(
        `no outcome: ${job.requestId} (${job.kind}) ended ${job.phase} after ${job.outcomeAttempts ?? 0} attempts`,
        job.requestId,
      );
    }
  }

  section = 'outcomes';
  // Exactly one outcome message per job, in its thread, and it is the one the job recorded, even
  // where a worker died between Slack accepting it and the store recording it (the retry reads the
  // thread and adopts the message by its metadata).
  const outcomeMessages = evidence.messages.filter(
    (m) =>
      m.ephemeralFor === undefined &&
      m.channel !== NOTIFY_CHANNEL &&
      (m.blocks?.[0] as { type?: string } | undefined)?.type === 'header',
  );
  const byThread = new Map<string, StoredMessage[]>();
  for (const m of outcomeMessages) {
    const key = `${m.channel}|${m.thread_ts ?? '-'}`;
    byThread.set(key, [...(byThread.get(key) ?? []), m]);
  }
  const attributed = new Set<StoredMessage>();
  let duplicateOutcomes = 0;
  for (const job of jobs) {
    const thread = job.threadTs ?? job.cardTs;
    const prefix = `${jobTitle(job)}: `;
    const own = (byThread.get(`${job.channelId}|${thread ?? '-'}`) ?? []).filter((m) =>
      headerText(m).startsWith(prefix),
    );
    for (const m of own) attributed.add(m);
    if (job.outcomeTs === undefined) {
      if (own.length > 0) {
        violate(
          `${job.requestId} recorded no outcome but ${own.length} were posted`,
          job.requestId,
        );
      }
      continue;
    }
    if (!own.some((m) => m.ts === job.outcomeTs)) {
      violate(
        `outcome of ${job.requestId} recorded as ${job.outcomeTs}, not found in thread ${thread ?? 'none'}`,
        job.requestId,
      );
    }
    const extra = own.length - 1;
    if (extra <= 0) continue;
    duplicateOutcomes += extra;
    const crashes = evidence.outcomeWindowCrashes.get(job.requestId) ?? 0;
    violate(
      `${own.length} outcome messages for ${job.requestId} (${prefix.trim()}); ${crashes} worker(s) died between posting and recording`,
      job.requestId,
    );
  }
  for (const m of outcomeMessages) {
    if (!attributed.has(m)) {
      violate(`outcome message ${m.channel}|${m.ts} belongs to no job: ${headerText(m)}`);
    }
  }
  // The card shows the same final state as the outcome.
  const byTs = new Map(evidence.messages.map((m) => [`${m.channel}|${m.ts}`, m]));
  for (const job of jobs) {
    if (!isTerminal(job.phase) || job.cardTs === undefined) continue;
    const card = byTs.get(`${job.channelId}|${job.cardTs}`);
    const expected = `*Status*\n${statusLabel(job)}`;
    if (!card) violate(`card of ${job.requestId} (${job.cardTs}) not in Slack`, job.requestId);
    else if (!JSON.stringify(card.blocks ?? []).includes(JSON.stringify(expected).slice(1, -1))) {
      violate(
        `card of ${job.requestId} does not show its final state ${statusLabel(job)}`,
        job.requestId,
      );
    }
  }

  section = 'ats';
  // RunJob at most once per request, RerunNotPassed at most once per rerun.
  const runJobs = countBy(
    evidence.requests.filter((r) => r.operation === 'RunJob'),
    (r) => r.fields.JobTemplateID ?? '?',
  );
  for (const [template, count] of runJobs) {
    if (count > 1) violate(`RunJob sent ${count} times for template ${template}`);
  }
  // Every rerun of a chain names the chain's original job, so RerunNotPassed of one ATS job is
  // sent once per rerun of its chain that was ordered (the `orderSentAt` marker precedes the
  // call), never more.
  const reruns = countBy(
    evidence.requests.filter((r) => r.operation === 'RerunNotPassed'),
    (r) => r.fields.FinishedJobID ?? '?',
  );
  const atsJobOf = new Map(jobs.map((j) => [j.requestId, j.atsJobId]));
  const orderedReruns = countBy(
    jobs.filter((j) => j.kind === 'rerun' && j.orderSentAt !== undefined),
    (j) => atsJobOf.get(j.rootRequestId) ?? '?',
  );
  for (const [original, count] of reruns) {
    const ordered = orderedReruns.get(original) ?? 0;
    if (count > ordered) {
      violate(
        `RerunNotPassed sent ${count} times for ATS job ${original}, whose chain ordered ${ordered} reruns`,
      );
    }
  }
  const byAtsJob = countBy(
    jobs.filter((j) => j.atsJobId !== undefined),
    (j) => j.atsJobId ?? '',
  );
  for (const [atsJobId, count] of byAtsJob) {
    if (count > 1) violate(`${count} jobs follow ATS job ${atsJobId}`);
  }
  const rerunsOf = countBy(
    jobs.filter((j) => j.rerunOf !== undefined),
    (j) => j.rerunOf ?? '',
  );
  for (const [finished, count] of rerunsOf) {
    if (count > 1) violate(`${count} reruns of job ${finished}`);
  }

  // A job reported done is done in ATS.
  for (const job of jobs) {
    if (job.phase !== 'done' || !job.atsJobId) continue;
    const simJob = evidence.simJob(job.atsJobId);
    if (simJob?.status !== 'Done') {
      violate(
        `${job.requestId} is done but ATS job ${job.atsJobId} is ${simJob?.status ?? 'unknown'}`,
      );
    }
  }

  section = 'secrets';
  // No secret in anything posted to Slack.
  const posted = JSON.stringify(evidence.messages);
  for (const [key, value] of Object.entries(evidence.secrets)) {
    if (typeof value === 'string' && value.length > 0 && posted.includes(value)) {
      violate(`secret ${key} appears in a Slack message`);
    }
  }

  const cardTs = new Set(jobs.flatMap((j) => (j.cardTs ? [`${j.channelId}|${j.cardTs}`] : [])));
  const cards = evidence.messages.filter(
    (m) =>
      m.ephemeralFor === undefined &&
      m.via === 'web_api' &&
      m.channel !== NOTIFY_CHANNEL &&
      (m.blocks?.[0] as { type?: string } | undefined)?.type === 'section' &&
      JSON.stringify(m.blocks?.[1] ?? {}).includes('*Status*'),
  );
  // Exactly one card per job, even across a crash between posting it and recording it.
  section = 'jobs';
  const orphanCards = cards.filter((m) => !cardTs.has(`${m.channel}|${m.ts}`));
  for (const card of orphanCards) {
    const requestId = card.metadata?.event_payload.request_id;
    violate(
      `orphan card ${card.channel}/${card.ts} (${String(requestId)}): no job points at it`,
      typeof requestId === 'string' ? requestId : undefined,
    );
  }
  const rerunJobs = jobs.filter((j) => j.kind === 'rerun');
  const manualReruns = rerunJobs.filter((j) => evidence.clickRequestIds.has(j.requestId)).length;
  return {
    violations,
    violationCount,
    bySection,
    suspects: [...suspects],
    counts: {
      jobs: jobs.length,
      runJobs: jobs.filter((j) => j.kind === 'run').length,
      reruns: rerunJobs.length,
      manualReruns,
      automaticReruns: rerunJobs.length - manualReruns,
      watches: watches.length,
      byPhase: Object.fromEntries(countBy(jobs, (j) => j.phase)),
      byVerdict: Object.fromEntries(countBy(jobs, (j) => j.result?.verdict ?? '-')),
      outcomeMessages: outcomeMessages.length,
      duplicateOutcomes,
      outcomeWindowCrashes: [...evidence.outcomeWindowCrashes.values()].reduce((a, b) => a + b, 0),
      outcomesToldPrivately: jobs.filter((j) => j.outcomeToldAt !== undefined).length,
      outcomesOnCardsAlone: jobs.filter((j) => j.outcomeOnCardAt !== undefined).length,
      orphanCards: orphanCards.length,
      deadLetters: evidence.deadLetters,
      refusedRequests,
    },
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The plain text of a message's header block (where an outcome names its job). */
function headerText(message: StoredMessage): string {
  const header = message.blocks?.[0] as { text?: { text?: unknown } } | undefined;
  return typeof header?.text?.text === 'string' ? header.text.text : '';
}
