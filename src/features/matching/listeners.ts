import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { performs } from '../../policy/declare.ts';
import type { CommandRouter } from '../../slack/command-router.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { teamOf } from '../../slack/team.ts';
import { selectedValue, selectedValues } from '../../slack/view-state.ts';
import type { SupporterKind } from '../../storage/rows.ts';
import type { Feature } from '../feature.ts';
import { announceAssignment, assignmentProblems, capacityWarning, createAssignment } from '../mentorships/service.ts';
import { ASSIGN, assignedText, doneModal } from '../mentorships/views.ts';
import { suggestMany } from './suggest.ts';
import { parseAssignValue, unmatchedMessage, unmatchedModal } from './views.ts';

const KINDS: readonly SupporterKind[] = ['mentor', 'coach', 'advisor', 'on_demand_advisor'];
/** Waiting mentees shown in one message (two blocks' worth of text each stays far under 50 blocks). */
const UNMATCHED_SHOWN = 20;

/** Suggested supporters: one-click assign from the modal or an admin DM, and the "no match yet" list. */
export const matching: Feature = {
  name: 'matching',
  register(app: App, deps: Deps, router: CommandRouter) {
    const { storage } = deps;

    async function unmatched(teamId: string) {
      const open = await storage.supporterRequests.listOpen(teamId, 100);
      const shown = open.slice(0, UNMATCHED_SHOWN);
      const best = await suggestMany(
        deps,
        teamId,
        shown.map((r) => ({ menteeId: r.requesterId, topicId: r.topicId })),
        1,
      );
      return unmatchedMessage(
        shown.map((request, i) => ({ request, best: best[i]?.[0] })),
        open.length,
        deps.now(),
      );
    }

    router.add({
      name: 'unmatched',
      usage: 'unmatched',
      summary: 'who is waiting for a supporter, each with a suggested one to assign in one click',
      performs: 'mentorship.assign',
      async run(ctx) {
        await ctx.reply(await unmatched(ctx.teamId));
      },
    });

    // From the admin's Home: the same list in a modal. Building it is a few queries, well inside the
    // 3 s a trigger id lives.
    app.action<BlockButtonAction>(
      ACTIONS.openUnmatched,
      performs(
        'mentorship.assign',
        async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
          await ack();
          await client.views.open({ trigger_id: body.trigger_id, view: unmatchedModal(await unmatched(teamOf(body))) });
        },
      ),
    );

    /** One click on a suggestion assigns: from the assign modal (its kind and notify choices count) or a DM. */
    app.action<BlockButtonAction>(
      ACTIONS.assignSuggested,
      performs(
        'mentorship.assign',
        async ({
          ack,
          body,
          action,
          client,
          respond,
        }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
          await ack();
          const teamId = teamOf(body);
          const actorId = body.user.id;
          const view = body.view;
          const tell = async (title: string, text: string) => {
            if (view) await client.views.push({ trigger_id: body.trigger_id, view: doneModal(title, text) });
            else await respond({ response_type: 'ephemeral', replace_original: false, text });
          };
          const picked = parseAssignValue(action.value);
          if (!picked)
            return tell(
              'Assign a supporter',
              'That suggestion could not be read. Open the assign form again with `/mentor assign`.',
            );
          const values = view?.state.values;
          const kind = values ? selectedValue(values, ASSIGN.kind) : undefined;
          const a = {
            teamId,
            actorId,
            supporterId: picked.supporterId,
            menteeId: picked.menteeId,
            topicId: picked.topicId,
            kind: KINDS.includes(kind as SupporterKind) ? (kind as SupporterKind) : 'mentor',
            notify: values?.[ASSIGN.notify] ? selectedValues(values, ASSIGN.notify).includes('notify') : true,
          };
          const problems = await assignmentProblems(deps, a);
          const problem = problems.supporter ?? problems.mentee ?? problems.topic;
          if (problem) return tell('Cannot assign', problem);
          const warning = await capacityWarning(deps, teamId, a.supporterId);
          const result = await createAssignment(deps, a);
          if ('duplicate' in result) return tell('Cannot assign', result.duplicate);
          const created = (await storage.mentorships.get(teamId, result.created.id)) ?? result.created;
          const text = warning
            ? `${assignedText(created)}\n${warning.replace(' You can still go ahead.', '')}`
            : assignedText(created);
          if (view) await client.views.update({ view_id: view.id, view: doneModal('Supporter assigned', text) });
          else await respond({ response_type: 'ephemeral', replace_original: false, text });
          await announceAssignment(deps, created, result.answered);
        },
      ),
    );
  },
};
