// Page-object helpers for the sandbox page, so a browser test reads like the flow it checks:
// `await s.as('Mei'); await s.command('/mentor help'); expect(await s.messagesText()).toContain(…)`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

/**
 * Whether this machine can run the browser tests. CI must (it installs Chromium), so there a
 * missing browser is an error; elsewhere the tests are skipped with a note on how to install it.
 */
export function browserAvailable(): boolean {
  if (hasChromium()) return true;
  if (process.env.CI)
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: CI must run the browser test. Install it with: apt-get install -y chromium fonts-noto-color-emoji`,
    );
  process.stderr.write(
    `Skipping the sandbox browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install chromium fonts-noto-color-emoji\n`,
  );
  return false;
}

/**
 * Debian's Chromium, headless, with a fresh profile and nothing talking to the network.
 * `timezoneId` fixes the zone the page reads the clock field in (the machine's when unset).
 */
export async function launchBrowser(
  opts: { timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'lifering-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function sandboxPage(page: Page, baseUrl: string) {
  /** Waits until every request the page started has been answered and rendered. */
  const idle = () => page.waitForFunction("document.body.dataset.ready === '1' && document.body.dataset.busy === '0'");
  const modal = (): Locator => page.locator('#modal-layer:not([hidden]) .modal');
  const scope = async (): Promise<Locator> =>
    (await modal().count()) > 0 ? modal() : page.locator('.panel:not([hidden])');

  async function tab(name: 'home' | 'messages'): Promise<void> {
    if ((await page.getAttribute(`#tab-${name}`, 'aria-selected')) !== 'true') await page.click(`#tab-${name}`);
    await idle();
  }

  /** The input block whose label starts with `label`, in the open modal. */
  function field(label: string): Locator {
    return modal()
      .locator('.bk-input')
      .filter({
        has: page.locator('.bk-label', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }),
      })
      .first();
  }

  return {
    page,
    idle,

    /** Loads the page; returns ms to the load event and until it was usable (state fetched and rendered), as the browser measured them. */
    async open(): Promise<{ loadEventMs: number; usableMs: number }> {
      await page.goto(baseUrl);
      await idle();
      return {
        loadEventMs: Math.round(
          Number(await page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")),
        ),
        usableMs: Number(await page.evaluate('window.sandboxReadyMs')),
      };
    },

    /** Switches to the seeded person whose name starts with `name` ("Mei", "Alex Morgan"). */
    async as(name: string): Promise<void> {
      const value = await page.$eval(
        '#person',
        (s, n) =>
          Array.from((s as unknown as { options: ArrayLike<{ text: string; value: string }> }).options).find((o) =>
            o.text.startsWith(n),
          )?.value,
        name,
      );
      if (!value) throw new Error(`no person called ${name} in the sandbox`);
      await page.selectOption('#person', value);
      await idle();
    },

    /** Types a command in the composer and sends it, as in Slack's message box. */
    async command(text: string): Promise<void> {
      await page.fill('#composer-text', text);
      await page.press('#composer-text', 'Enter');
      await idle();
    },

    /**
     * Clicks the button labelled `label` in the open modal, or else on the tab on screen. A
     * confirmation dialog is accepted unless `confirm: false`.
     */
    async clickButton(label: string, opts: { confirm?: boolean } = {}): Promise<void> {
      const where = await scope();
      await where.getByRole('button', { name: label, exact: true }).first().click();
      const dialog = page.locator('dialog#confirm[open]');
      if (await dialog.isVisible().catch(() => false)) {
        await page.click(opts.confirm === false ? '#confirm-deny' : '#confirm-yes');
      }
      await idle();
    },

    /** Picks `option` from the overflow menu (⋯) in the block containing `text`. */
    async overflow(text: string, optionLabel: string): Promise<void> {
      const where = await scope();
      const block = where.locator('.bk-section', { hasText: text }).first();
      await block.locator('.bk-overflow-toggle').click();
      await block.getByRole('button', { name: optionLabel, exact: true }).click();
      const dialog = page.locator('dialog#confirm[open]');
      if (await dialog.isVisible().catch(() => false)) await page.click('#confirm-yes');
      await idle();
    },

    /**
     * Fills the modal field labelled `label`: text, number and date inputs take the text; selects
     * take the option's label (a person's name for user selects, several for multi-selects);
     * checkboxes and radio buttons tick the options with those labels.
     */
    async fillField(label: string, value: string | string[]): Promise<void> {
      const f = field(label);
      const values = [value].flat();
      if ((await f.locator('.bk-external').count()) > 0) {
        // Type the search, then pick the first option the app offered that matches it.
        const query = values[0] ?? '';
        await f.locator('input[type="search"]').fill(query);
        await idle();
        const labels = await f.locator('select option').allTextContents();
        const pick = labels.slice(1).find((l) => l.toLowerCase().includes(query.toLowerCase()));
        if (!pick) throw new Error(`the app offered no option matching "${query}" for ${label}: ${labels.join(', ')}`);
        await f.locator('select').selectOption({ label: pick });
      } else if ((await f.locator('select').count()) > 0) {
        const select = f.locator('select');
        const labels = await select.locator('option').allTextContents();
        const pick = values.map((v) => labels.find((l) => l === v) ?? labels.find((l) => l.startsWith(v)) ?? v);
        await select.selectOption(pick.map((l) => ({ label: l })));
      } else if ((await f.locator('.bk-choices').count()) > 0) {
        const boxes = f.locator('.bk-choice');
        for (let i = 0; i < (await boxes.count()); i++) {
          const box = boxes.nth(i);
          const text = (await box.innerText()).trim();
          const want = values.some((v) => text.startsWith(v));
          const input = box.locator('input');
          if (want !== (await input.isChecked())) await input.click();
        }
      } else {
        await f
          .locator('input, textarea')
          .first()
          .fill(values[0] ?? '');
      }
      await idle();
    },

    async submitModal(): Promise<void> {
      await modal().locator('.modal-submit').click();
      await idle();
    },

    /** Closes the top modal with its close button ("Cancel", "Done", "Back"). */
    async closeModal(): Promise<void> {
      await modal().locator('.modal-close').click();
      await idle();
    },

    /** Moves the simulated clock to `at` (local "YYYY-MM-DDTHH:mm" in the browser's zone). */
    async setClock(at: string): Promise<void> {
      await page.fill('#clock-at', at);
      await page.click('#clock-set');
      await idle();
    },

    /** Runs the reminder sweep as of `at` (needs the sandbox's runSweep hook wired). */
    async runSweep(at: string): Promise<void> {
      await page.fill('#clock-at', at);
      await page.click('#sweep');
      await idle();
    },

    async homeText(): Promise<string> {
      await tab('home');
      return page.locator('#panel-home').innerText();
    },

    async messagesText(): Promise<string> {
      await tab('messages');
      return page.locator('#panel-messages').innerText();
    },

    /** The open modal's text ('' when none is open). */
    async modalText(): Promise<string> {
      return (await modal().count()) > 0 ? modal().innerText() : '';
    },

    async modalTitle(): Promise<string> {
      return (await modal().count()) > 0 ? modal().locator('.modal-head h2').innerText() : '';
    },

    /** The error shown under the modal field labelled `label` ('' when none). */
    async fieldError(label: string): Promise<string> {
      const error = field(label).locator('.bk-error');
      return (await error.count()) > 0 ? error.innerText() : '';
    },

    /** Texts of the error and notice toasts on screen. */
    async toasts(kind: 'error' | 'notice' | 'info' = 'error'): Promise<string[]> {
      return page.locator(`.toast.${kind}`).allInnerTexts();
    },

    async dismissToasts(): Promise<void> {
      await page.evaluate("document.querySelectorAll('.toast').forEach((t) => t.remove())");
    },

    /** How many "unsupported: <type>" markers are on screen, with their types. */
    async unsupported(): Promise<string[]> {
      return page.locator('.bk-unsupported').allInnerTexts();
    },
  };
}

export type SandboxPage = ReturnType<typeof sandboxPage>;

/**
 * What each browser test opens first: a fresh sandbox in a folder of its own, Chromium on its
 * page in UTC (so the clock field reads `start` as written), the clock set to `start`. `close`
 * undoes all of it.
 */
export async function openSandboxPage(o: {
  name: string;
  start: string;
  seed?: SandboxOptions['seed'];
  viewport?: { width: number; height: number };
}): Promise<{ s: SandboxPage; sandbox: Sandbox; close(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `lifering-sandbox-${o.name}-`));
  const sandbox = await startSandbox({
    port: 0,
    dataDir,
    fresh: true,
    ...(o.seed ? { seed: o.seed } : {}),
    env: { LOG_LEVEL: 'error' },
  });
  const browser = await launchBrowser({ timezoneId: 'UTC' });
  if (o.viewport) await browser.page.setViewportSize(o.viewport);
  const s = sandboxPage(browser.page, sandbox.url);
  await s.open();
  await s.setClock(o.start);
  return {
    s,
    sandbox,
    async close() {
      await browser.close();
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
