import type { WebClient } from '@slack/web-api';
import { type Deps, slot } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { answerOutOfDate } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { ViewArgs } from '../feature.ts';
import { PersonModalMeta } from './values.ts';
import { EXPORT_CONTENTS, exportComment, nothingStoredText, withheldNote } from './views.ts';

/**
 * The export file: every table looked at, with the rows about the person as stored, except what
 * others wrote privately about them (withheld and counted, for the admins to decide about).
 */
export async function buildPersonalExport(deps: Deps, teamId: string, userId: string, adminId: string, now: Date) {
  const { tables, withheld } = await deps.storage.personalData.exportRows(teamId, userId);
  const rows = Object.values(tables).reduce((n, r) => n + r.length, 0);
  const file = {
    format: 'lifering-personal-data/1',
    workspace: teamId,
    person: userId,
    exportedAt: now.toISOString(),
    exportedBy: adminId,
    contents: EXPORT_CONTENTS,
    ...(withheld > 0 ? { withheld: { count: withheld, note: withheldNote(withheld) } } : {}),
    tables,
  };
  return { json: `${JSON.stringify(file, null, 2)}\n`, rows, withheld };
}

/**
 * Uploads everything stored about a person to the admin's DM with Lifering (private: it is
 * personal data) and records the export in the audit log. Returns the records sent; nothing is
 * uploaded when there are none.
 */
export async function sendPersonalExport(
  deps: Deps,
  client: WebClient,
  teamId: string,
  userId: string,
  adminId: string,
): Promise<number> {
  const now = deps.now();
  const { json, rows, withheld } = await buildPersonalExport(deps, teamId, userId, adminId, now);
  const audit = () =>
    deps.storage.audit.record({
      teamId,
      actorId: adminId,
      action: 'person.exported',
      subjectType: 'person',
      detail: { userId, rows, withheld },
      at: now,
    });
  if (rows === 0) {
    await audit();
    return 0;
  }
  const opened = await client.conversations.open({ users: adminId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  const day = now.toISOString().slice(0, 10);
  await client.filesUploadV2({
    channel_id: channel,
    filename: `lifering-personal-data-${userId}-${day}.json`,
    content: json,
    title: `Lifering personal data of ${userId}, ${day}`,
    initial_comment: exportComment(userId, rows, withheld),
  });
  await audit();
  return rows;
}

/** Exports being built, one key per workspace, admin and person: a double submission sends one file. */
const exporting = slot(() => new Set<string>());

/** The export confirmation's submission: the file in the admin's DM, or why there is none. */
export async function exportPersonalData(deps: Deps, args: ViewArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const meta = readValue(PersonModalMeta, view.private_metadata);
  if (!meta) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const adminId = body.user.id;
  const { userId } = meta;
  const running = deps.state.get(exporting);
  const key = `${teamId}:${adminId}:${userId}`;
  if (running.has(key)) return;
  running.add(key);
  try {
    const rows = await sendPersonalExport(deps, client, teamId, userId, adminId);
    if (rows === 0) await sendDm(client, adminId, { text: nothingStoredText(userId) });
  } catch (error) {
    await sendDm(client, adminId, { text: unexpectedFailure(deps.logger, 'the personal data export', error) });
  } finally {
    running.delete(key);
  }
}
