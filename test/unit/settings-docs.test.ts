import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONFIGURATION_PAGE,
  GENERATED_END,
  GENERATED_START,
  renderSettingsSection,
  withSettingsSection,
} from '../../bin/docs-config';
import { SETTINGS, type SettingName, settingSpec } from '../../functions/settings';

/** The generated part of docs/configuration.md as committed. */
function committedSection(): string {
  const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
  const start = page.indexOf(GENERATED_START);
  const end = page.indexOf(GENERATED_END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return page.slice(start, end + GENERATED_END.length);
}

/** Rows of the page's settings tables: setting name → its cells. */
function documentedRows(section: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const match = /^\| `([A-Za-z]+)` \|(.*)\|$/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    expect(rows.has(match[1]), `${match[1]} is documented twice`).toBe(false);
    rows.set(
      match[1],
      match[2].split(' | ').map((cell) => cell.trim()),
    );
  }
  return rows;
}

describe('docs/configuration.md', () => {
  it('lists exactly the settings of the table, each with its variable and default', () => {
    // Prepare
    const names = Object.keys(SETTINGS) as SettingName[];

    // Act
    const rows = documentedRows(committedSection());

    // Assess
    expect([...rows.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      const spec = settingSpec(name);
      const [variable, fallback] = rows.get(name) ?? [];
      expect(variable, name).toBe(spec.env ? `\`${spec.env}\`` : '—');
      if (spec.default !== undefined) {
        const shown =
          typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
        expect(fallback, name).toContain(`\`${shown}\``);
      }
    }
  });

  it('is what `npm run docs:config` writes from the table today', () => {
    // Act
    const committed = committedSection();

    // Assess
    expect(committed).toBe(renderSettingsSection());
  });

  it('keeps the hand-written part of the page when the settings part is rewritten', () => {
    // Prepare
    const page = `# Title\n\nText.\n\n${GENERATED_START}\nold\n${GENERATED_END}\n\nMore.\n`;

    // Act
    const rewritten = withSettingsSection(page, `${GENERATED_START}\nnew\n${GENERATED_END}`);

    // Assess
    expect(rewritten).toBe(
      `# Title\n\nText.\n\n${GENERATED_START}\nnew\n${GENERATED_END}\n\nMore.\n`,
    );
    expect(() => withSettingsSection('# No markers', 'x')).toThrow(/no generated settings part/);
  });
});
