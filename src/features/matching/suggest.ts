import { localDay } from '../../calendar/dates.ts';
import type { Deps } from '../../deps.ts';
import type { MatchCandidate } from '../../storage/profiles.ts';
import { answerReason } from '../enrolment/rules.ts';
import { type CandidateFacts, type Need, rankCandidates, type Suggestion, utcOffsetMinutes } from './rules.ts';

export interface Wanted {
  menteeId: string;
  topicId: number | null;
}

/** The facts about one supporter the pure ranking needs, as they stand for this mentee. */
export function factsFor(c: MatchCandidate, menteeId: string, defaultCapacity: number, now: Date): CandidateFacts {
  return {
    supporterId: c.userId,
    topics: new Map(c.topics.map((t) => [t.topicId, t.level])),
    capacity: c.capacity ?? defaultCapacity,
    load: c.load,
    awayUntil: c.awayUntil,
    utcOffsetMinutes: utcOffsetMinutes(c.tz, now),
    openWithMentee: c.open.filter((o) => o.menteeId === menteeId).map((o) => o.topicId),
  };
}

/**
 * The best supporters for each wanted mentee and topic. Candidates are read once however many
 * mentees are asked about, so the "no match yet" list costs a few queries, not a few per mentee.
 */
export async function suggestMany(
  deps: Deps,
  teamId: string,
  wanted: readonly Wanted[],
  limit = 3,
): Promise<Suggestion[][]> {
  if (wanted.length === 0) return [];
  const { storage } = deps;
  const now = deps.now();
  const [candidates, topics, mentees] = await Promise.all([
    storage.profiles.candidates(teamId),
    storage.topics.list(teamId, { includeArchived: true }),
    // Through the people cache, so a mentee Lifering has not seen yet still gets a time zone.
    Promise.all(
      [...new Set(wanted.map((w) => w.menteeId))].map((id) => deps.people.profile(teamId, id).catch(() => undefined)),
    ),
  ]);
  if (candidates.length === 0) return wanted.map(() => []);
  const topicName = new Map(topics.map((t) => [t.id, t.name]));
  const tzOf = new Map(mentees.flatMap((p) => (p ? [[p.userId, p.tz] as const] : [])));
  const ranked = await Promise.all(
    wanted.map(async (w) => {
      const familiarity = w.topicId === null ? undefined : await storage.familiarity.get(teamId, w.menteeId, w.topicId);
      const need: Need = {
        menteeId: w.menteeId,
        topicId: w.topicId,
        topicName: w.topicId === null ? null : (topicName.get(w.topicId) ?? null),
        menteeLevel: familiarity?.level,
        utcOffsetMinutes: utcOffsetMinutes(tzOf.get(w.menteeId) ?? null, now),
        today: localDay(now, tzOf.get(w.menteeId)),
      };
      return rankCandidates(
        candidates.map((c) => factsFor(c, w.menteeId, deps.config.maxMenteesPerSupporter, now)),
        need,
        limit,
      );
    }),
  );
  return withAnswers(deps, teamId, wanted, ranked, topicName);
}

/**
 * Adds to a suggestion what the supporter answered on joining a programme, when it names the
 * topic wanted: one read for every suggestion of the call.
 */
async function withAnswers(
  deps: Deps,
  teamId: string,
  wanted: readonly Wanted[],
  ranked: Suggestion[][],
  topicName: ReadonlyMap<number, string>,
): Promise<Suggestion[][]> {
  if (wanted.every((w) => w.topicId === null)) return ranked;
  const answers = await deps.storage.programmeMembers.supporterAnswers(
    teamId,
    ranked.flatMap((list) => list.map((s) => s.supporterId)),
  );
  if (answers.length === 0) return ranked;
  return ranked.map((list, i) => {
    const topicId = wanted[i]!.topicId;
    const name = topicId === null ? null : (topicName.get(topicId) ?? null);
    return list.map((s) => {
      const said = answerReason(
        answers.filter((a) => a.userId === s.supporterId).map((a) => a.answer),
        name,
      );
      return said ? { ...s, reasons: [...s.reasons, said] } : s;
    });
  });
}

export async function suggestSupporters(deps: Deps, teamId: string, wanted: Wanted, limit = 3): Promise<Suggestion[]> {
  return (await suggestMany(deps, teamId, [wanted], limit))[0] ?? [];
}
