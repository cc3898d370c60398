/**
 * The login gate both operator apps share, in a real browser: a logged-out browser sees only
 * the login form; a wrong password is told so; an agent signing in to the admin console is
 * turned away; an admin gets the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, launchBrowser, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('console login in chromium', () => {
  let server: PagesServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('a logged-out browser sees only the login form, on the console and on the workspace', async () => {
    for (const path of ['/admin', '/agent']) {
      const page = await browser.page();
      const errors = watchErrors(page);
      await page.goto(`${server.url}${path}#/settings`);
      await expect(page.getByRole('button', { name: /登\s*录/ }).isVisible()).resolves.toBe(true);
      await expect(page.getByText('知识库').count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    }
  });

  it('a wrong password is told so; an agent is turned away from the console; an admin gets it', async () => {
    const admin = await server.operator('boss@shop.example', 'admin');
    const agent = await server.operator('staff@shop.example', 'agent');
    const page = await browser.page();
    await signInThroughForm(page, `${server.url}/admin`, { email: admin.email, password: 'not-the-password' });
    await page.getByTestId('login-error').waitFor();

    const agentPage = await browser.page();
    await signInThroughForm(agentPage, `${server.url}/admin#/settings`, agent);
    await agentPage.getByText('客服账号不能打开管理后台').waitFor();

    await signInThroughForm(page, `${server.url}/admin`, admin);
    await page.getByTestId('current-user').waitFor();
    await expect(page.getByRole('menuitem', { name: '机器人设置' }).isVisible()).resolves.toBe(true);
  });
});
