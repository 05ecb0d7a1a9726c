// Each role's first day and its ending, clicked through the sandbox page in Chromium, starting
// from a workspace with people and nothing else: the admin sets Lifering up to the first pairing;
// the supporter answers the invitation and files a first meeting report; the mentee asks for help
// with the button and ends the mentorship; a newcomer asks for a supporter with the form. Every
// screen must render completely with no problem shown. With LIFERING_SCREENSHOTS=<folder>, each
// role's Home is saved before and after (docs/screenshots/ holds the ones made this way).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, openSandboxPage, type SandboxPage } from './page.ts';

// A Monday, 09:00 UTC: working hours for Priya in Kolkata (14:30), and a weekday for everyone.
const START = '2027-03-01T09:00';
const MEI = 'U0MEI';
const PRIYA = 'U0PRIYA';
const shots = process.env.LIFERING_SCREENSHOTS;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

describe.skipIf(!browserAvailable())('the first day and the ending, for each role, on the sandbox page', () => {
  let opened: Awaited<ReturnType<typeof openSandboxPage>> | undefined;
  let s: SandboxPage;

  beforeAll(async () => {
    opened = await openSandboxPage({
      name: 'first-day',
      start: START,
      seed: 'people',
      viewport: { width: 1280, height: 900 },
    });
    s = opened.s;
    if (shots) mkdirSync(shots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  /** The screen on show renders completely, and nothing went wrong behind it. */
  async function clean(where: string): Promise<void> {
    expect(await s.unsupported(), `unsupported Block Kit on ${where}`).toEqual([]);
    expect(await s.page.getAttribute('body', 'data-unsupported'), where).toBe('0');
    expect([...(await s.toasts('error')), ...(await s.toasts('notice'))], `problems shown on ${where}`).toEqual([]);
  }

  /** The current person's Home, checked clean, and saved as `name`.png when screenshots are asked for. */
  async function home(who: string, name?: string): Promise<string> {
    const text = await s.homeText();
    await clean(`${who}'s Home`);
    // The clock's "now reads" note would cover the foot of the page.
    await s.dismissToasts();
    if (shots && name) await s.page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
    return text;
  }

  async function messages(who: string): Promise<string> {
    const text = await s.messagesText();
    await clean(`${who}'s messages`);
    return text;
  }

  const dangerButtons = () => s.page.locator('#modal-layer:not([hidden]) .modal .bk-btn.bk-danger').allInnerTexts();

  it('the admin: setup card to the first pairing (add a topic, ask a supporter, assign)', async () => {
    await s.as('Alex');
    const first = await home('Alex', 'admin-home-first-day-before');
    expect(first).toContain('Set up Lifering');
    expect(first).toContain('0 of 3 done');
    // A short Home fits the window: the page itself does not scroll (nor leave a strip under a modal's shade).
    expect(await s.page.evaluate('document.documentElement.scrollHeight - window.innerHeight')).toBe(0);

    await s.clickButton('Add topics');
    expect(await s.modalTitle()).toBe('Topics');
    expect(await s.modalText()).toContain('No topics yet');
    await clean('the topics form');
    await s.fillField('New topic', 'Public speaking');
    await s.submitModal();
    expect(await s.modalText()).toContain('Public speaking · skillset');
    await clean('the topics form with a topic');
    await s.closeModal();
    // Still on Home: the card has moved on to the next step by itself.
    const second = await home('Alex');
    expect(second).toContain('1 of 3 done');
    expect(second).toContain('Ask people');

    await s.clickButton('Ask people');
    expect(await s.modalTitle()).toBe('Ask supporters');
    await clean('the ask-supporters form');
    await s.fillField('People to ask', ['Priya']);
    await s.submitModal();
    expect(await s.modalText()).toBe('');
    expect(await messages('Alex')).toContain('I asked @Priya Natarajan to fill in their supporter profile.');

    // Priya answers from the DM: her profile is what lets Lifering suggest her.
    await s.as('Priya');
    expect(await messages('Priya')).toContain('@Alex Morgan asks whether you would support others in Lifering');
    await s.clickButton('Fill in my profile');
    expect(await s.modalTitle()).toBe('Your supporter profile');
    await clean('the supporter profile form');
    await s.fillField('Public speaking', '4');
    await s.submitModal();
    expect(await s.modalText()).toContain('Saved. Admins now see:');
    await s.closeModal();

    await s.as('Alex');
    const third = await home('Alex');
    expect(third).toContain('2 of 3 done');
    await s.clickButton('Assign a supporter');
    expect(await s.modalTitle()).toBe('Assign a supporter');
    await s.fillField('Mentee', 'Mei');
    await s.fillField('Topic', 'Public speaking');
    expect(await s.modalText()).toContain('teaches Public speaking');
    await s.fillField('Supporter', 'Priya');
    await clean('the assign form');
    await s.submitModal();
    expect(await s.modalText()).toContain("Done: I've asked @Priya Natarajan to support @Mei Tanaka");
    await s.closeModal();
    const after = await home('Alex', 'admin-home-first-day-after');
    expect(after).not.toContain('Set up Lifering');
    expect(after).toContain('Topics');
    // Nothing about the pairing has reached Mei yet: it waits for Priya's yes.
    expect(opened!.sandbox.fake.dmsTo(MEI)).toEqual([]);
  }, 60_000);

  it('the supporter: the invitation to the first meeting report', async () => {
    await s.as('Priya');
    const invited = await messages('Priya');
    expect(invited).toContain('@Alex Morgan asks you to support @Mei Tanaka (Public speaking, as mentor).');
    const offer = opened!.sandbox.fake.dmsTo(PRIYA).at(-1)!;
    const firstBlock = (offer.args.blocks as { text?: { text: string } }[])[0]?.text?.text ?? '';
    expect(words(firstBlock), firstBlock).toBeLessThanOrEqual(40);
    const before = await home('Priya', 'supporter-home-before');
    expect(before).toContain('Waiting for you to accept');
    // Home answers with the invitation's own words.
    for (const label of ['Accept', 'Not now'])
      expect(await s.page.getByRole('button', { name: label, exact: true }).count()).toBe(1);

    await s.messagesText();
    for (const label of ['Accept', 'Not now', 'What’s involved?'])
      expect(await s.page.getByRole('button', { name: label, exact: true }).count(), label).toBe(1);
    await s.clickButton('What’s involved?');
    expect(await s.modalTitle()).toBe('Being a supporter');
    expect(await s.modalText()).toContain('file a short meeting report at least once a month');
    await clean('what being a supporter involves');
    await s.closeModal();

    await s.clickButton('Accept');
    const accepted = await messages('Priya');
    expect(accepted).toContain('You accepted on');
    expect(accepted).not.toContain('Not now');
    expect(await s.page.getByRole('button', { name: 'Message Mei Tanaka', exact: true }).count()).toBe(1);

    const active = await home('Priya');
    expect(active).toContain('no meeting report yet');
    await s.clickButton('Log meeting report');
    expect(await s.modalTitle()).toBe('Meeting report');
    await clean('the meeting report form');
    // Only the fields the form requires; the date comes filled in with today.
    await s.fillField('Length (minutes)', '30');
    await s.fillField('How you met', 'Video call');
    await s.fillField('Summary', 'First meeting: agreed to practise the all-hands talk every Friday.');
    await s.fillField('How is it going?', '4');
    await s.submitModal();
    expect(await s.modalText()).toBe('');
    const after = await home('Priya', 'supporter-home-after');
    expect(after).toContain('last report 1 Mar');
    expect(after).not.toContain('Waiting for you to accept');
  }, 60_000);

  it('the mentee: asking for help with the button, then ending the mentorship from the ⋯ menu', async () => {
    await s.as('Mei');
    // Her first day (assignment, accept, first report) reached her in at most three DMs.
    const dms = opened!.sandbox.fake.dmsTo(MEI).map((c) => String(c.args.text));
    expect(dms.length, dms.join('\n')).toBeLessThanOrEqual(3);
    const told = await messages('Mei');
    expect(told).toContain('@Priya Natarajan is now your supporter (Public speaking, as mentor).');

    const before = await home('Mei', 'mentee-home-before');
    expect(before).toContain('Who supports you');
    expect(before).toContain('@Priya Natarajan (mentor, Public speaking) since 1 Mar');
    await s.clickButton('🛟 Ask for help');
    expect(await s.modalTitle()).toBe('Ask Priya for help');
    expect(await s.page.locator('#modal-layer:not([hidden]) .modal .modal-submit').innerText()).toBe('Send to Priya');
    await clean('the ask-for-help form');
    await s.fillField('What do you need help with?', 'I freeze when the demo fails. Can we rehearse that part?');
    await s.submitModal();
    expect(await s.modalText()).toBe('');
    expect(await messages('Mei')).toContain(
      "🛟 I've told @Priya Natarajan that you asked for help with Public speaking.",
    );
    expect(await home('Mei')).toContain('You asked for help today');

    await s.as('Priya');
    const ring = await messages('Priya');
    expect(ring).toContain('🛟 @Mei Tanaka asked for help with Public speaking');
    expect(ring).toContain('I freeze when the demo fails.');

    await s.as('Mei');
    await home('Mei');
    await s.overflow('Priya Natarajan', 'End mentorship…');
    expect(await s.modalText()).toContain('End your mentorship with @Priya Natarajan?');
    expect(await dangerButtons()).toEqual(['End mentorship']);
    await clean('the end confirmation');
    await s.clickButton('End mentorship');
    expect(await s.modalTitle()).toBe('Mentorship ended');
    expect(await s.modalText()).toContain('Your help request about Public speaking was closed with it.');
    await clean('the ended confirmation');
    await s.closeModal();
    const after = await home('Mei', 'mentee-home-after');
    expect(after).toContain('Your mentorship with @Priya Natarajan ended on 1 Mar. Thank you');
    expect(after).not.toContain('Welcome to Lifering');
    expect(await s.page.getByRole('button', { name: 'Find me a supporter', exact: true }).count()).toBe(1);
  }, 60_000);

  it('a newcomer: asking for a supporter with the form', async () => {
    await s.as('Noor');
    const before = await home('Noor', 'newcomer-home-before');
    expect(before).toContain('Welcome to Lifering');
    await s.clickButton('Find me a supporter');
    expect(await s.modalTitle()).toBe('Find a supporter');
    await clean('the request form');
    await s.fillField('Topic', 'Public speaking');
    await s.fillField('What are you hoping for?', 'Someone to practise a conference talk with before June.');
    await s.submitModal();
    expect(await s.modalText()).toContain(
      "Thanks: I've asked the Lifering admins to find you a supporter for Public speaking.",
    );
    await s.closeModal();
    const after = await home('Noor', 'newcomer-home-after');
    expect(after).toContain('You asked for a supporter on 1 Mar; the admins have it');
    expect(await s.page.getByRole('button', { name: 'Your request', exact: true }).count()).toBe(1);

    await s.as('Alex');
    expect(await messages('Alex')).toContain('@Noor Haddad');
  }, 60_000);
});
