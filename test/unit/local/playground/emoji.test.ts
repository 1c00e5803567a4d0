import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMOJI, mrkdwnToHtml } from '../../../../functions/local/playground/static/mrkdwn';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The emoji shortcodes the bot writes into messages: `:name:` inside the string literals of the
 * domain and the Slack adapter (comments left out, where `hh:mm:ss` would look like one).
 */
function shortcodesTheBotUses(): Set<string> {
  const found = new Set<string>();
  for (const file of [
    ...sources(join(ROOT, 'functions/slack')),
    ...sources(join(ROOT, 'functions/core')),
  ]) {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const literal of code.match(/'[^'\n]*'|`[^`]*`|"[^"\n]*"/g) ?? []) {
      for (const match of literal.matchAll(/:([a-z][a-z0-9_+-]*):/g)) found.add(match[1] ?? '');
    }
  }
  return found;
}

describe('playground emoji', () => {
  it('draws every emoji shortcode the bot uses, so none shows as raw text', () => {
    // Prepare
    const used = shortcodesTheBotUses();

    // Act
    const missing = [...used].filter((name) => !(name in EMOJI));

    // Assess
    expect(used.size).toBeGreaterThan(10);
    expect(used).toContain('thinking_face');
    expect(missing).toEqual([]);
  });

  it('renders the typo answer’s :thinking_face: as the emoji', () => {
    // Act
    const html = mrkdwnToHtml(':thinking_face: There is no template `smoek`.');

    // Assess
    const shown = html.replace(/<[^>]*>/g, '');
    expect(shown).toContain('🤔');
    expect(shown).not.toContain(':thinking_face:');
  });
});
