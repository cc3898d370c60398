/**
 * The console's 待确认的相似问 (docs/learning.md) in a real chromium against a real server with
 * the demo knowledge base: customers talk over the HTTP conversation API, confirm a 您是想问
 * suggestion with 是的, and the supervisor sees the wording in the knowledge page. Approved, the
 * same question is answered directly for the next customer; dismissed, it leaves the list; a
 * rejected suggestion is never a pending similar question — it is in 未解决问题. A wording that
 * would make another entry's questions worse is shown with the learning check's warning — in
 * 待审核's drawer and before 采纳 — and approved only when the supervisor approves anyway.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID, DEFAULT_WORKSPACE_ID } from '../../src/auth/access.js';
import { DESKTOP, HAVE_CHROMIUM, UI_TIMEOUT_MS, launchBrowser, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

const CUSTOMER_HEADER = 'x-wendu-customer';
/** A whole operator story (customers' conversations, sign in, two decisions, a customer again). */
const STORY_TIMEOUT_MS = 90_000;
const KNOWLEDGE = '/admin#/knowledge';
/** How often to look again for a sighting the engine records without awaiting it. */
const POLL_MS = 100;
/** The demo entry that 换个大一码 is clarified towards, and a line of its answer. */
const EXCHANGE_QUESTION = '怎么申请换货？';
const EXCHANGE_ANSWER = '同款商品可以换尺码或颜色一次';
const EXCHANGE_ENTRY = 'shop-exchange-process';
/** Confirmed for the exchange entry, it would take 「退款多久到账？」 from the refund entry: the learning check flags it. */
const REFUND_WORDING = '退款多久到账';

interface BotReply {
  sender: string;
  text: string;
}
interface PendingQuestion {
  id: string;
  kind: string;
  phrasing: string;
  conversations: number;
}

describe.skipIf(!HAVE_CHROMIUM)('console pending similar questions in chromium', { timeout: STORY_TIMEOUT_MS }, () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let admin: { email: string; password: string; token: string };

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    admin = await server.operator('laoban@shop.example', 'admin');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** One customer's conversation over HTTP: sends each message in turn, returns each turn's replies as text. */
  async function conversation(...messages: string[]): Promise<string[]> {
    const opened = await fetch(`${server.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(opened.status).toBe(201);
    const { conversationId, customerId } = (await opened.json()) as { conversationId: string; customerId: string };
    const turns: string[] = [];
    for (const text of messages) {
      const sent = await fetch(`${server.url}/api/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
        body: JSON.stringify({ text, clientMessageId: randomUUID() }),
      });
      expect(sent.status).toBe(201);
      turns.push(((await sent.json()) as { replies: BotReply[] }).replies.map((r) => r.text).join('\n'));
    }
    return turns;
  }

  /** The pending records as the API lists them, once `expected` of them are there (sightings are written after the reply). */
  async function pendingRecords(expected: number): Promise<PendingQuestion[]> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      const res = await fetch(`${server.url}/api/v1/kb/pending-questions`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(res.ok).toBe(true);
      const { items } = (await res.json()) as { items: PendingQuestion[] };
      if (items.length >= expected || Date.now() > deadline) return items;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  const pendingRows = (page: Page) => page.getByTestId('pending-questions').locator('tr.ant-table-row');

  it('a confirmed wording is approved in one click and then answered directly; another is dismissed; a rejection is in 未解决问题', async () => {
    const [asked, answered] = await conversation('换个大一码', '是的');
    expect(asked).toContain(`「${EXCHANGE_QUESTION}」`);
    expect(answered).toContain(EXCHANGE_ANSWER);
    // Another customer, another way of asking, confirmed the same way: the one to dismiss.
    const [askedAgain] = await conversation('能换个大码吗', '对的');
    expect(askedAgain).toContain(`「${EXCHANGE_QUESTION}」`);
    // A third says 不是: not a way of asking the entry — it goes to the unresolved inbox instead.
    const [askedThird] = await conversation('这个码数不对😅', '不是');
    // Asked back with one candidate (the wording rotates between variants; the yes / no buttons do not).
    expect(askedThird).toContain('【是的】 【不是】');
    const records = await pendingRecords(2);
    expect(records.map((r) => [r.kind, r.phrasing]).sort()).toEqual(
      [
        ['confirmed', '换个大一码'],
        ['confirmed', '能换个大码吗'],
      ].sort(),
    );

    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}${KNOWLEDGE}`, admin);
    const pending = page.getByTestId('pending-questions');
    await pending.scrollIntoViewIfNeeded();
    const toApprove = pendingRows(page).filter({ hasText: '换个大一码' });
    await toApprove.waitFor();
    await expect(pendingRows(page).count()).resolves.toBe(2);
    // Its entry's standard question and one conversation; the rejection is not in this view.
    await expect(toApprove.textContent()).resolves.toContain(EXCHANGE_QUESTION);
    await expect(toApprove.locator('td').nth(2).textContent()).resolves.toBe('1');

    await page.getByRole('button', { name: '采纳 换个大一码' }).click();
    await pending.getByText('已采纳为相似问：换个大一码').waitFor();
    await toApprove.waitFor({ state: 'detached' });
    const [direct] = await conversation('换个大一码');
    expect(direct).toContain(EXCHANGE_ANSWER);
    expect(direct).not.toContain('【是的】');

    await page.getByRole('button', { name: '忽略 能换个大码吗' }).click();
    await pending.getByText('已忽略：能换个大码吗').waitFor();
    await pending.getByText('暂无待确认的相似问').waitFor();
    expect(await pendingRecords(0)).toEqual([]);

    // The rejection is one click away, in 未解决问题.
    await pending.getByRole('link', { name: /未解决问题/ }).click();
    const rejected = page.getByTestId('learning-page').locator('tr.ant-table-row').filter({ hasText: '这个码数不对' });
    await rejected.waitFor();
    await expect(rejected.textContent()).resolves.toContain('否认了推荐');
    expect(errors).toEqual([]);
  });

  it('a wording that would make another entry worse shows the check’s warning, in 待审核 and before 采纳, and is approved only anyway', async () => {
    const pending = server.server.registry.workspace(DEFAULT_WORKSPACE_ID).pendingQuestions;
    await pending.record({ kind: 'confirmed', botId: DEFAULT_BOT_ID, conversationId: 'c-check', entryId: EXCHANGE_ENTRY, text: REFUND_WORDING });
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    const flaggedLine = '「退款多久到账？」（属于「退款多久到账？」）不再被直接回答';

    await signInThroughForm(page, `${server.url}/admin#/reviews`, admin);
    await page.getByTestId('reviews-page').locator('tr.ant-table-row').filter({ hasText: REFUND_WORDING }).getByTestId('review-open').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('review-check').getByText('注意：加入后，其他条目的', { exact: false }).waitFor();
    await drawer.getByTestId('review-check-regressions').getByText(flaggedLine).waitFor();
    await expect(drawer.getByTestId('review-approve').textContent()).resolves.toBe('仍然通过并发布');

    await page.goto(`${server.url}${KNOWLEDGE}`);
    const list = page.getByTestId('pending-questions');
    await page.getByRole('button', { name: `采纳 ${REFUND_WORDING}` }).click();
    await list.getByTestId('pending-check-regressions').getByText(flaggedLine).waitFor();
    // The check changed nothing: still pending until the supervisor approves anyway.
    expect((await pendingRecords(1)).map((r) => r.phrasing)).toEqual([REFUND_WORDING]);
    await list.getByRole('button', { name: '仍然采纳' }).click();
    await list.getByText(`已采纳为相似问：${REFUND_WORDING}`).waitFor();
    await list.getByTestId('pending-check').waitFor({ state: 'detached' });
    expect(await pendingRecords(0)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
