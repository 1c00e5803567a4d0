import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../functions/slack/blocks/digest-message';
import { exampleDigest } from '../../support/digest-example';
import { expectWithinSlackLimits } from './slack-limits-check';

/** The text of the section that starts with `title`. */
function sectionText(message: ReturnType<typeof renderDigest>, title: string): string | undefined {
  return (message.blocks as { text?: { text: string } }[])
    .map((b) => b.text?.text ?? '')
    .find((t) => t.startsWith(title));
}

describe('renderDigest: the slowest cases', () => {
  it('lists the slowest cases with their template, median time and runs', () => {
    // Act
    const message = renderDigest(exampleDigest());

    // Assess
    expect(sectionText(message, '*Slowest cases*')).toBe(
      [
        '*Slowest cases* (median time)',
        '• `Orders.bulkImport` (Regression suite) 10m 20s, among the slowest in 7 of 7 runs',
        '• `Cart.timeout` (Regression suite) 5m 00s, among the slowest in 7 of 7 runs',
        '• `Orders.refund` (Regression suite) 4m 00s, among the slowest in 7 of 7 runs',
        '• `Payment.3ds` (Checkout flow) 2m 23s, among the slowest in 6 of 6 runs',
        '• `Invoices.pdf` (Regression suite) 2m 00s, among the slowest in 7 of 7 runs',
      ].join('\n'),
    );
    // The templates' median run times are on their own lines; no second list of templates.
    expect(sectionText(message, '*Slowest* (median run time)')).toBeUndefined();
    expectWithinSlackLimits(message);
  });

  it('says so when no run of the period reported case durations, and escapes odd names', () => {
    // Prepare
    const odd = {
      templateId: 'tpl-x',
      templateName: 'Odd <suite> & *co*',
      name: `<!channel> \`tick\` ${'x'.repeat(300)}`,
      medianSeconds: 1,
      runs: 1,
      timedRuns: 1,
    };

    // Act
    const none = renderDigest({ ...exampleDigest(), slowestCases: [] });
    const escaped = renderDigest({ ...exampleDigest(), slowestCases: [odd] });

    // Assess
    expect(sectionText(none, '*Slowest cases*')).toBe(
      '*Slowest cases*\nNo run reported how long its cases took.',
    );
    const line = sectionText(escaped, '*Slowest cases*') ?? '';
    expect(line).toContain('(Odd &lt;suite&gt; &amp; *co*)');
    expect(line).not.toContain('<!channel>');
    expect(line).toContain('1s, among the slowest in 1 of 1 run');
    expect(line.length).toBeLessThan(400);
  });
});
