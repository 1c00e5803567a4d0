import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import { findTemplate } from '../../../../functions/core/requests/catalog-lookup';

// Two aliases run the same ATS template with different rules; a third entry's template id looks
// like another entry's alias.
const catalog = parseCatalog([
  { alias: 'nightly', templateId: 'TPL-SHARED', name: 'Nightly, open to all' },
  {
    alias: 'release',
    templateId: 'TPL-SHARED',
    name: 'Release gate',
    allowedUsers: ['U0RELEASE'],
    notifyChannels: ['C0RELEASE'],
  },
  { alias: 'smoke', templateId: 'release', name: 'Smoke, id shaped like an alias' },
]);

describe('findTemplate', () => {
  it('finds a job by its alias even when an earlier entry runs the same template', () => {
    // Act
    const entry = findTemplate(catalog, { templateAlias: 'release', templateId: 'TPL-SHARED' });

    // Assess
    expect(entry?.name).toBe('Release gate');
  });

  it('falls back to the first entry with the template id when no alias matches', () => {
    // Act
    const renamed = findTemplate(catalog, { templateAlias: 'gone', templateId: 'TPL-SHARED' });
    const watched = findTemplate(catalog, { templateId: 'TPL-SHARED' });

    // Assess
    expect(renamed?.name).toBe('Nightly, open to all');
    expect(watched?.name).toBe('Nightly, open to all');
  });

  it('lets an alias win over a template id that reads the same', () => {
    // Act
    const typed = findTemplate(catalog, { templateAlias: 'release', templateId: 'release' });

    // Assess
    expect(typed?.name).toBe('Release gate');
  });

  it('compares aliases and template ids regardless of case', () => {
    // Act
    const byAlias = findTemplate(catalog, { templateAlias: 'SMOKE', templateId: 'SMOKE' });
    const byId = findTemplate(catalog, { templateAlias: 'tpl-shared', templateId: 'tpl-shared' });

    // Assess
    expect(byAlias?.alias).toBe('smoke');
    expect(byId?.alias).toBe('nightly');
  });

  it('finds nothing for an unknown name or an empty reference', () => {
    // Act / Assess
    expect(findTemplate(catalog, { templateAlias: 'nope', templateId: 'nope' })).toBeUndefined();
    expect(findTemplate(catalog, {})).toBeUndefined();
  });
});
