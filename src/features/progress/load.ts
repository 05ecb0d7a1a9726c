import type { Deps } from '../../deps.ts';
import type { ProgressRole } from './rules.ts';
import type { ProgressData } from './views.ts';

/** Everything the progress page shows about one mentee, read in one go. */
export async function loadProgress(
  deps: Deps,
  teamId: string,
  menteeId: string,
  viewerId: string,
  role: ProgressRole,
): Promise<ProgressData> {
  const s = deps.storage;
  const [supporters, goals, tasks, familiarity, helpRequests, reports, doneGoals, doneTasks] = await Promise.all([
    s.mentorships.listForMentee(teamId, menteeId, ['active']),
    s.goals.listForMentee(teamId, menteeId),
    s.tasks.listOpenForMentee(teamId, menteeId),
    s.familiarity.listForPerson(teamId, menteeId),
    s.helpRequests.listOpenForMentee(teamId, menteeId),
    s.reports.recentForMentee(teamId, menteeId, { userId: viewerId, isAdmin: role === 'admin' }, 5),
    s.goals.countForMentee(teamId, menteeId, 'done'),
    s.tasks.countDoneForMentee(teamId, menteeId),
  ]);
  // Past mentorships carry private end reasons: loaded for admins only, never for the mentee or a supporter.
  const viewer = await deps.people.profile(teamId, viewerId).catch(() => undefined);
  const past = role === 'admin' ? await s.mentorships.pastFor(teamId, menteeId, 'mentee', 10) : undefined;
  return {
    menteeId,
    viewerId,
    role,
    supporters,
    goals,
    tasks,
    familiarity,
    helpRequests,
    reports,
    doneGoals,
    doneTasks,
    today: deps.now(),
    tz: viewer?.tz ?? null,
    ...(past ? { past } : {}),
  };
}
