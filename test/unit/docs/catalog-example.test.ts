import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { PROJECT_ROOT } from '../../../lib/project-root';

// The worked catalog example of docs/deploy.md is a catalog the bot accepts, and every id in it
// is one the prose says where it came from.
describe('the worked catalog example in docs/deploy.md', () => {
  it('is a valid catalog whose every id is explained in the text before it', () => {
    // Prepare
    const guide = readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');
    const from = guide.indexOf('A worked example');
    const block = /```json\n([\s\S]*?)\n```/.exec(guide.slice(from));
    const prose = guide.slice(from, from + (block?.index ?? 0));

    // Act
    const catalog = parseCatalog(JSON.parse(block?.[1] ?? 'null'));

    // Assess
    expect(catalog.map((e) => e.alias)).toEqual(['smoke', 'regression']);
    const ids = catalog.flatMap((e) => [
      e.templateId,
      ...(e.allowedUsers ?? []),
      ...(e.allowedUserGroups ?? []),
      ...(e.notifyChannels ?? []),
    ]);
    expect(ids).toHaveLength(5);
    for (const id of ids) expect(prose, id).toContain(id);
  });
});
