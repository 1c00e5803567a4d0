import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeRule, type SettingSpec } from '../functions/setting-spec';
import { SETTINGS, type SettingName, settingSpec } from '../functions/settings';
import { PROJECT_ROOT } from '../lib/project-root';

// `npm run docs:config`: writes the settings part of docs/configuration.md from the settings table
// (functions/settings.ts). Only the part between the two markers is generated; the rest of the
// page is written by hand. `test/unit/settings-docs.test.ts` fails when the page is out of date.

/** The page the settings are documented on. */
export const CONFIGURATION_PAGE = join(PROJECT_ROOT, 'docs', 'configuration.md');

/** Where the generated part starts and ends. */
export const GENERATED_START =
  '<!-- settings: generated from functions/settings.ts by `npm run docs:config`; edit the table there -->';
export const GENERATED_END = '<!-- end of generated settings -->';

/** The sections, in order: who sets the settings in each. */
const SECTIONS: readonly { scope: SettingSpec['scope']; title: string; intro: string }[] = [
  {
    scope: 'deployment',
    title: 'Deployment options (`cdk.json` → `context.atsBot`)',
    intro:
      'Checked at synth. The stack passes those with a variable to the functions, which check them again at start-up; local mode reads the same variables.',
  },
  {
    scope: 'secret',
    title: 'Secrets',
    intro:
      "On AWS, keys of the JSON in each function's own Secrets Manager secret (*Secret of* says whose; the stack creates them with `REPLACE_ME` for the required ones); in local mode and tests, the variables.",
  },
  {
    scope: 'stack',
    title: 'Set by the stack',
    intro: 'Names and ARNs of the resources the stack creates; nothing to set by hand.',
  },
  {
    scope: 'local',
    title: 'Local mode and tests only',
    intro: 'Never set on AWS.',
  },
  {
    scope: 'code',
    title: 'Fixed in code (`LifecycleSettings`)',
    intro: "No option or variable sets them: the lifecycle's own tunables, which tests may change.",
  },
];

/** The generated part of the page, markers included. */
export function renderSettingsSection(): string {
  const lines = [GENERATED_START];
  for (const section of SECTIONS) {
    const names = (Object.keys(SETTINGS) as SettingName[]).filter(
      (name) => settingSpec(name).scope === section.scope,
    );
    lines.push('', `### ${section.title}`, '', section.intro, '');
    // Secrets say whose secret holds them: each function reads only its own.
    const secrets = section.scope === 'secret';
    lines.push(
      `| Setting | Variable | Default | Accepts | Meaning |${secrets ? ' Secret of |' : ''}`,
      `|---|---|---|---|---|${secrets ? '---|' : ''}`,
    );
    for (const name of names) lines.push(row(name, settingSpec(name)));
  }
  lines.push('', GENERATED_END);
  return lines.join('\n');
}

/** What the Default column says: the value, "required", or what happens when unset. */
export function defaultCell(spec: SettingSpec): string {
  const requiredAt = (spec.required ?? []).filter((where) => where !== 'local');
  const shown = typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
  const value = spec.default === undefined ? undefined : `\`${shown}\``;
  if (requiredAt.includes('deployment')) {
    return value === undefined ? 'required' : `required (unset at run time: ${value})`;
  }
  if (value !== undefined) return value;
  const required = requiredAt.length > 0 ? `required by ${requiredAt.join(', ')}` : undefined;
  return [required, spec.unsetMeans].filter(Boolean).join('; ') || 'none';
}

function row(name: SettingName, spec: SettingSpec): string {
  const variable = spec.env ? `\`${spec.env}\`` : '—';
  const cells = [`\`${name}\``, variable, defaultCell(spec), describeRule(spec.rule), spec.meaning];
  if (spec.scope === 'secret') cells.push((spec.secretOf ?? []).join(', '));
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

/**
 * The page with its generated part replaced by `section`.
 * @throws Error when the page lacks the markers.
 */
export function withSettingsSection(page: string, section: string): string {
  const start = page.indexOf(GENERATED_START);
  const end = page.indexOf(GENERATED_END);
  if (start < 0 || end < start) {
    throw new Error(`${CONFIGURATION_PAGE} has no generated settings part: add the two markers`);
  }
  return page.slice(0, start) + section + page.slice(end + GENERATED_END.length);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
  writeFileSync(CONFIGURATION_PAGE, withSettingsSection(page, renderSettingsSection()));
  console.log(`Wrote the settings of ${CONFIGURATION_PAGE}`);
}
