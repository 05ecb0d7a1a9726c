import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText, userIdText } from '../../slack/values.ts';
import type { OversightFilter, OversightState } from '../../storage/oversight.ts';

/** The states the view filters by, in the order its menu offers them. */
export const PROGRAMME_STATES = [
  'attention',
  'all',
  'pending',
  'active',
  'ended',
  'declined',
] as const satisfies readonly OversightState[];

/** The state menu's option values are the states themselves. */
export const stateOptionValue = (state: OversightState): string => state;
export const OversightStateValue = z.enum(PROGRAMME_STATES);

/** The topic menu's option values: a topic id, or `any` for no topic filter (read back as null). */
export const topicFilterValue = (topicId: number | undefined): string =>
  topicId === undefined ? 'any' : String(topicId);
export const TopicFilterValue = z.union([z.literal('any').transform(() => null), rowIdText]);

/** The checkboxes under the filters: only overdue reports, only with 🛟 open. */
export type OversightFlag = 'overdue' | 'help';
export const flagOptionValue = (flag: OversightFlag): string => flag;
export const OversightFlagValue = z.enum(['overdue', 'help']);

/** A filter as written into a value: only what narrows the list is there (flags only when on). */
const FilterJson = z.object({
  state: OversightStateValue.default('all'),
  topicId: rowIdNumber.optional(),
  supporterId: userIdText.optional(),
  overdue: z.literal(true).optional(),
  help: z.literal(true).optional(),
  programmeId: rowIdNumber.optional(),
});

/**
 * The openOversight button's value (Home's "Resolve them", a person's "Everyone they support"):
 * optional JSON of the filter to open with, `{"state"?: …, "supporterId"?: …}`. No value opens
 * everything.
 */
export const openOversightValue = (filter: OversightFilter): string => JSON.stringify(filter);
export const OpenOversightValue = z.union([
  z.undefined().transform((): OversightFilter => ({ state: 'all' })),
  z.literal('').transform((): OversightFilter => ({ state: 'all' })),
  jsonText(FilterJson),
]);

/** What a programme modal was drawn for: its filter and page. */
export interface OversightMeta {
  filter: OversightFilter;
  page: number;
}

/** Pages are 1-based; a million of them is far past any programme. */
const page = z.number().int().min(1).max(1_000_000);

/** The programme modal's private_metadata: JSON `{"filter": …, "page": n}`, redrawn from on each click. */
export const oversightModalMeta = (meta: OversightMeta): string => JSON.stringify(meta);
export const OversightModalMeta = jsonText(z.object({ filter: FilterJson, page }));

/** The oversightPage and oversightPagePrevious button values: the page to show, 1-based. */
export const oversightPageValue = (n: number): string => String(n);
export const OversightPageValue = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number);

/** What a mentorship's ⋯ menu in the programme view offers, by its state (src/features/oversight/rules.ts). */
export type RowVerb = 'progress' | 'end' | 'reassign' | 'assign' | 'nudge';

/** The oversightRow overflow's option values: `<verb>:<mentorship id>`, e.g. `nudge:12`. */
export const oversightRowValue = (verb: RowVerb, mentorshipId: number): string => `${verb}:${mentorshipId}`;
export const OversightRowValue = z
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
 * mentorships feature writes it there) and read back with `OversightBackValue`.
 */
export const oversightBack = (viewId: string, meta: string) => ({ viewId, meta });
export const OversightBackValue = z.object({ viewId: z.string().regex(/^V[A-Z0-9]+$/), meta: z.string() });
export type OversightBack = z.output<typeof OversightBackValue>;
