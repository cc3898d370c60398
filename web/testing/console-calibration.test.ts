/**
 * The dashboard's self-calibration card, in chromium against a real server with the demo
 * knowledge base calibrating itself: a supervisor reads 「在您自己的问法上：…」 with the chosen
 * thresholds against the defaults and the entries the bot cannot tell apart; a pair links to the
 * knowledge page searched for that entry; 重新校准 reruns it (the report comes back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorApi, type SignedIn } from '../../src/auth/test-operators.js';
import { DESKTOP, HAVE_CHROMIUM, launchBrowser, signInThroughForm, startPagesServer, UI_TIMEOUT_MS, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

describe.skipIf(!HAVE_CHROMIUM)('console self-calibration card in chromium', () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let supervisor: { email: string; password: string; token: string };
  const api = operatorApi(() => server.url);

  beforeAll(async () => {
    server = await startPagesServer({}, { selfCalibration: true });
    browser = await launchBrowser();
    supervisor = await server.operator('laowang@shop.example', 'supervisor');
    const signedIn: SignedIn = { token: supervisor.token, headers: { authorization: `Bearer ${supervisor.token}` }, actor: `user:${supervisor.email}` };
    // Calibrated before the page opens, so the card has a report to show (it says 正在校准 otherwise).
    expect((await api(signedIn, 'POST', '/api/v1/calibration/run')).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the sentence, the thresholds against the defaults and the confusable pairs, each linking to its entry', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/dashboard`, supervisor);
    const card = page.getByTestId('calibration-card');
    await card.getByTestId('calibration-summary').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(card.getByTestId('calibration-summary').innerText()).resolves.toMatch(/^在您自己的问法上：[\d.]+% 直接答对、[\d.]+% 会答错、[\d.]+% 反问/);
    // … and which prior it assumed: a fresh demo bot has served nothing yet, so the setting's.
    await expect(card.getByTestId('calibration-summary').innerText()).resolves.toMatch(/按顾客问题中约 10% 的首选条目是错的估算（机器人设置里的默认值/);
    await expect(card.getByText('默认 0.60').count()).resolves.toBe(1);
    // The demo's entries all have three questions or more: its thresholds are bars on the answer model.
    await expect(card.getByText('答对概率：置信度加上条目其他问法的支持度', { exact: false }).count()).resolves.toBe(1);
    const pairs = card.getByTestId('confusable-pairs').locator('.ant-list-item');
    expect(await pairs.count()).toBeGreaterThan(0);
    const link = pairs.first().locator('a').first();
    const question = await link.innerText();
    await link.click();
    // The knowledge page opens searched for that entry's question.
    await page.getByTestId('knowledge-table').getByText(question, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(page.getByRole('searchbox', { name: /搜索|Search/ }).inputValue()).resolves.toBe(question);
    expect(errors).toEqual([]);
  });

  it('重新校准 reruns it and shows the new report; the history beside it gains a point on its line', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/dashboard`, supervisor);
    const card = page.getByTestId('calibration-card');
    await card.getByTestId('calibration-summary').waitFor({ timeout: UI_TIMEOUT_MS });
    const history = page.getByTestId('calibration-history');
    await history.getByTestId('chart-calibration-history').locator('canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
    const countOf = async () => Number((await history.locator('.ant-card-extra').innerText()).match(/共 (\d+) 次校准/)![1]);
    const before = await countOf();
    expect(before).toBeGreaterThanOrEqual(1);
    await card.getByRole('button', { name: /重新校准/ }).click();
    await page.getByText('已重新校准').waitFor({ timeout: UI_TIMEOUT_MS });
    await expect(card.getByTestId('calibration-summary').innerText()).resolves.toMatch(/^在您自己的问法上：/);
    await expect.poll(countOf).toBe(before + 1);
    expect(errors).toEqual([]);
  });
});
