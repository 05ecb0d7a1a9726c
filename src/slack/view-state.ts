import type { ViewOutput } from '@slack/bolt';

/** Reading a submitted modal's `state.values[block_id][action_id]` without casts at every call site. */
type Values = ViewOutput['state']['values'];

const at = (values: Values, blockId: string, actionId?: string) => {
  const block = values[blockId];
  if (!block) return undefined;
  return actionId ? block[actionId] : Object.values(block)[0];
};

/**
 * Trimmed text of a plain_text_input or number_input; undefined when empty. NUL characters were
 * already dropped where the request entered (src/slack/incoming.ts).
 */
export function textOf(values: Values, blockId: string, actionId?: string): string | undefined {
  const v = at(values, blockId, actionId)?.value?.trim();
  return v ? v : undefined;
}

export const selectedValue = (values: Values, blockId: string, actionId?: string): string | undefined =>
  at(values, blockId, actionId)?.selected_option?.value ?? undefined;

export const selectedValues = (values: Values, blockId: string, actionId?: string): string[] =>
  at(values, blockId, actionId)?.selected_options?.map((o) => o.value) ?? [];

export const selectedUser = (values: Values, blockId: string, actionId?: string): string | undefined =>
  at(values, blockId, actionId)?.selected_user ?? undefined;

export const selectedUsers = (values: Values, blockId: string, actionId?: string): string[] =>
  at(values, blockId, actionId)?.selected_users ?? [];

export const selectedDate = (values: Values, blockId: string, actionId?: string): string | undefined =>
  at(values, blockId, actionId)?.selected_date ?? undefined;
