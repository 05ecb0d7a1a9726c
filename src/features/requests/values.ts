import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText } from '../../slack/values.ts';

/** The longest "What are you hoping for?" a request keeps (the form says so, the command cuts to it). */
export const REQUEST_NOTE_MAX = 1000;

/** Slack's limit on a button value. */
const BUTTON_VALUE_MAX = 2000;

/** What the request form opens with, from a "did you mean" button: a topic, and the note already typed. */
export interface RequestPrefill {
  topicId?: number | undefined;
  note?: string | undefined;
}

/**
 * The openRequestForm button value: none (Home's "Find me a supporter"), or JSON `{"t"?: topicId,
 * "n"?: note}` from a "did you mean" answer. The note is cut until the JSON fits in a button value
 * (quotes and line breaks take two characters each once escaped).
 */
export function requestPrefillValue(p: RequestPrefill): string {
  let note = p.note?.slice(0, REQUEST_NOTE_MAX);
  const write = () => JSON.stringify({ ...(p.topicId ? { t: p.topicId } : {}), ...(note ? { n: note } : {}) });
  while (note && write().length > BUTTON_VALUE_MAX) note = note.slice(0, Math.floor(note.length * 0.8));
  return write();
}
export const RequestPrefillValue = z.union([
  z.undefined().transform((): RequestPrefill => ({})),
  z.literal('').transform((): RequestPrefill => ({})),
  jsonText(z.object({ t: rowIdNumber.optional(), n: z.string().max(REQUEST_NOTE_MAX).optional() })).transform(
    (v): RequestPrefill => ({ topicId: v.t, note: v.n }),
  ),
]);

/** The request form's topic select: the topic's id. */
export const requestTopicValue = (topicId: number): string => String(topicId);
export const RequestTopicValue = rowIdText;

/** The request form's private_metadata: the open request it showed, if any (`{"r"?: id}`). */
export const requestFormMeta = (requestId: number | undefined): string =>
  JSON.stringify(requestId ? { r: requestId } : {});
export const RequestFormMeta = jsonText(z.object({ r: rowIdNumber.optional() }));
