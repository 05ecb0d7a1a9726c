import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText } from '../../slack/values.ts';

/** Edit and Join on a programme's page: the programme id, read back with `rowId`. */
export const programmeValue = (id: number): string => String(id);
export const ProgrammeIdValue = rowIdText;

/** The programme form's private_metadata: `{"id"}` when it edits one, `{}` for a new one. */
export const programmeFormMeta = (id: number | undefined): string => JSON.stringify(id ? { id } : {});
export const ProgrammeFormMetaValue = jsonText(z.object({ id: rowIdNumber.optional() }));

/**
 * "Read the agreement" and "Agree": `<programme id>:<version>`, and `:<mentorship id>` from an
 * invitation (the version shown is the one Accept records).
 */
export const agreeValue = (programmeId: number, version: number, mentorshipId?: number): string =>
  `${programmeId}:${version}${mentorshipId ? `:${mentorshipId}` : ''}`;
export const AgreeValue = z
  .string()
  .regex(/^[1-9]\d{0,9}:[1-9]\d{0,5}(:[1-9]\d{0,9})?$/)
  .transform((v) => {
    const [programmeId, version, mentorshipId] = v.split(':').map(Number) as [number, number, number | undefined];
    return mentorshipId ? { programmeId, version, mentorshipId } : { programmeId, version };
  })
  .pipe(z.object({ programmeId: rowIdNumber, version: rowIdNumber, mentorshipId: rowIdNumber.optional() }));
