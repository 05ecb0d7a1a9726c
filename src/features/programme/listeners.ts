import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  CheckboxesAction,
  OverflowAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
  UsersSelectAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { performs } from '../../policy/declare.ts';
import { can } from '../../policy/policy.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { sendDm } from '../../slack/dm.ts';
import { unexpectedFailure } from '../../slack/errors.ts';
import { ACTIONS, rowId } from '../../slack/ids.ts';
import { modalOf, showModal } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { shortDate, user } from '../../slack/text.ts';
import type { ProgrammeFilter } from '../../storage/programme.ts';
import { csvLine } from '../admin-report/csv.ts';
import type { Feature } from '../feature.ts';
import { assignModal, doneModal, endModal, offerDm } from '../mentorships/views.ts';
import { loadProgress } from '../progress/load.ts';
import { progressModal } from '../progress/views.ts';
import { AUDIT_HEADER, auditCsvLine, auditModal } from './oversight.ts';
import { buildProgramme, refreshProgramme } from './refresh.ts';
import { filterFromWords, isState, parseProgrammeMeta } from './rules.ts';
import { NUDGE_INTRO } from './views.ts';

/** Audit entries shown in Slack; the CSV has them all. */
const AUDIT_SHOWN = 40;

function parseJsonObject(raw: string | undefined): unknown {
  try {
    return JSON.parse(raw || '{}');
  } catch {
    return {};
  }
}

type Args<A extends BlockAction['actions'][number]> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;

/** Everyone in the programme: the admins' filterable, paged view of every mentorship, and what resolves each. */
export const programme: Feature = {
  name: 'programme',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;

    const build = (teamId: string, filter: ProgrammeFilter, page: number) => buildProgramme(deps, teamId, filter, page);

    router.add({
      name: 'admin mentorships',
      usage: 'admin mentorships [pending|active|ended|declined|attention] [overdue] [help]',
      summary: 'everyone in the programme: every mentorship, filtered, with what resolves each',
      performs: 'programme.browse',
      async run(ctx) {
        const filter = filterFromWords(ctx.args);
        if ('error' in filter) return ctx.reply(filter.error);
        await ctx.ack();
        await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: await build(ctx.teamId, filter, 1) });
      },
    });

    async function onOpen({ ack, body, action, client }: Args<ButtonAction>) {
      await ack();
      const { filter } = parseProgrammeMeta(JSON.stringify({ filter: parseJsonObject(action.value) }));
      const view = await build(teamOf(body), filter, 1);
      await showModal(client, body as BlockAction, view);
    }

    /** Redraws the modal the click came from with a changed filter or page. */
    async function redraw(
      client: WebClient,
      body: BlockAction,
      change: (meta: ReturnType<typeof parseProgrammeMeta>) => { filter: ProgrammeFilter; page: number },
    ) {
      const view = modalOf(body);
      if (!view) return;
      const next = change(parseProgrammeMeta(view.private_metadata));
      await client.views.update({ view_id: view.id, view: await build(teamOf(body), next.filter, next.page) });
    }

    async function onState({ ack, body, action, client }: Args<StaticSelectAction>) {
      await ack();
      const state = action.selected_option?.value;
      await redraw(client, body, (m) => ({ filter: { ...m.filter, state: isState(state) ? state : 'all' }, page: 1 }));
    }

    async function onTopic({ ack, body, action, client }: Args<StaticSelectAction>) {
      await ack();
      const id = rowId(action.selected_option?.value);
      await redraw(client, body, (m) => {
        const { topicId: _old, ...rest } = m.filter;
        return { filter: id ? { ...rest, topicId: id } : rest, page: 1 };
      });
    }

    async function onSupporter({ ack, body, action, client }: Args<UsersSelectAction>) {
      await ack();
      await redraw(client, body, (m) => {
        const { supporterId: _old, ...rest } = m.filter;
        return { filter: action.selected_user ? { ...rest, supporterId: action.selected_user } : rest, page: 1 };
      });
    }

    async function onFlags({ ack, body, action, client }: Args<CheckboxesAction>) {
      await ack();
      const on = new Set(action.selected_options.map((o) => o.value));
      await redraw(client, body, (m) => {
        const { overdue: _o, help: _h, ...rest } = m.filter;
        return {
          filter: {
            ...rest,
            ...(on.has('overdue') ? { overdue: true } : {}),
            ...(on.has('help') ? { help: true } : {}),
          },
          page: 1,
        };
      });
    }

    async function onClear({ ack, body, client }: Args<ButtonAction>) {
      await ack();
      await redraw(client, body, () => ({ filter: { state: 'all' }, page: 1 }));
    }

    async function onPage({ ack, body, action, client }: Args<ButtonAction>) {
      await ack();
      await redraw(client, body, (m) => ({ filter: m.filter, page: Number(action.value) || 1 }));
    }

    /** The ⋯ menu of one mentorship: each choice opens over the list, so closing it comes back here. */
    async function onRow(args: Args<OverflowAction>) {
      const { ack, body, action, client } = args;
      await ack();
      const teamId = teamOf(body);
      const [verb, raw] = (action.selected_option?.value ?? '').split(':');
      const m = await storage.mentorships.get(teamId, rowId(raw));
      const notice = (title: string, text: string) => showModal(client, body, doneModal(title, text));
      const from = modalOf(body);
      // The form opened over the list redraws it once it has changed something.
      const back = from ? { viewId: from.id, meta: from.private_metadata ?? '' } : undefined;
      if (!m) return void (await notice('Mentorship', "I couldn't find that mentorship any more."));
      switch (verb) {
        case 'progress': {
          await showModal(
            client,
            body,
            progressModal(await loadProgress(deps, teamId, m.menteeId, body.user.id, 'admin')),
          );
          return;
        }
        case 'end':
          if (m.status !== 'pending' && m.status !== 'active')
            return void (await notice('End mentorship', 'That mentorship has already ended; nothing changed.'));
          await showModal(client, body, endModal(m, undefined, true, undefined, back));
          return;
        case 'reassign':
        case 'assign': {
          // Reassign hands an open mentorship on (it ends when the new one is assigned); assign starts afresh after a decline or an end.
          const replaces = verb === 'reassign' && (m.status === 'pending' || m.status === 'active') ? m.id : undefined;
          const topics = await storage.topics.list(teamId);
          await showModal(
            client,
            body,
            assignModal({
              topics,
              menteeId: m.menteeId,
              topicId: topics.some((t) => t.id === m.topicId && !t.archivedAt) ? (m.topicId ?? undefined) : undefined,
              kind: m.supporterKind,
              replaces,
              back,
            }),
          );
          return;
        }
        case 'nudge': {
          if (!can(await actorOf(deps, teamId, body.user.id), 'mentorship.nudge'))
            return void (await notice('Nudge', await deps.people.whoCanAdminister(teamId)));
          if (m.status !== 'pending')
            return void (await notice('Nudge', `${user(m.supporterId)} already answered; there is nothing to nudge.`));
          const offer = offerDm(m);
          const posted = await sendDm(deps.clientFor(teamId), m.supporterId, {
            ...offer,
            blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: NUDGE_INTRO }] }, ...(offer.blocks ?? [])],
          });
          // Accept and Decline now answer from the newest DM, which is also the one a withdrawal updates.
          await storage.mentorships.setOffer(teamId, m.id, posted.channel, posted.ts);
          await storage.audit.record({
            teamId,
            actorId: body.user.id,
            action: 'mentorship.nudged',
            subjectType: 'mentorship',
            subjectId: m.id,
            at: deps.now(),
          });
          await refreshProgramme(deps, teamId, back);
          await notice(
            'Nudge sent',
            `I've reminded ${user(m.supporterId)} that the request to support ${user(m.menteeId)} is waiting for their answer.`,
          );
          return;
        }
        default:
          await notice('Mentorship', 'That choice is no longer offered. Close this and open the list again.');
      }
    }

    router.add({
      name: 'admin audit',
      usage: 'admin audit',
      summary: 'the audit log: who assigned, ended, granted and exported what, and when (CSV too)',
      performs: 'audit.read',
      async run(ctx) {
        await ctx.ack();
        const [rows, total] = await Promise.all([
          storage.audit.page(ctx.teamId, null, AUDIT_SHOWN),
          storage.audit.count(ctx.teamId),
        ]);
        await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: auditModal(rows, total, deps.now()) });
      },
    });

    /** The whole audit log as CSV in the admin's DM, read page by page. */
    async function onExportAudit({ ack, body, client }: Args<ButtonAction>) {
      await ack();
      const teamId = teamOf(body);
      const parts = [csvLine(AUDIT_HEADER)];
      let before: number | null = null;
      for (;;) {
        const page = await storage.audit.page(teamId, before, 1000);
        for (const r of page) parts.push(auditCsvLine(r));
        if (page.length < 1000) break;
        before = page[page.length - 1]!.id;
      }
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
        await storage.audit.record({
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

    app.action<BlockAction<ButtonAction>>(ACTIONS.exportAudit, performs('audit.read', onExportAudit));
    app.action<BlockAction<ButtonAction>>(ACTIONS.openProgramme, performs('programme.browse', onOpen));
    app.action<BlockAction<StaticSelectAction>>(ACTIONS.programmeState, performs('programme.browse', onState));
    app.action<BlockAction<StaticSelectAction>>(ACTIONS.programmeTopic, performs('programme.browse', onTopic));
    app.action<BlockAction<UsersSelectAction>>(ACTIONS.programmeSupporter, performs('programme.browse', onSupporter));
    app.action<BlockAction<CheckboxesAction>>(ACTIONS.programmeFlags, performs('programme.browse', onFlags));
    app.action<BlockAction<ButtonAction>>(ACTIONS.programmeClear, performs('programme.browse', onClear));
    app.action<BlockAction<ButtonAction>>(ACTIONS.programmePage, performs('programme.browse', onPage));
    app.action<BlockAction<ButtonAction>>(ACTIONS.programmePagePrevious, performs('programme.browse', onPage));
    app.action<BlockAction<OverflowAction>>(ACTIONS.programmeRow, performs('programme.browse', onRow));
  },
};
