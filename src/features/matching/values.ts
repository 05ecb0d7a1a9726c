import { z } from 'zod';
import { jsonText, rowIdNumber, userIdText } from '../../slack/values.ts';

/** Who a suggestion is for: the mentee, the topic, and the request for a supporter it answers. */
export interface SuggestFor {
  menteeId: string;
  topicId: number | null;
  requestId?: number | undefined;
}

/**
 * A suggestion's one-click Assign (assignSuggested) button value: JSON `{"s": supporterId,
 * "m": menteeId, "t"?: topicId, "r"?: requestId}`, short because a DM carries several.
 */
export const assignSuggestedValue = (supporterId: string, f: SuggestFor): string =>
  JSON.stringify({
    s: supporterId,
    m: f.menteeId,
    ...(f.topicId !== null ? { t: f.topicId } : {}),
    ...(f.requestId ? { r: f.requestId } : {}),
  });
export const AssignSuggestedValue = jsonText(
  z.object({ s: userIdText, m: userIdText, t: rowIdNumber.optional(), r: rowIdNumber.optional() }),
).transform((v) => ({
  supporterId: v.s,
  menteeId: v.m,
  topicId: v.t ?? null,
  ...(v.r ? { requestId: v.r } : {}),
}));
