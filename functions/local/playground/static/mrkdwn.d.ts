/** Types of `mrkdwn.js` (plain ES module served to the browser as is). */

/** Emoji by shortcode name (without colons). */
export const EMOJI: Record<string, string>;
/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string;
/** Slack mrkdwn as HTML safe for innerHTML; `names` maps Slack ids to display names. */
export function mrkdwnToHtml(text: string, names?: Record<string, string>): string;
/** `plain_text` as HTML, emoji shortcodes turned into emoji unless `emoji` is false. */
export function plainTextToHtml(text: string, emoji?: boolean): string;
