// A programme's manager runs their programme, in Chromium on the sandbox page (issue 25): the
// sandbox seeds two programmes with different managers; Jude, who runs Graduate mentoring and is
// no Lifering admin, finds it in the list, opens its page (agreement, rhythm, managers, Edit),
// pairs a graduate with a supporter in it, and the supporter's invitation carries the programme's
// support agreement, which Accept records. Jude's Home shows the programme with what needs them;
// the other programme's page offers Jude no Edit. With LIFERING_SCREENSHOTS=<folder>, the screens
// are saved (docs/screenshots/ holds the ones made this way).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, openSandboxPage, type SandboxPage } from './page.ts';

// A Monday, 09:00 UTC: working hours for Priya in Kolkata and Jude's morning in New York is near.
const START = '2027-03-01T09:00';
const shots = process.env.LIFERING_SCREENSHOTS;

describe.skipIf(!browserAvailable())("a programme's manager runs their programme on the sandbox page", () => {
  let opened: Awaited<ReturnType<typeof openSandboxPage>> | undefined;
  let s: SandboxPage;

  beforeAll(async () => {
    opened = await openSandboxPage({ name: 'programme-manager', start: START, viewport: { width: 1280, height: 900 } });
    s = opened.s;
    if (shots) mkdirSync(shots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  async function clean(where: string): Promise<void> {
    expect(await s.unsupported(), `unsupported Block Kit on ${where}`).toEqual([]);
    expect([...(await s.toasts('error')), ...(await s.toasts('notice'))], `problems shown on ${where}`).toEqual([]);
  }

  async function shot(name: string): Promise<void> {
    await s.dismissToasts();
    if (shots) await s.page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }

  it('Jude finds the two programmes, and opens the one they run: its terms, agreement and Edit', async () => {
    await s.as('Jude');
    await s.command('/mentor programmes');
    const list = await s.messagesText();
    expect(list).toContain('Graduate mentoring');
    expect(list).toContain('Leadership coaching');
    expect(list).not.toContain('New programme');
    await clean('the programme list');
    await s.command('/mentor programme Graduate mentoring');
    expect(await s.modalTitle()).toMatch(/Graduate mentoring|Programme/);
    const page = await s.modalText();
    expect(page).toContain('Meet your graduate at least once a month');
    expect(page).toContain('@Jude Fischer');
    expect(page).toContain('Edit');
    await clean('the programme page');
    await shot('programme-page');
    await s.closeModal();
  });

  it('Jude pairs Luca with Priya in it; the invitation shows the agreement, and Accept records it', async () => {
    await s.command('/mentor assign @priya @luca in Graduate mentoring');
    expect(await s.messagesText()).toContain('to support @Luca Rossi');
    await s.as('Priya');
    const invitation = await s.messagesText();
    expect(invitation).toContain('@Luca Rossi');
    expect(invitation).toContain('Meet your graduate at least once a month');
    await clean("Priya's invitation");
    await shot('accept-dm-with-agreement');
    await s.clickButton('Accept');
    expect(await s.messagesText()).toContain('You accepted');
    await clean("Priya's messages after Accept");
  });

  it("Jude's Home shows the programme they run; the other programme's page has no Edit for them", async () => {
    await s.as('Jude');
    const home = await s.homeText();
    expect(home).toContain('Graduate mentoring');
    await clean("Jude's Home");
    await shot('manager-home');
    await s.command('/mentor programme Leadership coaching');
    const other = await s.modalText();
    expect(other).toContain('Leadership coaching');
    expect(other).not.toContain('Edit');
    await clean('the other programme page');
    await s.closeModal();
  });
});
