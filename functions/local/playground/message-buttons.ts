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

/** The button as the page drew it (action id, block id, value, label), when it names one. */
export function buttonAsDrawn(input: Record<string, unknown>): ClickedButton | undefined {
  const text = (value: unknown, max: number) =>
    typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
  const actionId = text(input.actionId, 255);
  if (!actionId) return undefined;
  const value = text(input.value, 2_000);
  const style = input.style === 'primary' || input.style === 'danger' ? input.style : undefined;
  return {
    actionId,
    blockId: text(input.blockId, 255) ?? 'block-0',
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
    text: text(input.text, 75) ?? '',
  };
}
