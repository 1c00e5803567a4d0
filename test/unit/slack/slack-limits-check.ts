import { expect } from 'vitest';

/**
 * Asserts a message is within Slack's limits: 50 blocks, 3,000 chars of section text, 10 fields
 * of 2,000, 150-char plain_text headers, 10 context elements, 40,000 chars of text.
 */
export function expectWithinSlackLimits(message: { text: string; blocks: unknown[] }): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(40_000);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const raw of message.blocks) {
    const block = raw as {
      type: string;
      text?: { type: string; text: string };
      fields?: { text: string }[];
      elements?: { text?: string | { text: string } }[];
    };
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3_000);
      expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2_000);
    }
    if (block.type === 'header') {
      expect(block.text?.type).toBe('plain_text');
      expect(block.text!.text.length).toBeLessThanOrEqual(150);
    }
    if (block.type === 'context') expect(block.elements!.length).toBeLessThanOrEqual(10);
  }
}
