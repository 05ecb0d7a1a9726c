import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandContext, CommandRouter } from '../../slack/command-router.ts';
import { sendDm, updateMessage } from '../../slack/dm.ts';
import { ACTIONS, rowId } from '../../slack/ids.ts';
import { type ClickArgs as ActionArgs, modalOf, noticeModal, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { inlineText, user } from '../../slack/text.ts';
import { selectedValue, selectedValues, textOf } from '../../slack/view-state.ts';
import type { AssistanceRequest } from '../../storage/assistance.ts';
import type { Db } from '../../storage/db.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { SupporterRequest } from '../../storage/supporter-requests.ts';
import type { Feature } from '../feature.ts';
import { peopleAround } from '../progress/access.ts';
import { parseProgressMeta } from '../progress/rules.ts';
import { refreshProgress } from '../progress/surface.ts';
import { notifyAdminsOfRequest } from '../requests/notify.ts';
import {
  ASSIST_BLOCKS,
  alertRecipients,
  assistErrors,
  canResolve,
  parseLevel,
  REQUEST_OPTION,
  RESOLVE_REFUSAL,
} from './rules.ts';
import {
  type AssistMeta,
  alertDm,
  assistModal,
  menteeFlaggedDm,
  menteeResolvedDm,
  noSupporterDm,
  repeatedFlagText,
  resolvedAlertDm,
} from './views.ts';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What a help request stored, for the messages sent once the form is closed. */
type StoredFlag =
  | { kind: 'no_supporter'; request: SupporterRequest; created: boolean }
  | { kind: 'flag'; request: AssistanceRequest; created: boolean; recipients: string[]; supporterIds: string[] };

function parseAssistMeta(raw: string | undefined): AssistMeta {
  try {
    const v = JSON.parse(raw || '{}') as AssistMeta;
    return typeof v.progressViewId === 'string' ? { progressViewId: v.progressViewId } : {};
  } catch {
    return {};
  }
}

export const assistance: Feature = {
  name: 'assistance',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;

    async function assistCommand(ctx: CommandContext) {
      const topics = await storage.topics.list(ctx.teamId);
      let topicId: number | undefined;
      if (ctx.rest) {
        const topic = await storage.topics.findByName(ctx.teamId, ctx.rest);
        if (!topic || topic.archivedAt) {
          const known = topics
            .slice(0, 10)
            .map((t) => `\`${inlineText(t.name)}\``)
            .join(', ');
          await ctx.reply(
            `I couldn't find a topic called \`${inlineText(ctx.rest)}\`.` +
              (known ? ` Topics here include ${known}.` : ' This workspace has no topics yet.') +
              ' Type `/mentor assist` on its own to pick one in the form, or to ask for help without a topic.',
          );
          return;
        }
        topicId = topic.id;
      }
      await ctx.ack();
      const level = topicId ? (await storage.familiarity.get(ctx.teamId, ctx.userId, topicId))?.level : undefined;
      await ctx.raw.client.views.open({
        trigger_id: ctx.triggerId,
        view: assistModal({ topics, ...(topicId ? { topicId } : {}), ...(level ? { level } : {}) }),
      });
    }

    async function onOpenAssist(args: ActionArgs) {
      await args.ack();
      const progressViewId = modalOf(args.body)?.id;
      const topics = await storage.topics.list(teamOf(args.body));
      await showModal(args.client, args.body, assistModal({ topics, meta: progressViewId ? { progressViewId } : {} }));
    }

    /** DMs each supporter once per request; a repeat (new note, redelivery) edits the DM already sent. */
    async function alertSupporters(teamId: string, request: AssistanceRequest, supporterIds: string[]) {
      const client = deps.clientFor(teamId);
      const level = request.topicId
        ? (await storage.familiarity.get(teamId, request.menteeId, request.topicId))?.level
        : undefined;
      const now = deps.now();
      const existing = new Map(
        (await storage.assistance.listAlerts(teamId, request.id)).map((a) => [a.supporterId, a]),
      );
      for (const supporterId of supporterIds) {
        try {
          // Each supporter reads the day and time on their own calendar and clock.
          const tz = (await deps.people.profile(teamId, supporterId).catch(() => undefined))?.tz;
          const message = alertDm(request, level, now, tz);
          if (await storage.assistance.claimAlert(teamId, request.id, supporterId)) {
            const posted = await sendDm(client, supporterId, message).catch(async (error: unknown) => {
              await storage.assistance.releaseAlert(teamId, request.id, supporterId);
              throw error;
            });
            await storage.assistance.recordAlert(teamId, request.id, supporterId, posted);
          } else {
            const alert = existing.get(supporterId);
            // No ts yet means another delivery is sending it right now, with the same content.
            if (alert?.channel && alert.ts)
              await updateMessage(client, { channel: alert.channel, ts: alert.ts }, message);
          }
        } catch (error) {
          deps.logger.warn(`could not tell supporter ${supporterId} about assistance request ${request.id}`, error);
        }
      }
    }

    /**
     * Stores a help request in `trx`: a flag for the supporters who should hear about it, or, when
     * the mentee has nobody to help yet (no `active` mentorship), a request to the admins for a supporter.
     */
    async function storeFlag(
      trx: Db,
      teamId: string,
      flag: { menteeId: string; topicId: number | null; note: string | null; active: Mentorship[] },
      now: Date,
    ): Promise<StoredFlag> {
      const { menteeId, topicId, note, active } = flag;
      const recipients = alertRecipients(active, topicId);
      if (recipients.length === 0) {
        // Nobody to help yet: the flag becomes a request for a supporter.
        const { request, created } = await storage.supporterRequests.open(
          teamId,
          { requesterId: menteeId, topicId, note },
          now,
          trx,
        );
        if (created) {
          await storage.audit.record(
            {
              teamId,
              actorId: menteeId,
              action: 'assistance.no_supporter',
              subjectType: 'supporter_request',
              subjectId: request.id,
              at: now,
            },
            trx,
          );
        }
        return { kind: 'no_supporter', request, created };
      }
      const { request, created } = await storage.assistance.open(teamId, { menteeId, topicId, note }, now, trx);
      await storage.audit.record(
        {
          teamId,
          actorId: menteeId,
          action: created ? 'assistance.open' : 'assistance.note',
          subjectType: 'assistance_request',
          subjectId: request.id,
          ...(note ? { detail: { note } } : {}),
          at: now,
        },
        trx,
      );
      if (topicId) await storage.familiarity.setAssistance(teamId, menteeId, topicId, true, note, now, trx);
      return { kind: 'flag', request, created, recipients, supporterIds: active.map((m) => m.supporterId) };
    }

    /** After the flag is stored and the form closed: the DMs it calls for, and Home refreshes. */
    async function announceFlag(teamId: string, menteeId: string, stored: StoredFlag) {
      const client = deps.clientFor(teamId);
      // A repeat (the mentee asking again, or the same form sent twice on two instances) DMs
      // nobody new: the form itself said so, and the supporters' DMs are edited with the new note.
      if (stored.kind === 'no_supporter') {
        if (stored.created) {
          const told = await notifyAdminsOfRequest(deps, stored.request, 'assistance');
          await sendDm(client, menteeId, noSupporterDm(stored.request.topicName, told)).catch((error: unknown) =>
            deps.logger.warn(`could not tell ${menteeId} their help request went to the admins`, error),
          );
        }
        deps.changes.changed(teamId, [menteeId]);
        return;
      }
      const { request, created, recipients } = stored;
      await alertSupporters(teamId, request, recipients);
      if (created) {
        await sendDm(client, menteeId, menteeFlaggedDm(request, recipients, true)).catch((error: unknown) =>
          deps.logger.warn(`could not confirm assistance request ${request.id} to ${menteeId}`, error),
        );
      }
      deps.changes.changed(teamId, [menteeId, ...stored.supporterIds]);
    }

    async function onSaveAssist({ ack, body, view }: ViewArgs) {
      const teamId = teamOf(body);
      const me = body.user.id;
      const v = view.state.values;
      const rawTopic = selectedValue(v, ASSIST_BLOCKS.topic);
      const input = {
        topicId: rawTopic ? rowId(rawTopic) : undefined,
        level: parseLevel(selectedValue(v, ASSIST_BLOCKS.level)),
        requested: selectedValues(v, ASSIST_BLOCKS.request).includes(REQUEST_OPTION),
        note: textOf(v, ASSIST_BLOCKS.note),
      };
      const errors = assistErrors(input);
      const topic = input.topicId ? await storage.topics.get(teamId, input.topicId) : undefined;
      if (input.topicId && (!topic || topic.archivedAt))
        errors[ASSIST_BLOCKS.topic] = 'That topic is no longer offered. Pick another, or none.';
      if (Object.keys(errors).length) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      // Stored before the ack, together, so a save that fails keeps the form open with the note typed.
      const now = deps.now();
      // Read first: the transaction holds SQLite's one connection, so everything in it goes through trx.
      const active = input.requested ? await storage.mentorships.listForMentee(teamId, me, ['active']) : [];
      const stored = await storage.transaction(async (trx) => {
        if (topic && input.level) {
          await storage.familiarity.setLevel(teamId, me, topic.id, input.level, now, trx);
          await storage.audit.record(
            {
              teamId,
              actorId: me,
              action: 'familiarity.set',
              subjectType: 'topic',
              subjectId: topic.id,
              detail: { level: input.level },
              at: now,
            },
            trx,
          );
        }
        return input.requested
          ? storeFlag(trx, teamId, { menteeId: me, topicId: topic?.id ?? null, note: input.note ?? null, active }, now)
          : undefined;
      });
      if (stored && !stored.created)
        await ack({ response_action: 'update', view: noticeModal(repeatedFlagText(stored)) });
      else await ack();
      if (stored) await announceFlag(teamId, me, stored);
      else deps.changes.changed(teamId, await peopleAround(deps, teamId, me));
      const meta = parseAssistMeta(view.private_metadata);
      if (meta.progressViewId) await refreshProgress(deps, deps.clientFor(teamId), teamId, me, meta.progressViewId, me);
    }

    async function onResolve(args: ActionArgs) {
      const { ack, body, client } = args;
      await ack();
      const teamId = teamOf(body);
      const me = body.user.id;
      const action = body.actions[0];
      const id = rowId(action && 'value' in action ? action.value : undefined);
      const request = id ? await storage.assistance.get(teamId, id) : undefined;
      if (!request) {
        await tellClicker(args, "I couldn't find that request for help. It may have been removed.");
        return;
      }
      const isActiveSupporter = await storage.mentorships.isActiveSupporter(teamId, me, request.menteeId);
      const isAdmin =
        !isActiveSupporter &&
        me !== request.menteeId &&
        (await actorOf(deps, teamId, me, 'assistance.resolve')).isAdmin;
      if (!canResolve({ viewerId: me, menteeId: request.menteeId, isActiveSupporter, isAdmin })) {
        await tellClicker(args, RESOLVE_REFUSAL);
        return;
      }
      const now = deps.now();
      const resolved = await storage.assistance.resolve(teamId, request.id, me, now);
      const progressView = modalOf(body);
      if (!resolved) {
        // A double click or someone else got there first: say so, and show the page as it is now.
        if (progressView)
          await refreshProgress(
            deps,
            client,
            teamId,
            me,
            progressView.id,
            request.menteeId,
            parseProgressMeta(progressView.private_metadata)?.page,
          );
        else
          await tellClicker(args, `This request for help was already resolved by ${user(request.resolvedBy ?? '')}.`);
        return;
      }
      await storage.audit.record({
        teamId,
        actorId: me,
        action: 'assistance.resolve',
        subjectType: 'assistance_request',
        subjectId: request.id,
        at: now,
      });
      if (resolved.topicId)
        await storage.familiarity.setAssistance(teamId, resolved.menteeId, resolved.topicId, false, null, now);
      // DMs after the ack go through the background client, so a 429 on them cannot hold up a form.
      const background = deps.clientFor(teamId);
      for (const alert of await storage.assistance.listAlerts(teamId, resolved.id)) {
        if (!alert.channel || !alert.ts) continue;
        const tz = (await deps.people.profile(teamId, alert.supporterId).catch(() => undefined))?.tz;
        const message = resolvedAlertDm(resolved, now, tz);
        await updateMessage(background, { channel: alert.channel, ts: alert.ts }, message).catch((error: unknown) =>
          deps.logger.warn(`could not update the help DM to ${alert.supporterId}`, error),
        );
      }
      if (me !== resolved.menteeId) {
        await sendDm(background, resolved.menteeId, menteeResolvedDm(resolved)).catch((error: unknown) =>
          deps.logger.warn(`could not tell ${resolved.menteeId} their request was resolved`, error),
        );
      }
      deps.changes.changed(teamId, await peopleAround(deps, teamId, resolved.menteeId));
      if (progressView)
        await refreshProgress(
          deps,
          client,
          teamId,
          me,
          progressView.id,
          resolved.menteeId,
          parseProgressMeta(progressView.private_metadata)?.page,
        );
    }

    router.add({
      name: 'assist',
      usage: 'assist [topic]',
      summary: 'say how familiar you are with a topic, and ask your supporters for help',
      performs: 'assistance.raise',
      run: assistCommand,
    });
    app.action(ACTIONS.openAssist, performs('assistance.raise', onOpenAssist));
    app.action(ACTIONS.resolveAssistance, performs('assistance.resolve', onResolve));
    app.view(ACTIONS.saveAssist, performs('assistance.raise', onSaveAssist));
  },
};
