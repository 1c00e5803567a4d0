import type { SimTemplate, SimTestCase } from '../../../functions/ats/simulator/simulator';
import { parseCatalog, type TemplateEntry } from '../../../functions/core/requests/catalog';
import type { SeededChance } from './seeded-chance';

/** How the jobs of one template behave in ATS. */
export type Behaviour =
  | 'pass'
  | 'fail'
  | 'flaky-auto'
  | 'not-executed'
  | 'canceled'
  | 'warning'
  | 'rejected'
  | 'rejected-fault'
  | 'slow-queue'
  | 'endless';

/** Share of each behaviour among the load's templates. */
const BEHAVIOURS: readonly (readonly [Behaviour, number])[] = [
  ['pass', 34],
  ['fail', 20],
  ['flaky-auto', 15],
  ['not-executed', 5],
  ['canceled', 5],
  ['warning', 5],
  ['rejected', 4],
  ['rejected-fault', 2],
  ['slow-queue', 8],
  ['endless', 2],
];

/** Channel that receives completion notices of some templates. */
export const NOTIFY_CHANNEL = 'C0NOTIFY';

/** One template of the load: what the simulator plays and what the catalog says. */
export interface LoadTemplate {
  index: number;
  behaviour: Behaviour;
  sim: SimTemplate;
  /** Undefined for templates started outside the bot (watched jobs). */
  entry?: TemplateEntry;
}

const MIN = 60;

/** How long an `endless` template's jobs run in ATS by default: far beyond any poll limit. */
const ENDLESS_SECONDS = 48 * 60 * MIN;

function cases(behaviour: Behaviour, name: string, chance: SeededChance): SimTestCase[] {
  const login: SimTestCase = { name: 'Log in', result: 'Passed', durationSeconds: 12 };
  switch (behaviour) {
    case 'fail':
      return [
        login,
        {
          name: 'Pay by card',
          result: 'Failed',
          durationSeconds: 48,
          errorMessage: "Element 'Pay now' not found within 30 seconds",
          // A manual rerun passes or fails again; a failed rerun can be rerun in turn.
          onRerun: [chance.pick(`rerun-result|${name}`, ['Passed', 'Failed'] as const), 'Passed'],
        },
      ];
    case 'flaky-auto':
      return [
        login,
        {
          name: 'Apply voucher',
          result: 'Failed',
          durationSeconds: 30,
          errorMessage: 'Timed out waiting for the voucher field',
          onRerun: chance.happens(`flaky-twice|${name}`, 0.5) ? ['Failed', 'Passed'] : ['Passed'],
        },
      ];
    case 'not-executed':
      return [
        login,
        { name: 'Export PDF', result: 'Not_Executed', durationSeconds: 0, onRerun: ['Passed'] },
      ];
    case 'canceled':
      return [login, { name: 'Create order', result: 'Not_Executed', durationSeconds: 0 }];
    default:
      return [login, { name: 'Open dashboard', result: 'Passed', durationSeconds: 20 }];
  }
}

/**
 * The load's templates: one per run request (`tpl-<n>`, alias `t<n>`), so the simulator's record
 * of RunJob calls tells exactly how many times each request was sent, plus `ext-<n>` templates
 * whose jobs are started outside the bot and watched. Short simulated durations keep the virtual
 * run short; a few templates never finish (timed out at the poll limit: they run `endlessSeconds`,
 * two days unless told) or queue for long. With `allowedChannels`, the catalog lets only those
 * channels run them.
 */
export function loadTemplates(
  chance: SeededChance,
  runs: number,
  watched: number,
  allowedChannels: readonly string[] = [],
  endlessSeconds = ENDLESS_SECONDS,
): { templates: LoadTemplate[]; catalog: TemplateEntry[] } {
  const templates: LoadTemplate[] = [];
  const entries: unknown[] = [];
  for (let i = 0; i < runs; i++) {
    const behaviour = chance.weighted(`behaviour|${i}`, BEHAVIOURS);
    const templateId = `tpl-${i}`;
    const name = `Suite ${i} (${behaviour})`;
    const sim: SimTemplate = {
      templateId,
      name,
      queuedSeconds: behaviour === 'slow-queue' ? chance.int(`queued|${i}`, 3 * MIN, 5 * MIN) : 20,
      runningSeconds:
        behaviour === 'endless' ? endlessSeconds : chance.int(`running|${i}`, 40, 100),
      testCases: cases(behaviour, templateId, chance),
      ...(behaviour === 'canceled' ? { canceled: true } : {}),
      ...(behaviour === 'warning' ? { warning: true } : {}),
      ...(behaviour === 'rejected'
        ? { reject: { as: 'not_started' as const, message: 'No Selenium hub is free.' } }
        : {}),
      ...(behaviour === 'rejected-fault'
        ? { reject: { as: 'soap_fault' as const, message: 'Template is disabled.' } }
        : {}),
    };
    const entry = {
      alias: `t${i}`,
      templateId,
      name,
      autoReruns: behaviour === 'flaky-auto' ? chance.int(`auto|${i}`, 1, 2) : 0,
      notifyChannels: chance.happens(`notify|${i}`, 0.1) ? [NOTIFY_CHANNEL] : [],
      broadcastFailures: chance.happens(`broadcast|${i}`, 0.1),
      allowedChannels: [...allowedChannels],
    };
    entries.push(entry);
    templates.push({ index: i, behaviour, sim });
  }
  const catalog = parseCatalog(entries);
  catalog.forEach((entry, i) => {
    const template = templates[i];
    if (template) template.entry = entry;
  });
  for (let k = 0; k < watched; k++) {
    const behaviour = chance.pick(`watched|${k}`, ['pass', 'fail'] as const);
    templates.push({
      index: runs + k,
      behaviour,
      sim: {
        templateId: `ext-${k}`,
        name: `External suite ${k}`,
        queuedSeconds: 20,
        runningSeconds: chance.int(`running|ext-${k}`, 40, 100),
        testCases: cases(behaviour, `ext-${k}`, chance),
      },
    });
  }
  return { templates, catalog };
}
