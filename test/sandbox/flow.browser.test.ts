// The whole programme through the sandbox page in Chromium, as the people in it would click it:
// an admin assigns a supporter, the supporter accepts, the mentee asks for help, the supporter
// sees the life ring on Home and files a meeting report, the mentee reads it on their progress
// page, and a month later the reminder sweep asks the supporter for the next one. Only the
// production features run, and every screen must render with no "unsupported" marker and no
// notice (a Slack call the fake refused, or an error the app logged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, openSandboxPage, type SandboxPage } from './page.ts';

// A Monday, 09:00 UTC: working hours for Priya in Kolkata (14:30). Thirty-five days on is a Monday too.
const START = '2027-03-01T09:00';
const MONTH_LATER = '2027-04-05T09:00';

describe.skipIf(!browserAvailable())('the whole flow on the sandbox page', () => {
  let opened: Awaited<ReturnType<typeof openSandboxPage>> | undefined;
  let s: SandboxPage;
  const timings: string[] = [];

  beforeAll(async () => {
    // The clock field is read in the browser's zone; UTC keeps START and MONTH_LATER what they say.
    opened = await openSandboxPage({ name: 'flow', start: START });
    s = opened.s;
  }, 60_000);

  afterAll(async () => {
    if (timings.length) process.stdout.write(`sandbox flow steps: ${timings.join(', ')}\n`);
    await opened?.close();
  });

  /** The screen on show renders completely, and nothing went wrong behind it. */
  async function clean(where: string): Promise<void> {
    expect(await s.unsupported(), `unsupported Block Kit on ${where}`).toEqual([]);
    expect(await s.page.getAttribute('body', 'data-unsupported'), where).toBe('0');
    expect([...(await s.toasts('error')), ...(await s.toasts('notice'))], `problems shown on ${where}`).toEqual([]);
  }

  /** Checks Messages and Home of the current person, leaving Messages on screen. */
  async function bothTabsClean(who: string): Promise<{ home: string; messages: string }> {
    const home = await s.homeText();
    await clean(`${who}'s Home`);
    const messages = await s.messagesText();
    await clean(`${who}'s messages`);
    return { home, messages };
  }

  async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await work();
    timings.push(`${name} ${Math.round(performance.now() - started)} ms`);
    return result;
  }

  it('the admin assigns Priya to Mei through the assign form', async () => {
    await timed('assign', async () => {
      await s.as('Alex');
      await s.command('/mentor assign');
      expect(await s.modalTitle()).toBe('Assign a supporter');
      await clean('the assign form');

      // Mentee first, then the topic: the form suggests supporters for them.
      await s.fillField('Mentee', 'Mei');
      await s.fillField('Topic', 'Public speaking');
      expect(await s.modalText()).toContain('teaches Public speaking');
      // Picking the supporter tells the app at once (dispatch_action), which shows their load.
      await s.fillField('Supporter', 'Priya');
      expect(await s.modalText()).toContain('@Priya Natarajan supports 0 of up to');
      await clean('the assign form with the load');

      await s.fillField('Supporter kind', 'Mentor');
      await s.submitModal();
      expect(await s.modalText()).toContain(
        "Done: I've asked @Priya Natarajan to support @Mei Tanaka (Public speaking, as mentor · Leadership coaching).",
      );
      await clean('the assigned confirmation');
      await s.closeModal();
    });
    await bothTabsClean('Alex');
  });

  it('Priya accepts from the DM, and Mei hears she has a supporter', async () => {
    await timed('accept', async () => {
      await s.as('Priya');
      const { home, messages } = await bothTabsClean('Priya');
      expect(messages).toContain(
        '@Alex Morgan asks you to support @Mei Tanaka (Public speaking, as mentor · Leadership coaching).',
      );
      expect(home).toContain('Waiting for you to accept');
      await s.clickButton('Accept');
      const after = await s.messagesText();
      expect(after).toContain('You accepted on');
      expect(after).toContain('(edited)');
      expect(after).not.toContain('Not now');
      expect(after).toContain('Message Mei Tanaka');
      await clean("Priya's accepted DM");
      expect(await s.homeText()).not.toContain('Waiting for you to accept');
      await clean("Priya's Home with Mei");
    });
    await s.as('Mei');
    expect((await bothTabsClean('Mei')).messages).toContain(
      '🎉 @Priya Natarajan is now your supporter (Public speaking, as mentor · Leadership coaching).',
    );
  });

  it('Mei adds a goal and asks for help with a note', async () => {
    await timed('goal and help', async () => {
      await s.as('Mei');
      await s.command('/mentor goal');
      expect(await s.modalTitle()).toBe('Add a goal');
      await clean('the goal form');
      await s.fillField('Goal', 'Give a talk at the spring all-hands');
      await s.fillField('Detail', 'Ten minutes, with a live demo.');
      await s.fillField('Target date', '2027-05-14');
      await s.submitModal();
      expect(await s.modalText()).toBe('');

      await s.command('/mentor assist');
      expect(await s.modalTitle()).toBe('Ask for help');
      await clean('the help form');
      await s.fillField('Topic', 'Public speaking');
      await s.fillField('How familiar are you with it?', '2');
      await s.fillField('Assistance', 'Request mentor assistance');
      await s.fillField('Note for your supporters', 'Nervous about my demo on Friday');
      await s.submitModal();
      expect(await s.modalText()).toBe('');
    });
    const { messages } = await bothTabsClean('Mei');
    expect(messages).toContain("🛟 I've told @Priya Natarajan that you asked for help with Public speaking.");
  });

  it('Priya sees the life ring on Home and in a DM, and files a meeting report from Home', async () => {
    await timed('report', async () => {
      await s.as('Priya');
      const { home, messages } = await bothTabsClean('Priya');
      expect(messages).toContain('🛟 @Mei Tanaka asked for help with Public speaking');
      expect(messages).toContain('Nervous about my demo on Friday');
      // Slack's date token and the message time, in Priya's zone (09:00 UTC is 14:30 in Kolkata).
      expect(messages).toMatch(/familiarity: 2 of 4 · asked 1 Mar at 2:3\d PM/);
      expect(await s.page.locator('#panel-messages article .meta').last().innerText()).toMatch(/Mon 1 Mar, 14:3\d/);
      expect(home).toContain('🛟 @Mei Tanaka');
      expect(home).not.toContain(':ring_buoy:');

      await s.homeText();
      await s.clickButton('Log meeting report');
      expect(await s.modalTitle()).toBe('Meeting report');
      expect(await s.modalText()).toContain('Mentee: @Mei Tanaka · Public speaking');
      await clean('the meeting report form');

      // A bad length is answered under its field, and what was typed stays.
      await s.fillField('Date of meeting', '2027-03-01');
      await s.fillField('Length (minutes)', '2');
      await s.fillField('How you met', 'Video call');
      await s.fillField('Summary', 'Rehearsed the demo twice; the opening is much calmer now.');
      await s.fillField('How is it going?', '4');
      await s.submitModal();
      expect(await s.fieldError('Length (minutes)')).not.toBe('');
      expect(await s.page.locator('.modal [data-block-id="report_summary"] textarea').inputValue()).toContain(
        'Rehearsed the demo',
      );
      await clean('the meeting report form with an error');

      await s.fillField('Length (minutes)', '45');
      await s.fillField('Goals you discussed', 'Give a talk');
      await s.fillField('Suggested tasks (one per line)', 'Record a practice run\nAsk Sam for feedback on the slides');
      await s.fillField('Next meeting', '2027-03-15');
      await s.fillField('Private note for admins', 'Mei is doing well; no concerns.');
      await s.submitModal();
      expect(await s.modalText()).toBe('');
    });
    await bothTabsClean('Priya');
  });

  it("Mei's progress page shows the report, without the private note", async () => {
    await timed('progress page', async () => {
      await s.as('Mei');
      const { messages } = await bothTabsClean('Mei');
      expect(messages).toContain('📝 @Priya Natarajan added a meeting report for your meeting on');
      expect(messages).toContain('They suggested 2 tasks for you.');
      await s.clickButton('Open progress page');
      expect(await s.modalTitle()).toBe('Progress page');
      const page = await s.modalText();
      await clean("Mei's progress page");
      expect(page).toContain('Give a talk at the spring all-hands');
      expect(page).toContain('Rehearsed the demo twice; the opening is much calmer now.');
      expect(page).toContain('Record a practice run');
      expect(page).not.toContain('no concerns');
      await s.closeModal();
    });
  });

  it('a month later the reminder sweep asks Priya for the next report, with its buttons', async () => {
    await timed('reminder sweep', async () => {
      await s.as('Priya');
      await s.runSweep(MONTH_LATER);
      // Only Priya's reminder: she answered Mei's call for help (opened her page, filed a report),
      // so the admins are not asked to step in although it is still open.
      expect(await s.toasts('info')).toContain(
        'Reminder sweep as of 2027-04-05 09:00 UTC: 1 mentorship checked, 1 reminder sent.',
      );
      await s.dismissToasts();
      const messages = await s.messagesText();
      await clean("Priya's reminder DM");
      expect(messages).toContain("Time for a meeting report — it's been a month or more since you reported on:");
      expect(messages).toContain('@Mei Tanaka (Public speaking)');
      const reminder = s.page.locator('#panel-messages article').last();
      expect(await reminder.getByRole('button').allInnerTexts()).toEqual(['Log meeting report', 'Snooze 3 days']);

      // The reminder's own button opens the same form.
      await reminder.getByRole('button', { name: 'Log meeting report' }).click();
      await s.idle();
      expect(await s.modalTitle()).toBe('Meeting report');
      await clean('the meeting report form from the reminder');
      await s.closeModal();

      // So does the direct command, with Mei mentioned by her handle as one types it in Slack.
      await s.command('/mentor report @mei');
      expect(await s.modalTitle()).toBe('Meeting report');
      expect(await s.modalText()).toContain('Mentee: @Mei Tanaka · Public speaking');
      await s.closeModal();
    });
    await bothTabsClean('Priya');
    await s.as('Alex');
    const alex = (await bothTabsClean('Alex')).messages;
    expect(alex).not.toContain('No supporter has answered this call for help yet');
  });

  it('Priya snoozes the reminder and resolves the call for help; Mei hears it is resolved', async () => {
    await timed('snooze and resolve', async () => {
      await s.as('Priya');
      const reminder = s.page.locator('#panel-messages article').filter({ hasText: 'Time for a meeting report' });
      await s.messagesText();
      await reminder.getByRole('button', { name: 'Snooze 3 days' }).click();
      await s.idle();
      const afterSnooze = await s.messagesText();
      expect(afterSnooze).toContain("💤 Snoozed: I'll remind you about @Mei Tanaka again after");
      await clean('the snoozed reminder');

      const help = s.page.locator('#panel-messages article').filter({ hasText: 'asked for help' });
      await help.getByRole('button', { name: 'Mark resolved' }).click();
      await s.idle();
      const resolved = await s.messagesText();
      expect(resolved).toContain(
        "✅ @Mei Tanaka's help request about Public speaking was resolved by @Priya Natarajan.",
      );
      expect(resolved).not.toContain('Mark resolved');
      await clean('the resolved help DM');
      expect(await s.homeText()).not.toContain('Resolve help request');
      await clean("Priya's Home after resolving");
    });
    await s.as('Mei');
    expect((await bothTabsClean('Mei')).messages).toContain(
      '✅ @Priya Natarajan marked your help request about Public speaking as resolved.',
    );
  });

  it('the admin reads the mentorships report and downloads the CSV export from the DM', async () => {
    await timed('admin report and export', async () => {
      await s.as('Alex');
      await s.homeText();
      await s.clickButton('Mentorships report');
      expect(await s.modalTitle()).toBe('Mentorships report');
      expect(await s.modalText()).toContain('@Mei Tanaka');
      await clean('the mentorships report');
      await s.closeModal();

      await s.homeText();
      await s.clickButton('Export CSV');
      // A window says it is on its way, then that it arrived.
      await expect.poll(() => s.modalText()).toContain('Done: the CSV with 1 mentorship is in your DM');
      await clean('the export window');
      await s.closeModal();
      const messages = await s.messagesText();
      await clean('the export DM');
      expect(messages).toContain('Here is the 1 mentorship as of 5 Apr');
      // The CSV, not the trends chart that comes with it.
      const file = s.page.locator('#panel-messages .file a', { hasText: '.csv' }).last();
      expect(
        await s.page.locator('#panel-messages .file a', { hasText: 'lifering-trends-2027-04-05.png' }).count(),
      ).toBe(1);
      expect(await file.innerText()).toContain('lifering-mentorships-2027-04-05.csv');
      const [download] = await Promise.all([s.page.waitForEvent('download'), file.click()]);
      const csv = await (await download.createReadStream()).toArray();
      const text = Buffer.concat(csv).toString('utf8');
      expect(text.split('\n')[0]).toMatch(/^"Mentorship id","Supporter",/);
      expect(text).toContain('Mei Tanaka');
      expect(text).not.toContain('no concerns');
    });
  });
});
