/**
 * A modal's form as Slack reads it: the values of its input blocks as `state.values`, to send with
 * a submission, and the errors the app answered, shown under their fields.
 */

/** `state.values` as Slack sends it: block id → action id → the control's value. */
export function modalValues(body) {
  const values = {};
  for (const block of body.querySelectorAll('.block.input')) {
    const blockId = block.getAttribute('data-block-id');
    const control = block.querySelector('[data-action-id]');
    if (!blockId || !control) continue;
    const actionId = control.getAttribute('data-action-id');
    const type = control.getAttribute('data-element-type');
    let value = { type };
    if (type === 'radio_buttons') {
      const checked = control.querySelector('input:checked');
      if (checked) {
        const text = checked.closest('label')?.querySelector('.option-text')?.textContent ?? '';
        value = {
          type,
          selected_option: { text: { type: 'plain_text', text }, value: checked.value },
        };
      } else value = { type, selected_option: null };
    } else if (type === 'static_select') {
      const option = control.selectedOptions[0];
      value = option?.value
        ? {
            type,
            selected_option: {
              text: { type: 'plain_text', text: option.textContent },
              value: option.value,
            },
          }
        : { type, selected_option: null };
    } else if (type === 'conversations_select') {
      value = { type, selected_conversation: control.value || null };
    } else if (type === 'plain_text_input') {
      value = { type, value: control.value };
    }
    values[blockId] = { [actionId]: value };
  }
  return values;
}

/** Shows each error under the input block it names, and clears the others. */
export function showModalErrors(body, errors) {
  for (const block of body.querySelectorAll('.block.input')) {
    const error = block.querySelector('.input-error');
    const message = errors?.[block.getAttribute('data-block-id')];
    error.hidden = !message;
    error.textContent = message ?? '';
  }
}
