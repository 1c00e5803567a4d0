import { DEMO_TEMPLATES } from '../ats/simulator/templates';
import type { TemplateEntry } from '../core/requests/catalog';

/** Alias people type for each demo template of the ATS simulator. */
const DEMO_ALIASES: ReadonlyArray<readonly [alias: string, templateId: string]> = [
  ['smoke', 'tpl-smoke'],
  ['regression', 'tpl-regression'],
  ['canceled', 'tpl-canceled'],
  ['warning', 'tpl-warning'],
  ['rejected', 'tpl-rejected'],
];

/**
 * The catalog local mode uses with the embedded ATS simulator: one alias per demo template
 * (`functions/ats/simulator/templates.ts`), each showing one way a job can end, named as the
 * simulator names it.
 */
export const DEMO_CATALOG: readonly TemplateEntry[] = DEMO_ALIASES.map(([alias, templateId]) => ({
  alias,
  templateId,
  name: DEMO_TEMPLATES.find((t) => t.templateId === templateId)?.name ?? templateId,
  notifyChannels: [],
  allowedUsers: [],
  allowedUserGroups: [],
  allowedChannels: [],
  autoReruns: 0,
  autoRerunRule: 'until-pass',
  broadcastFailures: false,
  quietPasses: true,
}));
