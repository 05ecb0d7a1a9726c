// An admin finds a declined pair in "everyone in the programme" and reassigns it, in Chromium on
// the sandbox page: Alex asks Priya to support Mei, Priya declines, Alex's Home says a pair needs
// them, the programme view lists it with its actions, and "Assign someone else" hands Mei to Sam.
// With LIFERING_SCREENSHOTS=<folder>, it also saves the screens it passes through (the ones in
// docs/screenshots/ were made this way).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, openSandboxPage, type SandboxPage } from './page.ts';

const START = '2027-03-01T09:00';
const shots = process.env.LIFERING_SCREENSHOTS;

describe.skipIf(!browserAvailable())('an admin resolves a declined pair from the programme view', () => {
  let opened: Awaited<ReturnType<typeof openSandboxPage>> | undefined;
  let s: SandboxPage;

  beforeAll(async () => {
    opened = await openSandboxPage({ name: 'oversight', start: START, viewport: { width: 1280, height: 900 } });
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
    // The clock's "now reads" note would cover the foot of the page.
    await s.dismissToasts();
    if (shots) await s.page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }

  it('Alex asks Priya to support Mei, and Priya declines', async () => {
    await s.as('Alex');
    await s.command('/mentor assign @priya @mei Public speaking');
    expect(await s.messagesText()).toContain("I've asked @Priya Natarajan to support @Mei Tanaka");
    await s.as('Priya');
    expect(await s.messagesText()).toContain('@Alex Morgan asks you to support @Mei Tanaka');
    await s.clickButton('Not now');
    expect(await s.messagesText()).toContain('You declined on');
    await clean("Priya's messages");
  });

  it("Alex's Home says a pair needs them, and the programme view lists it with what resolves it", async () => {
    await s.as('Alex');
    const home = await s.homeText();
    expect(home).toContain('1 pair needs you');
    await clean("Alex's Home");
    await shot('admin-home');
    await s.clickButton('See the pair');
    expect(await s.modalTitle()).toBe('Every mentorship');
    const list = await s.modalText();
    expect(list).toContain('1 mentorship · needs you');
    expect(list).toContain('@Priya Natarajan → @Mei Tanaka');
    expect(list).toContain('declined 1 Mar');
    await clean('the programme view');
    await shot('programme-needs-you');
  });

  it('"Assign someone else" opens the assign form for Mei and Public speaking; Alex picks Sam', async () => {
    await s.overflow('declined 1 Mar', 'Assign someone else…');
    expect(await s.modalTitle()).toBe('Assign a supporter');
    await clean('the assign form from the programme view');
    await s.fillField('Supporter', 'Sam');
    expect(await s.modalText()).toContain('@Sam Okafor supports 0 of up to');
    await shot('programme-assign-someone-else');
    await s.submitModal();
    expect(await s.modalText()).toContain(
      "Done: I've asked @Sam Okafor to support @Mei Tanaka (Public speaking, as mentor · Leadership coaching).",
    );
    await s.closeModal();
    await s.closeModal();
    expect(await s.modalText()).toBe('');
  });

  it('Sam accepts; nothing needs Alex any more, and the full list shows both pairs', async () => {
    await s.as('Sam');
    await s.messagesText();
    await s.clickButton('Accept');
    await s.as('Mei');
    expect(await s.messagesText()).toContain('@Sam Okafor is now your supporter');
    await s.as('Alex');
    const home = await s.homeText();
    expect(home).not.toContain('need you');
    expect(home).toContain('Every mentorship');
    await s.clickButton('Every mentorship');
    const all = await s.modalText();
    expect(all).toContain('2 mentorships');
    expect(all).toContain('@Sam Okafor → @Mei Tanaka');
    expect(all).toContain('@Priya Natarajan → @Mei Tanaka');
    await clean('the whole programme');
    await shot('programme-everyone');
    await s.page.locator('#modal-layer:not([hidden]) .modal .bk-choice input').first().check();
    await s.idle();
    expect(await s.modalText()).toContain('No mentorship matches these filters.');
    await clean('the filtered programme');
    await s.closeModal();
  });

  it('Luca ends his mentorship with `/mentor end @jude`; only Alex reads the reason, and a private note, as an admin', async () => {
    await s.as('Alex');
    await s.command('/mentor assign @jude @luca silently');
    await s.as('Luca');
    await s.command('/mentor end @jude');
    expect(await s.modalTitle()).toBe('End mentorship');
    await s.fillField('Reason (private)', 'We could never find a time that worked.');
    await s.submitModal();
    expect(await s.modalText()).toContain('has ended');
    await s.closeModal();
    await s.as('Jude');
    const told = await s.messagesText();
    expect(told).toContain('Your mentorship with @Luca Rossi');
    expect(told).not.toContain('never find a time');

    await s.as('Sam');
    await s.command('/mentor report @mei');
    expect(await s.modalTitle()).toBe('Meeting report');
    await s.fillField('Length (minutes)', '45');
    await s.fillField('How you met', 'Video call');
    await s.fillField('Summary', 'Planned the all-hands talk and its demo.');
    await s.fillField('How is it going?', '4');
    await s.fillField('Private note for admins', 'Mei is anxious about the demo; worth a word.');
    await s.submitModal();
    expect(await s.modalText()).toBe('');

    await s.as('Alex');
    await s.homeText();
    await s.clickButton('Every mentorship');
    await s.page.locator('#modal-layer:not([hidden]) .modal select').first().selectOption({ label: 'Ended' });
    await s.idle();
    const ended = await s.modalText();
    expect(ended).toContain('@Jude Fischer → @Luca Rossi');
    expect(ended).toContain('Reason (admins only): We could never find a time that worked.');
    await clean('the ended mentorships');
    await shot('programme-ended-with-reason');
    await s.closeModal();
    await s.command('/mentor progress @mei');
    const page = await s.modalText();
    expect(page).toContain('Private note for admins: Mei is anxious about the demo');
    await clean("Mei's progress page as an admin");
    await shot('progress-page-admin');
    await s.closeModal();
    await s.as('Mei');
    await s.command('/mentor progress');
    expect(await s.modalText()).not.toContain('anxious');
  });
});
