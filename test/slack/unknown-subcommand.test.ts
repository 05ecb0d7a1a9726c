import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const MIA = 'UMIA0001';

describe('an unknown /mentor subcommand', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: [{ id: MIA, name: 'mia' }] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('is quoted in at most a few dozen characters, however long the word', async () => {
    const res = await t.driver.command(MIA, `${'x'.repeat(40_000)} now`);
    const body = res.body as { text: string; blocks: { text?: { text: string } }[] };
    const lead = body.blocks[0]?.text?.text ?? '';
    expect(lead).toMatch(/^I don't know `\/mentor x+…`\.$/);
    expect(lead.length).toBeLessThan(100);
    expect(JSON.stringify(body).length).toBeLessThan(10_000);
  });

  it('still suggests the nearest subcommand for a short typo, quoted whole', async () => {
    const res = await t.driver.command(MIA, 'lsit');
    const lead = (res.body as { blocks: { text?: { text: string } }[] }).blocks[0]?.text?.text;
    expect(lead).toBe("I don't know `/mentor lsit`. Did you mean `/mentor list`?");
  });

  it('keeps a backtick typed in the word from ending the quote early', async () => {
    const res = await t.driver.command(MIA, 'li`st');
    const lead = (res.body as { blocks: { text?: { text: string } }[] }).blocks[0]?.text?.text ?? '';
    expect(lead.split('`').length).toBe(5);
  });
});
