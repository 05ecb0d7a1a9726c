// The sandbox page: act as a seeded person, send /mentor, read DMs and ephemeral replies, open
// the Home tab and use modals. Every action goes to the sandbox server, which sends the app the
// signed request Slack would send and answers with what this person now sees.
import { h, hasValue, renderBlocks } from './blockkit.js';
import { mrkdwnToHtml, plainToHtml } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const ui = {
  state: null,
  user: localStorage.getItem('lifering-sandbox-user'),
  tab: localStorage.getItem('lifering-sandbox-tab') === 'messages' ? 'messages' : 'home',
  /** Typed values per modal view id, kept across re-renders and views.update as Slack does. */
  modalValues: {},
  modalErrors: {},
  /** state.values of messages and Home, by message ts or view id. */
  surfaceValues: {},
  pending: 0,
};

// ---- talking to the sandbox server ----

async function api(path, body = {}) {
  ui.pending++;
  document.body.dataset.busy = String(ui.pending);
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: ui.user, ...body }) });
    const answer = await res.json().catch(() => ({ error: `The sandbox answered HTTP ${res.status}.` }));
    if (!res.ok || answer.error) {
      toast(answer.error ?? `The sandbox answered HTTP ${res.status}.`, 'error');
      return null;
    }
    for (const n of answer.notices ?? []) toast(n, 'notice');
    if (answer.state) {
      ui.state = answer.state;
      render();
    }
    return answer;
  } catch (error) {
    toast(`The sandbox could not be reached (${error.message}). Is npm run sandbox still running?`, 'error');
    return null;
  } finally {
    ui.pending--;
    document.body.dataset.busy = String(ui.pending);
  }
}

/** Counts a multi-request step as one, so "busy" is 0 only when all of it is on screen. */
async function step(work) {
  ui.pending++;
  document.body.dataset.busy = String(ui.pending);
  try {
    return await work();
  } finally {
    ui.pending--;
    document.body.dataset.busy = String(ui.pending);
  }
}

function toast(text, kind = 'info') {
  const t = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', onclick: () => t.remove() }, text);
  $('toasts').append(t);
  setTimeout(() => t.remove(), kind === 'info' ? 5000 : 12000);
}

window.addEventListener('error', (e) => toast(`The page hit a problem: ${e.message}`, 'error'));
window.addEventListener('unhandledrejection', (e) => toast(`The page hit a problem: ${e.reason?.message ?? e.reason}`, 'error'));

// ---- what renderBlocks needs ----

function confirmDialog(c) {
  const dialog = $('confirm');
  $('confirm-title').innerHTML = plainToHtml(c.title?.text ?? 'Are you sure?');
  $('confirm-text').innerHTML = c.text?.type === 'mrkdwn' ? mrkdwnToHtml(c.text.text, reader()) : plainToHtml(c.text?.text ?? '');
  $('confirm-yes').textContent = c.confirm?.text ?? 'Yes';
  $('confirm-yes').className = `bk-btn ${c.style === 'danger' ? 'bk-danger' : 'bk-primary'}`;
  $('confirm-deny').textContent = c.deny?.text ?? 'Cancel';
  dialog.returnValue = '';
  dialog.showModal();
  // The page counts as busy from here until the choice is acted on: the close event comes a task
  // after the click, so a waiter could otherwise see the page idle before the action starts.
  ui.pending++;
  document.body.dataset.busy = String(ui.pending);
  return new Promise((resolve) =>
    dialog.addEventListener(
      'close',
      () => {
        resolve(dialog.returnValue === 'confirm');
        // A task later, so the action the choice starts has counted itself busy first.
        setTimeout(() => {
          ui.pending--;
          document.body.dataset.busy = String(ui.pending);
        });
      },
      { once: true },
    ),
  );
}

const userName = (id) => ui.state?.people.find((p) => p.id === id)?.name ?? id;
const me = () => ui.state?.people.find((p) => p.id === ui.user);
/** Slack shows times in the reader's own zone, as of the (simulated) clock. */
const reader = () => ({ userName, timeZone: me()?.tz, now: new Date(ui.state?.now ?? Date.now()) });

function context(surface, values, act, extra = {}) {
  return {
    surface,
    people: ui.state.people,
    timeZone: me()?.tz,
    now: new Date(ui.state.now),
    values,
    act,
    confirm: confirmDialog,
    options: async (element, blockId, query) =>
      (await api('/api/options', { action_id: element.action_id, block_id: blockId, value: query, ...extra })) ?? {},
    ...extra,
  };
}

// ---- rendering ----

function render() {
  const s = ui.state;
  if (!s) return;
  renderPeople();
  renderClock();
  for (const tab of ['home', 'messages']) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(ui.tab === tab));
    $(`panel-${tab}`).hidden = ui.tab !== tab;
  }
  renderHome();
  renderMessages();
  renderModal();
  const count = document.querySelectorAll('.bk-unsupported').length;
  document.body.dataset.unsupported = String(count);
  $('unsupported-badge').hidden = count === 0;
  $('unsupported-badge').textContent = `${count} unsupported Block Kit type${count === 1 ? '' : 's'} on screen`;
}

function renderPeople() {
  const select = $('person');
  if (select.options.length !== ui.state.people.length) {
    select.replaceChildren(...ui.state.people.map((p) => h('option', { value: p.id }, `${p.name} (${p.role}, @${p.handle})`)));
  }
  select.value = ui.user;
  const person = me();
  $('person-tz').textContent = person ? `${person.tzLabel}, ${localTime(ui.state.now, person.tz)}` : '';
}

const localTime = (iso, tz) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(iso));

function renderClock() {
  const s = ui.state;
  $('clock-now').textContent = `${s.clockMoved ? 'Simulated clock' : 'Clock'}: ${localTime(s.now, Intl.DateTimeFormat().resolvedOptions().timeZone)}`;
  const tip = 'Moves the clock to the chosen time and runs the reminder sweep as of then.';
  $('sweep').title = tip;
  $('sweep-wrap').title = tip;
}

function renderHome() {
  const panel = $('panel-home');
  const home = ui.state.home;
  if (!home) {
    panel.replaceChildren(h('p', { class: 'empty' }, 'Lifering has not published a Home tab for you yet.'));
    return;
  }
  const values = (ui.surfaceValues[home.id] ??= {});
  const act = (action) => void api('/api/action', { container: { type: 'view', viewId: home.id }, action, values });
  panel.replaceChildren(renderBlocks(home.blocks, context('home', values, act)));
}

function renderMessages() {
  const panel = $('panel-messages');
  const messages = ui.state.messages ?? [];
  if (messages.length === 0) {
    panel.replaceChildren(h('p', { class: 'empty' }, 'No messages yet. Type /mentor help below to start.'));
    return;
  }
  panel.replaceChildren(
    ...messages.map((m) => {
      const values = (ui.surfaceValues[`${m.channel}:${m.ts}`] ??= {});
      const act = (action) => void api('/api/action', { container: { type: 'message', channel: m.channel, ts: m.ts }, action, values });
      // The posting time on the simulated clock: after "Back to now" that is now, though ts only moves forward.
      const when = localTime(new Date(m.postedAt ?? Number(m.ts) * 1000).toISOString(), me()?.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
      const body = m.blocks?.length ? renderBlocks(m.blocks, context('message', values, act)) : h('div', { html: mrkdwnToHtml(m.text, reader()) });
      return h(
        'article',
        { class: `message${m.ephemeral ? ' ephemeral' : ''}`, 'data-ts': m.ts },
        h('div', { class: 'avatar' }, '🛟'),
        h(
          'div',
          {},
          h('div', { class: 'meta' }, h('b', {}, 'Lifering'), ` APP · ${when} · ${m.where}${m.edited ? ' · (edited)' : ''}`),
          m.ephemeral ? h('div', { class: 'only-you' }, 'Only visible to you') : null,
          body,
          ...(m.files ?? []).map(fileCard),
        ),
      );
    }),
  );
  panel.scrollTop = panel.scrollHeight;
}

/** A file shared in a message (the CSV export): its name, to download. */
function fileCard(f) {
  const size = f.size >= 1024 ? `${Math.round(f.size / 1024)} KB` : `${f.size} B`;
  return h(
    'div',
    { class: 'file' },
    h('span', { class: 'file-icon', 'aria-hidden': 'true' }, '📄'),
    h('div', {}, h('a', { href: `/files/${encodeURIComponent(f.id)}`, download: f.name }, f.name), h('div', { class: 'muted small' }, `${f.title} · ${size}`)),
  );
}

function renderModal() {
  const layer = $('modal-layer');
  const stack = ui.state.modals ?? [];
  const view = stack.at(-1);
  if (!view) {
    layer.hidden = true;
    layer.replaceChildren();
    return;
  }
  const values = (ui.modalValues[view.id] ??= {});
  const errors = ui.modalErrors[view.id] ?? {};
  const act = (action) => void api('/api/action', { container: { type: 'view', viewId: view.id }, action, values: onlyCurrent(view, values) });
  const ctx = context('modal', values, act, { viewId: view.id, errors });
  const root = stack[0];
  layer.replaceChildren(
    h(
      'div',
      { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': view.title?.text ?? 'Modal', 'data-view-id': view.id, 'data-callback-id': view.callback_id ?? '' },
      h(
        'div',
        { class: 'modal-head' },
        h('h2', { html: plainToHtml(view.title?.text ?? '') }),
        stack.length > 1 ? h('span', { class: 'modal-stack' }, `${stack.length} of ${stack.length}`) : null,
        h('button', { type: 'button', class: 'modal-x', 'aria-label': 'Close all', onclick: () => void closeModal(root.id) }, '×'),
      ),
      h('div', { class: 'modal-body' }, renderBlocks(view.blocks, ctx)),
      h(
        'div',
        { class: 'modal-foot' },
        h('button', { type: 'button', class: 'bk-btn modal-close', onclick: () => void closeModal(view.id) }, view.close?.text ?? (stack.length > 1 ? 'Back' : 'Cancel')),
        view.submit ? h('button', { type: 'button', class: 'bk-btn bk-primary modal-submit', onclick: () => void submitModal(view) }, view.submit.text) : null,
      ),
    ),
  );
  layer.hidden = false;
}

/** state.values holds only blocks still in the view (a views.update may drop some). */
function onlyCurrent(view, values) {
  const ids = new Set((view.blocks ?? []).map((b, i) => b.block_id ?? `block_${i}`));
  return Object.fromEntries(Object.entries(values).filter(([id, v]) => ids.has(id) && Object.keys(v).length > 0));
}

async function submitModal(view) {
  const values = onlyCurrent(view, ui.modalValues[view.id] ?? {});
  // Slack's client checks required fields itself and never sends the submission.
  const missing = {};
  (view.blocks ?? []).forEach((b, i) => {
    if (b.type !== 'input' || b.optional) return;
    const id = b.block_id ?? `block_${i}`;
    if (!hasValue(Object.values(values[id] ?? {})[0])) missing[id] = 'Please complete this required field.';
  });
  if (Object.keys(missing).length > 0) {
    ui.modalErrors[view.id] = missing;
    render();
    return;
  }
  ui.modalErrors[view.id] = {};
  const answer = await api('/api/submit', { viewId: view.id, values });
  if (answer?.errors) {
    ui.modalErrors[view.id] = answer.errors;
    render();
  }
}

async function closeModal(viewId) {
  await api('/api/close', { viewId });
}

async function openTab(tab) {
  ui.tab = tab;
  localStorage.setItem('lifering-sandbox-tab', tab);
  render();
  if (tab === 'home') await api('/api/home-opened');
}

// ---- controls ----

$('person').addEventListener('change', (e) => {
  ui.user = e.target.value;
  localStorage.setItem('lifering-sandbox-user', ui.user);
  void api('/api/state', { openHome: ui.tab === 'home' });
});
$('tab-home').addEventListener('click', () => void openTab('home'));
$('tab-messages').addEventListener('click', () => void openTab('messages'));
$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('composer-text');
  const text = input.value.trim();
  if (!text) return;
  ui.tab = 'messages';
  const answer = await api('/api/command', { text });
  if (answer) input.value = '';
  render();
});
$('clock-set').addEventListener('click', async () => {
  const at = $('clock-at').value;
  if (!at) return toast('Choose a date and time first.', 'error');
  if (await api('/api/clock', { at: new Date(at).toISOString() })) toast(`The clock now reads ${localTime(ui.state.now, Intl.DateTimeFormat().resolvedOptions().timeZone)}.`);
});
$('clock-reset').addEventListener('click', () => void api('/api/clock', { at: null }));
$('sweep').addEventListener('click', async () => {
  const at = $('clock-at').value;
  const answer = await api('/api/sweep', at ? { at: new Date(at).toISOString() } : {});
  if (answer?.summary) toast(answer.summary);
});

// ---- start ----

await step(async () => {
  // The server falls back to the first seeded person when none (or a stale one) was remembered.
  const first = await api('/api/state', { user: ui.user ?? null, openHome: ui.tab === 'home' });
  if (!first) return;
  ui.user = ui.state.user;
  render();
});
// How long the page took to become usable (state fetched and rendered), for the load-time check.
window.sandboxReadyMs = Math.round(performance.now());
document.body.dataset.ready = '1';
