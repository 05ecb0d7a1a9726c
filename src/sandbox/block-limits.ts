// Block Kit limits as Slack enforces them (slack-platform.md section 4), so tests
// fail on payloads that the real API would reject. Messages imitate Slack's
// `response_metadata.messages` wording: "[ERROR] <problem> [json-pointer:<path>]".

export type Surface = 'message' | 'modal' | 'home';
type Json = Record<string, unknown>;
type Errors = string[];

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
export const MAX_MESSAGE_TEXT = 40_000;

const KNOWN_BLOCKS = new Set(['section', 'divider', 'header', 'context', 'actions', 'input', 'image', 'rich_text']);

// Unknown element types are rejected so a typo fails here and not in production.
const KNOWN_ELEMENTS = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'timepicker',
  'email_text_input',
  'url_text_input',
  'number_input',
  'plain_text_input',
  'rich_text_input',
  'file_input',
  'image',
  'overflow',
  'radio_buttons',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'workflow_button',
]);

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (message: string, pointer: string): string => `[ERROR] ${message} [json-pointer:${pointer}]`;
const tooLong = (max: number, pointer: string): string => at(`must be less than ${max + 1} characters`, pointer);

/** A string field: optional unless `required`, at most `max` characters. */
function checkString(e: Errors, parent: Json, key: string, ptr: string, max: number, required = false): void {
  const v = parent[key];
  if (v === undefined || v === null) {
    if (required) e.push(at(`missing required field: ${key}`, ptr));
    return;
  }
  if (typeof v !== 'string') e.push(at('must be a string', `${ptr}/${key}`));
  else if (v.length > max) e.push(tooLong(max, `${ptr}/${key}`));
}

/** An array field with a size range; returns the items that are worth checking further. */
function checkList(
  e: Errors,
  parent: Json,
  key: string,
  ptr: string,
  max: number,
  min = 0,
  required = false,
): unknown[] {
  const v = parent[key];
  if (v === undefined) {
    if (required) e.push(at(`missing required field: ${key}`, ptr));
    return [];
  }
  if (!Array.isArray(v)) {
    e.push(at('must be an array', `${ptr}/${key}`));
    return [];
  }
  if (v.length > max) e.push(at(`no more than ${max} items allowed`, `${ptr}/${key}`));
  if (v.length < min) e.push(at(`must provide at least ${min} items`, `${ptr}/${key}`));
  return v;
}

interface TextRule {
  max?: number;
  plainOnly?: boolean;
  required?: boolean;
}

/** A text object ({type, text}) held in `parent[key]`. */
function checkText(e: Errors, parent: Json, key: string, ptr: string, rule: TextRule = {}): void {
  const v = parent[key];
  if (v === undefined || v === null) {
    if (rule.required) e.push(at(`missing required field: ${key}`, ptr));
    return;
  }
  checkTextValue(e, v, `${ptr}/${key}`, rule);
}

function checkTextValue(e: Errors, v: unknown, p: string, rule: TextRule): void {
  if (!isObj(v)) {
    e.push(at('must be a text object', p));
    return;
  }
  const allowed = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof v.type !== 'string' || !allowed.includes(v.type)) {
    e.push(at(`must be one of the following: ${allowed.join(', ')}`, `${p}/type`));
  }
  if (typeof v.text !== 'string') {
    e.push(at('missing required field: text', p));
    return;
  }
  const max = Math.min(rule.max ?? 3000, 3000);
  if (v.text.length === 0) e.push(at('must be more than 0 characters', `${p}/text`));
  else if (v.text.length > max) e.push(tooLong(max, `${p}/text`));
}

function checkConfirm(e: Errors, parent: Json, ptr: string): void {
  const c = parent.confirm;
  if (c === undefined) return;
  const p = `${ptr}/confirm`;
  if (!isObj(c)) {
    e.push(at('must be an object', p));
    return;
  }
  checkText(e, c, 'title', p, { max: 100, plainOnly: true, required: true });
  checkText(e, c, 'text', p, { max: 300, required: true });
  checkText(e, c, 'confirm', p, { max: 30, plainOnly: true, required: true });
  checkText(e, c, 'deny', p, { max: 30, plainOnly: true, required: true });
}

/** Checkboxes and radio buttons may use mrkdwn option text; menus may not. */
function checkOption(e: Errors, o: unknown, ptr: string, allowMrkdwn: boolean): void {
  if (!isObj(o)) {
    e.push(at('must be an object', ptr));
    return;
  }
  checkText(e, o, 'text', ptr, { max: 75, plainOnly: !allowMrkdwn, required: true });
  checkString(e, o, 'value', ptr, 150, true);
  checkText(e, o, 'description', ptr, { max: 75, plainOnly: !allowMrkdwn });
  checkString(e, o, 'url', ptr, 3000);
}

function checkOptions(e: Errors, el: Json, ptr: string, max: number, min: number, allowMrkdwn: boolean): void {
  for (const [i, o] of checkList(e, el, 'options', ptr, max, min, true).entries()) {
    checkOption(e, o, `${ptr}/options/${i}`, allowMrkdwn);
  }
}

function checkStaticSelect(e: Errors, el: Json, ptr: string): void {
  if (el.options === undefined && el.option_groups === undefined) {
    e.push(at('must provide either options or option_groups', ptr));
    return;
  }
  if (el.options !== undefined) checkOptions(e, el, ptr, 100, 0, false);
  checkList(e, el, 'option_groups', ptr, 100).forEach((g, i) => {
    const gp = `${ptr}/option_groups/${i}`;
    if (!isObj(g)) {
      e.push(at('must be an object', gp));
      return;
    }
    checkText(e, g, 'label', gp, { max: 75, plainOnly: true, required: true });
    checkOptions(e, g, gp, 100, 1, false);
  });
}

function checkRange(e: Errors, el: Json, key: string, ptr: string, min: number, max: number): void {
  const v = el[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    e.push(at(`must be an integer between ${min} and ${max}`, `${ptr}/${key}`));
  }
}

function checkElement(e: Errors, el: unknown, ptr: string): void {
  if (!isObj(el)) {
    e.push(at('must be an object', ptr));
    return;
  }
  const type = el.type;
  if (typeof type !== 'string') {
    e.push(at('missing required field: type', ptr));
    return;
  }
  if (!KNOWN_ELEMENTS.has(type)) {
    e.push(at(`unsupported type: ${type}`, `${ptr}/type`));
    return;
  }
  checkString(e, el, 'action_id', ptr, 255);
  checkText(e, el, 'placeholder', ptr, { max: 150, plainOnly: true });
  checkConfirm(e, el, ptr);
  switch (type) {
    case 'button':
      checkText(e, el, 'text', ptr, { max: 75, plainOnly: true, required: true });
      checkString(e, el, 'accessibility_label', ptr, 75);
      checkString(e, el, 'value', ptr, 2000);
      checkString(e, el, 'url', ptr, 3000);
      return;
    case 'static_select':
    case 'multi_static_select':
      checkStaticSelect(e, el, ptr);
      return;
    case 'overflow':
      checkOptions(e, el, ptr, 5, 2, false);
      return;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(e, el, ptr, 10, 1, true);
      return;
    case 'plain_text_input':
      checkRange(e, el, 'max_length', ptr, 1, 3000);
      checkRange(e, el, 'min_length', ptr, 0, 3000);
      return;
    case 'image':
      checkImage(e, el, ptr);
      return;
  }
}

/** Image block and image element share these rules. */
function checkImage(e: Errors, img: Json, ptr: string): void {
  if (img.image_url === undefined && img.slack_file === undefined) e.push(at('missing required field: image_url', ptr));
  checkString(e, img, 'image_url', ptr, 3000);
  checkString(e, img, 'alt_text', ptr, 2000, true);
}

/** Action ids must be unique within a block. */
function checkElements(e: Errors, block: Json, ptr: string, max: number): void {
  const seen = new Set<string>();
  checkList(e, block, 'elements', ptr, max, 1, true).forEach((el, i) => {
    const p = `${ptr}/elements/${i}`;
    checkElement(e, el, p);
    const id = isObj(el) ? el.action_id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) e.push(at(`duplicate action_id: ${id}`, `${p}/action_id`));
    seen.add(id);
  });
}

function checkContextElements(e: Errors, block: Json, ptr: string): void {
  checkList(e, block, 'elements', ptr, 10, 1, true).forEach((el, i) => {
    const p = `${ptr}/elements/${i}`;
    if (isObj(el) && el.type === 'image') checkImage(e, el, p);
    else checkTextValue(e, el, p, {});
  });
}

function checkBlock(e: Errors, block: Json, ptr: string): void {
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) e.push(at('must provide either text or fields', ptr));
      checkText(e, block, 'text', ptr, { max: 3000 });
      for (const [i, f] of checkList(e, block, 'fields', ptr, 10).entries()) {
        checkTextValue(e, f, `${ptr}/fields/${i}`, { max: 2000 });
      }
      if (block.accessory !== undefined) checkElement(e, block.accessory, `${ptr}/accessory`);
      return;
    case 'header':
      checkText(e, block, 'text', ptr, { max: 150, plainOnly: true, required: true });
      return;
    case 'context':
      checkContextElements(e, block, ptr);
      return;
    case 'actions':
      checkElements(e, block, ptr, 25);
      return;
    case 'input':
      checkText(e, block, 'label', ptr, { max: 2000, plainOnly: true, required: true });
      checkText(e, block, 'hint', ptr, { max: 2000, plainOnly: true });
      if (block.element === undefined) e.push(at('missing required field: element', ptr));
      else checkElement(e, block.element, `${ptr}/element`);
      return;
    case 'image':
      checkImage(e, block, ptr);
      checkText(e, block, 'title', ptr, { max: 2000, plainOnly: true });
      return;
    case 'rich_text':
      checkList(e, block, 'elements', ptr, Number.MAX_SAFE_INTEGER, 0, true);
      return;
  }
}

/**
 * Validates a `blocks` array for a surface. `base` is the JSON pointer of the array
 * (`/view/blocks` when called for a view). Returns [] when Slack would accept it.
 */
export function validateBlocks(blocks: unknown, surface: Surface, base = '/blocks'): string[] {
  const e: Errors = [];
  if (!Array.isArray(blocks)) return [at('must be an array', base)];
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) e.push(at(`no more than ${max} items allowed`, base));
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const ptr = `${base}/${i}`;
    if (!isObj(block)) {
      e.push(at('must be an object', ptr));
      return;
    }
    if (typeof block.type !== 'string') {
      e.push(at('missing required field: type', ptr));
      return;
    }
    if (!KNOWN_BLOCKS.has(block.type)) {
      e.push(at(`unsupported type: ${block.type}`, `${ptr}/type`));
      return;
    }
    checkString(e, block, 'block_id', ptr, 255);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) e.push(at(`duplicate block_id: ${block.block_id}`, `${ptr}/block_id`));
      blockIds.add(block.block_id);
    }
    checkBlock(e, block, ptr);
  });
  return e;
}

/** Validates a modal or Home tab view object (the `view` argument of views.*). */
export function validateView(view: unknown, base = '/view'): string[] {
  if (!isObj(view)) return [at('must be an object', base)];
  const e: Errors = [];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    e.push(at('must be one of the following: modal, home', `${base}/type`));
    return e;
  }
  if (type === 'modal') {
    checkText(e, view, 'title', base, { max: 24, plainOnly: true, required: true });
    checkText(e, view, 'submit', base, { max: 24, plainOnly: true });
    checkText(e, view, 'close', base, { max: 24, plainOnly: true });
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    const inputAt = blocks.findIndex((b) => isObj(b) && b.type === 'input');
    // Wording and pointer as Slack reports it (node-slack-sdk#875).
    if (inputAt >= 0 && view.submit === undefined) {
      e.push(at('must define `submit` to use `input` block', `${base}/blocks/${inputAt}/input`));
    }
  }
  checkString(e, view, 'private_metadata', base, 3000);
  checkString(e, view, 'callback_id', base, 255);
  checkString(e, view, 'external_id', base, 255);
  if (view.blocks === undefined) e.push(at('missing required field: blocks', base));
  else e.push(...validateBlocks(view.blocks, type, `${base}/blocks`));
  return e;
}

export type MessageProblem =
  | { error: 'invalid_blocks' | 'invalid_blocks_format'; messages: string[] }
  | { error: 'no_text' | 'msg_too_long'; messages?: undefined };

/**
 * Checks the content arguments shared by chat.postMessage, postEphemeral, update
 * and response_url posts. Returns undefined when Slack would accept them.
 */
export function checkMessage(args: {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}): MessageProblem | undefined {
  const { text, blocks, attachments } = args;
  if (blocks !== undefined) {
    if (!Array.isArray(blocks))
      return { error: 'invalid_blocks_format', messages: [at('must be an array', '/blocks')] };
    const messages = validateBlocks(blocks, 'message');
    if (messages.length > 0) return { error: 'invalid_blocks', messages };
  }
  const hasText = typeof text === 'string' && text.length > 0;
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) return { error: 'no_text' };
  if (typeof text === 'string' && text.length > MAX_MESSAGE_TEXT) return { error: 'msg_too_long' };
  return undefined;
}
