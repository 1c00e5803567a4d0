import type { KnownBlock } from '@slack/web-api';
import { packLines, SLACK_LIMITS } from './slack-limits';

/** What {@link lineListBlocks} lists. */
export interface LineList {
  /** The heading section's mrkdwn. */
  heading: string;
  /** One mrkdwn line per item, in order. */
  lines: readonly string[];
  /** Sections the lines may take at most (each up to Slack's section limit). */
  maxSections: number;
  /** Items not among `lines` at all, counted with those that did not fit. */
  unlisted?: number;
  /** The context line telling how many items were left out (`left` above 0). */
  more: (left: number) => string;
}

/**
 * A long list as Slack blocks: the heading section, then the lines packed into as few mrkdwn
 * sections as fit ({@link packLines}), then, when items were left out, a context line saying how
 * many.
 */
export function lineListBlocks(list: LineList): KnownBlock[] {
  const packed = packLines(list.lines, SLACK_LIMITS.sectionText, list.maxSections);
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: list.heading } },
    ...packed.chunks.map(
      (text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } }),
    ),
  ];
  const left = packed.omitted + (list.unlisted ?? 0);
  if (left > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: list.more(left) }] });
  }
  return blocks;
}
