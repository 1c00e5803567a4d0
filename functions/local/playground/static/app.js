/**
 * The playground page: draws the channel and threads from `/playground/state` (pushed live over
 * `/playground/events`), sends typed commands to `/playground/command` and button clicks to
 * `/playground/action`. The server signs and forwards them as Slack would; this page holds no
 * secret.
 */
import { blockToHtml, messageToHtml } from './block-kit.js';
import { renderHome } from './home.js';
import { modalValues, showModalErrors } from './modal-values.js';
import { escapeHtml, mrkdwnToHtml } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const view = {
  data: undefined,
  userId: localStorage.getItem('playground-user') ?? undefined,
  threadTs: undefined,
};

/** Slack's eye icon of ephemeral messages, drawn inline so it needs no emoji font. */
const EYE_ICON =
  '<svg class="icon" viewBox="0 0 20 20" width="12" height="12" aria-hidden="true"><path fill="currentColor" d="M10 4C5.5 4 2.2 7.1 1 10c1.2 2.9 4.5 6 9 6s7.8-3.1 9-6c-1.2-2.9-4.5-6-9-6zm0 10a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z"/></svg>';

function names() {
  const map = {};
  const ws = view.data?.workspace;
  if (!ws) return map;
  for (const user of ws.users) map[user.id] = user.name;
  map[ws.bot.userId] = ws.bot.name;
  map[ws.channel.id] = ws.channel.name;
  return map;
}

function visible(message) {
  return !message.ephemeralFor || message.ephemeralFor === view.userId;
}

function time(message) {
  return new Date(message.seenAt ?? Number(message.ts) * 1000).toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
  });
}

function repliesOf(ts) {
  return view.data.messages.filter((m) => m.thread_ts === ts && m.ts !== ts && visible(m));
}

function messageHtml(message, { inThread = false } = {}) {
  const bot = view.data.workspace.bot;
  const classes = ['message'];
  if (message.ephemeralFor) classes.push('ephemeral');
  const broadcast =
    !inThread && message.reply_broadcast && message.thread_ts
      ? `<div class="broadcast">replied to a thread: <a href="#" data-open-thread="${escapeHtml(message.thread_ts)}">view thread</a></div>`
      : '';
  const replies = inThread ? [] : repliesOf(message.ts);
  const repliesHtml = replies.length
    ? `<a href="#" class="replies" data-open-thread="${escapeHtml(message.ts)}">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</a> <span class="muted">Last reply ${time(replies[replies.length - 1])}</span>`
    : '';
  const ephemeral = message.ephemeralFor
    ? `<div class="only-you">${EYE_ICON} Only visible to you</div>`
    : '';
  return `<article class="${classes.join(' ')}" data-ts="${escapeHtml(message.ts)}">
    <div class="avatar" aria-hidden="true">ATS</div>
    <div class="message-main">
      ${ephemeral}
      <div class="meta"><span class="author">${escapeHtml(bot.name)}</span><span class="app-badge">APP</span><span class="time">${time(message)}</span></div>
      ${broadcast}
      <div class="body">${messageToHtml(message, names())}</div>
      ${repliesHtml ? `<div class="thread-summary">${repliesHtml}</div>` : ''}
    </div>
  </article>`;
}

/**
 * Lists that follow new messages, like Slack: a list follows until the reader scrolls up, and
 * again once they scroll back down (or send a command). Decided by the reader's scrolling, not by
 * where the list happens to be when a message arrives: opening a thread narrows the channel, and
 * the taller list must still follow.
 */
const following = new Map();

function isAtBottom(element) {
  return element.scrollHeight - element.scrollTop - element.clientHeight < 40;
}

function follow(element) {
  following.set(element.id, true);
  element.scrollTop = element.scrollHeight;
}

for (const id of ['messages', 'thread-messages']) {
  $(id).addEventListener('scroll', (event) => {
    following.set(id, isAtBottom(event.target));
  });
}

function keepBottom(element, render) {
  const stick = following.get(element.id) ?? true;
  render();
  if (stick) element.scrollTop = element.scrollHeight;
}

function renderChannel() {
  const top = view.data.messages.filter(
    (m) => visible(m) && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast),
  );
  const list = $('messages');
  keepBottom(list, () => {
    list.innerHTML = top.length
      ? top.map((m) => messageHtml(m)).join('')
      : `<div class="empty">This is the very beginning of <b>#ats-playground</b>. Type <code>/ats run smoke</code> below to start a test job.</div>`;
  });
}

function renderThread() {
  const pane = $('thread');
  if (!view.threadTs) {
    pane.hidden = true;
    return;
  }
  const parent = view.data.messages.find((m) => m.ts === view.threadTs);
  pane.hidden = false;
  const list = $('thread-messages');
  const replies = repliesOf(view.threadTs);
  keepBottom(list, () => {
    list.innerHTML = `${parent ? messageHtml(parent, { inThread: true }) : ''}
      <div class="reply-count">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div>
      ${replies.map((m) => messageHtml(m, { inThread: true })).join('')}`;
  });
}

function renderSidebar() {
  const { users } = view.data.workspace;
  if (!users.some((u) => u.id === view.userId)) view.userId = users[0].id;
  const select = $('user');
  if (select.options.length !== users.length) {
    select.innerHTML = users
      .map((u) => `<option value="${escapeHtml(u.id)}">@${escapeHtml(u.name)}</option>`)
      .join('');
  }
  select.value = view.userId;
  $('templates').innerHTML = view.data.templates
    .map(
      (t) =>
        `<li><button type="button" class="template" data-alias="${escapeHtml(t.alias)}"><code>${escapeHtml(t.alias)}</code> ${mrkdwnToHtml(t.name)}</button></li>`,
    )
    .join('');
}

/**
 * The modal the current person has open, drawn like Slack's: its title, blocks and buttons. It is
 * redrawn only when another view opens, so what the person picked survives live updates.
 */
function renderModal() {
  const open = (view.data.views ?? []).find((v) => v.userId === view.userId);
  const backdrop = $('modal');
  if (!open) {
    backdrop.hidden = true;
    view.modalId = undefined;
    return;
  }
  backdrop.hidden = false;
  if (view.modalId === open.id) return;
  view.modalId = open.id;
  const v = open.view;
  $('modal-title').innerHTML = escapeHtml(v.title?.text ?? '');
  $('modal-body').innerHTML = (v.blocks ?? []).map((b) => blockToHtml(b, names())).join('');
  $('modal-cancel').textContent = v.close?.text ?? 'Cancel';
  $('modal-submit').textContent = v.submit?.text ?? 'Submit';
  $('modal-submit').hidden = !v.submit;
}

$('modal-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = $('modal-submit');
  submit.disabled = true;
  const report = await post('/playground/view', {
    viewId: view.modalId,
    values: modalValues($('modal-body')),
  }).finally(() => {
    submit.disabled = false;
  });
  if (report.errors) showModalErrors($('modal-body'), report.errors);
  else if (!report.ok) showNotice(`That did not work: ${report.error ?? 'unknown error'}`);
});

for (const id of ['modal-cancel', 'modal-x']) {
  $(id).addEventListener('click', () => post('/playground/view-close', { viewId: view.modalId }));
}

function render() {
  if (!view.data) return;
  renderSidebar();
  renderChannel();
  renderThread();
  renderModal();
  renderHome(view.data, view.userId, names());
}

function showNotice(text) {
  const notice = $('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(showNotice.timer);
  showNotice.timer = setTimeout(() => {
    notice.hidden = true;
  }, 6000);
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, userId: view.userId }),
  });
  const report = await response.json().catch(() => ({ ok: false, error: 'bad answer' }));
  return report;
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('command');
  const text = input.value.trim();
  if (!text) return;
  if (!text.startsWith('/')) {
    showNotice('This channel only talks to the bot: type a command such as /ats run smoke');
    return;
  }
  input.value = '';
  follow($('messages'));
  const report = await post('/playground/command', { text });
  if (!report.ok) {
    const command = text.split(/\s/)[0];
    showNotice(
      report.error && report.status === undefined
        ? report.error
        : `${command} failed with the error "${report.error ?? 'unknown'}"`,
    );
  }
});

document.addEventListener('click', async (event) => {
  const target = event.target instanceof Element ? event.target : undefined;
  const opener = target?.closest('[data-open-thread]');
  if (opener) {
    event.preventDefault();
    view.threadTs = opener.getAttribute('data-open-thread');
    following.set('thread-messages', true);
    render();
    return;
  }
  const template = target?.closest('button.template');
  if (template) {
    $('command').value = `/ats run ${template.getAttribute('data-alias')}`;
    $('command').focus();
    return;
  }
  const button = target?.closest('button[data-action-id]');
  if (button && !button.disabled) {
    const ts = button.closest('[data-ts]')?.getAttribute('data-ts');
    button.disabled = true;
    button.classList.add('busy');
    // Like Slack, the click carries the button as drawn, even if the message changed since.
    const report = await post('/playground/action', {
      ts,
      actionId: button.getAttribute('data-action-id'),
      blockId: button.getAttribute('data-block-id'),
      value: button.getAttribute('data-value'),
      text: button.textContent.trim(),
      style: button.classList.contains('primary')
        ? 'primary'
        : button.classList.contains('danger')
          ? 'danger'
          : undefined,
    }).finally(() => {
      button.disabled = false;
      button.classList.remove('busy');
    });
    if (!report.ok) showNotice(`That did not work: ${report.error ?? 'unknown error'}`);
  }
});

$('close-thread').addEventListener('click', () => {
  view.threadTs = undefined;
  render();
});

$('user').addEventListener('change', (event) => {
  view.userId = event.target.value;
  localStorage.setItem('playground-user', view.userId);
  render();
});

function accept(state) {
  if (!state?.workspace) return;
  view.data = state;
  render();
  // A command or click that changed a schedule also changed messages: refresh the list then.
  void loadSchedules();
}

/** The schedules local mode's timers hold (`GET /schedules`), with their next run. */
async function loadSchedules() {
  const answer = await fetch('/schedules')
    .then((r) => (r.ok ? r.json() : undefined))
    .catch(() => undefined);
  if (!answer) return;
  const list = answer.schedules;
  $('schedules').innerHTML =
    list.length === 0
      ? '<li class="muted">none yet: try /ats schedule smoke daily 02:00</li>'
      : list
          .map((s) => {
            const when = s.nextRun
              ? `next ${escapeHtml(new Date(s.nextRun).toLocaleString([], { timeZone: s.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }))}`
              : 'paused';
            // A digest can be posted now, as its timer would at its time.
            const now =
              s.kind === 'digest' && s.nextRun
                ? ` <button type="button" class="post-now" data-schedule="${escapeHtml(s.scheduleId)}">Post now</button>`
                : '';
            return `<li class="schedule"><code>${escapeHtml(s.scheduleId)}</code><br>${escapeHtml(s.rule)} ${escapeHtml(s.timeZone)} · ${when}${now}</li>`;
          })
          .join('');
}

$('schedules').addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('.post-now') : null;
  if (!button) return;
  void fetch(`/schedules/${encodeURIComponent(button.dataset.schedule ?? '')}/fire`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
});

let polling;
function startPolling() {
  if (polling) return;
  polling = setInterval(async () => {
    const state = await fetch('/playground/state')
      .then((r) => r.json())
      .catch(() => undefined);
    accept(state);
  }, 1500);
}

function connect() {
  if (!('EventSource' in window)) {
    startPolling();
    return;
  }
  const events = new EventSource('/playground/events');
  events.addEventListener('state', (event) => {
    $('connection').classList.add('live');
    accept(JSON.parse(event.data));
  });
  events.addEventListener('error', () => {
    $('connection').classList.remove('live');
    // EventSource reconnects by itself; poll meanwhile so the page never goes stale.
    if (events.readyState === EventSource.CLOSED) startPolling();
  });
}

connect();
