import { type ConfirmStep, hasNotPassed, type Job, type Verdict } from '../job';

/**
 * True when a finished job should be rerun automatically: done, started by the bot, with
 * automatic reruns left, and by the chain's rule. `until-pass`: cases did not pass and the job was
 * not canceled (someone stopped it on purpose). `confirm`: the original as `until-pass`; a rerun
 * only when it passed and needs confirming (a rerun that did not pass ends the chain).
 */
export function autoRerunDue(job: Job): boolean {
  if (
    job.phase !== 'done' ||
    job.kind === 'watch' ||
    job.atsJobId === undefined ||
    job.autoRerunsLeft <= 0
  ) {
    return false;
  }
  if (job.autoRerunRule === 'confirm' && job.attempt >= 1) {
    return job.result?.chain?.step === 'confirming';
  }
  return job.result?.verdict !== 'canceled' && hasNotPassed(job);
}

/**
 * Where a finished rerun of a `confirm` chain leaves it, from its verdict and the attempt before
 * it; undefined for anything else (an original, an `until-pass` chain).
 */
export function confirmStep(
  job: Job,
  verdict: Verdict,
  previous: Job | undefined,
): ConfirmStep | undefined {
  if (job.autoRerunRule !== 'confirm' || job.attempt < 1) return undefined;
  if (verdict !== 'passed') return 'failed';
  if (previous && previous.attempt >= 1 && previous.result?.verdict === 'passed') {
    return 'confirmed';
  }
  return job.autoRerunsLeft > 0 ? 'confirming' : 'unconfirmed';
}
