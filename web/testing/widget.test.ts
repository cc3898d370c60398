/**
 * The customer widget on the demo shop, in a real Chromium against a real server with the demo
 * knowledge base: answers, 👍 stored, quick replies, resume after reload, 转人工 with the live
 * queue status, an agent's reply and the rating, leaving a message outside hours, re-sending an
 * unacknowledged message after the socket drops, the HTTP fallback, hostile rich content, a
 * 360-px phone and the bundle's size.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_SETTINGS } from '../../src/config/settings.js';
import { PACKAGE_ROOT } from '../../src/server/package-root.js';
import { HAVE_CHROMIUM, launchBrowser, PHONE, UI_TIMEOUT_MS, SCREENSHOT_DIR, SMALL_PHONE, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

/** The issue's budget for the one-file widget, socket.io-client included. */
const WIDGET_GZIP_BUDGET_BYTES = 60 * 1024;
const STORAGE_KEY = 'wendu:default';
/** A whole customer journey in a real browser (several pages, an agent, a fallback deadline) on a busy CI machine. */
const JOURNEY_TIMEOUT_MS = 90_000;
/** A question only the hostile test entry answers. */
/** The bot's default longest message (docs/thresholds.md). */
const MAX_MESSAGE_LENGTH = DEFAULT_BOT_SETTINGS.maxMessageLength;
const HOSTILE_QUESTION = '会员积分卡怎么激活呀';

const sel = (hook: string) => `[data-wendu="${hook}"]`;
const messages = (page: Page, sender?: string) => page.locator(`${sel('message')}${sender ? `[data-sender="${sender}"]` : ''}`);

async function openWidget(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(sel('launcher')).click();
  // The welcome (or the resumed history) is there.
  await messages(page, 'bot').first().waitFor();
}

async function ask(page: Page, text: string): Promise<void> {
  await page.locator(sel('input')).fill(text);
  await page.locator(sel('send')).click();
}

/** The demo's pictures live on the shop's (fictional) CDN: serve a stand-in picture instead. */
async function serveShopPictures(page: Page): Promise<void> {
  await page.route('https://shop.wendu.example/**', (route) =>
    route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="200"><rect width="480" height="200" fill="#e6f4ff"/><text x="240" y="110" font-size="28" text-anchor="middle" fill="#0958d9">尺码对照表 S–3XL</text></svg>' }),
  );
}

async function storedIdentity(page: Page): Promise<{ conversationId: string; customerId: string }> {
  return JSON.parse((await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)) ?? '{}');
}

async function seqsShown(page: Page): Promise<number[]> {
  return messages(page).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-seq'))));
}

describe.skipIf(!HAVE_CHROMIUM)('the customer widget on the demo shop', { timeout: JOURNEY_TIMEOUT_MS }, () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let agent: { token: string };
  let admin: { token: string };

  async function operatorCall(token: string, method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(data)}`);
    return data;
  }

  beforeAll(async () => {
    server = await startPagesServer();
    // An answer full of markup: the widget must show it as text, never run it.
    await server.server.knowledge.create(
      {
        question: HOSTILE_QUESTION,
        answer: [
          { type: 'text', text: '<img src=x onerror="window.__pwned=4"><script>window.__pwned=5</script>积分卡激活看这里' },
          { type: 'link', url: 'https://shop.wendu.example/help', title: '<b onmouseover="window.__pwned=3">帮助中心</b>' },
          { type: 'card', card: { title: '<i>会员卡</i>', text: '积分可抵现', imageUrl: 'https://shop.wendu.example/card.png', buttons: [{ action: 'reply', label: '查积分', text: '我的积分有多少' }] } },
        ],
      },
      'test',
    );
    await server.server.bot.ready();
    browser = await launchBrowser();
    agent = await server.operator('xiaoli@shop.example', 'agent');
    admin = await server.operator('boss@shop.example', 'admin');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('is under its size budget', () => {
    const gzip = gzipSync(readFileSync(join(PACKAGE_ROOT, 'web', 'dist', 'widget.js'))).length;
    console.info(`widget.js: ${(gzip / 1024).toFixed(1)} KB gzip`);
    expect(gzip).toBeLessThan(WIDGET_GZIP_BUDGET_BYTES);
  });

  it('answers a colloquial question, stores 👍, sends quick replies, and resumes after a reload with nothing twice', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/demo`);
    // Styled by its own sheet under the shop's strict CSP, untouched by the shop's `button { … }` rules.
    const launcherStyle = await page.locator(sel('launcher')).evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, radius: style.borderTopLeftRadius, font: style.fontFamily };
    });
    expect(launcherStyle).toMatchObject({ background: 'rgb(22, 119, 255)', radius: '24px' });
    expect(launcherStyle.font).not.toContain('Georgia');
    await openWidget(page, `${server.url}/demo`);
    // Focus moved into the panel; the panel is a labelled dialog and the log is polite.
    await expect(page.locator(sel('input')).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await expect(page.getByRole('dialog', { name: '在线客服' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('log').getAttribute('aria-live')).resolves.toBe('polite');

    await ask(page, '退货要自己出邮费吗？？😅');
    const answer = messages(page, 'bot').filter({ hasText: '运费由我们承担' });
    await answer.waitFor();
    // Customers never see internals.
    await expect(page.locator('#wendu-widget').evaluate((el) => el.shadowRoot!.textContent)).resolves.not.toMatch(/confidence|置信|shop-return-shipping-fee/);

    const seq = Number(await answer.getAttribute('data-seq'));
    await answer.locator(sel('feedback-up')).click();
    await expect.poll(() => answer.locator(sel('feedback-up')).getAttribute('aria-pressed')).toBe('true');
    const { conversationId } = await storedIdentity(page);
    const votes = await server.server.database.db.selectFrom('answer_feedback').selectAll().where('conversation_id', '=', conversationId).execute();
    expect(votes).toMatchObject([{ message_seq: seq, helpful: 1, entry_id: 'shop-return-shipping-fee' }]);

    // A 猜你想问 chip from the welcome sends its question as the customer's message.
    const chip = messages(page, 'bot').first().locator(sel('quick-reply')).first();
    const chipText = (await chip.textContent())!;
    const before = await messages(page, 'bot').count();
    await chip.click();
    await messages(page, 'customer').filter({ hasText: chipText.replace(/…$/, '') }).waitFor();
    await expect.poll(() => messages(page, 'bot').count()).toBeGreaterThan(before);

    const shown = await seqsShown(page);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    await page.reload();
    await page.locator(sel('launcher')).click();
    await expect.poll(() => seqsShown(page)).toEqual(shown);
    expect((await storedIdentity(page)).conversationId).toBe(conversationId);
    await expect(messages(page, 'customer').filter({ hasText: '退货要自己出邮费吗' }).count()).resolves.toBe(1);
    expect(errors).toEqual([]);
  });

  it('转人工: the live queue place, the agent’s reply, and the rating after the agent closes', async () => {
    await operatorCall(agent.token, 'PUT', '/api/v1/agent/presence', { status: 'online' });
    const page = await browser.page();
    const errors = watchErrors(page);
    await openWidget(page, `${server.url}/demo`);
    await page.locator(sel('handoff')).click();
    const queue = page.locator(sel('queue'));
    await expect.poll(() => queue.textContent()).toMatch(/第 1 位，预计等待约 \d+ 分钟/);
    // A second customer queues behind, and moves up live when the first is taken.
    const next = await browser.page();
    await openWidget(next, `${server.url}/demo`);
    await next.locator(sel('input')).fill('我要找真人客服！！');
    await next.locator(sel('send')).click();
    await expect.poll(() => next.locator(sel('queue')).textContent()).toMatch(/第 2 位/);

    const { conversationId } = await storedIdentity(page);
    await operatorCall(agent.token, 'POST', `/api/v1/agent/conversations/${conversationId}/accept`);
    await expect.poll(() => queue.textContent()).toMatch(/正在为您服务/);
    await expect.poll(() => next.locator(sel('queue')).textContent()).toMatch(/第 1 位/);
    // The agent types (their workspace's socket): the customer sees it, until the message lands.
    const agentSocket = io(`${server.url}/agent`, { auth: { token: agent.token }, transports: ['websocket'] });
    await agentSocket.timeout(UI_TIMEOUT_MS).emitWithAck('typing', { conversationId, typing: true });
    const typing = page.getByText('对方正在输入…');
    await typing.waitFor();
    await operatorCall(agent.token, 'POST', `/api/v1/agent/conversations/${conversationId}/messages`, { text: '您好，我是小李～马上帮您查一下 🙏' });

    const agentMessage = messages(page, 'agent').filter({ hasText: '马上帮您查一下' });
    await agentMessage.waitFor();
    await typing.waitFor({ state: 'hidden' });
    agentSocket.close();
    // The open panel tells the agent it was read.
    const agentSeq = Number(await agentMessage.getAttribute('data-seq'));
    const customerRead = async () =>
      (await server.server.database.db.selectFrom('read_receipts').select('last_read_seq').where('conversation_id', '=', conversationId).where('reader', '=', 'customer').executeTakeFirst())?.last_read_seq ?? 0;
    await expect.poll(async () => Number(await customerRead())).toBeGreaterThanOrEqual(agentSeq);

    await operatorCall(agent.token, 'POST', `/api/v1/agent/conversations/${conversationId}/close`, {});
    const rating = page.locator(sel('rating'));
    await rating.waitFor();
    await rating.getByRole('button', { name: '5 星' }).click();
    await rating.getByLabel(/还有什么想说的/).fill('小李好耐心，赞👍');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.waitFor({ state: 'hidden' });
    const ratings = await server.server.database.db.selectFrom('ratings').selectAll().where('conversation_id', '=', conversationId).execute();
    expect(ratings).toMatchObject([{ score: 5, comment: '小李好耐心，赞👍' }]);
    expect(errors).toEqual([]);
  });

  it('re-sends a message whose socket dropped before it reached the server, with the same clientMessageId, shown and stored once', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    const sends: string[] = [];
    let dropNextSend = false;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((frame) => {
        if (typeof frame === 'string' && frame.includes('"message:send"')) {
          sends.push(frame);
          if (dropNextSend) {
            // The frame is lost with the connection: the widget never gets an ack.
            dropNextSend = false;
            ws.close();
            upstream.close();
            return;
          }
        }
        upstream.send(frame);
      });
    });
    await openWidget(page, `${server.url}/demo`);
    dropNextSend = true;
    await ask(page, '運費怎麼算啊，滿多少包郵？');
    await messages(page, 'bot').filter({ hasText: '满 99 元包邮' }).waitFor();
    const ids = sends.map((frame) => /"clientMessageId":"([^"]+)"/.exec(frame)![1]);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    await expect(messages(page, 'customer').filter({ hasText: '運費怎麼算啊' }).count()).resolves.toBe(1);
    await expect(messages(page, 'customer').locator('xpath=self::*[@data-pending]').count()).resolves.toBe(0);
    const { conversationId } = await storedIdentity(page);
    const stored = await server.server.database.db.selectFrom('messages').select('seq').where('conversation_id', '=', conversationId).where('sender', '=', 'customer').execute();
    expect(stored).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('falls back to the HTTP API when the socket is blocked, and still answers (on a plain-http page without crypto.randomUUID)', async () => {
    const page = await browser.page();
    // A shop still on plain http has no crypto.randomUUID (secure contexts only).
    await page.addInitScript(() => Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined }));
    // A proxy that swallows websockets and long-polling alike.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.route('**/socket.io/**', (route) => route.abort());
    await openWidget(page, `${server.url}/demo`);
    await page.getByText('网络不稳定，已切换到普通连接').waitFor();
    await ask(page, '包邮吗 不满99要几块运费');
    await messages(page, 'bot').filter({ hasText: '8 元运费' }).waitFor();
    await expect(messages(page, 'customer').filter({ hasText: '包邮吗' }).count()).resolves.toBe(1);
    const { conversationId } = await storedIdentity(page);
    const [sent] = await server.server.database.db.selectFrom('messages').select('client_message_id').where('conversation_id', '=', conversationId).where('sender', '=', 'customer').execute();
    expect(sent.client_message_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('fits a 360-px phone full-screen, closes with Escape back to the launcher; phone screenshot', async () => {
    const small = await browser.page({ viewport: SMALL_PHONE });
    await openWidget(small, `${server.url}/demo`);
    const box = (await small.locator('[role="dialog"]').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(SMALL_PHONE.width);
    await expect(small.locator('.log').evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true);
    await expect(small.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(SMALL_PHONE.width);
    await small.keyboard.press('Escape');
    await small.locator('[role="dialog"]').waitFor({ state: 'hidden' });
    await expect(small.locator(sel('launcher')).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);

    const phone = await browser.page({ viewport: PHONE });
    await serveShopPictures(phone);
    await openWidget(phone, `${server.url}/demo`);
    await ask(phone, '我身高170体重65公斤 选啥码啊');
    const answer = messages(phone, 'bot').filter({ hasText: '尺码助手' });
    await answer.waitFor();
    await answer.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await phone.screenshot({ path: join(SCREENSHOT_DIR, 'widget-phone.png') });
  });

  it('shows hostile rich content as inert text and never a javascript: link', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await serveShopPictures(page);
    await openWidget(page, `${server.url}/demo`);
    // The customer's own text comes back exactly as typed (the server keeps it as is) — as text.
    const hostileText = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>在吗';
    await ask(page, hostileText);
    const own = messages(page, 'customer').filter({ hasText: '在吗' });
    await own.and(page.locator('[data-seq]')).waitFor();
    await expect(own.textContent()).resolves.toContain(hostileText);
    await expect(own.locator('img, script').count()).resolves.toBe(0);
    // Operator content is sanitised when stored; whatever markup remains is shown, never parsed.
    await ask(page, HOSTILE_QUESTION);
    const answer = messages(page, 'bot').filter({ hasText: '积分卡激活看这里' });
    await answer.waitFor();
    await expect(answer.locator('script, [onerror], [onmouseover], b, i').count()).resolves.toBe(0);
    const link = answer.getByRole('link', { name: /帮助中心/ });
    await expect(link.getAttribute('href')).resolves.toBe('https://shop.wendu.example/help');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(answer.locator('img').getAttribute('loading')).resolves.toBe('lazy');
    await expect(page.locator('a[href^="javascript:" i]').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a message over the bot’s limit is refused with the reason, and the text comes back to the box', async () => {
    const page = await browser.page();
    await openWidget(page, `${server.url}/demo`);
    const rant = '到底什么时候发货啊😡'.repeat(Math.ceil(MAX_MESSAGE_LENGTH / 10) + 1);
    await ask(page, rant);
    await page.getByText(/请分几次发送|too long/i).waitFor();
    await expect(page.locator(sel('input')).inputValue()).resolves.toBe(rant);
    await expect(messages(page, 'customer').count()).resolves.toBe(0);
  });

  it('speaks English in an English browser: labels, 转人工 and the input', async () => {
    const page = await browser.page({ locale: 'en-US' });
    await openWidget(page, `${server.url}/demo`);
    await expect(page.getByRole('dialog', { name: 'Customer service' }).isVisible()).resolves.toBe(true);
    await expect(page.locator(sel('handoff')).textContent()).resolves.toBe('Talk to a person');
    await expect(page.getByLabel('Type your question').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Close the chat' }).count()).resolves.toBe(1);
  });

  it('outside the hours: says so and takes a message, which becomes a ticket', async () => {
    // No opening hours at all: closed whatever the clock says.
    await operatorCall(admin.token, 'PUT', '/api/v1/bot/handoff', { groups: [{ id: 'default', name: '人工客服', alwaysOpen: false, weekly: {} }] });
    const page = await browser.page();
    const errors = watchErrors(page);
    await openWidget(page, `${server.url}/demo`);
    // The welcome already says no one is working (in the daytime as 不在…服务时间, in the shop's night as 下班 —
    // which one depends on the hour the test runs); the hand-off reply then says it with the hours.
    const welcome = messages(page, 'bot').first();
    await expect.poll(() => welcome.textContent()).toMatch(/不在人工客服的服务时间|下班/);
    const closedNotices = () => messages(page, 'bot').filter({ hasText: '不在人工客服的服务时间' }).count();
    const before = await closedNotices();
    await page.locator(sel('handoff')).click();
    await expect.poll(closedNotices).toBe(before + 1);
    const form = page.locator(sel('leave-message'));
    await form.waitFor();
    // A contact no one could use is refused with the reason, and nothing typed is lost.
    await form.getByLabel(/联系方式/).fill('随便');
    await form.getByLabel('留言内容').fill('羽绒服掉毛好严重，想换一件，麻烦明天打我电话🙏');
    await form.getByRole('button', { name: '提交留言' }).click();
    await form.getByRole('alert').filter({ hasText: /手机号|邮箱|微信/ }).waitFor();
    await expect(form.getByLabel('留言内容').inputValue()).resolves.toContain('羽绒服掉毛');
    await form.getByLabel(/联系方式/).fill('13800138000');
    await form.getByRole('button', { name: '提交留言' }).click();
    await form.waitFor({ state: 'hidden' });
    const { tickets } = await operatorCall(admin.token, 'GET', '/api/v1/tickets');
    expect(JSON.stringify(tickets)).toContain('羽绒服掉毛好严重');
    // The browser logs the refused contact's 400 itself; nothing else went wrong.
    expect(errors).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});
