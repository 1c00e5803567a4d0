/**
 * Block Kit → HTML for the local playground: the blocks the bot really posts, drawn the way
 * Slack draws them. Runs in the browser and in Node (tests); returns strings, touches no DOM.
 * Buttons carry `data-action-id` / `data-block-id` so the page can send the click back.
 */
import { escapeHtml, mrkdwnToHtml, plainTextToHtml } from './mrkdwn.js';

/** A text object (`mrkdwn` or `plain_text`) as HTML. */
export function textToHtml(text, names) {
  if (!text) return '';
  if (text.type === 'mrkdwn') return mrkdwnToHtml(text.text, names);
  return plainTextToHtml(text.text, text.emoji !== false);
}

function buttonHtml(element, blockId) {
  const style =
    element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
  const label = plainTextToHtml(element.text?.text ?? '', element.text?.emoji !== false);
  if (element.url && /^https?:/i.test(element.url)) {
    return `<a class="button${style}" href="${escapeHtml(element.url)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  }
  return `<button type="button" class="button${style}" data-action-id="${escapeHtml(element.action_id ?? '')}" data-block-id="${escapeHtml(blockId ?? '')}" data-value="${escapeHtml(element.value ?? '')}">${label}</button>`;
}

/** One interactive or image element (actions, section accessory, context). */
function elementHtml(element, blockId, names) {
  switch (element?.type) {
    case 'button':
      return buttonHtml(element, blockId);
    case 'image':
      return `<img class="element-image" src="${escapeHtml(element.image_url ?? '')}" alt="${escapeHtml(element.alt_text ?? '')}">`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span>${textToHtml(element, names)}</span>`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return `<select class="element-select" disabled><option>${plainTextToHtml(element.placeholder?.text ?? 'Select')}</option></select>`;
    case 'overflow':
      return '<button type="button" class="button overflow" disabled>⋯</button>';
    default:
      return `<span class="unsupported">[${escapeHtml(element?.type ?? 'element')}]</span>`;
  }
}

function richTextHtml(block, names) {
  const inline = (el) => {
    if (el.type === 'text') {
      let html = escapeHtml(el.text ?? '').replaceAll('\n', '<br>');
      if (el.style?.code) html = `<code>${html}</code>`;
      if (el.style?.bold) html = `<b>${html}</b>`;
      if (el.style?.italic) html = `<i>${html}</i>`;
      if (el.style?.strike) html = `<s>${html}</s>`;
      return html;
    }
    if (el.type === 'link') return mrkdwnToHtml(`<${el.url}|${el.text ?? el.url}>`, names);
    if (el.type === 'user') return mrkdwnToHtml(`<@${el.user_id}>`, names);
    if (el.type === 'channel') return mrkdwnToHtml(`<#${el.channel_id}>`, names);
    if (el.type === 'emoji') return mrkdwnToHtml(`:${el.name}:`, names);
    return '';
  };
  const section = (s) => (s.elements ?? []).map(inline).join('');
  return (block.elements ?? [])
    .map((part) => {
      if (part.type === 'rich_text_list') {
        const tag = part.style === 'ordered' ? 'ol' : 'ul';
        return `<${tag}>${(part.elements ?? []).map((s) => `<li>${section(s)}</li>`).join('')}</${tag}>`;
      }
      if (part.type === 'rich_text_preformatted') return `<pre>${section(part)}</pre>`;
      if (part.type === 'rich_text_quote') return `<blockquote>${section(part)}</blockquote>`;
      return `<div>${section(part)}</div>`;
    })
    .join('');
}

/** An option's label, with its description under it (radio buttons and checkboxes). */
function optionLabel(option) {
  const text = textToHtml(option.text);
  const description = option.description
    ? `<span class="option-description">${textToHtml(option.description)}</span>`
    : '';
  return `<span class="option-text">${text}</span>${description}`;
}

/**
 * The control of an input block, as a form control the page reads back on submission:
 * `data-action-id` and `data-element-type` say where its value goes in `state.values`.
 */
function inputElementHtml(element, blockId, names = {}) {
  const id = escapeHtml(element?.action_id ?? '');
  const data = `data-action-id="${id}" data-element-type="${escapeHtml(element?.type ?? '')}"`;
  const chosen = (option) => option.value === element.initial_option?.value;
  switch (element?.type) {
    case 'radio_buttons':
      return `<fieldset class="radio-group" ${data}>${(element.options ?? [])
        .map(
          (option) =>
            `<label class="radio"><input type="radio" name="${escapeHtml(`${blockId}/${element.action_id}`)}" value="${escapeHtml(option.value)}"${chosen(option) ? ' checked' : ''}>${optionLabel(option)}</label>`,
        )
        .join('')}</fieldset>`;
    case 'conversations_select':
      // The workspace's channels, as Slack lists the conversations the person is in.
      return `<select class="input-select" ${data}><option value="">${plainTextToHtml(element.placeholder?.text ?? 'Select a channel')}</option>${Object.entries(
        names,
      )
        .filter(([conversation]) => /^[CG]/.test(conversation))
        .map(
          ([conversation, name]) =>
            `<option value="${escapeHtml(conversation)}">#${escapeHtml(name)}</option>`,
        )
        .join('')}</select>`;
    case 'static_select':
      return `<select class="input-select" ${data}><option value="">${plainTextToHtml(element.placeholder?.text ?? 'Select')}</option>${(
        element.options ?? []
      )
        .map(
          (option) =>
            `<option value="${escapeHtml(option.value)}"${chosen(option) ? ' selected' : ''}>${plainTextToHtml(option.text?.text ?? '')}</option>`,
        )
        .join('')}</select>`;
    case 'plain_text_input':
      return `<input class="input-text" type="text" ${data}>`;
    default:
      return `<span class="unsupported">[${escapeHtml(element?.type ?? 'element')}]</span>`;
  }
}

/** A file shared with a message (`files.completeUploadExternal`), as Slack shows it: a chip. */
function fileHtml(file) {
  const kb = Math.max(1, Math.round((file.size ?? 0) / 1024));
  const href = /^https?:/i.test(file.url_private ?? '') ? escapeHtml(file.url_private) : '#';
  return `<a class="file" href="${href}" download="${escapeHtml(file.name ?? '')}" target="_blank" rel="noopener noreferrer"><span class="file-icon" aria-hidden="true">XML</span><span class="file-meta"><span class="file-title">${escapeHtml(file.title ?? file.name ?? '')}</span><span class="file-name">${escapeHtml(file.name ?? '')} · ${kb} KB</span></span></a>`;
}

/** One block as HTML; unknown block types are named, not dropped, so nothing hides silently. */
export function blockToHtml(block, names = {}) {
  const blockId = block.block_id;
  switch (block.type) {
    case 'header':
      return `<div class="block header">${plainTextToHtml(block.text?.text ?? '', block.text?.emoji !== false)}</div>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'section': {
      const text = block.text
        ? `<div class="section-text">${textToHtml(block.text, names)}</div>`
        : '';
      const fields = block.fields?.length
        ? `<div class="section-fields">${block.fields.map((f) => `<div class="field">${textToHtml(f, names)}</div>`).join('')}</div>`
        : '';
      const accessory = block.accessory
        ? `<div class="accessory">${elementHtml(block.accessory, blockId, names)}</div>`
        : '';
      return `<div class="block section"><div class="section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="block context">${(block.elements ?? []).map((e) => elementHtml(e, blockId, names)).join('')}</div>`;
    case 'actions':
      return `<div class="block actions">${(block.elements ?? []).map((e) => elementHtml(e, blockId, names)).join('')}</div>`;
    case 'image': {
      // An uploaded file (slack_file) is served by the playground, as Slack's client shows it.
      const fileId = block.slack_file?.id;
      const src = fileId
        ? `/playground/files/${encodeURIComponent(fileId)}`
        : (block.slack_file?.url ?? block.image_url ?? '');
      return `<div class="block image">${block.title ? `<div class="image-title">${plainTextToHtml(block.title.text)}</div>` : ''}<img src="${escapeHtml(src)}" alt="${escapeHtml(block.alt_text ?? '')}"></div>`;
    }
    case 'rich_text':
      return `<div class="block rich-text">${richTextHtml(block, names)}</div>`;
    case 'input':
      return `<div class="block input" data-block-id="${escapeHtml(blockId ?? '')}"><label class="input-label">${plainTextToHtml(block.label?.text ?? '')}</label>${inputElementHtml(block.element, blockId, names)}<div class="input-error" hidden></div></div>`;
    default:
      return `<div class="block unsupported">[${escapeHtml(block.type ?? 'block')} block]</div>`;
  }
}

/**
 * A message body as HTML: its blocks when it has any (as Slack shows them), else its `text`
 * as mrkdwn; then the files shared with it.
 * @param {{ text?: string, blocks?: object[], files?: object[] }} message
 * @param {Record<string, string>} [names] display names by Slack id
 * @returns {string}
 */
export function messageToHtml(message, names = {}) {
  const files = Array.isArray(message.files)
    ? `<div class="files">${message.files.map(fileHtml).join('')}</div>`
    : '';
  if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    return message.blocks.map((block) => blockToHtml(block, names)).join('') + files;
  }
  const text = message.text
    ? `<div class="block section"><div class="section-text">${mrkdwnToHtml(message.text, names)}</div></div>`
    : '';
  return text + files;
}
