// A Block Kit renderer for the sandbox page: blocks and elements to DOM, with the state an
// interactive element holds kept in `ctx.values[block_id][action_id]` exactly as Slack reports it
// in `view.state.values`. Anything it does not know shows as "unsupported: <type>" (class
// bk-unsupported), so the browser test fails on a view the page cannot show.
import { mrkdwnToHtml, plainToHtml } from './mrkdwn.js';

/**
 * @typedef {object} RenderContext
 * @property {'message'|'modal'|'home'} surface
 * @property {{id: string, name: string}[]} people
 * @property {string} [timeZone]  the reader's, for <!date^…> tokens
 * @property {Date} [now]  the simulated clock, for "today" and "3 hours ago"
 * @property {Record<string, Record<string, object>>} values  state.values of this surface, edited in place
 * @property {Record<string, string>} [errors]  response_action errors by block_id
 * @property {(action: object) => void} act  sends a block_actions payload for `action`
 * @property {(element: object, blockId: string, query: string) => Promise<{options?: object[], option_groups?: object[]}>} options
 * @property {(confirm: object) => Promise<boolean>} confirm  shows a confirmation dialog
 */

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'html') el.innerHTML = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function textHtml(t, ctx) {
  if (!t) return '';
  if (typeof t === 'string') return plainToHtml(t);
  if (t.type === 'mrkdwn') return mrkdwnToHtml(t.text, { userName: (id) => nameOf(ctx, id), channelName: channelNameOf, timeZone: ctx.timeZone, now: ctx.now });
  return plainToHtml(t.text, t.emoji !== false);
}

const nameOf = (ctx, id) => ctx.people.find((p) => p.id === id)?.name ?? id;
const channelNameOf = (id) => (id === 'C0GENERAL' ? 'general' : id);
const CHANNELS = [{ id: 'C0GENERAL', name: '#general' }];

export function unsupported(type) {
  return h('span', { class: 'bk-unsupported', 'data-type': type }, `unsupported: ${type}`);
}

export function renderBlocks(blocks, ctx) {
  const root = h('div', { class: 'bk-blocks' });
  (blocks ?? []).forEach((block, index) => {
    const blockId = block.block_id ?? `block_${index}`;
    try {
      root.append(renderBlock(block, blockId, ctx));
    } catch (error) {
      console.error(error);
      root.append(unsupported(`${block.type} (could not render: ${error.message})`));
    }
  });
  return root;
}

function renderBlock(block, blockId, ctx) {
  switch (block.type) {
    case 'section': {
      const body = h('div', { class: 'bk-section-body' });
      if (block.text) body.append(h('div', { class: 'bk-text', html: textHtml(block.text, ctx) }));
      if (block.fields) body.append(h('div', { class: 'bk-fields' }, block.fields.map((f) => h('div', { class: 'bk-field', html: textHtml(f, ctx) }))));
      const accessory = block.accessory ? h('div', { class: 'bk-accessory' }, renderElement(block.accessory, blockId, ctx, { interactive: true })) : null;
      return h('div', { class: 'bk-section', 'data-block-id': blockId }, body, accessory);
    }
    case 'header':
      return h('h3', { class: 'bk-header', html: textHtml(block.text, ctx) });
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        (block.elements ?? []).map((el) =>
          el.type === 'image'
            ? h('img', { class: 'bk-context-img', src: el.image_url, alt: el.alt_text ?? '' })
            : el.type === 'mrkdwn' || el.type === 'plain_text'
              ? h('span', { html: textHtml(el, ctx) })
              : unsupported(el.type),
        ),
      );
    case 'actions':
      return h('div', { class: 'bk-actions', 'data-block-id': blockId }, (block.elements ?? []).map((el) => renderElement(el, blockId, ctx, { interactive: true })));
    case 'input': {
      const error = ctx.errors?.[blockId];
      const id = `in_${Math.random().toString(36).slice(2)}`;
      return h(
        'div',
        { class: `bk-input${error ? ' has-error' : ''}`, 'data-block-id': blockId },
        h('label', { class: 'bk-label', for: id, html: textHtml(block.label, ctx) }, block.optional ? h('span', { class: 'bk-optional' }, ' (optional)') : null),
        renderElement(block.element, blockId, ctx, { interactive: Boolean(block.dispatch_action), inputId: id, label: block.label?.text }),
        block.hint ? h('div', { class: 'bk-hint', html: textHtml(block.hint, ctx) }) : null,
        error ? h('div', { class: 'bk-error', role: 'alert' }, error) : null,
      );
    }
    case 'image':
      return h(
        'figure',
        { class: 'bk-image' },
        block.title ? h('figcaption', { html: textHtml(block.title, ctx) }) : null,
        h('img', { src: block.image_url, alt: block.alt_text ?? '' }),
      );
    case 'rich_text':
      return h('div', { class: 'bk-rich' }, (block.elements ?? []).map((el) => richElement(el, ctx)));
    default:
      return unsupported(block.type);
  }
}

function richElement(el, ctx) {
  switch (el.type) {
    case 'rich_text_section':
      return h('div', {}, (el.elements ?? []).map((e) => richInline(e, ctx)));
    case 'rich_text_list':
      return h(el.style === 'ordered' ? 'ol' : 'ul', {}, (el.elements ?? []).map((e) => h('li', {}, richElement(e, ctx))));
    case 'rich_text_quote':
      return h('blockquote', { class: 'mk-quote' }, (el.elements ?? []).map((e) => richInline(e, ctx)));
    case 'rich_text_preformatted':
      return h('pre', { class: 'mk-pre' }, (el.elements ?? []).map((e) => richInline(e, ctx)));
    default:
      return unsupported(el.type);
  }
}

function richInline(e, ctx) {
  let node;
  if (e.type === 'text') node = h('span', { html: plainToHtml(e.text) });
  else if (e.type === 'link') node = h('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, e.text ?? e.url);
  else if (e.type === 'user') node = h('span', { class: 'mention' }, `@${nameOf(ctx, e.user_id)}`);
  else if (e.type === 'emoji') node = h('span', { html: plainToHtml(`:${e.name}:`) });
  else return unsupported(e.type);
  const s = e.style ?? {};
  if (s.bold) node = h('b', {}, node);
  if (s.italic) node = h('i', {}, node);
  if (s.strike) node = h('s', {}, node);
  if (s.code) node = h('code', { class: 'mk-code' }, node);
  return node;
}

/** The state Slack reports for an element before anyone touches it. */
function initialState(el) {
  switch (el.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type: el.type, value: el.initial_value ?? null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type: el.type, selected_option: el.initial_option ?? null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type: el.type, selected_options: el.initial_options ?? [] };
    case 'users_select':
      return { type: el.type, selected_user: el.initial_user ?? null };
    case 'multi_users_select':
      return { type: el.type, selected_users: el.initial_users ?? [] };
    case 'conversations_select':
      return { type: el.type, selected_conversation: el.initial_conversation ?? null };
    case 'channels_select':
      return { type: el.type, selected_channel: el.initial_channel ?? null };
    case 'datepicker':
      return { type: el.type, selected_date: el.initial_date ?? null };
    case 'timepicker':
      return { type: el.type, selected_time: el.initial_time ?? null };
    default:
      return undefined;
  }
}

/** The element's current state in ctx.values (initialised from its initial_* fields). */
function stateOf(el, blockId, ctx) {
  const block = (ctx.values[blockId] ??= {});
  const actionId = el.action_id ?? `${el.type}_action`;
  if (!block[actionId] || block[actionId].type !== el.type) {
    const initial = initialState(el);
    if (initial) block[actionId] = initial;
  }
  return block[actionId];
}

function optionList(el) {
  const flat = [];
  const groups = el.option_groups ? el.option_groups.map((g) => ({ label: g.label, options: g.options ?? [] })) : [{ options: el.options ?? [] }];
  for (const g of groups) for (const o of g.options) flat.push(o);
  return { groups, flat };
}

const optionText = (o) => o?.text?.text ?? o?.value ?? '';

function renderElement(el, blockId, ctx, opts) {
  if (!el || typeof el !== 'object') return unsupported(String(el));
  const actionId = el.action_id ?? `${el.type}_action`;
  const base = { action_id: actionId, block_id: blockId, type: el.type };
  const state = stateOf(el, blockId, ctx);
  const set = (patch) => Object.assign(state, patch);
  const fire = async (payload) => {
    if (!opts.interactive) return;
    if (el.confirm && !(await ctx.confirm(el.confirm))) return;
    ctx.act({ ...base, ...payload });
  };
  const placeholder = el.placeholder?.text;

  switch (el.type) {
    case 'button':
      return h(
        'button',
        {
          type: 'button',
          class: `bk-btn${el.style ? ` bk-${el.style}` : ''}`,
          'data-action-id': actionId,
          // What Slack's clients read out instead of the button's text.
          ...(el.accessibility_label ? { 'aria-label': el.accessibility_label } : {}),
          onclick: async () => {
            if (el.confirm && !(await ctx.confirm(el.confirm))) return;
            if (el.url) window.open(el.url, '_blank', 'noopener');
            ctx.act({ ...base, text: el.text, ...(el.value !== undefined ? { value: el.value } : {}), ...(el.style ? { style: el.style } : {}) });
          },
        },
        h('span', { html: textHtml(el.text, ctx) }),
      );

    case 'overflow': {
      const menu = h('div', { class: 'bk-overflow-menu', hidden: true });
      for (const o of el.options ?? []) {
        menu.append(
          h('button', {
            type: 'button',
            class: 'bk-overflow-item',
            html: textHtml(o.text, ctx),
            onclick: async () => {
              menu.hidden = true;
              if (el.confirm && !(await ctx.confirm(el.confirm))) return;
              if (o.url) window.open(o.url, '_blank', 'noopener');
              ctx.act({ ...base, selected_option: o });
            },
          }),
        );
      }
      return h(
        'div',
        { class: 'bk-overflow' },
        h('button', { type: 'button', class: 'bk-btn bk-overflow-toggle', 'aria-label': 'More actions', onclick: () => (menu.hidden = !menu.hidden) }, '⋯'),
        menu,
      );
    }

    case 'static_select':
    case 'multi_static_select': {
      const multi = el.type === 'multi_static_select';
      const { groups, flat } = optionList(el);
      const chosen = new Set((multi ? state.selected_options : [state.selected_option]).filter(Boolean).map((o) => o.value));
      const sel = h('select', { class: 'bk-select', id: opts.inputId, multiple: multi, 'data-action-id': actionId });
      if (!multi) sel.append(h('option', { value: '' }, placeholder ?? 'Select an item'));
      for (const g of groups) {
        const parent = g.label ? h('optgroup', { label: g.label.text }) : sel;
        for (const o of g.options) parent.append(h('option', { value: o.value, selected: chosen.has(o.value) }, optionText(o)));
        if (parent !== sel) sel.append(parent);
      }
      sel.addEventListener('change', () => {
        const picked = [...sel.selectedOptions].map((x) => flat.find((o) => o.value === x.value)).filter(Boolean);
        if (multi) set({ selected_options: picked });
        else set({ selected_option: picked[0] ?? null });
        void fire(multi ? { selected_options: picked } : { selected_option: picked[0] ?? null });
      });
      return sel;
    }

    case 'external_select': {
      const sel = h('select', { class: 'bk-select', id: opts.inputId, 'data-action-id': actionId });
      let known = state.selected_option ? [state.selected_option] : [];
      const fill = (options) => {
        known = options;
        sel.replaceChildren(h('option', { value: '' }, placeholder ?? 'Select an item'));
        for (const o of options) sel.append(h('option', { value: o.value, selected: o.value === state.selected_option?.value }, optionText(o)));
      };
      fill(known);
      const minLength = el.min_query_length ?? 3;
      const search = h('input', { type: 'search', class: 'bk-text-input bk-search', placeholder: 'Type to search', 'aria-label': `Search ${opts.label ?? ''}`.trim() });
      const load = async () => {
        if (search.value.length < minLength) return;
        const answer = await ctx.options(el, blockId, search.value);
        const flat = [...(answer?.options ?? []), ...(answer?.option_groups ?? []).flatMap((g) => g.options ?? [])];
        const current = state.selected_option;
        fill(current && !flat.some((o) => o.value === current.value) ? [current, ...flat] : flat);
      };
      search.addEventListener('input', () => void load());
      sel.addEventListener('focus', () => void (known.length <= 1 && load()));
      sel.addEventListener('change', () => {
        const picked = known.find((o) => o.value === sel.value) ?? null;
        set({ selected_option: picked });
        void fire({ selected_option: picked });
      });
      return h('div', { class: 'bk-external' }, search, sel);
    }

    case 'users_select':
    case 'multi_users_select':
    case 'conversations_select':
    case 'channels_select': {
      const users = el.type.includes('users');
      const multi = el.type === 'multi_users_select';
      const key = { users_select: 'selected_user', multi_users_select: 'selected_users', conversations_select: 'selected_conversation', channels_select: 'selected_channel' }[el.type];
      const list = users ? ctx.people : CHANNELS;
      const chosen = new Set([state[key]].flat().filter(Boolean));
      const sel = h('select', { class: 'bk-select', id: opts.inputId, multiple: multi, 'data-action-id': actionId });
      if (!multi) sel.append(h('option', { value: '' }, placeholder ?? (users ? 'Select a person' : 'Select a channel')));
      for (const p of list) sel.append(h('option', { value: p.id, selected: chosen.has(p.id) }, p.name));
      sel.addEventListener('change', () => {
        const ids = [...sel.selectedOptions].map((x) => x.value).filter(Boolean);
        const value = multi ? ids : (ids[0] ?? null);
        set({ [key]: value });
        void fire({ [key]: value });
      });
      return sel;
    }

    case 'datepicker':
    case 'timepicker': {
      const date = el.type === 'datepicker';
      const key = date ? 'selected_date' : 'selected_time';
      const input = h('input', { type: date ? 'date' : 'time', class: 'bk-text-input', id: opts.inputId, value: state[key] ?? '', 'data-action-id': actionId });
      input.addEventListener('change', () => {
        set({ [key]: input.value || null });
        void fire({ [key]: input.value || null });
      });
      return input;
    }

    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const multiline = el.type === 'plain_text_input' && el.multiline;
      const type = { number_input: 'number', email_text_input: 'email', url_text_input: 'url' }[el.type] ?? 'text';
      const attrs = {
        class: 'bk-text-input',
        id: opts.inputId,
        placeholder,
        'data-action-id': actionId,
        ...(el.max_length ? { maxlength: el.max_length } : {}),
        ...(el.type === 'number_input'
          ? { type, step: el.is_decimal_allowed ? 'any' : '1', min: el.min_value, max: el.max_value }
          : multiline ? { rows: 4 } : { type }),
      };
      const input = h(multiline ? 'textarea' : 'input', attrs);
      input.value = state.value ?? '';
      input.addEventListener('input', () => set({ value: input.value === '' ? null : input.value }));
      if (opts.interactive) {
        // dispatch_action: Slack sends the value when the person presses Enter.
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' && !multiline) {
            e.preventDefault();
            void fire({ value: input.value });
          }
        });
      }
      return input;
    }

    case 'checkboxes':
    case 'radio_buttons': {
      const radio = el.type === 'radio_buttons';
      const group = `g_${Math.random().toString(36).slice(2)}`;
      const chosen = new Set((radio ? [state.selected_option] : state.selected_options).filter(Boolean).map((o) => o.value));
      const wrap = h('div', { class: 'bk-choices', id: opts.inputId, role: radio ? 'radiogroup' : 'group', 'data-action-id': actionId });
      const update = () => {
        const picked = [...wrap.querySelectorAll('input')].filter((i) => i.checked).map((i) => (el.options ?? [])[Number(i.dataset.index)]);
        if (radio) set({ selected_option: picked[0] ?? null });
        else set({ selected_options: picked });
        void fire(radio ? { selected_option: picked[0] ?? null } : { selected_options: picked });
      };
      (el.options ?? []).forEach((o, i) => {
        wrap.append(
          h(
            'label',
            { class: 'bk-choice' },
            h('input', { type: radio ? 'radio' : 'checkbox', name: group, 'data-index': i, checked: chosen.has(o.value), onchange: update }),
            h('span', { class: 'bk-choice-text' }, h('span', { html: textHtml(o.text, ctx) }), o.description ? h('small', { html: textHtml(o.description, ctx) }) : null),
          ),
        );
      });
      return wrap;
    }

    case 'image':
      return h('img', { class: 'bk-accessory-img', src: el.image_url, alt: el.alt_text ?? '' });

    default:
      return unsupported(el.type);
  }
}

/** Whether an input element holds a value (for the "required" check Slack's client makes). */
export function hasValue(state) {
  if (!state) return false;
  return Object.entries(state).some(([k, v]) => k !== 'type' && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
}
