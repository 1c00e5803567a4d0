/** Types of `block-kit.js` (plain ES module served to the browser as is). */

/** A Block Kit text object. */
export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
}
/** A text object as HTML. */
export function textToHtml(text: TextObject | undefined, names?: Record<string, string>): string;
/** One Block Kit block as HTML. */
export function blockToHtml(block: object, names?: Record<string, string>): string;
/** A message's blocks (or its text when it has none) as HTML. */
export function messageToHtml(
  message: { text?: string; blocks?: readonly object[]; files?: readonly object[] },
  names?: Record<string, string>,
): string;
