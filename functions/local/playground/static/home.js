/**
 * The playground's Home tab: opening it asks the server to send the signed `app_home_opened`
 * Slack sends (`/playground/home`); the Home the bot then publishes (`views.publish`) arrives with
 * the page's state and is drawn here; its buttons go back as Home clicks
 * (`/playground/home-action`), and the run picker they open is the page's usual modal.
 */
import { blockToHtml } from './block-kit.js';
import { escapeHtml } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const home = { open: false, openedFor: undefined, userId: undefined, data: undefined, names: {} };

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, userId: home.userId }),
  });
  return response.json().catch(() => ({ ok: false, error: 'bad answer' }));
}

/** Shows the Home (or the channel) and draws the current person's published Home. */
export function renderHome(data, userId, names) {
  Object.assign(home, { data, userId, names });
  $('home-pane').hidden = !home.open;
  $('channel-pane').hidden = home.open;
  $('home-link').classList.toggle('active', home.open);
  $('channel-link').classList.toggle('active', !home.open);
  if (!home.open) return;
  // Slack sends app_home_opened again whenever another person opens the tab.
  if (home.openedFor !== userId) void openHome();
  const published = (data?.homes ?? []).find((h) => h.userId === userId);
  $('home').innerHTML = published
    ? (published.view.blocks ?? []).map((block) => blockToHtml(block, names)).join('')
    : '<div class="empty">Opening your Home…</div>';
}

async function openHome() {
  home.openedFor = home.userId;
  const report = await post('/playground/home', {});
  if (!report.ok) {
    $('home').innerHTML =
      `<div class="empty">The bot did not answer app_home_opened: ${escapeHtml(report.error ?? 'unknown error')}</div>`;
  }
}

$('home-link').addEventListener('click', (event) => {
  event.preventDefault();
  home.open = true;
  home.openedFor = undefined;
  renderHome(home.data, home.userId, home.names);
});

$('channel-link').addEventListener('click', (event) => {
  event.preventDefault();
  home.open = false;
  renderHome(home.data, home.userId, home.names);
});

$('home').addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button') : null;
  if (!button?.hasAttribute('data-action-id')) return;
  // A Home click is not a message click: the page's message handler must not see it.
  event.stopPropagation();
  button.disabled = true;
  const report = await post('/playground/home-action', {
    actionId: button.getAttribute('data-action-id'),
    blockId: button.getAttribute('data-block-id'),
  }).finally(() => {
    button.disabled = false;
  });
  if (!report.ok) {
    button.insertAdjacentHTML(
      'afterend',
      `<span class="muted"> That did not work: ${escapeHtml(report.error ?? 'unknown error')}</span>`,
    );
  }
});
