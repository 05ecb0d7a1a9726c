import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { exportComment } from './views.ts';

/** The export file: every table looked at, with the rows about the person exactly as stored. */
export async function buildPersonalExport(deps: Deps, teamId: string, userId: string, adminId: string, now: Date) {
  const tables = await deps.storage.personalData.collect(teamId, userId);
  const rows = Object.values(tables).reduce((n, r) => n + r.length, 0);
  const file = {
    format: 'lifering-personal-data/1',
    workspace: teamId,
    person: userId,
    exportedAt: now.toISOString(),
    exportedBy: adminId,
    tables,
  };
  return { json: `${JSON.stringify(file, null, 2)}\n`, rows };
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
  const { json, rows } = await buildPersonalExport(deps, teamId, userId, adminId, now);
  const audit = () =>
    deps.storage.audit.record({
      teamId,
      actorId: adminId,
      action: 'person.exported',
      subjectType: 'person',
      detail: { userId, rows },
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
    initial_comment: exportComment(userId, rows),
  });
  await audit();
  return rows;
}
