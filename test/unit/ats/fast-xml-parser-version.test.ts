import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Published fast-xml-parser advisories about entities and DOCTYPE handling, with the first
 * version of the 5.x line that fixes each. ATS answers are untrusted, so the installed parser
 * must be at least the highest of these.
 */
const ENTITY_ADVISORIES = [
  {
    id: 'GHSA-6w63-h3fj-q4vw',
    cve: 'CVE-2023-34104',
    what: 'regex injection via DOCTYPE entity names',
    fixed: '4.2.4',
  },
  {
    id: 'GHSA-37qj-frw5-hhjh',
    cve: 'CVE-2026-25128',
    what: 'RangeError DoS from out-of-range numeric entities',
    fixed: '5.3.4',
  },
  {
    id: 'GHSA-m7jm-9gc2-mpf2',
    cve: 'CVE-2026-25896',
    what: 'entity encoding bypass via DOCTYPE entity names',
    fixed: '5.3.5',
  },
  {
    id: 'GHSA-jmr7-xgp7-cmfj',
    cve: 'CVE-2026-26278',
    what: 'DoS through unlimited entity expansion in DOCTYPE',
    fixed: '5.3.6',
  },
  {
    id: 'GHSA-8gc5-j5rx-235r',
    cve: 'CVE-2026-33036',
    what: 'numeric entity expansion bypassing the limits',
    fixed: '5.5.6',
  },
  {
    id: 'GHSA-jp2q-39xq-3w4g',
    cve: 'CVE-2026-33349',
    what: 'expansion limits bypassed when set to zero',
    fixed: '5.5.7',
  },
  {
    id: 'GHSA-8r6m-32jq-jx6q',
    cve: 'CVE-2026-73569',
    what: 'repeated DOCTYPEs reset the expansion limits',
    fixed: '5.10.1',
  },
  // Not an entity advisory, but it concerns the builder the envelopes are made with.
  {
    id: 'GHSA-gh4j-gqv2-49f6',
    cve: 'CVE-2026-41650',
    what: 'builder CDATA/comment injection',
    fixed: '5.7.0',
  },
] as const;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

describe('fast-xml-parser carries none of the entity-expansion advisories', () => {
  it('the installed version is at least the highest first-fixed version', () => {
    // Prepare
    // Its exports map hides package.json from resolution: read the installed file itself.
    const manifestPath = new URL(
      '../../../node_modules/fast-xml-parser/package.json',
      import.meta.url,
    );
    const { version } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    const required =
      ENTITY_ADVISORIES.map((a) => a.fixed)
        .sort(compareVersions)
        .at(-1) ?? '0.0.0';

    // Act
    const comparison = compareVersions(version, required);

    // Assess
    expect(required).toBe('5.10.1');
    expect(comparison, `fast-xml-parser ${version} < ${required}`).toBeGreaterThanOrEqual(0);
  });

  it('package.json pins it for transitive users too (overrides)', () => {
    // Prepare
    const manifest = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      dependencies: Record<string, string>;
      overrides?: Record<string, string>;
    };

    // Act
    const declared = manifest.dependencies['fast-xml-parser'] ?? '0.0.0';

    // Assess
    expect(compareVersions(declared.replace(/^[\^~]/, ''), '5.10.1')).toBeGreaterThanOrEqual(0);
    expect(manifest.overrides?.['fast-xml-parser']).toBe('$fast-xml-parser');
  });
});
