import { z } from 'zod';
import { jsonText, rowIdNumber, userIdText } from '../../slack/values.ts';
import type { SupporterKind } from '../../storage/rows.ts';
import { type OversightBack, OversightBackValue } from '../oversight/values.ts';

/**
 * The mentorship a button or option names: Accept and Decline on the assignment DM, End
 * (confirmEnd) wherever a mentorship is shown, and each option of the End picker on `/mentor list`.
 * Read back with `rowId` (src/slack/ids.ts): one it cannot read names no mentorship, and the
 * usual "not found" answer follows.
 */
export const mentorshipValue = (id: number): string => String(id);

/** A topic option of the assign modal's select, read back with `rowId` and checked against the topics. */
export const topicOptionValue = (id: number): string => String(id);

/** The supporter kind radio buttons' option values are the kinds themselves. */
export const SupporterKindValue = z.enum([
  'mentor',
  'coach',
  'advisor',
  'on_demand_advisor',
] as const satisfies readonly SupporterKind[]);

/** Who an assign form is for, to prefill it. */
export interface AssignPrefill {
  menteeId?: string | undefined;
  topicId?: number | null | undefined;
  requestId?: number | undefined;
}

/**
 * The "Assign a supporter" (openAssignModal) button value: JSON `{"menteeId", "topicId"?,
 * "requestId"?}` to prefill the form. Written here, in matching's "no match yet" list and in the
 * admins' DM about a request for a supporter; the Home and admin report buttons carry none.
 */
export const assignPrefillValue = (p: AssignPrefill): string =>
  JSON.stringify({
    menteeId: p.menteeId,
    ...(p.topicId ? { topicId: p.topicId } : {}),
    ...(p.requestId ? { requestId: p.requestId } : {}),
  });
export const AssignPrefillValue = z.union([
  // No value (Home, the setup card): nothing to prefill. Parsed to {}, since readValue's undefined means refused.
  z.undefined().transform((): AssignPrefill => ({})),
  z.literal('').transform(() => ({})),
  jsonText(
    z.object({
      menteeId: userIdText.optional(),
      topicId: rowIdNumber.optional(),
      requestId: rowIdNumber.optional(),
    }),
  ),
]);

/**
 * The programme view a form was opened over (src/features/programme), redrawn after the change:
 * its view id and its own private_metadata (the filter and page it showed).
 */

/** What the assign modal keeps between redraws and for its submission. */
export interface AssignModalMeta {
  /** The request for a supporter it answers. */
  requestId?: number | undefined;
  /** The open mentorship it replaces (reassign from the programme view). */
  replaces?: number | undefined;
  back?: OversightBack | undefined;
}

/** The assign modal's private_metadata: JSON of `AssignModalMeta`, `{}` for a plain assign. */
export const assignModalMeta = (m: AssignModalMeta): string =>
  JSON.stringify({
    ...(m.requestId ? { requestId: m.requestId } : {}),
    ...(m.replaces ? { replaces: m.replaces } : {}),
    ...(m.back ? { back: m.back } : {}),
  });
export const AssignModalMetaValue = jsonText(
  z.object({
    requestId: rowIdNumber.optional(),
    replaces: rowIdNumber.optional(),
    back: OversightBackValue.optional(),
  }),
);

/** The progress page an end confirmation was opened over, redrawn once the mentorship has ended. */
export interface ProgressPage {
  viewId: string;
  page: number;
}

/** What the end (and reassign) confirmation acts on. */
export interface EndModalMeta {
  id: number;
  /** Reassign: who takes over, and whether they are asked to accept first. */
  newSupporterId?: string | undefined;
  notify?: boolean | undefined;
  back?: OversightBack | undefined;
  progress?: ProgressPage | undefined;
}

/** The end modal's private_metadata: JSON of `EndModalMeta`. */
export const endModalMeta = (m: EndModalMeta): string =>
  JSON.stringify({
    id: m.id,
    ...(m.newSupporterId ? { newSupporterId: m.newSupporterId, notify: m.notify } : {}),
    ...(m.back ? { back: m.back } : {}),
    ...(m.progress ? { progress: m.progress } : {}),
  });
export const EndModalMetaValue = jsonText(
  z.object({
    id: rowIdNumber,
    newSupporterId: userIdText.optional(),
    notify: z.boolean().optional(),
    back: OversightBackValue.optional(),
    progress: z.object({ viewId: z.string().min(1), page: z.number() }).optional(),
  }),
);

/** What the ⋯ menu next to a mentorship on Home offers: end it, ask for help about it (mentee), suggest a task (supporter). */
export type MentorshipMenuChoice = 'end' | 'ask' | 'task';
/** A ⋯ menu option's value: `<choice>:<mentorship id>`. */
export const mentorshipMenuValue = (choice: MentorshipMenuChoice, id: number): string => `${choice}:${id}`;
export const MentorshipMenuValue = z
  .string()
  .regex(/^(end|ask|task):[1-9]\d{0,9}$/)
  .transform((v) => {
    const [choice, id] = v.split(':') as [MentorshipMenuChoice, string];
    return { choice, id: Number(id) };
  })
  .pipe(z.object({ choice: z.enum(['end', 'ask', 'task']), id: rowIdNumber }));
