import { describe, expect, it } from 'vitest';
import {
  clampPage,
  type HomeModel,
  homeView,
  MENTEES_PER_PAGE,
  showsLastEnded,
} from '../../../src/features/home/views.ts';
import { ACTIONS } from '../../../src/slack/ids.ts';
import type { ReportData, SupporterHomeRow } from '../../../src/storage/overview.ts';
import type { Mentorship } from '../../../src/storage/rows.ts';
import { validateView } from '../../harness/block-limits.ts';
import { mentorshipRow } from '../../support/rows.ts';

const now = new Date('2026-11-23T10:00:00.000Z');
const row = (i: number, over: Partial<SupporterHomeRow> = {}): SupporterHomeRow => ({
  mentorshipId: i,
  menteeId: `UM${i}`,
  topicName: `Topic ${i}`,
  supporterKind: 'mentor',
  status: 'active',
  createdAt: '2026-09-01T09:00:00.000Z',
  feedbackFrom: '2026-10-13T09:00:00.000Z',
  lastReportAt: '2026-10-13T09:00:00.000Z',
  helpRequestId: 99,
  ...over,
});
const report: ReportData = {
  totals: { active: 10_000, pending: 12, endedThisMonth: 3 },
  supporters: { total: 900, overCapacity: 2, top: [] },
  overdue: {
    total: 5,
    items: [
      { mentorshipId: 1, supporterId: 'US1', menteeId: 'UM1', topicName: null, since: '2026-09-01T00:00:00.000Z' },
    ],
  },
  helpRequests: {
    total: 4,
    items: Array.from({ length: 5 }, (_, i) => ({
      requestId: i,
      menteeId: `UM${i}`,
      topicName: 'x'.repeat(75),
      openedAt: '2026-11-20T10:00:00.000Z',
    })),
  },
  supporterRequests: { total: 0, items: [] },
  topicsWithoutSupporter: { total: 0, items: [] },
  stalePending: { total: 0, items: [] },
};
const empty = { total: 0, items: [] };
function model(over: Partial<HomeModel> = {}): HomeModel {
  return {
    now,
    viewerId: 'UVIEWER1',
    tz: 'Europe/London',
    feedback: { intervalDays: 30, remindBeforeDays: 3 },
    supporting: { page: 1, pageCount: 1, offset: 0, listing: empty },
    mentee: { supporters: empty, goals: empty, tasks: empty },
    ...over,
  };
}
const blocksOf = (m: HomeModel) => homeView(m).blocks;
const actionIds = (m: HomeModel) => JSON.stringify(blocksOf(m)).match(/"action_id":"[^"]+"/g) ?? [];

describe('Home view', () => {
  it('welcomes someone with nothing yet, with the help button', () => {
    const text = JSON.stringify(homeView(model()));
    expect(text).toContain('Welcome to Lifering');
    // The next step is a button, not a command to type (issue 23).
    expect(text).not.toContain('/mentor request');
    expect(text).toContain(`"text":"Find me a supporter","emoji":true},"action_id":"${ACTIONS.openRequestForm}"`);
    expect(text).toContain(ACTIONS.showHelp);
  });

  it('stays within 100 blocks on the fullest page: admin, a full page of flagged mentees, and a mentee section', () => {
    const listing = { total: 10_000, items: Array.from({ length: MENTEES_PER_PAGE }, (_, i) => row(i)) };
    const lots = {
      total: 50,
      items: Array.from({ length: 5 }, (_, i) => ({ id: i, title: 't'.repeat(150), targetDate: null, dueDate: null })),
    };
    const m = model({
      admin: { data: { ...report, attention: 0 }, settings: { now, intervalDays: 30, maxMenteesPerSupporter: 5 } },
      supporting: { page: 2, pageCount: 500, offset: 20, listing },
      mentee: {
        supporters: {
          total: 9,
          items: Array.from({ length: 5 }, (_, i) => ({
            mentorshipId: i,
            supporterId: `US${i}`,
            topicName: 'T',
            supporterKind: 'coach' as const,
            since: '2026-03-01T00:00:00.000Z',
          })),
        },
        goals: lots,
        tasks: lots,
      },
    });
    const view = homeView(m);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(validateView(view)).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain('Mentees 21–40 of 10000 · page 2 of 500');
    expect(text).toContain(`"action_id":"${ACTIONS.homePagePrevious}"`);
    expect(text).toContain(`"action_id":"${ACTIONS.homePage}"`);
    expect(text).toContain('…and 4 more');
  });

  it.each([
    [
      'overdue, flagged',
      row(1),
      ['*overdue 11 days*', ':ring_buoy: <@UM1>', 'last report 13 Oct'],
      [ACTIONS.openReport, ACTIONS.openProgress, ACTIONS.resolveHelp, ACTIONS.mentorshipMenu],
    ],
    [
      'due soon, not flagged',
      row(2, { feedbackFrom: '2026-10-26T09:00:00.000Z', helpRequestId: null, lastReportAt: null }),
      ['due in 2 days', 'no meeting report yet'],
      [ACTIONS.openReport, ACTIONS.openProgress, ACTIONS.mentorshipMenu],
    ],
    [
      'pending',
      row(3, { status: 'pending', feedbackFrom: null, helpRequestId: null }),
      ['Waiting for you to accept'],
      [ACTIONS.acceptAssignment, ACTIONS.declineAssignment],
    ],
  ])('shows a mentee who is %s', (_name, r, texts, ids) => {
    const m = model({ supporting: { page: 1, pageCount: 1, offset: 0, listing: { total: 1, items: [r] } } });
    const text = JSON.stringify(blocksOf(m));
    for (const t of texts) expect(text).toContain(t);
    // The footer's buttons (help, supporter profile, message settings) are on every Home.
    const footer = [ACTIONS.showHelp, ACTIONS.openOffer, ACTIONS.openMessageSettings];
    const found = actionIds(m).filter((a) => !footer.some((f) => a.includes(`"${f}"`)));
    expect(found).toEqual(ids.map((id) => `"action_id":"${id}"`));
    expect(text).not.toContain('Programme');
  });

  it('puts the button values the other features expect', () => {
    const m = model({ supporting: { page: 1, pageCount: 1, offset: 0, listing: { total: 1, items: [row(5)] } } });
    const text = JSON.stringify(blocksOf(m));
    expect(text).toContain(`"action_id":"${ACTIONS.openReport}","value":"5"`);
    expect(text).toContain(`"action_id":"${ACTIONS.openProgress}","value":"UM5"`);
    expect(text).toContain(`"action_id":"${ACTIONS.resolveHelp}","value":"99"`);
  });

  it('makes "Find me a supporter" the main button only where it is the main path', () => {
    type Btn = { type: string; action_id?: string; text?: { text: string }; style?: string };
    const buttons = (m: HomeModel): Btn[] =>
      blocksOf(m)
        .flatMap((b) => [
          ...('elements' in b ? (b.elements as Btn[]) : []),
          ...('accessory' in b && b.accessory ? [b.accessory as Btn] : []),
        ])
        .filter((e) => e.action_id === ACTIONS.openRequestForm);
    const admin = { data: { ...report, attention: 0 }, settings: { now, intervalDays: 30, maxMenteesPerSupporter: 5 } };
    // A newcomer: the one thing to do.
    expect(buttons(model()).map((b) => b.style)).toEqual(['primary']);
    // An admin with no mentorships of their own: a plain button under the programme.
    expect(buttons(model({ admin })).map((b) => [b.text?.text, b.style])).toEqual([['Find me a supporter', undefined]]);
    // Someone who has asked already: a plain way back to the request.
    const waiting = model({ mentee: { ...model().mentee, requestedAt: '2026-11-20T10:00:00.000Z' } });
    expect(buttons(waiting).map((b) => [b.text?.text, b.style])).toEqual([['Your request', undefined]]);
  });

  it('never says nothing needs the admin while a pair needs them', () => {
    const settings = { now, intervalDays: 30, maxMenteesPerSupporter: 5 };
    const quiet: ReportData = {
      ...report,
      overdue: { total: 0, items: [] },
      helpRequests: { total: 0, items: [] },
      supporters: { total: 0, overCapacity: 0, top: [] },
    };
    expect(JSON.stringify(blocksOf(model({ admin: { data: { ...quiet, attention: 0 }, settings } })))).toContain(
      'Nothing needs your attention right now.',
    );
    const declined = JSON.stringify(blocksOf(model({ admin: { data: { ...quiet, attention: 1 }, settings } })));
    expect(declined).toContain('1 pair needs you');
    expect(declined).not.toContain('Nothing needs your attention');
  });

  it.each([
    [1, 0, 1],
    [3, 60, 3],
    [4, 60, 3],
    [0, 60, 1],
    [Number.NaN, 60, 1],
    [2, 41, 2],
    [3, 40, 2],
  ])('page %d of %d mentees shows page %d', (page, total, expected) => {
    expect(clampPage(page, total)).toBe(expected);
  });
});

describe('the last ended mentorship on a Home', () => {
  const ended = (side: 'mentee' | 'supporter'): Mentorship =>
    mentorshipRow({
      id: 7,
      teamId: 'T1',
      supporterId: side === 'supporter' ? 'UVIEWER1' : 'US9',
      menteeId: side === 'mentee' ? 'UVIEWER1' : 'UM9',
      status: 'ended',
      acceptedAt: '2026-06-02T09:00:00.000Z',
      endedAt: '2026-11-01T09:00:00.000Z',
      endedBy: 'US9',
    });
  const some = <T>(item: T) => ({ total: 1, items: [item] });
  // Every combination of what a Home's lists hold, each with an ending on either side.
  const cases = [0, 1].flatMap((supporting) =>
    [0, 1].flatMap((supporters) =>
      [0, 1].flatMap((goals) =>
        [0, 1].flatMap((tasks) =>
          [false, true].flatMap((requested) =>
            (['mentee', 'supporter'] as const).map((side) => ({
              supporting,
              supporters,
              goals,
              tasks,
              requested,
              side,
            })),
          ),
        ),
      ),
    ),
  );
  const modelOf = (c: (typeof cases)[number]): HomeModel =>
    model({
      supporting: { page: 1, pageCount: 1, offset: 0, listing: c.supporting ? some(row(1)) : empty },
      mentee: {
        supporters: c.supporters
          ? some({
              mentorshipId: 2,
              supporterId: 'US2',
              topicName: null,
              supporterKind: 'mentor' as const,
              since: '2026-09-01',
            })
          : empty,
        goals: c.goals ? some({ id: 3, title: 'Speak at the all-hands', targetDate: null }) : empty,
        tasks: c.tasks ? some({ id: 4, title: 'Draft the talk', dueDate: null }) : empty,
        ...(c.requested ? { requestedAt: '2026-11-20T10:00:00.000Z' } : {}),
      },
    });

  it('is read only for a Home that can show it: leaving it out changes nothing anywhere else', () => {
    let shown = 0;
    for (const c of cases) {
      const m = modelOf(c);
      const withEnding = JSON.stringify(homeView({ ...m, lastEnded: ended(c.side) }));
      const without = JSON.stringify(homeView(m));
      if (!showsLastEnded(m.supporting.listing.total, m.mentee)) expect(withEnding, JSON.stringify(c)).toBe(without);
      else if (withEnding !== without) shown++;
    }
    // The rule is not "never": where it says yes, the ending shows (a mentee's thanks, or a Home with nothing current).
    expect(shown).toBeGreaterThan(0);
  });

  it('is not read for a supporter with mentees and nothing of their own as a mentee', () => {
    expect(showsLastEnded(12, { supporters: empty, goals: empty, tasks: empty })).toBe(false);
    expect(showsLastEnded(0, { supporters: empty, goals: empty, tasks: empty })).toBe(true);
  });
});
