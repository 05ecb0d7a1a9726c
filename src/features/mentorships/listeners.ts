import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  StaticSelectAction,
  UsersSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { View, WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../policy/actor.ts';
import { performs } from '../../policy/declare.ts';
import { can } from '../../policy/policy.ts';
import type { Message } from '../../slack/blocks.ts';
import type { CommandContext, CommandRouter } from '../../slack/command-router.ts';
import { sendDm, updateMessage } from '../../slack/dm.ts';
import { ACTIONS, rowId } from '../../slack/ids.ts';
import { mentionOrHint, parseMention } from '../../slack/mentions.ts';
import { showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { inlineText, user } from '../../slack/text.ts';
import { selectedUser, selectedValue, selectedValues, textOf } from '../../slack/view-state.ts';
import type { Mentorship, SupporterKind, Topic } from '../../storage/rows.ts';
import { VersionedCache } from '../../storage/versions.ts';
import type { Feature } from '../feature.ts';
import { suggestSupporters } from '../matching/suggest.ts';
import { suggestionBlocks } from '../matching/views.ts';
import { parseBack, refreshProgramme } from '../programme/refresh.ts';
import { progressPageOf, refreshProgress } from '../progress/surface.ts';
import {
  endReasonProblem,
  mayEnd,
  offerClickProblem,
  parseAssignWords,
  pickOne,
  unknownTopicMessage,
} from './rules.ts';
import {
  type AssignProblems,
  announceAccepted,
  announceAssignment,
  announceEnd,
  assignmentProblems,
  capacityWarning,
  createAssignment,
  supporterLoad,
} from './service.ts';
import {
  ASSIGN,
  acceptedDm,
  assignedText,
  assignModal,
  chooseMentorship,
  declinedDm,
  declinedToAdminDm,
  doneModal,
  END,
  endModal,
  listMessage,
  what,
} from './views.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type UsersSelectArgs = SlackActionMiddlewareArgs<BlockAction<UsersSelectAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type SelectArgs = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

const KINDS: readonly SupporterKind[] = ['mentor', 'coach', 'advisor', 'on_demand_advisor'];
const ASSIGN_EXAMPLE = '/mentor assign @sam @mia Data analysis as coach';

function parseJson<T>(text: string | undefined): Partial<T> {
  try {
    const v = text ? (JSON.parse(text) as unknown) : {};
    return v && typeof v === 'object' ? (v as Partial<T>) : {};
  } catch {
    return {};
  }
}

export const mentorships: Feature = {
  name: 'mentorships',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage, people, now } = deps;
    /** Each person's rendered `/mentor list`, while their workspace's data version stands. */
    const lists = new VersionedCache<Message>(2_000);

    /** Topic words name a topic; unknown or archived ones are refused with the list. */
    async function topicByName(
      teamId: string,
      name: string,
      allowArchived: boolean,
    ): Promise<Topic | { error: string }> {
      const topic = await storage.topics.findByName(teamId, name);
      if (topic && (allowArchived || !topic.archivedAt)) return topic;
      return { error: unknownTopicMessage(name, await storage.topics.list(teamId), Boolean(topic)) };
    }

    const firstProblem = (p: AssignProblems): string | undefined => p.supporter ?? p.mentee ?? p.topic;

    /** Suggested supporters for the modal once a mentee is chosen; none before. */
    async function suggestionsFor(
      teamId: string,
      menteeId: string | undefined,
      topicId: number | undefined,
      requestId: number | undefined,
    ) {
      if (!menteeId) return undefined;
      const f = { menteeId, topicId: topicId ?? null, requestId };
      return suggestionBlocks(await suggestSupporters(deps, teamId, f), f);
    }

    /** Opens with the listener's own client: the background one may be paused by a 429 past the trigger's 3 s. */
    async function openAssign(
      client: WebClient,
      triggerId: string,
      teamId: string,
      prefill: { menteeId?: string; topicId?: number; requestId?: number },
    ) {
      const topics = await storage.topics.list(teamId);
      const topicId = topics.some((t) => t.id === prefill.topicId) ? prefill.topicId : undefined;
      const suggestions = await suggestionsFor(teamId, prefill.menteeId, topicId, prefill.requestId);
      await client.views.open({
        trigger_id: triggerId,
        view: assignModal({ topics, menteeId: prefill.menteeId, topicId, requestId: prefill.requestId, suggestions }),
      });
    }

    // ---- /mentor assign ----
    router.add({
      name: 'assign',
      usage: 'assign [@supporter @mentee [topic] [as coach|advisor|on-demand advisor] [silently]]',
      summary: 'assign a supporter to a mentee (without arguments, opens a form)',
      performs: 'mentorship.assign',
      async run(ctx) {
        if (ctx.args.length === 0) {
          await ctx.ack();
          await openAssign(ctx.raw.client, ctx.triggerId, ctx.teamId, {});
          return;
        }
        const s = mentionOrHint(ctx.args[0], ASSIGN_EXAMPLE);
        if ('error' in s) return ctx.reply(s.error);
        const m = mentionOrHint(ctx.args[1], ASSIGN_EXAMPLE);
        if ('error' in m) return ctx.reply(m.error);
        const words = parseAssignWords(ctx.args.slice(2));
        if ('error' in words) return ctx.reply(words.error);
        let topicId: number | null = null;
        if (words.topicName) {
          const topic = await topicByName(ctx.teamId, words.topicName, false);
          if ('error' in topic) return ctx.reply(topic.error);
          topicId = topic.id;
        }
        const a = {
          teamId: ctx.teamId,
          actorId: ctx.userId,
          supporterId: s.userId,
          menteeId: m.userId,
          topicId,
          kind: words.kind,
          notify: !words.silently,
        };
        const problem = firstProblem(await assignmentProblems(deps, a));
        if (problem) return ctx.reply(problem);
        // Read before assigning: the warning is about the load the admin added to.
        const warning = await capacityWarning(deps, ctx.teamId, s.userId);
        const result = await createAssignment(deps, a);
        if ('duplicate' in result) return ctx.reply(result.duplicate);
        const created = (await storage.mentorships.get(ctx.teamId, result.created.id)) ?? result.created;
        await ctx.reply(
          warning
            ? `${assignedText(created)}\n${warning.replace(' You can still go ahead.', '')}`
            : assignedText(created),
        );
        await announceAssignment(deps, created, result.answered);
      },
    });

    // ---- /mentor end ----
    router.add({
      name: 'end',
      usage: 'end @person [topic] · end @supporter @mentee [topic]',
      summary: "end your mentorship with someone (or, as an admin, anyone's), with no blame (asks you to confirm)",
      performs: 'mentorship.end',
      async run(ctx) {
        const example = '/mentor end @sam @mia';
        const s = mentionOrHint(ctx.args[0], '/mentor end @sam');
        if ('error' in s) return ctx.reply(s.error);
        // One person named: "my mentorship with them", whichever side of it I am on.
        if (!ctx.args[1] || !parseMention(ctx.args[1])) return endWith(ctx, s.userId, ctx.args.slice(1).join(' '));
        const m = mentionOrHint(ctx.args[1], example);
        if ('error' in m) return ctx.reply(m.error);
        if (!mayEnd({ supporterId: s.userId, menteeId: m.userId }, await actorOf(deps, ctx.teamId, ctx.userId))) {
          return ctx.reply(
            `Only the supporter, the mentee or a Lifering admin can end a mentorship. ${await people.whoCanAdminister(ctx.teamId)}`,
          );
        }
        const chosen = await chooseOpen(ctx, s.userId, m.userId, ctx.args.slice(2).join(' '), 'end');
        if (!chosen) return;
        await ctx.ack();
        await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: endModal(chosen) });
      },
    });

    /** `/mentor end @other [topic]`: the caller's open mentorships with that person, either way round. */
    async function endWith(ctx: CommandContext, otherId: string, topicName: string): Promise<void> {
      if (otherId === ctx.userId)
        return void (await ctx.reply('Mention the other person in the mentorship, like `/mentor end @sam`.'));
      let open = [
        ...(await storage.mentorships.listOpenBetween(ctx.teamId, ctx.userId, otherId)),
        ...(await storage.mentorships.listOpenBetween(ctx.teamId, otherId, ctx.userId)),
      ];
      if (topicName.trim()) {
        const topic = await topicByName(ctx.teamId, topicName, true);
        if ('error' in topic) return void (await ctx.reply(topic.error));
        open = open.filter((x) => x.topicId === topic.id);
      }
      const picked = pickOne(open);
      if ('none' in picked) {
        const about = topicName.trim() ? ` for *${inlineText(topicName.trim())}*` : '';
        return void (await ctx.reply(
          `You have no open mentorship with ${user(otherId)}${about}. \`/mentor list\` shows yours.` +
            ' To end a mentorship between two other people, as an admin, name both: `/mentor end @sam @mia`.',
        ));
      }
      if ('several' in picked) return void (await ctx.reply(chooseMentorship(picked.several, 'end')));
      await ctx.ack();
      await deps.clientFor(ctx.teamId).views.open({ trigger_id: ctx.triggerId, view: endModal(picked.one) });
    }

    /** The one open mentorship a command names, or undefined after telling the caller why not. */
    async function chooseOpen(
      ctx: CommandContext,
      supporterId: string,
      menteeId: string,
      topicName: string,
      verb: 'end' | 'reassign',
    ): Promise<Mentorship | undefined> {
      let open = await storage.mentorships.listOpenBetween(ctx.teamId, supporterId, menteeId);
      if (topicName.trim()) {
        const topic = await topicByName(ctx.teamId, topicName, true);
        if ('error' in topic) {
          await ctx.reply(topic.error);
          return undefined;
        }
        open = open.filter((x) => x.topicId === topic.id);
      }
      const picked = pickOne(open);
      if ('one' in picked) return picked.one;
      if ('none' in picked) {
        await ctx.reply(
          `There is no open mentorship of ${user(menteeId)} by ${user(supporterId)}${topicName.trim() ? ` for *${inlineText(topicName.trim(), 100)}*` : ''}. \`/mentor list\` shows yours.`,
        );
      } else {
        await ctx.reply(chooseMentorship(picked.several, verb));
      }
      return undefined;
    }

    // ---- /mentor reassign ----
    router.add({
      name: 'reassign',
      usage: 'reassign @old-supporter @new-supporter @mentee [topic] [silently]',
      summary: 'end a mentorship and hand it to another supporter in one step',
      performs: 'mentorship.reassign',
      async run(ctx) {
        const example = '/mentor reassign @sam @lee @mia';
        const ids: string[] = [];
        for (const token of ctx.args.slice(0, 3)) {
          const r = mentionOrHint(token, example);
          if ('error' in r) return ctx.reply(r.error);
          ids.push(r.userId);
        }
        if (ids.length < 3)
          return ctx.reply(
            `I need three people: the current supporter, the new one and the mentee. Mention them like \`${example}\`.`,
          );
        const [oldId, newId, menteeId] = ids as [string, string, string];
        if (oldId === newId)
          return ctx.reply(
            `${user(oldId)} is already the supporter: name a different new supporter, like \`${example}\`.`,
          );
        const rest = ctx.args.slice(3);
        const silently = rest.at(-1)?.toLowerCase() === 'silently';
        if (silently) rest.pop();
        const current = await chooseOpen(ctx, oldId, menteeId, rest.join(' '), 'reassign');
        if (!current) return;
        const problem = firstProblem(
          await assignmentProblems(deps, {
            teamId: ctx.teamId,
            supporterId: newId,
            menteeId,
            topicId: current.topicId,
          }),
        );
        if (problem) return ctx.reply(problem);
        await ctx.ack();
        const warning = await capacityWarning(deps, ctx.teamId, newId);
        await ctx.raw.client.views.open({
          trigger_id: ctx.triggerId,
          view: endModal(current, newId, !silently, warning),
        });
      },
    });

    // ---- /mentor list ----
    router.add({
      name: 'list',
      usage: 'list',
      summary: 'your mentorships: who you support and who supports you',
      performs: 'mentorships.list_own',
      async run(ctx) {
        // The busiest command reads the same until something in the workspace is written.
        const version = await storage.versions.get(ctx.teamId);
        const key = `${ctx.teamId}:${ctx.userId}`;
        let message = lists.get(key, version);
        if (!message) {
          const { supporting, supportedBy } = await storage.mentorships.listed(ctx.teamId, ctx.userId);
          const others = [...supporting.map((m) => m.menteeId), ...supportedBy.map((m) => m.supporterId)];
          const people = await storage.people.getMany(ctx.teamId, [...new Set(others)].slice(0, 200));
          const names = new Map(people.filter((p) => p.name).map((p) => [p.userId, `@${p.name}`]));
          message = listMessage({ supporting, supportedBy, names });
          lists.set(key, version, message);
        }
        await ctx.reply(message);
      },
    });

    // ---- the assign modal ----
    async function onOpenAssign({ ack, body, action, client }: ButtonArgs) {
      await ack();
      const teamId = teamOf(body);
      const v = parseJson<{ menteeId: string; topicId: number; requestId: number }>(action.value);
      await openAssign(client, body.trigger_id, teamId, {
        ...(typeof v.menteeId === 'string' ? { menteeId: v.menteeId } : {}),
        ...(typeof v.topicId === 'number' ? { topicId: v.topicId } : {}),
        ...(typeof v.requestId === 'number' ? { requestId: v.requestId } : {}),
      });
    }

    /**
     * Redraws the form as the admin chooses: the picked supporter's load, and suggested supporters
     * for the picked mentee and topic.
     */
    async function onAssignChanged({ ack, body, client }: UsersSelectArgs) {
      await ack();
      const view = body.view;
      if (!view) return;
      const teamId = teamOf(body);
      const values = view.state.values;
      const supporterId = selectedUser(values, ASSIGN.supporter);
      const menteeId = selectedUser(values, ASSIGN.mentee);
      const topics = await storage.topics.list(teamId);
      const topic = selectedValue(values, ASSIGN.topic);
      const topicId = topic && topics.some((t) => t.id === rowId(topic)) ? rowId(topic) : undefined;
      const kind = selectedValue(values, ASSIGN.kind);
      const meta = parseJson<{ requestId: number; replaces: number; back: unknown }>(view.private_metadata);
      const requestId = typeof meta.requestId === 'number' ? meta.requestId : undefined;
      const replaces = typeof meta.replaces === 'number' ? meta.replaces : undefined;
      const back = parseBack(meta.back);
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: assignModal({
          topics,
          supporterId,
          menteeId,
          topicId,
          suggestions: await suggestionsFor(teamId, menteeId, topicId, requestId),
          kind: KINDS.includes(kind as SupporterKind) ? (kind as SupporterKind) : undefined,
          notify: values[ASSIGN.notify] ? selectedValues(values, ASSIGN.notify).includes('notify') : true,
          requestId,
          replaces,
          back,
          load: supporterId
            ? {
                supporterId,
                load: await supporterLoad(deps, teamId, supporterId),
                max: deps.config.maxMenteesPerSupporter,
              }
            : undefined,
        }),
      });
    }

    async function onAssignSubmit({ ack, body, view }: SubmitArgs) {
      const teamId = teamOf(body);
      const actorId = body.user.id;
      const values = view.state.values;
      const supporterId = selectedUser(values, ASSIGN.supporter);
      const menteeId = selectedUser(values, ASSIGN.mentee);
      if (!supporterId || !menteeId) {
        await ack({
          response_action: 'errors',
          errors: {
            ...(supporterId ? {} : { [ASSIGN.supporter]: 'Pick a supporter.' }),
            ...(menteeId ? {} : { [ASSIGN.mentee]: 'Pick a mentee.' }),
          },
        });
        return;
      }
      const topic = selectedValue(values, ASSIGN.topic);
      const kind = selectedValue(values, ASSIGN.kind);
      const a = {
        teamId,
        actorId,
        supporterId,
        menteeId,
        topicId: topic ? rowId(topic) : null,
        kind: KINDS.includes(kind as SupporterKind) ? (kind as SupporterKind) : 'mentor',
        notify: selectedValues(values, ASSIGN.notify).includes('notify'),
      };
      const meta = parseJson<{ replaces: number; back: unknown }>(view.private_metadata);
      const back = parseBack(meta.back);
      const replaced =
        typeof meta.replaces === 'number' ? await storage.mentorships.get(teamId, meta.replaces) : undefined;
      if (
        replaced &&
        (replaced.status === 'pending' || replaced.status === 'active') &&
        replaced.menteeId !== menteeId
      ) {
        await ack({
          response_action: 'errors',
          errors: {
            [ASSIGN.mentee]: `A reassignment keeps the mentee: pick ${user(replaced.menteeId)}, or close this and assign afresh.`,
          },
        });
        return;
      }
      const replacing =
        replaced && (replaced.status === 'pending' || replaced.status === 'active') ? replaced : undefined;
      const problems = await assignmentProblems(deps, a, replacing ? { replacing: replacing.id } : {});
      if (Object.keys(problems).length > 0) {
        await ack({ response_action: 'errors', errors: problems as Record<string, string> });
        return;
      }
      if (replacing) {
        const result = await createAssignment(deps, a, { id: replacing.id, reason: null });
        if ('duplicate' in result) {
          await ack({ response_action: 'errors', errors: { [ASSIGN.supporter]: result.duplicate } });
          return;
        }
        const created = (await storage.mentorships.get(teamId, result.created.id)) ?? result.created;
        await ack({
          response_action: 'update',
          view: doneModal(
            'Mentorship reassigned',
            `The mentorship of ${user(replacing.menteeId)} by ${user(replacing.supporterId)} has ended. ${assignedText(created)}`,
          ),
        });
        await announceEnd(deps, result.ended ?? replacing, replacing.status, actorId, created);
        await announceAssignment(deps, created);
        await refreshProgramme(deps, teamId, back);
        return;
      }
      // A repeated delivery of this submission finds the mentorship it created (the unique index
      // on open mentorships is the idempotency key) and is answered with an error nobody sees.
      const result = await createAssignment(deps, a);
      if ('duplicate' in result) {
        await ack({ response_action: 'errors', errors: { [ASSIGN.supporter]: result.duplicate } });
        return;
      }
      const created = (await storage.mentorships.get(teamId, result.created.id)) ?? result.created;
      await ack({ response_action: 'update', view: doneModal('Supporter assigned', assignedText(created)) });
      await announceAssignment(deps, created, result.answered);
      await refreshProgramme(deps, teamId, back);
    }

    // ---- Accept / Decline ----
    async function answerOffer(args: ButtonArgs, answer: 'accept' | 'decline'): Promise<void> {
      const { ack, body, action } = args;
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      const id = rowId(action.value);
      // Messages after the ack go through the background client, so a 429 on them cannot hold up a form.
      const client = deps.clientFor(teamId);
      // From the DM, under the message; from Home (no response_url there), in a small modal.
      const say = (text: string): Promise<void> => tellClicker(args, text);
      const before = Number.isInteger(id) ? await storage.mentorships.get(teamId, id) : undefined;
      const problem = offerClickProblem(before, userId, now());
      if (problem || !before) return say(problem ?? 'Nothing changed.');
      const moved =
        answer === 'accept'
          ? await storage.mentorships.accept(teamId, id, now())
          : await storage.mentorships.decline(teamId, id, now());
      if (!moved) {
        // Someone (or a second click) got there first.
        return say(offerClickProblem(await storage.mentorships.get(teamId, id), userId, now()) ?? 'Nothing changed.');
      }
      const where =
        before.offerChannel && before.offerTs
          ? { channel: before.offerChannel, ts: before.offerTs }
          : body.container.channel_id && body.container.message_ts
            ? { channel: body.container.channel_id as string, ts: body.container.message_ts as string }
            : undefined;
      if (where) {
        await updateMessage(
          client,
          where,
          answer === 'accept' ? acceptedDm(moved, now()) : declinedDm(moved, now()),
        ).catch((error: unknown) => deps.logger.warn(`could not update the assignment DM of mentorship ${id}`, error));
      }
      if (answer === 'accept') return announceAccepted(deps, moved);
      await storage.audit.record({
        teamId,
        actorId: userId,
        action: 'mentorship.declined',
        subjectType: 'mentorship',
        subjectId: id,
        at: now(),
      });
      deps.changes.changed(teamId, [moved.supporterId, moved.menteeId, moved.assignedBy]);
      await sendDm(client, moved.assignedBy, declinedToAdminDm(moved)).catch((error: unknown) =>
        deps.logger.warn(`could not tell ${moved.assignedBy} about a declined assignment`, error),
      );
    }

    // ---- End (and reassign) confirmation ----
    async function onConfirmEnd({ ack, body, action, client }: ButtonArgs) {
      await ack();
      const teamId = teamOf(body);
      const m = await storage.mentorships.get(teamId, rowId(action.value));
      let view: View;
      if (!m || !mayEnd(m, await actorOf(deps, teamId, body.user.id)))
        view = doneModal(
          'End mentorship',
          "You can't end that mentorship: only its supporter, its mentee or a Lifering admin can.",
        );
      else if (m.status !== 'pending' && m.status !== 'active')
        view = doneModal('End mentorship', 'That mentorship has already ended; nothing changed.');
      else view = endModal(m, undefined, true, undefined, undefined, progressPageOf(body));
      // From the progress page the confirmation opens over it; from Home, a list or a DM, fresh.
      await showModal(client, body, view);
    }

    /** The End picker on `/mentor list`: the chosen mentorship, then the same confirmation as the buttons. */
    async function onEndPicked(args: SelectArgs) {
      const { action } = args;
      const value = action.selected_option?.value;
      await onConfirmEnd({ ...args, action: { ...action, value } } as unknown as ButtonArgs);
    }

    async function onEndSubmit({ ack, body, view }: SubmitArgs) {
      const teamId = teamOf(body);
      const actorId = body.user.id;
      const meta = parseJson<{
        id: number;
        newSupporterId: string;
        notify: boolean;
        back: unknown;
        progress?: { viewId?: unknown; page?: unknown };
      }>(view.private_metadata);
      const m = typeof meta.id === 'number' ? await storage.mentorships.get(teamId, meta.id) : undefined;
      const actor = await actorOf(deps, teamId, actorId);
      const close = (title: string, text: string) => ack({ response_action: 'update', view: doneModal(title, text) });
      if (!m || !mayEnd(m, actor))
        return close(
          'End mentorship',
          "You can't end that mentorship: only its supporter, its mentee or a Lifering admin can.",
        );
      if (m.status !== 'pending' && m.status !== 'active')
        return close('End mentorship', 'That mentorship has already ended; nothing changed.');
      const reason = textOf(view.state.values, END.reason) ?? null;
      const tooLong = endReasonProblem(reason);
      if (tooLong) return ack({ response_action: 'errors', errors: { [END.reason]: tooLong } });
      const newSupporterId = typeof meta.newSupporterId === 'string' ? meta.newSupporterId : undefined;

      if (newSupporterId) {
        if (!can(actor, 'mentorship.reassign'))
          return close('Reassign mentorship', await people.whoCanAdminister(teamId));
        const a = {
          teamId,
          actorId,
          supporterId: newSupporterId,
          menteeId: m.menteeId,
          topicId: m.topicId,
          kind: m.supporterKind,
          notify: meta.notify !== false,
        };
        const problem = firstProblem(await assignmentProblems(deps, a));
        if (problem) return close('Reassign mentorship', `Nothing changed: ${problem}`);
        const result = await createAssignment(deps, a, { id: m.id, reason });
        if ('duplicate' in result) return close('Reassign mentorship', `Nothing changed: ${result.duplicate}`);
        const created = (await storage.mentorships.get(teamId, result.created.id)) ?? result.created;
        await close(
          'Mentorship reassigned',
          `The mentorship of ${user(m.menteeId)} by ${user(m.supporterId)} has ended. ${assignedText(created)}`,
        );
        await announceEnd(deps, result.ended ?? m, m.status, actorId, created);
        await announceAssignment(deps, created);
        await redrawProgress(teamId, actorId, m.menteeId, meta.progress);
        return;
      }

      const ended = await storage.mentorships.end(teamId, m.id, actorId, reason, now());
      if (!ended) return close('End mentorship', 'That mentorship has already ended; nothing changed.');
      await close(
        'Mentorship ended',
        `The mentorship of ${user(m.menteeId)} by ${user(m.supporterId)} (${what(m)}) has ended. Its history stays in Lifering, and the others in it have been told kindly.`,
      );
      await announceEnd(deps, ended, m.status, actorId);
      await refreshProgramme(deps, teamId, parseBack(meta.back));
      await redrawProgress(teamId, actorId, m.menteeId, meta.progress);
    }

    /** The progress page the confirmation was opened over, which still shows the mentorship as it was. */
    async function redrawProgress(
      teamId: string,
      viewerId: string,
      menteeId: string,
      progress: { viewId?: unknown; page?: unknown } | undefined,
    ) {
      if (typeof progress?.viewId !== 'string') return;
      await refreshProgress(
        deps,
        deps.clientFor(teamId),
        teamId,
        viewerId,
        progress.viewId,
        menteeId,
        Number(progress.page) || 1,
      ).catch((error: unknown) =>
        deps.logger.warn(`could not redraw the progress page of ${menteeId} after an end`, error),
      );
    }

    app.action<BlockAction<ButtonAction>>(ACTIONS.openAssignModal, performs('mentorship.assign', onOpenAssign));
    app.action<BlockAction<UsersSelectAction>>(
      ACTIONS.assignSupporterPicked,
      performs('mentorship.assign', onAssignChanged),
    );
    app.action<BlockAction<UsersSelectAction>>(
      ACTIONS.assignMenteePicked,
      performs('mentorship.assign', onAssignChanged),
    );
    app.action<BlockAction<UsersSelectAction>>(
      ACTIONS.assignTopicPicked,
      performs('mentorship.assign', onAssignChanged),
    );
    app.view<ViewSubmitAction>(ACTIONS.assignSubmit, performs('mentorship.assign', onAssignSubmit));
    app.action<BlockAction<ButtonAction>>(
      ACTIONS.acceptAssignment,
      performs('mentorship.answer_offer', (args) => answerOffer(args, 'accept')),
    );
    app.action<BlockAction<ButtonAction>>(
      ACTIONS.declineAssignment,
      performs('mentorship.answer_offer', (args) => answerOffer(args, 'decline')),
    );
    app.action<BlockAction<ButtonAction>>(ACTIONS.confirmEnd, performs('mentorship.end', onConfirmEnd));
    app.action<BlockAction<StaticSelectAction>>(ACTIONS.endPicked, performs('mentorship.end', onEndPicked));
    app.view<ViewSubmitAction>(ACTIONS.endSubmit, performs('mentorship.end', onEndSubmit));
  },
};
