import type { RuntimeConfig } from './config';
import type { Clock, JobStore } from './core/ports';
import { botAdmins } from './core/requests/access';
import { type QuotaSettings, type QuotaStore, StartQuotas } from './core/requests/quotas';
import type { JobRequestsDeps } from './core/requests/requests';

/** The start quota settings of the runtime configuration (the rows of `functions/settings.ts`). */
export function quotaSettingsOf(runtime: RuntimeConfig): QuotaSettings {
  return {
    startsPerUser: runtime.startsPerUser,
    startWindowMinutes: runtime.startWindowMinutes,
    activeJobsPerChannel: runtime.activeJobsPerChannel,
  };
}

/**
 * What every {@link JobRequestsDeps} of the bot is built with besides its plumbing: the access
 * rule's admins and watchers and the start quotas over the quotas table. The ingress (commands,
 * buttons) and the worker (schedule firings) both take them from here, so every entry point is
 * decided by the same settings and counted in the same counters.
 */
export function requestRulesOf(
  runtime: RuntimeConfig,
  parts: { jobs: JobStore; quotaStore: QuotaStore; clock: Clock },
): Required<Pick<JobRequestsDeps, 'admins' | 'watchers' | 'quotas'>> {
  return {
    admins: botAdmins(runtime.admins),
    watchers: runtime.watchers,
    quotas: new StartQuotas({
      store: parts.quotaStore,
      jobs: parts.jobs,
      clock: parts.clock,
      settings: quotaSettingsOf(runtime),
    }),
  };
}
