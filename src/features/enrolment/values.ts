import { z } from 'zod';
import { jsonText, rowIdNumber, rowIdText } from '../../slack/values.ts';
import type { MemberRole } from '../../storage/programme-members.ts';

/** A Join button's value (programmeJoin): the programme's id. */
export const joinValue = (programmeId: number): string => String(programmeId);
export const JoinValue = rowIdText;

/** The role radio's option values. */
export const RoleValue = z.enum(['mentee', 'supporter']) satisfies z.ZodType<MemberRole>;

/**
 * The join form's private_metadata: the programme it joins, and the role when the form offered
 * only one (`{"p": id, "r"?: role}`).
 */
export const joinFormMeta = (programmeId: number, role?: MemberRole): string =>
  JSON.stringify({ p: programmeId, ...(role ? { r: role } : {}) });
export const JoinFormMeta = jsonText(z.object({ p: rowIdNumber, r: RoleValue.optional() }));
