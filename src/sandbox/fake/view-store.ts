// Views as the fake keeps them: modal stacks (at most three deep) and Home tabs, each view
// checked as Slack checks it before it is stored.

import { validateView } from '../block-limits.ts';
import { failure, isObj } from './results.ts';
import type { FakeState } from './state.ts';
import type { JsonObject, Result, StoredView } from './types.ts';

export const MAX_VIEW_STACK = 3;
const MAX_VIEW_BYTES = 250_000;

/** `selfId` is the view being replaced, which may keep its own external_id. */
export function viewProblem(
  s: FakeState,
  view: unknown,
  expectedType: 'modal' | 'home',
  selfId?: string,
): Result | undefined {
  if (!isObj(view)) return failure('invalid_arguments', ['[ERROR] must be an object [json-pointer:/view]']);
  if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES) return failure('view_too_large');
  if (view.type !== expectedType) {
    return failure('invalid_arguments', [
      `[ERROR] must be one of the following: ${expectedType} [json-pointer:/view/type]`,
    ]);
  }
  const messages = validateView(view);
  if (messages.length > 0) return failure('invalid_arguments', messages);
  const ext = view.external_id;
  if (
    typeof ext === 'string' &&
    ext !== '' &&
    [...s.views.values()].some((v) => v.external_id === ext && v.id !== selfId)
  ) {
    return failure('duplicate_external_id');
  }
  return undefined;
}

export function makeView(
  s: FakeState,
  input: JsonObject,
  id: string,
  rootId: string,
  previousId: string | null,
): StoredView {
  const view: StoredView = {
    team_id: s.teamId,
    blocks: [],
    private_metadata: '',
    callback_id: '',
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    app_id: s.appId,
    app_installed_team_id: s.teamId,
    bot_id: s.botId,
    ...input,
    id,
    type: String(input.type),
    external_id: typeof input.external_id === 'string' ? input.external_id : '',
    hash: s.newHash(),
    root_view_id: rootId,
    previous_view_id: previousId,
    state: { values: {} },
  };
  s.views.set(id, view);
  return view;
}

export function replaceView(s: FakeState, old: StoredView, input: JsonObject): StoredView {
  const view = makeView(
    s,
    { ...input, external_id: input.external_id ?? old.external_id },
    old.id,
    old.root_view_id,
    old.previous_view_id,
  );
  view.state = old.state;
  if (old.type === 'home') {
    for (const [user, v] of s.homeViews) if (v.id === old.id) s.homeViews.set(user, view);
  }
  return view;
}

export const stackOf = (s: FakeState, viewId: string): string[] | undefined =>
  [...s.stacks.values()].find((ids) => ids.includes(viewId));

export function pushView(s: FakeState, stack: string[], input: JsonObject): StoredView {
  const root = stack[0] ?? '';
  const view = makeView(s, input, s.nextId('V'), root, stack[stack.length - 1] ?? null);
  stack.push(view.id);
  return view;
}

/** The user closed `viewId`: it and the views pushed above it go away. */
export function dropViews(s: FakeState, viewId: string): void {
  const stack = stackOf(s, viewId);
  if (!stack) return;
  for (const id of stack.splice(stack.indexOf(viewId))) s.views.delete(id);
  if (stack.length === 0) {
    s.stacks.delete(viewId);
    s.stackOwners.delete(viewId);
  }
}
