import { buildRunRecord } from '../history/run-record';
import type { Job } from '../job';
import type { LifecycleContext } from './lifecycle-context';

/**
 * Writes the history record of a terminal job (a run, each rerun, a watch of a known template).
 * Safe to repeat: the record's key is the job's request id and the store keeps the first write,
 * so a duplicate delivery or a retry after a crash writes nothing new. Without a history store
 * (tests, a deployment without it) it does nothing.
 * @throws whatever the history store throws: the message is retried and writes it then.
 */
export async function recordRun(ctx: LifecycleContext, job: Job): Promise<void> {
  if (!ctx.history) return;
  const record = buildRunRecord(job, ctx.settings.historyDays);
  if (!record) return;
  const written = await ctx.history.record(record);
  if (written) {
    ctx.log.info('Run recorded', {
      requestId: record.requestId,
      templateId: record.templateId,
      verdict: record.verdict,
    });
  }
}
