import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText, userIdText } from '../../slack/values.ts';
import type { ProgrammeFilter, ProgrammeState } from '../../storage/programme.ts';

/** The states the view filters by, in the order its menu offers them. */
export const PROGRAMME_STATES = [
  'attention',
  'all',
  'pending',
  'active',
  'ended',
  'declined',
] as const satisfies readonly ProgrammeState[];

/** The state menu's option values are the states themselves. */
export const stateOptionValue = (state: ProgrammeState): string => state;
export const ProgrammeStateValue = z.enum(PROGRAMME_STATES);

/** The topic menu's option values: a topic id, or `any` for no topic filter (read back as null). */
export const topicFilterValue = (topicId: number | undefined): string =>
  topicId === undefined ? 'any' : String(topicId);
export const TopicFilterValue = z.union([z.literal('any').transform(() => null), rowIdText]);

/** The checkboxes under the filters: only overdue reports, only with 🛟 open. */
export type ProgrammeFlag = 'overdue' | 'help';
export const flagOptionValue = (flag: ProgrammeFlag): string => flag;
export const ProgrammeFlagValue = z.enum(['overdue', 'help']);

/** A filter as written into a value: only what narrows the list is there (flags only when on). */
const FilterJson = z.object({
  state: ProgrammeStateValue.default('all'),
  topicId: rowIdNumber.optional(),
  supporterId: userIdText.optional(),
  overdue: z.literal(true).optional(),
  help: z.literal(true).optional(),
});

/**
 * The openProgramme button's value (Home's "Resolve them", a person's "Everyone they support"):
 * optional JSON of the filter to open with, `{"state"?: …, "supporterId"?: …}`. No value opens
 * everything.
 */
export const openProgrammeValue = (filter: ProgrammeFilter): string => JSON.stringify(filter);
export const OpenProgrammeValue = z.union([
  z.undefined().transform((): ProgrammeFilter => ({ state: 'all' })),
  z.literal('').transform((): ProgrammeFilter => ({ state: 'all' })),
  jsonText(FilterJson),
]);

/** What a programme modal was drawn for: its filter and page. */
export interface ProgrammeMeta {
  filter: ProgrammeFilter;
  page: number;
}

/** Pages are 1-based; a million of them is far past any programme. */
const page = z.number().int().min(1).max(1_000_000);

/** The programme modal's private_metadata: JSON `{"filter": …, "page": n}`, redrawn from on each click. */
export const programmeModalMeta = (meta: ProgrammeMeta): string => JSON.stringify(meta);
export const ProgrammeModalMeta = jsonText(z.object({ filter: FilterJson, page }));

/** The programmePage and programmePagePrevious button values: the page to show, 1-based. */
export const programmePageValue = (n: number): string => String(n);
export const ProgrammePageValue = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number);

/** What a mentorship's ⋯ menu in the programme view offers, by its state (src/features/programme/rules.ts). */
export type RowVerb = 'progress' | 'end' | 'reassign' | 'assign' | 'nudge';

/** The programmeRow overflow's option values: `<verb>:<mentorship id>`, e.g. `nudge:12`. */
export const programmeRowValue = (verb: RowVerb, mentorshipId: number): string => `${verb}:${mentorshipId}`;
export const ProgrammeRowValue = z
  .string()
  .regex(/^(progress|end|reassign|assign|nudge):[1-9]\d{0,9}$/)
  .transform((v) => {
    const [verb, id] = v.split(':') as [RowVerb, string];
    return { verb, id: Number(id) };
  })
  .pipe(z.object({ verb: z.enum(['progress', 'end', 'reassign', 'assign', 'nudge']), id: rowIdNumber }));

/**
 * Where a form opened from the programme view goes back to: that view's id and its own
 * private_metadata (the filter and page it showed), carried in the form's private_metadata (the
 * mentorships feature writes it there) and read back with `ProgrammeBackValue`.
 */
export const programmeBack = (viewId: string, meta: string) => ({ viewId, meta });
export const ProgrammeBackValue = z.object({ viewId: z.string().regex(/^V[A-Z0-9]+$/), meta: z.string() });
export type ProgrammeBack = z.output<typeof ProgrammeBackValue>;
