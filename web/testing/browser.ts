/**
 * Test support for the pages: Debian's chromium driven by playwright-core (never a downloaded
 * browser), a fresh profile per browser, and a real Wendu server with the demo knowledge base.
 * Suites skip, saying so, only when chromium is not installed (.ci/run installs it).
 * Not imported by production code.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEFAULT_WORKSPACE_ID, type Role } from '../../src/auth/access.js';
import { parseBotSettings } from '../../src/config/settings.js';
import { signInOn } from '../../src/auth/test-operators.js';
import { GOOD_PASSWORD } from '../../src/auth/test-app.js';
import { startServer, tempDataDir, type RunningServer } from '../../src/channels/web/test-client.js';
import type { ServerConfigInput } from '../../src/config/server-config.js';
import { PACKAGE_ROOT } from '../../src/server/package-root.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long a page may take to show something before a test fails. */
export const UI_TIMEOUT_MS = 15_000;
/** Phone (the 390×844) and desktop viewports for screenshots. */
export const PHONE = { width: 390, height: 844 } as const;
export const SMALL_PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1440, height: 900 } as const;
/** Screenshots the README shows. */
export const SCREENSHOT_DIR = join(PACKAGE_ROOT, 'docs', 'screenshots');

if (!HAVE_CHROMIUM) console.warn(`[browser tests] 跳过浏览器测试：未找到 ${CHROMIUM}（apt-get install -y chromium fonts-wqy-microhei）`);

export interface TestBrowser {
  browser: Browser;
  /** A new isolated context (its own storage: another person at another computer). */
  context(options?: { viewport?: { width: number; height: number }; locale?: string; timezoneId?: string }): Promise<BrowserContext>;
  /** A page in a new context, with the UI timeout set. */
  page(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright gives every launch a fresh temporary profile of its own (it refuses --user-data-dir here).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  const contexts: BrowserContext[] = [];
  const context: TestBrowser['context'] = async (options = {}) => {
    const ctx = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: options.locale ?? 'zh-CN', timezoneId: options.timezoneId ?? 'Asia/Shanghai' });
    ctx.setDefaultTimeout(UI_TIMEOUT_MS);
    contexts.push(ctx);
    return ctx;
  };
  return {
    browser,
    context,
    async page(options) {
      const ctx = await context(options);
      return ctx.newPage();
    },
    async close() {
      for (const ctx of contexts) await ctx.close().catch(() => {});
      await browser.close();
    },
  };
}

export interface PagesServer extends RunningServer {
  dataDir: string;
  /** An operator account on this server (created if needed); returns its e-mail and password. */
  operator(email: string, role: Role): Promise<{ email: string; password: string; token: string }>;
  dispose(): Promise<void>;
}

/**
 * A real server with the demo knowledge base (unless `demo: false`), listening on 127.0.0.1.
 *
 * Its default bot answers with the settings' fixed thresholds unless `selfCalibration`: the
 * background self-calibration lands seconds after start, and a page test that asks the demo a
 * vague question (换个大一码) must get the same clarification whether it runs before or after.
 * Calibrated answering is gated in src/dialog/bot.test.ts and heldout.test.ts.
 */
export async function startPagesServer(overrides: Partial<ServerConfigInput> = {}, { selfCalibration = false } = {}): Promise<PagesServer> {
  const dataDir = tempDataDir('wendu-pages-');
  // Without self-calibration the bot answers with the settings' thresholds whatever it computes:
  // no calibration runs (seconds of CPU after start and after each knowledge change).
  const running = await startServer(dataDir, overrides, 0, { selfCalibration });
  if (!selfCalibration) {
    const { bot } = await running.server.registry.botOf(DEFAULT_WORKSPACE_ID);
    bot.updateSettings(parseBotSettings({ ...bot.settings, calibration: 'off' }));
  }
  return {
    ...running,
    dataDir,
    async operator(email, role) {
      const { token } = await signInOn(running.server.accounts, email, role);
      return { email, password: GOOD_PASSWORD, token };
    },
    async dispose() {
      await running.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the page's own login form (the console and the workspace share it). */
export async function signInThroughForm(page: Page, url: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/邮箱|E-mail/).fill(account.email);
  await page.getByLabel(/密码|Password/).fill(account.password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
}

/** Collects uncaught page errors and console errors; a page test asserts it stays empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}
