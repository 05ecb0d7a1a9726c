import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { CommandContext } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { teamOf } from '../../slack/team.ts';
import { shortDate } from '../../slack/text.ts';
import type { ProgrammeScope } from '../../storage/programme-scope.ts';
import { csvLine } from '../admin-report/csv.ts';
import type { ActionArgs } from '../feature.ts';
import { AUDIT_HEADER, auditCsvLine, auditModal } from './oversight.ts';
import { scopeFor } from './scope.ts';

/** Audit entries shown in Slack; the CSV has them all. */
const AUDIT_SHOWN = 40;

/** `/mentor admin audit`: the latest entries, with the whole log a click away. */
export async function openAuditLog(deps: Deps, ctx: CommandContext): Promise<void> {
  await ctx.ack();
  const scope = await scopeFor(deps, ctx.teamId, ctx.userId, 'audit.read');
  const [rows, total] = await Promise.all([
    deps.storage.audit.page(ctx.teamId, null, AUDIT_SHOWN, scope),
    deps.storage.audit.count(ctx.teamId, scope),
  ]);
  await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: auditModal(rows, total, deps.now()) });
}

/** The whole audit log (what the reader's scope lets through) as CSV lines, read page by page. */
async function auditCsv(deps: Deps, teamId: string, scope: ProgrammeScope): Promise<string[]> {
  const parts = [csvLine(AUDIT_HEADER)];
  let before: number | null = null;
  for (;;) {
    const page = await deps.storage.audit.page(teamId, before, 1000, scope);
    for (const r of page) parts.push(auditCsvLine(r));
    if (page.length < 1000) break;
    before = page[page.length - 1]!.id;
  }
  return parts;
}

/** The whole audit log as CSV in the admin's DM. */
export async function exportAuditLog(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, client } = args;
  await ack();
  const teamId = teamOf(body);
  const parts = await auditCsv(deps, teamId, await scopeFor(deps, teamId, body.user.id, 'audit.read'));
  const now = deps.now();
  const day = now.toISOString().slice(0, 10);
  try {
    const opened = await client.conversations.open({ users: body.user.id });
    if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
    await client.filesUploadV2({
      channel_id: opened.channel.id,
      filename: `lifering-audit-${day}.csv`,
      content: parts.join(''),
      title: `Lifering audit log ${day}`,
      initial_comment: `The audit log as of ${shortDate(day, now)}: ${parts.length - 1} entr${parts.length === 2 ? 'y' : 'ies'}, newest first. Typed notes and reasons are not in it.`,
    });
    await deps.storage.audit.record({
      teamId,
      actorId: body.user.id,
      action: 'audit.exported',
      detail: { rows: parts.length - 1 },
      at: now,
    });
  } catch (error) {
    await sendDm(client, body.user.id, {
      text: unexpectedFailure(deps.logger, 'the audit log export', error),
    }).catch(() => undefined);
  }
}
