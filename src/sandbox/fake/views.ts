// views.*: modals opened and pushed with a trigger id, updated, and Home tabs published; and
// what the Slack client does with modals (a submission's ack, closing, who has which open).

import { randomBytes } from 'node:crypto';
import { validateView } from '../block-limits.ts';
import { failure, firstMissing, isObj, missing, str } from './results.ts';
import type { FakeState } from './state.ts';
import type { JsonObject, Result, StoredView, Trigger } from './types.ts';
import { dropViews, MAX_VIEW_STACK, makeView, pushView, replaceView, stackOf, viewProblem } from './view-store.ts';

const TRIGGER_TTL_MS = 3000;

/**
 * A trigger id valid for 3 s, usable once. `viewId` says which modal a views.push targets;
 * `userId` is who acted, so a modal opened with it belongs to them (`openModals`).
 */
export function issueTriggerId(s: FakeState, context: { viewId?: string; userId?: string }): string {
  const id = `${1_000_000_000 + s.count()}.${Math.floor(s.now() / 1000)}.${randomBytes(16).toString('hex')}`;
  s.triggers.set(id, {
    issuedAt: s.now(),
    used: false,
    ...(context.viewId ? { viewId: context.viewId } : {}),
    ...(context.userId ? { userId: context.userId } : {}),
  });
  return id;
}

function useTrigger(s: FakeState, id: string): Trigger | Result {
  const trigger = s.triggers.get(id);
  if (!trigger) return failure('invalid_trigger_id');
  if (trigger.used) return failure('exchanged_trigger_id');
  if (s.now() - trigger.issuedAt >= TRIGGER_TTL_MS) return failure('expired_trigger_id');
  return trigger;
}

export function viewsOpen(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'trigger_id', 'view');
  if (absent) return absent;
  const problem = viewProblem(s, a.view, 'modal');
  if (problem) return problem;
  const trigger = useTrigger(s, String(a.trigger_id));
  if ('ok' in trigger) return trigger;
  // A trigger id comes from one workspace's interaction; another workspace's token cannot use it.
  if (trigger.userId && s.users.has(trigger.userId) && !s.userFor(trigger.userId)) return failure('invalid_trigger_id');
  trigger.used = true;
  const id = s.nextId('V');
  s.stacks.set(id, [id]);
  if (trigger.userId) s.stackOwners.set(id, trigger.userId);
  return { ok: true, view: makeView(s, a.view as JsonObject, id, id, null) };
}

export function viewsPush(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'trigger_id', 'view');
  if (absent) return absent;
  const problem = viewProblem(s, a.view, 'modal');
  if (problem) return problem;
  const trigger = useTrigger(s, String(a.trigger_id));
  if ('ok' in trigger) return trigger;
  // A trigger from a modal pushes onto that modal; otherwise the newest modal.
  const stack = trigger.viewId ? stackOf(s, trigger.viewId) : [...s.stacks.values()].at(-1);
  if (!stack) return failure('not_found');
  if (stack.length >= MAX_VIEW_STACK) return failure('push_limit_reached');
  trigger.used = true;
  return { ok: true, view: pushView(s, stack, a.view as JsonObject) };
}

export function viewsUpdate(s: FakeState, a: JsonObject): Result {
  const viewId = str(a, 'view_id');
  const externalId = str(a, 'external_id');
  if (!viewId && !externalId) return missing('view_id');
  if (a.view === undefined) return missing('view');
  const old = viewId ? s.views.get(viewId) : [...s.views.values()].find((v) => v.external_id === externalId);
  if (!old) return failure('not_found');
  const hash = str(a, 'hash');
  if (hash && hash !== old.hash) return failure('hash_conflict');
  const problem = viewProblem(s, a.view, old.type === 'home' ? 'home' : 'modal', old.id);
  if (problem) return problem;
  return { ok: true, view: replaceView(s, old, a.view as JsonObject) };
}

export function viewsPublish(s: FakeState, a: JsonObject): Result {
  const absent = firstMissing(a, 'user_id', 'view');
  if (absent) return absent;
  const userId = String(a.user_id);
  if (!s.userFor(userId)) return failure('user_not_found');
  const old = s.homeViews.get(userId);
  const hash = str(a, 'hash');
  if (old && hash && hash !== old.hash) return failure('hash_conflict');
  const problem = viewProblem(s, a.view, 'home', old?.id);
  if (problem) return problem;
  const input = a.view as JsonObject;
  const id = old?.id ?? s.nextId('V');
  const view = old ? replaceView(s, old, input) : makeView(s, input, id, id, null);
  s.homeViews.set(userId, view);
  return { ok: true, view };
}

/** Applies a view_submission ack body; returns Slack-style problems if it would fail. */
export function applyViewSubmissionAck(s: FakeState, viewId: string, ack: unknown): string[] {
  const current = s.views.get(viewId);
  if (!current) return [`[ERROR] view ${viewId} is not open`];
  if (ack === '' || ack === undefined || ack === null) {
    dropViews(s, viewId);
    return [];
  }
  if (!isObj(ack)) return ['[ERROR] ack body must be empty or a JSON object'];
  const action = ack.response_action;
  if (action === 'errors') return [];
  if (action === 'clear') {
    dropViews(s, stackOf(s, viewId)?.[0] ?? viewId);
    return [];
  }
  if (action !== 'update' && action !== 'push') return [`[ERROR] unsupported response_action: ${String(action)}`];
  const problems = validateView(ack.view);
  if (problems.length > 0 || !isObj(ack.view)) return problems;
  if (action === 'update') {
    replaceView(s, current, ack.view);
    return [];
  }
  const stack = stackOf(s, viewId);
  if (!stack || stack.length >= MAX_VIEW_STACK) return ['push_limit_reached'];
  pushView(s, stack, ack.view);
  return [];
}

/** The modal stack holding `viewId`, root first. */
export function viewStack(s: FakeState, viewId: string): StoredView[] {
  return (stackOf(s, viewId) ?? []).flatMap((id) => s.views.get(id) ?? []);
}

/** The newest modal stack opened for `userId` (through a trigger issued with their id), root first. */
export function openModals(s: FakeState, userId: string): StoredView[] {
  const roots = [...s.stackOwners].filter(([, owner]) => owner === userId).map(([root]) => root);
  const root = roots.at(-1);
  return root ? (s.stacks.get(root) ?? []).flatMap((id) => s.views.get(id) ?? []) : [];
}
