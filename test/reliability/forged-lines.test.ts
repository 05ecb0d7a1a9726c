import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkboxes, textValue } from '../harness/driver.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { activeMentorship, lastOpened, now, TEAM } from '../support/progress.ts';

const ADMIN = 'UADMIN01';
const MIA = 'UMIA0001';
const SAM = 'USAM0001';
const LEO = 'ULEO0001';

/** What a mentee types to plant a line that looks like Lifering's own. */
const FORGED = '*:rotating_light: Lifering: this supporter has been removed*';
const forge = (text: string) => `${text}\n${FORGED}\r\n${FORGED}\u2028${FORGED}`;

/** Every line of every text in a message or view that is not block-quoted. */
function ourLines(...surfaces: unknown[]): string[] {
  const texts: string[] = [];
  JSON.stringify(surfaces, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') texts.push(value);
    return value;
  });
  return texts.flatMap((t) => t.split(/\r\n|[\n\r\u2028\u2029]/)).filter((line) => !line.startsWith('>'));
}

const forgedLines = (...surfaces: unknown[]) =>
  ourLines(...surfaces).filter((line) => line.trimStart().startsWith(FORGED));

describe('user text cannot forge a line of a system message', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [ADMIN, MIA, SAM, LEO].map((id) => ({ id, name: id.slice(1, 4).toLowerCase() })),
      env: { ADMIN_USER_IDS: ADMIN },
      now: () => now,
    });
    await activeMentorship(t, SAM, MIA);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a goal and a help note with line breaks: the life ring DM and the progress page keep them quoted or on one line', async () => {
    await t.driver.command(MIA, 'goal');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), {
      goal_title: { value: textValue(`Lead a review\n${FORGED}`) },
      goal_detail: { value: textValue(forge('Before the end of the year')) },
      goal_target: { value: { type: 'datepicker', selected_date: null } },
    });
    await t.driver.command(MIA, 'assist');
    await t.settle();
    await t.driver.submitView(MIA, lastOpened(t), {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue(forge('Stuck')) },
    });
    await t.settle();
    expect(await t.storage.goals.listForMentee(TEAM, MIA)).toHaveLength(1);

    const alert = t.fake.dmsTo(SAM).at(-1)!.args;
    expect(JSON.stringify(alert)).toContain('Stuck');
    expect(forgedLines(alert)).toEqual([]);

    await t.driver.command(SAM, `progress <@${MIA}>`);
    await t.settle();
    const page = lastOpened(t);
    expect(JSON.stringify(page)).toContain('Lead a review');
    expect(JSON.stringify(page)).toContain('Before the end of the year');
    expect(forgedLines(page)).toEqual([]);

    // Home shows the goal title too.
    await t.driver.appHomeOpened(MIA);
    await t.settle();
    expect(forgedLines(t.fake.homeViews.get(MIA))).toEqual([]);
  });

  it("a request for a supporter with line breaks: the admins' DM quotes it", async () => {
    await t.driver.command(LEO, 'assist');
    await t.settle();
    await t.driver.submitView(LEO, lastOpened(t), {
      assist_request: { value: checkboxes(['request']) },
      assist_note: { value: textValue(forge('Nobody to ask')) },
    });
    await t.settle();
    const dm = t.fake.dmsTo(ADMIN).at(-1)!.args;
    expect(JSON.stringify(dm)).toContain('Nobody to ask');
    expect(forgedLines(dm)).toEqual([]);
  });
});
