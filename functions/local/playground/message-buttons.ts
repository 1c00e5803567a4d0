import type { ClickedButton } from '../slack-request-signing';

/** The button with this action id (and block id, when given) in a message's blocks. */
export function findButton(
  blocks: unknown[] | undefined,
  actionId: string,
  blockId: unknown,
): ClickedButton | undefined {
  for (const [index, block] of (blocks ?? []).entries()) {
    const b = block as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    // Slack gives every block an id when the app sets none; the page sends back what it drew.
    const id = b.block_id ?? `block-${index}`;
    if (typeof blockId === 'string' && blockId !== '' && blockId !== id) continue;
    for (const element of [...(b.elements ?? []), b.accessory]) {
      const e = element as
        | {
            type?: string;
            action_id?: string;
            value?: string;
            style?: string;
            text?: { text?: string };
          }
        | undefined;
      if (e?.type === 'button' && e.action_id === actionId) {
        return {
          actionId,
          blockId: id,
          ...(e.value !== undefined ? { value: e.value } : {}),
          ...(e.style ? { style: e.style } : {}),
          text: e.text?.text ?? '',
        };
      }
    }
  }
  return undefined;
}
