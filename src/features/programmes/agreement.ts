import type { BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { sendDm } from '../../slack/dm.ts';
import { answerOutOfDate, showModal, tellClicker } from '../../slack/surface.ts';
import { teamOf } from '../../slack/team.ts';
import { readValue } from '../../slack/values.ts';
import type { Storage } from '../../storage/index.ts';
import type { Agreement, Programme } from '../../storage/programmes.ts';
import type { Mentorship } from '../../storage/rows.ts';
import type { ActionArgs } from '../feature.ts';
import type { OfferTerms } from '../mentorships/views.ts';
import { AgreeValue } from './values.ts';
import { type AgreedAgreement, agreedDm, agreementInOffer, agreementModal, newAgreementDm } from './views.ts';

/**
 * A new version of a programme's agreement goes to its active supporters once: the version is
 * stored only when the text changed, so a repeated submission stores none and sends nothing.
 * Nothing ends for those who never agree; the programme's page lists them.
 */
export async function sendNewAgreement(deps: Deps, p: Programme, a: Agreement): Promise<void> {
  const supporters = await deps.storage.programmePairs.notAgreed(p.teamId, p.id, a.version);
  const client = deps.clientFor(p.teamId);
  for (const supporterId of supporters) {
    await sendDm(client, supporterId, newAgreementDm(p.name, a)).catch((error: unknown) =>
      deps.logger.warn(`could not send programme ${p.id}'s new agreement to ${supporterId}`, error),
    );
  }
}

type Stores = Pick<Storage, 'programmes' | 'programmePairs'>;

/** The programme a mentorship is in: its own, or the workspace's default. */
export async function programmeOf(
  storage: Stores,
  m: Pick<Mentorship, 'teamId' | 'programmeId'>,
  now: Date,
): Promise<Programme> {
  const own = m.programmeId ? await storage.programmes.get(m.teamId, m.programmeId) : undefined;
  return own ?? (await storage.programmes.ensureDefault(m.teamId, now));
}

/** What the invitation shows of the programme: its agreement, and its name when there are several. */
export async function offerTerms(
  storage: Stores,
  m: Pick<Mentorship, 'id' | 'teamId' | 'programmeId'>,
  now: Date,
): Promise<OfferTerms> {
  const [p, count] = await Promise.all([programmeOf(storage, m, now), storage.programmePairs.countIn(m.teamId)]);
  const agreement = await storage.programmes.agreement(m.teamId, p.id);
  return {
    programmeName: count > 1 ? p.name : undefined,
    agreement: agreement && agreementInOffer(count > 1 ? p.name : undefined, agreement, m.id),
  };
}

/**
 * Accept agrees to the version the invitation showed: the current one when it was sent. A version
 * stored since was also sent to this supporter by DM only if they were active then, so the current
 * one is what they are taken to have read when the invitation showed none other.
 */
export async function recordAgreedOnAccept(deps: Deps, m: Mentorship): Promise<void> {
  const p = await programmeOf(deps.storage, m, deps.now());
  const a = await deps.storage.programmes.agreement(m.teamId, p.id);
  if (!a) return;
  await deps.storage.programmes.recordAgreed(
    m.teamId,
    { programmeId: p.id, supporterId: m.supporterId, version: a.version, mentorshipId: m.id },
    deps.now(),
  );
}

/** "Read the agreement": the version the button names, whole. */
export async function onReadAgreement(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const v = readValue(AgreeValue, args.action.value);
  if (!v) return answerOutOfDate(args);
  await args.ack();
  const teamId = teamOf(args.body);
  const [p, a, agreed] = await Promise.all([
    deps.storage.programmes.get(teamId, v.programmeId),
    deps.storage.programmes.agreementVersion(teamId, v.programmeId, v.version),
    deps.storage.programmes.agreedBy(teamId, v.programmeId, args.body.user.id),
  ]);
  if (!p || !a) return tellClicker(args, "That agreement doesn't exist any more.");
  const when = agreed && agreed.version >= a.version ? agreed.agreedAt : undefined;
  await showModal(args.client, args.body, agreementModal(p.name, a, when, deps.now()));
}

/** "Agree" on the new-version DM: records it (again is harmless) and says so in place. */
export async function onAgree(deps: Deps, args: ActionArgs<BlockButtonAction>): Promise<void> {
  const v = readValue(AgreeValue, args.action.value);
  if (!v) return answerOutOfDate(args);
  await args.ack();
  const teamId = teamOf(args.body);
  const userId = args.body.user.id;
  const [p, a] = await Promise.all([
    deps.storage.programmes.get(teamId, v.programmeId),
    deps.storage.programmes.agreementVersion(teamId, v.programmeId, v.version),
  ]);
  if (!p || !a) return tellClicker(args, "That agreement doesn't exist any more.");
  await deps.storage.programmes.recordAgreed(
    teamId,
    { programmeId: p.id, supporterId: userId, version: a.version },
    deps.now(),
  );
  deps.changes.changed(teamId, [userId]);
  if (args.body.container?.type === 'message' && args.respond)
    await args.respond({ replace_original: true, ...agreedDm(p.name, a, deps.now()) });
  else await tellClicker(args, agreedDm(p.name, a, deps.now()).text);
}

/** The support agreements a supporter agreed to, newest version each, named: what their Home offers to reread. */
export async function agreedAgreements(deps: Deps, teamId: string, supporterId: string): Promise<AgreedAgreement[]> {
  const agreed = await deps.storage.programmePairs.agreedProgrammes(teamId, supporterId);
  if (agreed.length === 0) return [];
  const programmes = await deps.storage.programmes.list(teamId);
  return agreed.flatMap((a) => {
    const p = programmes.find((x) => x.id === a.programmeId);
    return p ? [{ programmeId: p.id, programmeName: p.name, version: a.version }] : [];
  });
}
