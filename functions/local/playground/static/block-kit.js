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
    case 'image':
      return `<div class="block image">${block.title ? `<div class="image-title">${plainTextToHtml(block.title.text)}</div>` : ''}<img src="${escapeHtml(block.image_url ?? '')}" alt="${escapeHtml(block.alt_text ?? '')}"></div>`;
    case 'rich_text':
      return `<div class="block rich-text">${richTextHtml(block, names)}</div>`;
    default:
      return `<div class="block unsupported">[${escapeHtml(block.type ?? 'block')} block]</div>`;
  }
}

/**
 * A message body as HTML: its blocks when it has any (as Slack shows them), else its `text`
 * as mrkdwn.
 * @param {{ text?: string, blocks?: object[] }} message
 * @param {Record<string, string>} [names] display names by Slack id
 * @returns {string}
 */
export function messageToHtml(message, names = {}) {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    return message.blocks.map((block) => blockToHtml(block, names)).join('');
  }
  return `<div class="block section"><div class="section-text">${mrkdwnToHtml(message.text ?? '', names)}</div></div>`;
}
