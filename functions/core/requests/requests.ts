import { createHash } from 'node:crypto';
import { UserFacingError } from '../errors';
import { isTerminal, type Job, newJob } from '../job';
import { updateJob, writeJob } from '../job-writes';
import { claimRerun } from '../lifecycle/rerun-claim';
import type { Clock, JobStore, WorkerInvoker, WorkerMessage } from '../ports';
import type { ScheduleAnswer, ScheduleRequests } from '../schedules/schedule-requests';
import { type AccessDecision, checkRunAccess, type UserGroupDirectory } from './access';
import type { TemplateEntry } from './catalog';
import { findTemplate } from './catalog-lookup';
import { closestMatch } from './closest-match';
import { type AtsCommand, echo, parseAtsCommand } from './command';
import type { CommandProblem, RequestAnswer, RequestContext } from './request-answer';

/** What {@link JobRequests} needs. */
export interface JobRequestsDeps {
  store: JobStore;
  invoker: WorkerInvoker;
  clock: Clock;
  catalog: TemplateEntry[];
  /** Membership of user groups, asked only for templates restricted by group. */
  userGroups?: UserGroupDirectory;
  /** The schedule commands; without them, `/ats schedule` answers that scheduling is off. */
  schedules?: ScheduleRequests;
  /** Request ids for actions that have no trigger id; random by default. */
  newRequestId?: () => string;
  retentionDays?: number;
}

/** How many active jobs `/ats status` lists for a channel. */
const CHANNEL_STATUS_LIMIT = 20;

/**
 * The request ids of a Slack action: a hash of its `trigger_id`, so a redelivered request maps to
 * the same job while two clicks never share one. The hash keeps Slack's id out of our records.
 */
export function requestIdFromTrigger(triggerId: string): string {
  return `req-${createHash('sha256').update(triggerId).digest('hex').slice(0, 20)}`;
}

/**
 * The ingress-side use cases of `/ats` and the rerun button: they validate, check access, record
 * the job and hand the slow work to the worker, and return what to tell the person. They never
 * call ATS. Every method resolves with an answer for the person.
 *
 * @throws only what the store throws (DynamoDB unavailable); the caller answers with a generic
 *   apology then.
 */
export class JobRequests {
  private readonly newRequestId: () => string;

  constructor(private readonly deps: JobRequestsDeps) {
    this.newRequestId = deps.newRequestId ?? (() => `req-${crypto.randomUUID()}`);
  }

  /** Parses `/ats` text and carries it out. */
  async handleCommand(text: string, ctx: RequestContext): Promise<RequestAnswer> {
    return this.carryOut(parseAtsCommand(text), ctx);
  }

  /** Carries out a parsed command. */
  async carryOut(command: AtsCommand, ctx: RequestContext): Promise<RequestAnswer> {
    switch (command.verb) {
      case 'run':
        return this.run(command.target, ctx);
      case 'rerun':
        return this.rerun(command.jobRef, ctx);
      case 'watch':
        return this.watch(command.atsJobId, ctx);
      case 'status':
        return this.status(command.jobRef, ctx);
      case 'list':
        return this.list();
      case 'schedule':
        return this.scheduling((s) => s.schedule(command.target, command.when, ctx));
      case 'schedules':
        return this.scheduling((s) => s.list(ctx));
      case 'unschedule':
        return this.scheduling((s) => s.change('remove', command.scheduleId, ctx));
      case 'help':
        return this.help();
      case 'invalid':
        return this.help(this.explain(command));
    }
  }

  /**
   * Starts a run of a catalogued template, by alias or template id. Unknown templates get help
   * with the closest alias; people not allowed get who may.
   */
  async run(target: string, ctx: RequestContext): Promise<RequestAnswer> {
    const entry = findTemplate(this.deps.catalog, { templateAlias: target, templateId: target });
    if (!entry) return this.help(this.unknownTemplate(target));
    const denied = await this.refuseAccess(entry, ctx);
    if (denied) return denied;
    const job = newJob({
      requestId: this.requestIdFor(ctx),
      kind: 'run',
      templateId: entry.templateId,
      templateAlias: entry.alias,
      templateName: entry.name,
      ...(ctx.scheduleId ? { scheduleId: ctx.scheduleId } : {}),
      requester: requester(ctx),
      channelId: ctx.channelId,
      autoRerunsLeft: entry.autoReruns,
      now: this.deps.clock.now(),
      retentionDays: this.deps.retentionDays,
    });
    return this.recordAndHandOff(job, { type: 'start', requestId: job.requestId });
  }

  /**
   * Follows an ATS job started elsewhere and posts its result in this channel. A job the bot
   * already follows is not followed twice.
   */
  async watch(atsJobId: string, ctx: RequestContext): Promise<RequestAnswer> {
    const known = await this.deps.store.findByAtsJobId(atsJobId);
    if (known && !isTerminal(known.phase)) return { kind: 'already_following', job: known };
    const job = newJob({
      requestId: this.requestIdFor(ctx),
      kind: 'watch',
      atsJobId,
      templateId: known?.templateId,
      templateAlias: known?.templateAlias,
      templateName: known?.templateName ?? `ATS job ${atsJobId}`,
      requester: requester(ctx),
      channelId: ctx.channelId,
      now: this.deps.clock.now(),
      retentionDays: this.deps.retentionDays,
    });
    return this.recordAndHandOff(job, { type: 'watch', requestId: job.requestId });
  }

  /** `/ats rerun <job id>`: reruns the not-passed cases of a finished job (our id or ATS's). */
  async rerun(jobRef: string, ctx: RequestContext): Promise<RequestAnswer> {
    const finished = await this.findJob(jobRef);
    if (!finished) return notFound(jobRef);
    return this.claim(finished, ctx);
  }

  /**
   * The **Rerun not passed** button: `finishedRequestId` is the button's value. Double clicks and
   * clicks by two people start one rerun; the later click learns who started it.
   */
  async rerunFromButton(finishedRequestId: string, ctx: RequestContext): Promise<RequestAnswer> {
    const finished = /^[A-Za-z0-9._:-]{1,128}$/.test(finishedRequestId)
      ? await this.deps.store.get(finishedRequestId)
      : undefined;
    if (!finished) return notFound(finishedRequestId);
    return this.claim(finished, ctx);
  }

  /** One job (our id or ATS's), or the channel's active jobs. */
  async status(jobRef: string | undefined, ctx: RequestContext): Promise<RequestAnswer> {
    if (jobRef === undefined) {
      const jobs = await this.deps.store.listActiveInChannel(ctx.channelId, CHANNEL_STATUS_LIMIT);
      return { kind: 'channel_status', channelId: ctx.channelId, jobs };
    }
    const job = await this.findJob(jobRef);
    return job ? { kind: 'job_status', job } : notFound(jobRef);
  }

  /** The schedule commands, when scheduled runs are on (the schedule buttons use them too). */
  get schedules(): ScheduleRequests | undefined {
    return this.deps.schedules;
  }

  /** Carries out a schedule command, or says scheduled runs are off. */
  private async scheduling(
    carry: (schedules: ScheduleRequests) => Promise<ScheduleAnswer>,
  ): Promise<RequestAnswer> {
    if (!this.deps.schedules) {
      return {
        kind: 'refused',
        code: 'SCHEDULES_OFF',
        message: 'Scheduled runs are not set up for this bot: an admin deploys them with the bot.',
      };
    }
    return { kind: 'schedules', answer: await carry(this.deps.schedules) };
  }

  /** The configured templates. */
  list(): RequestAnswer {
    return { kind: 'catalog', templates: this.deps.catalog };
  }

  /** How to use `/ats`, with what went wrong if anything did. */
  help(problem?: CommandProblem): RequestAnswer {
    return { kind: 'help', templates: this.deps.catalog, ...(problem ? { problem } : {}) };
  }

  private async claim(finished: Job, ctx: RequestContext): Promise<RequestAnswer> {
    const entry = findTemplate(this.deps.catalog, finished);
    // A watched job of a template outside the catalog has no access rules to apply.
    const denied = entry ? await this.refuseAccess(entry, ctx) : undefined;
    if (denied) return denied;
    const rerunRequestId = this.requestIdFor(ctx);
    let claim: Awaited<ReturnType<typeof claimRerun>>;
    try {
      claim = await claimRerun(
        this.deps.store,
        finished,
        requester(ctx),
        rerunRequestId,
        this.deps.clock.now(),
      );
    } catch (error) {
      if (error instanceof UserFacingError)
        return { kind: 'refused', code: error.code, message: error.message };
      throw error;
    }
    if (!claim.claimed) {
      const rerun = await this.deps.store.get(claim.existingRerunRequestId);
      return {
        kind: 'already_rerunning',
        of: finished,
        rerun,
        rerunRequestId: claim.existingRerunRequestId,
        ...(claim.by ? { by: claim.by } : {}),
      };
    }
    const duplicate = claim.rerun.phase !== 'requested';
    if (!duplicate) {
      const failed = await this.handOff(
        { type: 'rerun', requestId: claim.rerun.requestId },
        claim.rerun,
      );
      if (failed) {
        await this.releaseClaim(finished.requestId, claim.rerun.requestId);
        return failed;
      }
    }
    const of = (await this.deps.store.get(finished.requestId)) ?? finished;
    return { kind: 'rerun_accepted', job: claim.rerun, of, duplicate };
  }

  /**
   * Records the job and invokes the worker. A redelivered request finds its job recorded: the
   * worker is invoked again only while the job has not been picked up (the worker is idempotent).
   */
  private async recordAndHandOff(job: Job, message: WorkerMessage): Promise<RequestAnswer> {
    if (!(await this.deps.store.create(job))) {
      const existing = (await this.deps.store.get(job.requestId)) ?? job;
      if (existing.phase === 'requested') {
        const failed = await this.handOff(message, existing);
        if (failed) return failed;
      }
      return { kind: 'accepted', job: existing, duplicate: true };
    }
    return (await this.handOff(message, job)) ?? { kind: 'accepted', job, duplicate: false };
  }

  /**
   * Invokes the worker; on failure marks the job `error` (so it never shows as active) and
   * returns the refusal to show. Resolves undefined when the hand-off worked.
   */
  private async handOff(message: WorkerMessage, job: Job): Promise<RequestAnswer | undefined> {
    try {
      await this.deps.invoker.invoke(message);
      return undefined;
    } catch {
      const now = this.deps.clock.now();
      const failed: Partial<Job> = {
        phase: 'error',
        lastError: 'The request could not be handed to the worker.',
        finishedAt: now,
      };
      // Best effort: a lost race means the worker got the job after all.
      await writeJob(this.deps.store, job, failed, now).catch(() => undefined);
      return {
        kind: 'refused',
        code: 'HANDOFF_FAILED',
        message:
          'I could not hand your request to the job worker. Nothing was started; please try again in a minute.',
      };
    }
  }

  /**
   * Gives the rerun right back after a failed hand-off, so the button works again instead of
   * pointing at a rerun that never started. Only the claim made by this rerun is released.
   */
  private async releaseClaim(finishedRequestId: string, rerunRequestId: string): Promise<void> {
    const { store, clock } = this.deps;
    try {
      const current = await store.get(finishedRequestId);
      if (!current) return;
      // Bounded: a lost race re-reads and decides again; after three the claim stays.
      await updateJob(
        store,
        current,
        (job) =>
          job.rerunRequestId === rerunRequestId
            ? { rerunRequestId: undefined, rerunBy: undefined }
            : undefined,
        clock.now(),
        3,
      );
    } catch {
      // Best effort: the claim stays and the button points at a rerun that never started.
    }
  }

  private requestIdFor(ctx: RequestContext): string {
    return ctx.triggerId ? requestIdFromTrigger(ctx.triggerId) : this.newRequestId();
  }

  /** The answer refusing a person who may not run the template; undefined when they may. */
  private async refuseAccess(
    entry: TemplateEntry,
    ctx: RequestContext,
  ): Promise<RequestAnswer | undefined> {
    let decision: AccessDecision;
    try {
      decision = await checkRunAccess(entry, ctx, this.deps.userGroups);
    } catch {
      return {
        kind: 'refused',
        code: 'ACCESS_CHECK_FAILED',
        message: `I could not check with Slack whether you may run ${entry.name}. Please try again in a minute.`,
      };
    }
    return decision.allowed
      ? undefined
      : { kind: 'not_allowed', template: entry, permitted: decision.permitted };
  }

  /** Our request id first (exact), then the ATS job id. */
  private async findJob(jobRef: string): Promise<Job | undefined> {
    return (await this.deps.store.get(jobRef)) ?? (await this.deps.store.findByAtsJobId(jobRef));
  }

  private unknownTemplate(target: string): CommandProblem {
    const alias = closestMatch(
      target,
      this.deps.catalog.map((e) => e.alias),
    );
    return {
      code: 'UNKNOWN_TEMPLATE',
      given: echo(target),
      about: 'run',
      ...(alias ? { suggestion: `run ${alias}` } : {}),
    };
  }

  private explain(command: Extract<AtsCommand, { verb: 'invalid' }>): CommandProblem {
    const problem: CommandProblem = {
      code: command.code,
      given: command.given,
      ...(command.about ? { about: command.about } : {}),
    };
    if (command.code !== 'UNKNOWN_COMMAND') return problem;
    // `/ats smoke` most likely means `/ats run smoke`.
    const alias = closestMatch(
      command.given,
      this.deps.catalog.map((e) => e.alias),
    );
    if (alias) return { ...problem, suggestion: `run ${alias}` };
    if (command.suggestedVerb) return { ...problem, suggestion: command.suggestedVerb };
    return problem;
  }
}

function requester(ctx: RequestContext): Job['requester'] {
  return ctx.responseUrl
    ? { userId: ctx.userId, responseUrl: ctx.responseUrl }
    : { userId: ctx.userId };
}

function notFound(jobRef: string): RequestAnswer {
  return {
    kind: 'refused',
    code: 'JOB_NOT_FOUND',
    message: `I know no job \`${echo(jobRef).replaceAll('`', "'")}\`. Use the job id from a job card (our id or the ATS job id); \`/ats status\` lists this channel's active jobs.`,
  };
}
