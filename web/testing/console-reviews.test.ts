/**
 * The console's 待审核 (docs/review.md) in a real chromium against a real server with the demo
 * shop: an agent proposed an answer they gave as knowledge and an edit of the invoice entry; the
 * supervisor opens the queue, reads the change and the agent's note, comments and approves the
 * first — then a customer asking it is answered — and rejects the second, which needs a reason,
 * leaving the bot's invoice answer as it was. With four eyes, the supervisor's own save in the
 * knowledge editor is a proposal: the drawer says 已提交审核 and the entry keeps its version.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, HAVE_CHROMIUM, UI_TIMEOUT_MS, launchBrowser, SCREENSHOT_DIR, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

/** A whole review story (two proposals, sign in, two decisions, customers asking). */
const STORY_TIMEOUT_MS = 90_000;
const REVIEWS = '/admin#/reviews';
/** How often to ask again while the bot re-indexes after an approval. */
const POLL_MS = 100;
const ENGRAVING = '手机壳可以刻字吗';
const AGENT_ANSWER = '可以的～手机壳支持激光刻字，下单时在备注里写上要刻的内容就行';
const AGENT_NOTE = '这周好几个顾客问';
const INVOICE_QUESTION = '发票怎么开呀';

describe.skipIf(!HAVE_CHROMIUM)('console reviews in chromium', { timeout: STORY_TIMEOUT_MS }, () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let supervisor: { email: string; password: string; token: string };
  let agent: { email: string; password: string; token: string };

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    supervisor = await server.operator('laowang@shop.example', 'supervisor');
    agent = await server.operator('xiaomei@shop.example', 'agent');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const propose = async (body: unknown) => {
    const res = await fetch(`${server.url}/api/v1/reviews`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, await res.text()).toBe(201);
  };
  const chat = async (text: string) => (await (await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json()) as { action: string; reply: string };

  it('the supervisor reads, comments and approves one proposal, and rejects another with a reason', async () => {
    await propose({ kind: 'new_entry', question: ENGRAVING, answer: AGENT_ANSWER, comment: AGENT_NOTE });
    await propose({ kind: 'entry_edit', entryId: 'shop-invoice-how', patch: { answer: '发票找客服要。' } });
    const invoiceBefore = await chat(INVOICE_QUESTION);
    expect(invoiceBefore.action).toBe('answer');

    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}${REVIEWS}`, supervisor);
    const rows = page.getByTestId('reviews-page').locator('tr.ant-table-row');
    const engravingRow = rows.filter({ hasText: ENGRAVING });
    await engravingRow.waitFor();
    await expect(engravingRow.textContent()).resolves.toContain('新条目');
    await expect(engravingRow.textContent()).resolves.toContain(agent.email);
    await expect(rows.filter({ hasText: '修改条目' }).count()).resolves.toBe(1);

    await engravingRow.getByTestId('review-open').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('review-diff').getByText(AGENT_ANSWER, { exact: false }).waitFor();
    await drawer.getByTestId('review-thread').getByText(AGENT_NOTE).waitFor();
    await drawer.getByTestId('review-comment').fill('写得好，通过');
    await drawer.getByTestId('review-post-comment').click();
    await drawer.getByTestId('review-thread').getByText('写得好，通过').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-reviews.png') });
    await drawer.getByTestId('review-approve').click();
    await drawer.getByTestId('review-status').getByText('已通过').waitFor();
    await engravingRow.waitFor({ state: 'detached' });

    // The bot answers it once re-indexed.
    const deadline = Date.now() + UI_TIMEOUT_MS;
    while ((await chat(ENGRAVING)).action !== 'answer' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    expect(await chat(ENGRAVING)).toMatchObject({ action: 'answer', reply: expect.stringContaining('激光刻字') });

    await page.keyboard.press('Escape');
    await rows.filter({ hasText: '修改条目' }).getByTestId('review-open').click();
    await drawer.getByTestId('review-diff').getByText('发票找客服要。', { exact: false }).waitFor();
    await drawer.getByTestId('review-reject').click();
    await drawer.getByTestId('review-error').getByText('驳回时请写明理由', { exact: false }).waitFor();
    await drawer.getByTestId('review-comment').fill('开票步骤要写清楚');
    await drawer.getByTestId('review-reject').click();
    await drawer.getByTestId('review-status').getByText('已驳回').waitFor();
    expect((await chat(INVOICE_QUESTION)).reply).toBe(invoiceBefore.reply);

    // Agent-reply mining from the page: nothing agents answered is waiting, so no draft.
    await page.keyboard.press('Escape');
    await page.getByTestId('review-mine').click();
    await page.getByTestId('review-notice').getByText('生成了 0 条草稿').waitFor();
    expect(errors).toEqual([]);
  });

  it('with four eyes the supervisor’s own save in the knowledge editor says 已提交审核 and publishes nothing', async () => {
    const admin = await server.operator('boss@shop.example', 'admin');
    const api = (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    expect((await api(admin.token, 'PUT', '/api/v1/reviews/settings', { required: false, fourEyes: true })).status).toBe(200);
    const before = (await (await api(supervisor.token, 'GET', '/api/v1/kb/entries/shop-invoice-how')).json()) as { version: number; question: string };

    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/knowledge`, supervisor);
    const box = page.getByRole('searchbox', { name: '搜索标准问或相似问' }).or(page.getByLabel('搜索标准问或相似问'));
    await box.first().fill(before.question);
    await box.first().press('Enter');
    await page.getByRole('button', { name: `编辑 ${before.question}` }).click();
    await page.getByRole('textbox', { name: '答案文字' }).fill('在「我的订单」里点「申请开票」就可以啦');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('review-notice').getByText('已提交审核', { exact: false }).waitFor();

    expect(((await (await api(supervisor.token, 'GET', '/api/v1/kb/entries/shop-invoice-how')).json()) as { version: number }).version).toBe(before.version);
    const { items } = (await (await api(supervisor.token, 'GET', '/api/v1/reviews?kind=entry_edit')).json()) as { items: Array<{ entryId: string; proposedBy: string }> };
    expect(items.filter((i) => i.entryId === 'shop-invoice-how').map((i) => i.proposedBy)).toEqual([expect.stringContaining(supervisor.email)]);
    expect(errors).toEqual([]);
  });
});
