import type { BlockAction, CheckboxesAction } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue, rowIdText } from '../../slack/values.ts';
import type { ActionArgs } from '../feature.ts';
import { afterChange } from './access.ts';
import { NOT_YOURS } from './rules.ts';

/** The ticked options' values: task ids. */
const TickedTasks = z.array(rowIdText).max(10);

/**
 * A task ticked on the mentee's Home: done, audited, and Home redrawn without it. Only the
 * mentee's own open tasks change; one already done (a double tick, a retry) is left as it is.
 */
export async function onTickTasks(deps: Deps, args: ActionArgs<BlockAction<CheckboxesAction>>): Promise<void> {
  const { ack, body, action } = args;
  const ids = readValue(
    TickedTasks,
    action.selected_options?.map((o) => o.value),
  );
  if (!ids) return answerOutOfDate(args);
  await ack();
  const teamId = teamOf(body);
  const me = body.user.id;
  let refused = false;
  for (const id of ids) {
    const task = await deps.storage.tasks.get(teamId, id);
    if (!task || task.menteeId !== me) {
      refused = true;
      continue;
    }
    if (task.doneAt || task.droppedAt) continue;
    if (!(await deps.storage.tasks.close(teamId, id, 'done', deps.now()))) continue;
    await deps.storage.audit.record({
      teamId,
      actorId: me,
      action: 'task.done',
      subjectType: 'task',
      subjectId: id,
      at: deps.now(),
    });
  }
  await afterChange(deps, teamId, me, me, undefined);
  if (refused) await tellClicker(args, NOT_YOURS);
}
