import { localDay } from '../../calendar/dates.ts';
import { ChangeBus, type Deps, InFlight } from '../../deps.ts';
import { CommandRouter } from '../../slack/command-router.ts';
import type { Programme } from '../../storage/programmes.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { SweepDeps, SweepPhase, SweepRun } from '../../sweep/phase.ts';
import { programmeRecipients } from '../enrolment/programme-of.ts';
import { announceEnd } from '../mentorships/service.ts';
import { sendFinalReport } from './report.ts';

/** Pairs ended per read: the sweep renews its lease between pages. */
const PAGE = 100;

/**
 * What the ending path needs, from the sweep's: the same stores, clients and people, the run's
 * clock. Nobody's Home is redrawn from here (there is no app to redraw it in `npm run remind`);
 * each Home shows the change when next opened, as the data version has moved.
 */
function endingDeps(deps: SweepDeps, run: SweepRun): Deps {
  const inFlight = new InFlight();
  return {
    ...deps,
    now: () => run.now,
    changes: new ChangeBus(inFlight.track, deps.logger),
    inFlight,
    commands: new CommandRouter(deps),
    state: run.state,
  };
}

/**
 * Who the audit log and the help requests name as having ended the pairs: the person who made the
 * cohort (and so set the date that ended it), else a manager, else an admin.
 */
async function endedOnBehalfOf(deps: Deps, p: Programme): Promise<string> {
  if (p.createdBy) return p.createdBy;
  return (await programmeRecipients(deps, p.teamId, p.id))[0] ?? '';
}

/** Ends every pending and active pair of the cohort, each told as at any ending; returns how many it ended. */
async function endPairs(deps: Deps, run: SweepRun, p: Programme): Promise<{ pending: number; active: number }> {
  const by = await endedOnBehalfOf(deps, p);
  const reason = `The cohort ${p.name} ended on ${p.endsOn}.`;
  const counts = { pending: 0, active: 0 };
  for (;;) {
    const open = await deps.storage.cohorts.openPairs(p.teamId, p.id, PAGE);
    for (const m of open) {
      // Another sweep (or a person) may end it first: then this one neither counts nor tells it.
      const ended = await deps.storage.mentorships.end(p.teamId, m.id, null, reason, run.now);
      if (!ended) continue;
      counts[m.status === 'pending' ? 'pending' : 'active']++;
      await announceEnd(deps, ended, m.status as Mentorship['status'], by);
    }
    if (open.length < PAGE) return counts;
    await run.renew();
  }
}

/** One cohort due to end: its pairs, then the claim that closes it, then (for the one claim that did) its report. */
async function endCohort(deps: Deps, run: SweepRun, p: Programme): Promise<void> {
  const ended = await endPairs(deps, run, p);
  if (!(await deps.storage.cohorts.claimEnd(p.teamId, p.id, run.now))) return;
  await deps.storage.audit.record({
    teamId: p.teamId,
    actorId: await endedOnBehalfOf(deps, p),
    action: 'programme.cohort_ended',
    subjectType: 'programme',
    subjectId: p.id,
    detail: ended,
    at: run.now,
  });
  deps.logger.info(`cohort ${p.id} in ${p.teamId} ended: ${ended.active + ended.pending} pairs ended`);
  await sendFinalReport(deps, p, ended);
}

/**
 * A cohort's end date has come (in UTC days): its pairs end together, kindly and with the
 * close-out, the programme closes, and its managers get the final report. Safe to run twice and on
 * several instances: each pair ends once, and one claim closes the cohort and sends the report.
 */
export async function endCohorts(sweep: SweepDeps, run: SweepRun): Promise<void> {
  const due = await sweep.storage.cohorts.dueToEnd(localDay(run.now));
  if (due.length === 0) return;
  const deps = endingDeps(sweep, run);
  for (const ref of due) {
    if (!(await run.served(ref.teamId))) continue;
    try {
      const p = await deps.storage.programmes.get(ref.teamId, ref.id);
      if (p) await endCohort(deps, run, p);
    } catch (error) {
      run.skipTeam(ref.teamId, error);
    }
    await run.renew();
  }
}

export const cohortEnds: SweepPhase = { name: 'cohort-ends', run: endCohorts };
