import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import { engine, type Preset } from 'unified-engine';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../lib/project-root';

/**
 * remark-validate-links as unified-engine takes plugins. The engine types a plugin loosely (any
 * options, any tree) and hands it the file set, which lets it check anchors across files; this
 * plugin's own types (its options, a Markdown root) cannot be matched to that, hence the cast.
 */
const validateLinks = remarkValidateLinks as unknown as Plugin;
type Plugin = Extract<Extract<Preset['plugins'], unknown[]>[number], (...args: never[]) => unknown>;

/** One broken link: the file it is in, its line, and what is wrong. */
interface BrokenLink {
  file: string;
  line: number | undefined;
  reason: string;
}

/**
 * Checks every relative link and `#anchor` in the given Markdown files (and in the Markdown files
 * of the given folders) with remark-validate-links: linked files must exist, anchors must match
 * a heading's GitHub slug in the linked file. Offline: external URLs are not checked, git is not
 * asked.
 * @returns the files that were checked (relative to `root`) and every broken link found.
 */
async function checkMarkdownLinks(
  root: string,
  files: readonly string[],
): Promise<{ checked: string[]; broken: BrokenLink[] }> {
  return new Promise((done, reject) => {
    engine(
      {
        processor: remark(),
        cwd: root,
        files: [...files],
        extensions: ['md'],
        plugins: [[validateLinks, { repository: false, root }]],
        // Report nothing on stderr and write nothing back: the findings are returned.
        silent: true,
        output: false,
        out: false,
        detectConfig: false,
        detectIgnore: false,
      },
      (error, _code, context) => {
        if (error) return reject(error);
        const vfiles = context?.files ?? [];
        const name = (f: (typeof vfiles)[number]) => relative(root, resolve(f.cwd, f.path));
        done({
          checked: vfiles.map(name).sort(),
          broken: vfiles.flatMap((f) =>
            f.messages.map((m) => ({
              file: name(f),
              line: m.line,
              reason: m.reason,
            })),
          ),
        });
      },
    );
  });
}

const describeBroken = (broken: readonly BrokenLink[]) =>
  broken.map((b) => `${b.file}:${b.line ?? '?'} ${b.reason}`);

describe('links in README.md and docs/', () => {
  it('every relative link and anchor resolves', async () => {
    // Prepare
    const docs = readdirSync(join(PROJECT_ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`);

    // Act
    const { checked, broken } = await checkMarkdownLinks(PROJECT_ROOT, ['README.md', ...docs]);

    // Assess
    expect(checked).toEqual(['README.md', ...docs].sort());
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(describeBroken(broken)).toEqual([]);
  });
});

describe('checkMarkdownLinks', () => {
  const root = mkdtempSync(join(tmpdir(), 'docs-links-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('finds missing files, missing headings here and in other files, and accepts GitHub slugs', async () => {
    // Prepare
    write(
      'README.md',
      [
        '# Guide',
        '',
        '[ok](docs/deploy.md#1-configure-cdkjson--contextatsbot) [ok](#guide) [ok](src/app.ts)',
        '[ok](docs/deploy.md#alarms-1) [ok](https://example.com/nowhere#x) ![ok](docs/shot.png)',
        '',
        '[bad](docs/gone.md) [bad](#nowhere) [bad](docs/deploy.md#step-9)',
      ].join('\n'),
    );
    write(
      'docs/deploy.md',
      [
        '# Deploy',
        '',
        '## 1. Configure (`cdk.json` → `context.atsBot`)',
        '',
        '## Alarms',
        '',
        '## Alarms',
        '',
        '[ok](../README.md#guide) [bad](../README.md#deploy)',
      ].join('\n'),
    );
    write('docs/shot.png', '');
    write('src/app.ts', '');

    // Act
    const { checked, broken } = await checkMarkdownLinks(root, ['README.md', 'docs']);

    // Assess
    expect(checked).toEqual(['README.md', 'docs/deploy.md']);
    expect(describeBroken(broken).sort()).toEqual([
      'README.md:6 Cannot find file `docs/gone.md`',
      'README.md:6 Cannot find heading for `#nowhere`',
      'README.md:6 Cannot find heading for `#step-9` in `docs/deploy.md`',
      'docs/deploy.md:9 Cannot find heading for `#deploy` in `../README.md`',
    ]);
  });
});
