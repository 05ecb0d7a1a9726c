import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { answerOutOfDate, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue, rowIdText } from '../../slack/values.ts';
import { DuplicateProgrammeError, type Programme } from '../../storage/programmes.ts';
import type { ActionArgs } from '../feature.ts';
import { nextCohort } from './rules.ts';
import { alreadyAgainText, madeAgainText, nameTakenText } from './views.ts';

type RunAgain = { made: Programme } | { exists: Programme } | { taken: string };

/** The run this cohort was run again as, if it was. */
async function nextRun(deps: Deps, p: Programme): Promise<Programme | undefined> {
  const id = await deps.storage.cohorts.nextOf(p.teamId, p.id);
  return id ? deps.storage.programmes.get(p.teamId, id) : undefined;
}

/**
 * Makes the next cohort: this one's settings, managers and agreement text, its dates moved on by
 * its length, as a draft with no pairs. Once: a second press (or two at once, whose second finds
 * the name taken by the first) finds the run already made.
 */
export async function runAgain(deps: Deps, p: Programme, by: string): Promise<RunAgain> {
  const { programmes } = deps.storage;
  const existing = await nextRun(deps, p);
  if (existing) return { exists: existing };
  const settings = nextCohort(p);
  let made: Programme;
  try {
    made = await programmes.create(p.teamId, settings, by, deps.now());
  } catch (error) {
    if (!(error instanceof DuplicateProgrammeError)) throw error;
    const raced = await nextRun(deps, p);
    return raced ? { exists: raced } : { taken: settings.name };
  }
  await programmes.setManagers(p.teamId, made.id, await programmes.managers(p.teamId, p.id), by, deps.now());
  const agreement = await programmes.agreement(p.teamId, p.id);
  if (agreement) await programmes.setAgreement(p.teamId, made.id, agreement.text, by, deps.now());
  await deps.storage.audit.record({
    teamId: p.teamId,
    actorId: by,
    action: 'programme.run_again',
    subjectType: 'programme',
    subjectId: made.id,
    detail: { from: p.id },
    at: deps.now(),
  });
  return { made };
}

/** "Run again" in a cohort's final report. */
export async function onRunAgain(deps: Deps, args: ActionArgs<BlockAction<ButtonAction>>): Promise<void> {
  const { ack, body, action } = args;
  const id = readValue(rowIdText, action.value);
  if (!id) return answerOutOfDate(args);
  await ack();
  const p = await deps.storage.programmes.get(teamOf(body), id);
  if (!p) return tellClicker(args, 'That cohort no longer exists, so there is nothing to run again.');
  const result = await runAgain(deps, p, body.user.id);
  if ('made' in result) deps.changes.changed(p.teamId, [body.user.id]);
  await tellClicker(
    args,
    'made' in result
      ? madeAgainText(result.made, deps.now())
      : 'exists' in result
        ? alreadyAgainText(result.exists)
        : nameTakenText(result.taken),
  );
}
