import { type Job, newJob } from '../../functions/core/job';
import type { TemplateEntry } from '../../functions/core/requests/catalog';

/** The moment test jobs are created at, unless a test says otherwise. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

/** A job as the ingress records it (`requested`), with test defaults, then `overrides`. */
export function testJob(overrides: Partial<Job> = {}, now = T0): Job {
  return {
    ...newJob({
      requestId: 'r1',
      kind: 'run',
      templateId: 'tpl',
      templateName: 'Suite',
      requester: { userId: 'U0000ALICE' },
      channelId: 'C0000TESTS',
      now,
    }),
    ...overrides,
  };
}

/**
 * The job the ingress records for `/ats run <alias>` (with the catalog entry) or
 * `/ats watch <atsJobId>`.
 */
export function requestedJob(input: {
  requestId: string;
  kind: 'run' | 'watch';
  entry?: TemplateEntry;
  /** What the person typed: the alias of a run, the ATS job id of a watch. */
  typed: string;
  user: string;
  now: number;
}): Job {
  const run = input.kind === 'run';
  return newJob({
    requestId: input.requestId,
    kind: input.kind,
    templateId: run ? input.entry?.templateId : undefined,
    templateAlias: run ? input.entry?.alias : undefined,
    templateName: run ? (input.entry?.name ?? input.typed) : `ATS job ${input.typed}`,
    atsJobId: run ? undefined : input.typed,
    requester: { userId: input.user },
    channelId: 'C0000TESTS',
    now: input.now,
  });
}

/** `/ats run smoke` (TPL-SMOKE, "Smoke tests") by U0ALICE in C0TESTS, as the ingress records it. */
export function smokeTestsRun(requestId: string, now: number): Job {
  return newJob({
    requestId,
    kind: 'run',
    templateId: 'TPL-SMOKE',
    templateAlias: 'smoke',
    templateName: 'Smoke tests',
    requester: { userId: 'U0ALICE' },
    channelId: 'C0TESTS',
    now,
  });
}
