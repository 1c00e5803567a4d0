import { UserFacingError } from '../errors';
import { answerHistory } from '../history/history-answer';
import { isTerminal, type Job, newJob } from '../job';
import { updateJob, writeJob } from '../job-writes';
import { canStartRerun, claimRerun, latestRerunFrom } from '../lifecycle/rerun-claim';
import type { WorkerMessage } from '../ports';
import type { ScheduleAnswer } from '../schedules/schedule-answer';
import type { ScheduleRequests } from '../schedules/schedule-requests';
import { type AccessPolicy, type AccessRequest, decideAccess } from './access';
import { accessRefusalAnswer, notFound } from './access-answers';
import type { TemplateEntry } from './catalog';
import { findTemplate } from './catalog-lookup';
import { type AtsCommand, parseAtsCommand } from './command';
import { explainProblem, unknownTemplate } from './command-problems';
import type { JobRequestsDeps } from './job-requests-deps';
import {
  type CommandProblem,
  type RequestAnswer,
  type RequestContext,
  requester,
} from './request-answer';
import { requestIdFromTrigger } from './request-id';
import { pickerChoices } from './run-picker';
import { StartAdmission, startOf } from './start-admission';

export type { JobRequestsDeps } from './job-requests-deps';
export { requestIdFromTrigger };

/** How many active jobs `/ats status` lists for a channel. */
const CHANNEL_STATUS_LIMIT = 20;

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
  /** What the one access rule ({@link decideAccess}) decides with. */
  readonly access: AccessPolicy;
  private readonly admission: StartAdmission;

  constructor(private readonly deps: JobRequestsDeps) {
    this.newRequestId = deps.newRequestId ?? (() => `req-${crypto.randomUUID()}`);
    this.access = {
      catalog: deps.catalog,
      admins: deps.admins ?? { users: [], userGroups: [] },
      watchers: deps.watchers ?? 'anyone',
      ...(deps.userGroups ? { userGroups: deps.userGroups } : {}),
    };
    this.admission = new StartAdmission(deps.store, deps.quotas);
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
      case 'history':
        return answerHistory({ ...this.deps, access: this.access }, command, ctx);
      case 'schedule':
        return this.scheduling((s) => s.schedule(command.target, command.when, ctx));
      case 'schedules':
        return this.scheduling((s) => s.list(ctx));
      case 'unschedule':
        return this.scheduling((s) => s.change('remove', command.scheduleId, ctx));
      case 'pick':
        return this.pick(ctx);
      case 'digest': // Every assembly with schedules has digests; without schedules: off.
        return this.deps.digests
          ? this.deps.digests.handle(command.when, ctx)
          : this.scheduling(() => Promise.reject(new Error('Digests are not assembled')));
      case 'help':
        return this.help();
      case 'invalid':
        return this.help(explainProblem(command, this.deps.catalog));
    }
  }

  /**
   * Starts a run of a catalogued template, by alias or template id. Unknown templates get help
   * with the closest alias; people not allowed get who may.
   */
  async run(target: string, ctx: RequestContext): Promise<RequestAnswer> {
    const entry = findTemplate(this.deps.catalog, { templateAlias: target, templateId: target });
    if (!entry) return this.help(unknownTemplate(target, this.deps.catalog));
    const denied = await this.refuseAccess(ctx, { action: 'run', template: entry }, target);
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
    return this.recordAndHandOff(job, { type: 'start', requestId: job.requestId }, ctx);
  }

  /**
   * Follows an ATS job started elsewhere and posts its result in this channel. A job the bot
   * already follows is not followed twice, and one followed in another channel is not copied here.
   */
  async watch(atsJobId: string, ctx: RequestContext): Promise<RequestAnswer> {
    const known = await this.deps.store.findByAtsJobId(atsJobId);
    const denied = await this.refuseAccess(ctx, { action: 'watch', followed: known }, atsJobId);
    if (denied) return denied;
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
    return this.recordAndHandOff(job, { type: 'watch', requestId: job.requestId }, ctx);
  }

  /** `/ats rerun <job id>`: reruns the not-passed cases of a finished job (our id or ATS's). */
  async rerun(jobRef: string, ctx: RequestContext): Promise<RequestAnswer> {
    const finished = await this.findJob(jobRef);
    if (!finished) return notFound(jobRef);
    return this.claim(finished, ctx, jobRef);
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
    return this.claim(finished, ctx, finishedRequestId);
  }

  /** One job (our id or ATS's), or the channel's active jobs. */
  async status(jobRef: string | undefined, ctx: RequestContext): Promise<RequestAnswer> {
    if (jobRef === undefined) {
      const jobs = await this.deps.store.listActiveInChannel(ctx.channelId, CHANNEL_STATUS_LIMIT);
      return { kind: 'channel_status', channelId: ctx.channelId, jobs };
    }
    const job = await this.findJob(jobRef);
    if (!job) return notFound(jobRef);
    const verdict = await decideAccess(this.access, ctx, { action: 'see', job });
    if (!verdict.allowed) return accessRefusalAnswer(verdict.refusal, jobRef);
    return { kind: 'job_status', job, ...(verdict.fromElsewhere ? { fromElsewhere: true } : {}) };
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

  /** The run picker: what this person may run here (the access rule), nothing recorded. */
  async pick(ctx: RequestContext): Promise<RequestAnswer> {
    const mayRun = async (template: TemplateEntry) =>
      (await decideAccess(this.access, ctx, { action: 'run', template })).allowed;
    const choices = await pickerChoices(this.deps.catalog, mayRun, this.deps.store);
    return { kind: 'run_picker', channelId: ctx.channelId, choices, now: this.deps.clock.now() };
  }

  /** The configured templates. */
  list(): RequestAnswer {
    return { kind: 'catalog', templates: this.deps.catalog };
  }

  /** How to use `/ats`, with what went wrong if anything did. */
  help(problem?: CommandProblem): RequestAnswer {
    return { kind: 'help', templates: this.deps.catalog, ...(problem ? { problem } : {}) };
  }

  private async claim(finished: Job, ctx: RequestContext, jobRef: string): Promise<RequestAnswer> {
    const denied = await this.refuseAccess(ctx, { action: 'rerun', job: finished }, jobRef);
    if (denied) return denied;
    const rerunRequestId = this.requestIdFor(ctx);
    // Only a rerun this request may start takes a place; claimRerun answers the others.
    const start = canStartRerun(finished) ? startOf(rerunRequestId, ctx) : undefined;
    if (start) {
      const over = await this.admission.admit(start);
      if (over) return over;
    }
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
      if (start) await this.admission.withdraw(start);
      if (error instanceof UserFacingError)
        return { kind: 'refused', code: error.code, message: error.message };
      throw error;
    }
    if (!claim.claimed) {
      if (start) await this.admission.withdraw(start);
      const rerun = await this.deps.store.get(claim.existingRerunRequestId);
      const latest = rerun ? await latestRerunFrom(this.deps.store, rerun) : undefined;
      if (latest && isTerminal(latest.phase)) {
        return {
          kind: 'already_rerun',
          of: finished,
          latest,
          ...(claim.by ? { by: claim.by } : {}),
        };
      }
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
        if (start) await this.admission.withdraw(start);
        return failed;
      }
    }
    const of = (await this.deps.store.get(finished.requestId)) ?? finished;
    return { kind: 'rerun_accepted', job: claim.rerun, of, duplicate };
  }

  /**
   * Admits the job by the start quotas, records it and invokes the worker. A redelivered request
   * finds its place and its job recorded: the worker is invoked again only while the job has not
   * been picked up (the worker is idempotent).
   */
  private async recordAndHandOff(
    job: Job,
    message: WorkerMessage,
    ctx: RequestContext,
  ): Promise<RequestAnswer> {
    const start = startOf(job.requestId, ctx);
    const over = await this.admission.admit(start);
    if (over) return over;
    if (!(await this.deps.store.create(job))) {
      const existing = (await this.deps.store.get(job.requestId)) ?? job;
      if (existing.phase === 'requested') {
        const failed = await this.handOff(message, existing);
        if (failed) return failed;
      }
      return { kind: 'accepted', job: existing, duplicate: true };
    }
    const failed = await this.handOff(message, job);
    if (failed) await this.admission.withdraw(start);
    return failed ?? { kind: 'accepted', job, duplicate: false };
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

  /** The answer refusing what the access rule refuses; undefined when it allows it. */
  private async refuseAccess(
    ctx: RequestContext,
    request: AccessRequest,
    asked: string,
  ): Promise<RequestAnswer | undefined> {
    const verdict = await decideAccess(this.access, ctx, request);
    return verdict.allowed ? undefined : accessRefusalAnswer(verdict.refusal, asked);
  }

  /** Our request id first (exact), then the ATS job id. */
  private async findJob(jobRef: string): Promise<Job | undefined> {
    return (await this.deps.store.get(jobRef)) ?? (await this.deps.store.findByAtsJobId(jobRef));
  }
}
