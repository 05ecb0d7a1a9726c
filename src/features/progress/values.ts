import { z } from 'zod';
import { jsonText, userIdText } from '../../slack/values.ts';

/** "Open progress page" (in DMs, on Home, in lists): the mentee whose page it opens. */
export const openProgressValue = (menteeId: string): string => menteeId;
export const OpenProgressValue = userIdText;

/** A progress page number, 1-based; a modal holds at most 100 blocks, so pages stay few. */
const pageNumber = z.number().int().min(1).max(999_999);

/** The page buttons' value: the page to show. Whose page it is lives in the modal's private_metadata. */
export const progressPageValue = (page: number): string => String(page);
export const ProgressPageValue = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number)
  .pipe(pageNumber);

/** The progress page modal's private_metadata: whose page, and which page of it is shown. */
export interface ProgressModalMeta {
  menteeId: string;
  page: number;
}
export const progressModalMeta = (meta: ProgressModalMeta): string =>
  JSON.stringify({ menteeId: meta.menteeId, page: meta.page });
export const ProgressModalMeta = jsonText(z.object({ menteeId: userIdText, page: pageNumber.default(1) }));
