/**
 * The console's Dashboard and Try it, in chromium against a real server with the demo
 * knowledge base. Real customers (the HTTP conversation API) ask an answerable question, a
 * vague one, an unknown one and for a person (taken, closed and rated by a real agent); the
 * dashboard's cards count exactly that and its charts draw; the unanswered list fixes the
 * unknown question with a new entry and the vague one as a similar question — after which the
 * bot answers both directly. Try it shows an operator the decision with its trace, renders
 * injected markup as text, and an anonymous `POST /api/v1/chat` carries nothing internal.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { customerRates, customerSays, DEMO_QUESTIONS } from '../../src/analytics/test-traffic.js';
import { operatorApi, type SignedIn } from '../../src/auth/test-operators.js';
import { DESKTOP, HAVE_CHROMIUM, launchBrowser, SCREENSHOT_DIR, signInThroughForm, startPagesServer, UI_TIMEOUT_MS, watchErrors, type PagesServer, type TestBrowser } from './browser.js';
import { internalKeysIn } from '../../src/conversation/internals-testing.js';

/** The dashboard's attach waits for the server's learning safety check: longer than a page's usual wait on a loaded machine. */
const ATTACH_TIMEOUT_MS = 45_000;

const { ANSWERED, CLARIFIED, UNKNOWN } = DEMO_QUESTIONS;
const RATING = 5;
const NEW_ANSWER = '我们老板是温度小店的创始人阿温，平时也会来看大家的留言哦～';
/** Markup a customer (or an operator pasting an answer) might send: it must show as text and never run. */
const INJECTED_MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const INJECTED_QUESTION = '老板在吗' + INJECTED_MARKUP;
const INJECTED_ANSWER = '营业执照：' + INJECTED_MARKUP + '就这样～';
describe.skipIf(!HAVE_CHROMIUM)('console dashboard and try it in chromium', () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let supervisor: { email: string; password: string; token: string };
  let supervisorApi: SignedIn;
  const api = operatorApi(() => server.url);
  const anonymousChat = async (text: string) =>
    (await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json();
  const signedIn = (account: { token: string; email: string }): SignedIn => ({ token: account.token, headers: { authorization: `Bearer ${account.token}` }, actor: `user:${account.email}` });

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    supervisor = await server.operator('laowang@shop.example', 'supervisor');
    supervisorApi = signedIn(supervisor);
    const agent = signedIn(await server.operator('xiaomei@shop.example', 'agent'));
    expect((await api(agent, 'PUT', '/api/v1/agent/presence', { status: 'online' })).status).toBe(200);

    await customerSays(server.url, ANSWERED);
    await customerSays(server.url, CLARIFIED);
    await customerSays(server.url, UNKNOWN);
    const wantsPerson = await customerSays(server.url, '转人工');
    expect((await api(agent, 'POST', `/api/v1/agent/conversations/${wantsPerson.conversationId}/accept`)).status).toBe(200);
    expect((await api(agent, 'POST', `/api/v1/agent/conversations/${wantsPerson.conversationId}/close`, { tags: [] })).status).toBe(200);
    await customerRates(server.url, wantsPerson, RATING, '小美回复超快👍');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function dashboard(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/dashboard`, supervisor);
    await page.getByTestId('kpi-conversations').waitFor();
    return { page, errors };
  }
  const kpi = async (page: Page, key: string) => (await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content').innerText()).replace(/\s+/g, ' ').trim();
  const row = (page: Page, text: string) => page.getByTestId('unanswered-row').filter({ hasText: text });

  const note = async (page: Page, key: string) => (await page.getByTestId(`kpi-${key}-note`).innerText()).trim();
  const DURATION = /^\d+ 秒$|^\d+ 分 \d+ 秒$/;

  it('counts the conversations on the cards, draws the charts and lists the unanswered questions', async () => {
    const { page, errors } = await dashboard();
    expect(await kpi(page, 'conversations')).toBe('4');
    // Only the answered conversation is the bot's alone: the vague and the unknown ones were left, the 转人工 one is a person's.
    expect(await kpi(page, 'bot-resolved')).toBe('1');
    expect(await note(page, 'bot-resolved')).toBe('占会话 25%');
    expect(await kpi(page, 'handoff-rate')).toBe('25%');
    expect(await note(page, 'handoff-rate')).toBe('1 次转人工');
    expect(await kpi(page, 'answer-rate')).toBe('25%');
    expect(await kpi(page, 'clarify-rate')).toBe('25%');
    expect(await kpi(page, 'fallback-rate')).toBe('25%');
    // Nobody voted on an answer; the one rated hand-off gave RATING.
    expect(await kpi(page, 'bot-helpful')).toBe('—');
    expect(await kpi(page, 'agent-rating')).toBe(`${RATING}.0 / 5`);
    expect(await note(page, 'agent-rating')).toBe('1 个评价');
    expect(await kpi(page, 'queue-wait')).toMatch(DURATION);
    expect(await kpi(page, 'handling')).toMatch(DURATION);
    // The agent closed without writing: no first response to time.
    expect(await kpi(page, 'first-response')).toBe('—');
    for (const chart of ['outcomes', 'reasons', 'waits', 'satisfaction', 'by-channel', 'by-bot', 'by-hour', 'by-category']) {
      await page.getByTestId(`chart-${chart}`).locator('canvas').first().waitFor();
    }
    await expect(page.getByTestId('top-entry').innerText()).resolves.toMatch(/发票[\s\S]*1 次/);
    await page.getByTestId('top-cluster').filter({ hasText: UNKNOWN }).waitFor();
    await row(page, UNKNOWN).waitFor();
    await expect(row(page, UNKNOWN).innerText()).resolves.toContain('兜底');
    await expect(row(page, CLARIFIED).innerText()).resolves.toContain('优惠券在哪里领？');
    await expect(page.getByTestId('unanswered-row').filter({ hasText: ANSWERED }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-dashboard.png') });

    // English on switch: the cards, the list and the charts follow.
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page.getByTestId('kpi-conversations').getByText('Conversations').waitFor();
    await page.getByTestId('kpi-bot-resolved').getByText('Resolved by the bot').waitFor();
    await row(page, UNKNOWN).getByRole('button', { name: 'New entry' }).waitFor();
    await expect(page.getByTestId('chart-outcomes').locator('canvas').count()).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('下载 CSV saves the summary of the range shown as a file', async () => {
    const { page, errors } = await dashboard();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const today = new Date().toISOString().slice(0, 10);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^wendu-summary-\\d{4}-\\d{2}-\\d{2}-${today}\\.csv$`));
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('会话数 / conversations,4');
    expect(csv).toContain('机器人独立解决 / bot resolved,1');
    expect(csv).toContain('转人工 / hand-offs,1');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-dashboard-summary.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('“新建条目” from the list makes the bot answer the unknown question', async () => {
    expect((await anonymousChat(UNKNOWN)).action).not.toBe('answer');
    const { page, errors } = await dashboard();
    await row(page, UNKNOWN).getByRole('button', { name: '新建条目' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('顾客的问题').inputValue()).resolves.toBe(UNKNOWN);
    await dialog.getByLabel('答案').fill(NEW_ANSWER);
    await dialog.getByRole('button', { name: '新建条目' }).click();
    await row(page, UNKNOWN).getByText('已处理').waitFor();
    await vi.waitFor(async () => {
      const reply = await anonymousChat(UNKNOWN);
      expect(reply.action).toBe('answer');
      expect(reply.reply).toContain(NEW_ANSWER);
    }, UI_TIMEOUT_MS);
    // Still done after a reload: the server asks the bot afresh.
    await page.reload();
    await row(page, UNKNOWN).getByText('已处理').waitFor();
    expect(errors).toEqual([]);
  });

  it('“加为相似问” attaches the vague question to the entry the bot offered, which then answers it', { timeout: 2 * ATTACH_TIMEOUT_MS }, async () => {
    expect((await anonymousChat(CLARIFIED)).action).toBe('clarify');
    const { page, errors } = await dashboard();
    await row(page, CLARIFIED).getByRole('button', { name: '加为相似问' }).click();
    const dialog = page.getByRole('dialog');
    // The entry the bot offered first is chosen first.
    await dialog.getByText('优惠券怎么用？（shop-coupon-how）').waitFor();
    // The attach runs the learning safety check on the server (its own indexes and a self-test) before the row
    // says 已处理; a click that lands while the dialog is still opening does nothing, so click again while the
    // dialog is still there (CI failed once at this step, cause not found; passed alone and in the runs before).
    const attach = dialog.getByRole('button', { name: '加为相似问' });
    await expect.poll(async () => {
      if (await attach.isVisible()) await attach.click();
      return row(page, CLARIFIED).getByText('已处理').isVisible();
    }, { timeout: ATTACH_TIMEOUT_MS }).toBe(true);
    const entry = await api(supervisorApi, 'GET', '/api/v1/kb/entries/shop-coupon-how');
    expect(entry.json.similarQuestions).toContain(CLARIFIED);
    await vi.waitFor(async () => {
      const reply = await anonymousChat(CLARIFIED);
      expect(reply).toMatchObject({ action: 'answer', entryId: 'shop-coupon-how' });
    }, UI_TIMEOUT_MS);
    expect(errors).toEqual([]);
  });

  it('Try it shows an operator the decision with its trace; follow-ups use the session; markup stays text', async () => {
    const created = await api(supervisorApi, 'POST', '/api/v1/kb/entries', { question: '店铺的营业执照在哪里看', answer: [{ type: 'text', text: INJECTED_ANSWER }] });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    // The bot re-reads its knowledge in the background; go on once it knows the new entry.
    await vi.waitFor(async () => expect((await anonymousChat('店铺的营业执照在哪里看')).action).toBe('answer'), UI_TIMEOUT_MS);
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/try`, supervisor);
    const input = page.getByLabel('问题');
    const ask = async (text: string, turns: number) => {
      await input.fill(text);
      await input.press('Enter');
      await expect.poll(() => page.getByTestId('try-turn').count(), { timeout: UI_TIMEOUT_MS }).toBe(turns);
      return page.getByTestId('try-turn').nth(turns - 1);
    };

    const invoice = await ask('發票怎麼開？', 1);
    await expect(invoice.getByTestId('trace-action').innerText()).resolves.toBe('直接回答');
    await expect(invoice.getByTestId('trace-rule').innerText()).resolves.toBe('answer.confident');
    await expect(invoice.getByTestId('trace-confidence').innerText()).resolves.toMatch(/^\d+%$/);
    await expect(invoice.getByTestId('trace-candidates').innerText()).resolves.toContain('shop-invoice-how');
    await expect(invoice.getByTestId('customer-reply').innerText()).resolves.not.toBe('');

    await ask('我想退货', 2);
    const followUp = await ask('运费谁出', 3);
    await expect(followUp.getByTestId('decision-trace').innerText()).resolves.toContain('结合上一句');
    await expect(followUp.getByTestId('trace-candidates').innerText()).resolves.toContain('shop-return-shipping-fee');

    // From the top (the page scrolls smoothly to each new answer): the question, the reply, then why.
    await expect
      .poll(() => page.evaluate(() => (window.scrollTo({ top: 0, behavior: 'instant' }), document.scrollingElement?.scrollTop)), { timeout: UI_TIMEOUT_MS })
      .toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-try.png') });

    // 新对话 forgets the context: a vague question is asked back again.
    await page.getByRole('button', { name: '新对话' }).click();
    await expect.poll(() => page.getByTestId('try-turn').count()).toBe(0);
    const vague = await ask('快递啊', 1);
    await expect(vague.getByTestId('trace-action').innerText()).resolves.toBe('反问澄清');

    // An answer with markup (sanitised when stored) shows as text; the customer's words as typed.
    const boss = await ask('店铺的营业执照在哪里看', 2);
    await expect(boss.getByTestId('customer-reply').innerText()).resolves.toContain('营业执照：');
    const injected = await ask(INJECTED_QUESTION, 3);
    await expect(injected.getByTestId('try-question').innerText()).resolves.toBe(INJECTED_QUESTION);
    await expect(page.getByTestId('try-turn').locator('img, script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();

    // An entry past its validity is ranked but not used, and the trace says so.
    const expired = await api(supervisorApi, 'POST', '/api/v1/kb/entries', {
      question: '去年双十一的预售定金能退吗',
      answer: [{ type: 'text', text: '活动已结束～' }],
      validFrom: '2025-10-20',
      validTo: '2025-11-12',
    });
    expect(expired.status, JSON.stringify(expired.json)).toBe(201);
    await vi.waitFor(async () => {
      const stale = await ask('去年双十一的预售定金能退吗', (await page.getByTestId('try-turn').count()) + 1);
      await expect(stale.getByTestId('trace-skipped').isVisible()).resolves.toBe(true);
    }, UI_TIMEOUT_MS);
    expect(errors).toEqual([]);
  });

  it('an anonymous POST /api/v1/chat carries nothing internal, whatever the outcome', async () => {
    for (const text of [ANSWERED, '快递啊', '你们几点下班呀？怎么退货？', '等了三天还没发货！！😡 转人工']) {
      expect(internalKeysIn(await anonymousChat(text)), text).toEqual([]);
    }
  });
});
