import type { Job } from '../job';
import type { JobStore } from '../ports';
import type { TemplateEntry } from './catalog';
import type { PickerChoice } from './request-answer';

/**
 * How long the picker waits for the templates' last runs. The modal must open within Slack's 3 s
 * for the command's `trigger_id`; without the verdicts it is still useful.
 */
const LAST_RUNS_BUDGET_MS = 800;

/** Most templates a picker lists (Slack's select menus hold 100 options). */
export const MAX_PICKER_CHOICES = 100;

/**
 * The templates `mayRun` allows (the one access rule; one whose check fails is left out: the
 * person can still type `/ats run <alias>` and be told why), each with its last finished run when
 * the store answers in time.
 * @throws nothing: lookups that fail only leave information out.
 */
export async function pickerChoices(
  catalog: readonly TemplateEntry[],
  mayRun: (template: TemplateEntry) => Promise<boolean>,
  store: JobStore,
): Promise<PickerChoice[]> {
  const allowed: TemplateEntry[] = [];
  for (const template of catalog) {
    if (allowed.length >= MAX_PICKER_CHOICES) break;
    if (await mayRun(template).catch(() => false)) allowed.push(template);
  }
  const last = await withinBudget(
    Promise.all(allowed.map((t) => lastRun(store, t))),
    LAST_RUNS_BUDGET_MS,
  );
  return allowed.map((template, i) => {
    const run = last?.[i];
    return run ? { template, last: run } : { template };
  });
}

/** The newest finished first run of a template; undefined when none or the store failed. */
async function lastRun(store: JobStore, template: TemplateEntry): Promise<Job | undefined> {
  try {
    const [newest] = await store.recentFinishedRuns(template.templateId, false, 1);
    return newest;
  } catch {
    return undefined;
  }
}

/** The promise's value, or undefined when it takes longer than `ms`. */
async function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
