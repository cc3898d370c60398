/**
 * The agent workspace (/agent) in a real chromium against a real server with the demo
 * knowledge base; customers are real sockets (TestCustomer) and the HTTP customer API.
 * One agent works through one customer's conversation from the offer to the close; then
 * roles, tickets, and hostile content.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CUSTOMER_HEADER } from '../../src/channels/http/routes.js';
import { CLIENT_EVENTS } from '../../src/channels/web/protocol.js';
import { TestCustomer, WAIT } from '../../src/channels/web/test-client.js';
import { HAVE_CHROMIUM, launchBrowser, SCREENSHOT_DIR, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

type Account = { email: string; password: string; token: string };

const HTTP_CREATED = 201;
const HTTP_FORBIDDEN = 403;
/** The demo KB's return entry answers this colloquial question (see src/handoff/assist.ts). */
const RETURN_QUESTION = '买的鞋不合适咋退啊 😭';
/** Each test drives a real browser through several live turns; on a busy CI machine that takes longer than a database test. */
const BROWSER_TEST_TIMEOUT_MS = 90_000;

describe.skipIf(!HAVE_CHROMIUM)('agent workspace in chromium', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let agent: Account;
  let supervisor: Account;
  let page: Page;
  let errors: string[];
  const customers: TestCustomer[] = [];

  const call = async (who: Account | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(who ? { authorization: `Bearer ${who.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: response.status === 204 ? undefined : await response.json() };
  };

  /** A customer on a real socket who has talked to the bot and then asked for a person. */
  async function customerAskingForPerson(name: string, firstQuestion: string): Promise<{ customer: TestCustomer; conversationId: string }> {
    const customer = new TestCustomer(server.url);
    customers.push(customer);
    const opened = await customer.open({ profile: { name } });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    await customer.say(opened.conversationId, firstQuestion);
    const { replies } = await customer.say(opened.conversationId, '转人工，快点！！');
    expect(replies.map((m) => m.text).join('\n')).toMatch(/您是下一位|您前面还有|客服/);
    return { customer, conversationId: opened.conversationId };
  }

  /** The customer writes while a person has the conversation (the bot stays quiet, so no end of turn to wait for). */
  async function customerWrites(customer: TestCustomer, conversationId: string, text: string): Promise<void> {
    const ack = await customer.emit<{ ok: true; seq: number }>(CLIENT_EVENTS.send, { conversationId, clientMessageId: randomUUID(), text });
    expect(ack).toMatchObject({ ok: true });
  }

  const agentTexts = (customer: TestCustomer) => [...customer.bySeq.values()].filter((m) => m.sender === 'agent').map((m) => m.text);

  async function goOnline(p: Page): Promise<void> {
    await p.getByTestId('presence').click();
    await p.locator('.ant-select-item-option').filter({ hasText: '在线' }).click();
    await expect.poll(() => p.getByTestId('presence').textContent()).toContain('在线');
  }

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    agent = await server.operator('xiaowen@shop.example', 'agent');
    supervisor = await server.operator('zhuguan@shop.example', 'supervisor');
    expect((await call(agent, 'POST', '/api/v1/canned-replies', { shortcut: 'hello', text: '亲，您好！我是客服小温，马上帮您看～' })).status).toBe(HTTP_CREATED);
    page = await browser.page();
    errors = watchErrors(page);
    // Counts the tones the page plays (the real Web Audio API underneath), so the offer's beep is observable.
    await page.addInitScript(() => {
      const counted = window as unknown as { __tones?: number };
      const Original = window.AudioContext;
      window.AudioContext = class extends Original {
        override createOscillator(): OscillatorNode {
          counted.__tones = (counted.__tones ?? 0) + 1;
          return super.createOscillator();
        }
      };
    });
  });
  afterAll(async () => {
    for (const c of customers) c.close();
    await browser?.close();
    await server?.dispose();
  });

  let first: { customer: TestCustomer; conversationId: string };
  /** Still with the agent after the hostile-content test. */
  let secondCustomer: { customer: TestCustomer; conversationId: string };

  it('an online agent is offered a customer who asks for a person, with the title notification; accepts, sees the bot transcript and the reason, and they talk live', async () => {
    await signInThroughForm(page, `${server.url}/agent`, agent);
    await goOnline(page);

    first = await customerAskingForPerson('王小姐', '快递三天没动了，订单号 2026112900012345 咋回事');
    const offer = page.getByTestId('offer');
    await offer.waitFor();
    await expect.poll(() => page.title()).toBe('(1) 新会话 · 温度');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __tones?: number }).__tones ?? 0)).toBeGreaterThan(0);
    await offer.getByTestId('offer-accept').click();

    const pane = page.getByTestId('chat-pane');
    await expect.poll(() => pane.getAttribute('data-conversation-id')).toBe(first.conversationId);
    await expect.poll(() => page.getByTestId('handoff-reason').textContent()).toContain('顾客要求转人工');
    // The whole bot part is above: the customer's first question and the bot's reply to it.
    await pane.locator('[data-sender="customer"]', { hasText: '快递三天没动了' }).waitFor();
    await expect(pane.locator('[data-sender="bot"]').count()).resolves.toBeGreaterThan(0);
    // What the customer wants, and the order number they gave, are read out for the agent.
    await expect.poll(() => page.getByTestId('handoff-summary').textContent()).toContain('快递三天没动了');
    await expect.poll(() => page.getByTestId('entities').textContent()).toContain('订单号：2026112900012345');
    await expect.poll(() => page.title()).not.toContain('新会话 ·');
    await expect(page.getByTestId('list-mine').getByTestId('conversation-row').count()).resolves.toBe(1);

    // Typing shows both ways: the customer's in the workspace, the agent's on the customer's side.
    first.customer.socket.emit(CLIENT_EVENTS.typing, { conversationId: first.conversationId, typing: true });
    await page.getByTestId('customer-typing').waitFor();
    await page.getByTestId('composer').fill('王小姐您好，我是小温，帮您查一下物流～');
    await vi.waitFor(() => expect(first.customer.typing).toContainEqual({ sender: 'agent', typing: true }), WAIT);
    await page.getByTestId('composer').press('Enter');
    await vi.waitFor(() => expect(agentTexts(first.customer)).toContain('王小姐您好，我是小温，帮您查一下物流～'), WAIT);
    await pane.locator('[data-sender="agent"]', { hasText: '帮您查一下物流' }).waitFor();

    // Shift+Enter is a new line, not a send.
    await page.getByTestId('composer').press('Shift+Enter');
    await expect(page.getByTestId('composer').inputValue()).resolves.toBe('\n');
    await page.getByTestId('composer').fill('');

    await customerWrites(first.customer, first.conversationId, '好滴 谢谢妳 🙏');
    await pane.locator('[data-sender="customer"]', { hasText: '好滴 谢谢妳 🙏' }).waitFor();
    await expect(page.getByTestId('customer-typing').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('assist suggests the knowledge answer for the latest question; it goes into the composer, is edited and sent, and is recorded as from a suggestion', async () => {
    await customerWrites(first.customer, first.conversationId, RETURN_QUESTION);
    const suggestion = page.getByTestId('assist-suggestion').first();
    await suggestion.waitFor();
    await expect.poll(() => page.getByTestId('assist-panel').textContent()).toContain(RETURN_QUESTION);
    const answer = (await suggestion.locator('.agent-suggestion-answer').textContent()) ?? '';
    expect(answer).toMatch(/退/);

    await suggestion.getByTestId('use-suggestion').click();
    await expect(page.getByTestId('composer').inputValue()).resolves.toBe(answer);
    await page.getByTestId('composer-from-suggestion').waitFor();
    // The workspace fits a desktop screen: the page itself does not scroll, only its panes.
    await expect(page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'agent-workspace.png') });

    await page.getByTestId('composer').press('End');
    await page.getByTestId('composer').pressSequentially(' 有问题随时找我哈');
    await page.getByTestId('send').click();
    await vi.waitFor(() => expect(agentTexts(first.customer)).toContain(`${answer} 有问题随时找我哈`), WAIT);

    const feedback = await call(supervisor, 'GET', '/api/v1/assist-feedback');
    expect(feedback.json.items[0]).toMatchObject({ conversationId: first.conversationId, edited: true, sentText: `${answer} 有问题随时找我哈` });
  });

  it('an agent proposes their own reply as knowledge (加入知识库): it waits in the review queue, and the agent cannot approve it; a suggested answer can be improved the same way; 我的提议 shows them with their thread', async () => {
    const transcript = page.getByTestId('transcript');
    // Only the agent's own replies carry the action.
    const own = transcript.locator('[data-sender="agent"]');
    // The reply sent in the test before is in the transcript first (it is rendered from the server's echo, which may come after the customer saw it).
    await own.filter({ hasText: '有问题随时找我哈' }).waitFor();
    await expect.poll(async () => [await transcript.getByTestId('propose-reply').count(), await own.count()]).toSatisfy(([actions, replies]) => actions === replies && replies > 0);
    expect(await transcript.locator('[data-sender="customer"]').getByTestId('propose-reply').count()).toBe(0);
    await own.last().getByTestId('propose-reply').click();
    const dialog = page.getByTestId('propose-knowledge');
    // Prefilled with the customer's question before the reply, and the reply itself.
    await expect.poll(() => dialog.getByTestId('propose-question').inputValue()).toBe(RETURN_QUESTION);
    await expect(dialog.getByTestId('propose-answer').inputValue()).resolves.toContain('有问题随时找我哈');
    await dialog.getByTestId('propose-question').fill('鞋子尺码不合适怎么退');
    await dialog.getByRole('button', { name: /提交审核/ }).click();
    await page.getByText('已提交审核').waitFor();
    const { json } = await call(agent, 'GET', '/api/v1/reviews');
    expect(json.items).toContainEqual(expect.objectContaining({ kind: 'new_entry', question: '鞋子尺码不合适怎么退', proposedBy: `user:${agent.email}`, sourceRef: first.conversationId }));
    // Agents propose, never publish.
    const id = json.items.find((i: { question: string }) => i.question === '鞋子尺码不合适怎么退').id;
    expect((await call(agent, 'POST', `/api/v1/reviews/${id}/approve`, {})).status).toBe(HTTP_FORBIDDEN);

    // A suggested knowledge answer can be improved: a revision of its entry, reviewed before it serves.
    const suggestion = page.getByTestId('assist-suggestion').first();
    const entryId = await suggestion.getAttribute('data-entry-id');
    await suggestion.getByTestId('suggest-edit').click();
    await page.getByText('建议修改答案').waitFor();
    await expect(dialog.getByTestId('propose-question').isDisabled()).resolves.toBe(true);
    await dialog.getByTestId('propose-answer').fill('鞋子不合适 7 天内可退，运费险会赔付运费。');
    await dialog.getByRole('button', { name: /提交审核/ }).click();
    await expect.poll(async () => (await call(agent, 'GET', '/api/v1/reviews')).json.items.filter((i: { kind: string }) => i.kind === 'entry_edit')).toEqual([
      expect.objectContaining({ kind: 'entry_edit', entryId, proposedBy: `user:${agent.email}` }),
    ]);

    // 我的提议: the agent follows their proposals and answers in the thread; deciding is not theirs.
    await page.getByTestId('section-proposals').click();
    const proposals = page.getByTestId('proposals-view').getByTestId('proposal');
    await expect.poll(() => proposals.count()).toBe(2);
    await proposals.filter({ hasText: '鞋子尺码不合适怎么退' }).getByTestId('proposal-open').click();
    const drawer = page.getByTestId('review-drawer');
    await drawer.getByTestId('review-diff').getByText('有问题随时找我哈', { exact: false }).waitFor();
    await drawer.getByTestId('review-comment').fill('顾客问得很多，麻烦尽快看看');
    await drawer.getByTestId('review-post-comment').click();
    await drawer.getByTestId('review-thread').getByText('顾客问得很多，麻烦尽快看看').waitFor();
    expect(await drawer.getByTestId('review-approve').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('section-conversations').click();
    await page.getByTestId('chat-pane').waitFor();
  });

  it('"/" opens the canned replies and Enter inserts one; a note is added and listed; closing with tags takes the conversation out of 我的', async () => {
    // An upset turn: the mood and the warning show beside the conversation.
    await customerWrites(first.customer, first.conversationId, '什么破玩意儿？？！！等了半天了');
    await page.getByTestId('emotion-warning').waitFor();
    await expect.poll(() => page.getByTestId('emotion').textContent()).toBe('愤怒');

    const composer = page.getByTestId('composer');
    await composer.fill('/hel');
    await page.getByTestId('canned-list').getByTestId('canned-item').first().waitFor();
    await composer.press('Enter');
    await expect(composer.inputValue()).resolves.toBe('亲，您好！我是客服小温，马上帮您看～');
    await composer.press('Enter');
    await vi.waitFor(() => expect(agentTexts(first.customer)).toContain('亲，您好！我是客服小温，马上帮您看～'), WAIT);

    await page.getByTestId('note-input').fill('顾客很急，物流单号已发给仓库 🙏');
    await page.getByTestId('note-add').click();
    await page.getByTestId('notes').getByTestId('note').filter({ hasText: '顾客很急，物流单号已发给仓库 🙏' }).waitFor();

    await page.getByTestId('close-conversation').click();
    await page.getByTestId('close-tag-input').fill('物流延误');
    await page.getByTestId('close-tag-input').press('Enter');
    await page.getByTestId('close-tags').getByText('物流延误').waitFor();
    await page.getByTestId('close-confirm').click();
    await expect.poll(() => page.getByTestId('list-mine').getByTestId('conversation-row').count()).toBe(0);
    await expect(page.getByTestId('chat-pane').count()).resolves.toBe(0);
    const closed = await server.server.database.db.selectFrom('handoffs').select(['status', 'close_tags']).where('conversation_id', '=', first.conversationId).executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    expect(String(closed.close_tags)).toContain('物流延误');
    expect(errors).toEqual([]);
  });

  it('a supervisor sees 全部; an agent does not', async () => {
    await expect(page.getByTestId('list-tab-all').count()).resolves.toBe(0);
    const boss = await browser.page();
    await signInThroughForm(boss, `${server.url}/agent`, supervisor);
    await boss.getByTestId('list-tab-all').click();
    await boss.getByTestId('list-all').waitFor();
    await boss.context().close();
  });

  it('a ticket a customer left appears in 留言; the agent opens and answers it, and the answer reaches the customer', async () => {
    const opened = await call(null, 'POST', '/api/v1/conversations', { channel: 'api' });
    const { conversationId, customerId } = opened.json as { conversationId: string; customerId: string };
    const left = await call(null, 'POST', `/api/v1/conversations/${conversationId}/leave-message`, { contact: '微信：wendu_lily88', text: '衣服洗了一次就掉色，想换一件，麻烦回我下～' }, { [CUSTOMER_HEADER]: customerId });
    expect(left.status).toBe(HTTP_CREATED);

    await page.getByTestId('section-tickets').click();
    const row = page.getByTestId('ticket-row').filter({ hasText: '衣服洗了一次就掉色' });
    await row.click();
    await expect.poll(() => page.getByTestId('ticket-detail').textContent()).toContain('wendu_lily88');
    await page.getByTestId('ticket-answer').fill('亲，掉色可以换新，已给您登记，快递员明天上门取件～');
    await page.getByTestId('ticket-reply').click();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toBe('已回复');
    const log = await call(null, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=200`, undefined, { [CUSTOMER_HEADER]: customerId });
    expect((log.json.messages as Array<{ sender: string; text: string }>).filter((m) => m.sender === 'agent').map((m) => m.text)).toEqual(['亲，掉色可以换新，已给您登记，快递员明天上门取件～']);

    await page.getByTestId('ticket-close').click();
    await expect.poll(() => page.getByTestId('ticket-status').textContent()).toBe('已关闭');
    await page.getByTestId('section-conversations').click();
    expect(errors).toEqual([]);
  });

  it('a customer message and a knowledge answer carrying <script> and onerror stay inert text', async () => {
    // The knowledge base strips markup on the way in (src/content/sanitize.ts); the page must be inert either way.
    const hostileAnswer = '托运请在「我的 > 宠物服务」里预约 <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const entry = await call(supervisor, 'POST', '/api/v1/kb/entries', {
      question: '猫咪托运服务怎么预约',
      answer: [
        { type: 'text', text: hostileAnswer },
        { type: 'link', url: 'https://shop.wendu.example/pets', title: '宠物托运须知' },
      ],
    });
    expect(entry.status).toBe(HTTP_CREATED);

    const second = await customerAskingForPerson('李先生', '猫咪托运服务怎么预约');
    await page.getByTestId('offer').getByTestId('offer-accept').click();
    const pane = page.getByTestId('chat-pane');
    await expect.poll(() => pane.getAttribute('data-conversation-id')).toBe(second.conversationId);
    // The bot's answer before the hand-off: its link opens in a new tab, without the opener.
    const link = pane.locator('[data-sender="bot"] a', { hasText: '宠物托运须知' });
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toBe('https://shop.wendu.example/pets');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');

    await customerWrites(second.customer, second.conversationId, '<script>window.__pwned=3</script>在吗');
    await customerWrites(second.customer, second.conversationId, '貓咪托運服務怎麼預約 <img src=x onerror="window.__pwned=4">');
    await pane.locator('[data-sender="customer"]', { hasText: 'onerror="window.__pwned=4"' }).waitFor();
    await pane.locator('[data-sender="customer"]', { hasText: '<script>window.__pwned=3</script>在吗' }).waitFor();

    const suggestion = page.getByTestId('assist-suggestion').filter({ hasText: '猫咪托运服务怎么预约' });
    await suggestion.waitFor();
    await expect.poll(() => suggestion.textContent()).toContain('托运请在「我的 > 宠物服务」里预约');
    await suggestion.getByTestId('use-suggestion').click();
    await page.getByTestId('send').click();
    await pane.locator('[data-sender="agent"]', { hasText: '托运请在「我的 > 宠物服务」里预约' }).waitFor();
    // What the agent sends is the customer's to see as well: the same inert text on their side.
    await vi.waitFor(() => expect(agentTexts(second.customer).join('')).toContain('托运请在「我的 > 宠物服务」里预约'), WAIT);

    await expect(page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('.agent-transcript img, .agent-assist img').count()).resolves.toBe(0);
    secondCustomer = second;
    expect(errors).toEqual([]);
  });

  it('a declined offer stays in 排队中 with a live waiting time; taken from the queue, it is transferred to a colleague with a note; the page switches to English', async () => {
    const third = await customerAskingForPerson('陳小姐', '發票開錯了 要重開');
    await page.getByTestId('offer').getByTestId('offer-decline').click();
    await expect.poll(() => page.getByTestId('offer').count()).toBe(0);

    await page.getByTestId('list-tab-queue').click();
    const row = page.getByTestId('list-queue').locator(`[data-conversation-id="${third.conversationId}"]`);
    const waitedBefore = await row.getByTestId('row-waiting').textContent();
    expect(waitedBefore).toMatch(/^已等待 \d+ 秒$/);
    await expect.poll(() => row.getByTestId('row-waiting').textContent()).not.toBe(waitedBefore);

    expect((await call(supervisor, 'PUT', '/api/v1/agent/presence', { status: 'online' })).status).toBe(200);
    await row.getByTestId('row-accept').click();
    await expect.poll(() => page.getByTestId('chat-pane').getAttribute('data-conversation-id')).toBe(third.conversationId);

    // The other customer in 我的 writes while the agent reads this one: their row counts it unread.
    await customerWrites(secondCustomer.customer, secondCustomer.conversationId, '还在吗？？');
    const otherRow = page.getByTestId('list-mine').locator(`[data-conversation-id="${secondCustomer.conversationId}"]`);
    await expect.poll(() => otherRow.getByTestId('row-unread').textContent()).toBe('1');

    await page.getByTestId('transfer').click();
    await page.getByRole('radio', { name: '同事' }).check();
    await page.getByTestId('transfer-target').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'zhuguan' }).click();
    await page.getByTestId('transfer-note').fill('顾客要重开发票，需要主管审批');
    await page.getByTestId('transfer-confirm').click();
    await expect.poll(() => page.getByTestId('list-mine').locator(`[data-conversation-id="${third.conversationId}"]`).count()).toBe(0);
    const supervisorsMine = await call(supervisor, 'GET', '/api/v1/agent/conversations?view=mine');
    expect((supervisorsMine.json.conversations as Array<{ id: string }>).map((c) => c.id)).toContain(third.conversationId);
    const notes = await call(supervisor, 'GET', `/api/v1/agent/conversations/${third.conversationId}/notes`);
    expect((notes.json.notes as Array<{ text: string }>).map((n) => n.text)).toContain('顾客要重开发票，需要主管审批');

    await page.getByTestId('lang-switch').getByText('EN').click();
    await expect.poll(() => page.getByTestId('list-tab-queue').textContent()).toContain('Queue');
    await expect.poll(() => page.getByTestId('section-tickets').textContent()).toBe('Tickets');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await expect.poll(() => page.getByTestId('list-tab-queue').textContent()).toContain('排队中');
    expect(errors).toEqual([]);
  });

  it('without the live socket the workspace says so and still shows the customer’s messages by polling', async () => {
    const context = await browser.context();
    await context.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    const cut = await context.newPage();
    const cutErrors = watchErrors(cut);
    await signInThroughForm(cut, `${server.url}/agent`, agent);
    await cut.getByText('实时连接已断开，正在定时刷新').waitFor();
    await cut.getByTestId('list-tab-mine').click();
    await cut.getByTestId('list-mine').locator(`[data-conversation-id="${secondCustomer.conversationId}"]`).click();
    await cut.getByTestId('chat-pane').waitFor();
    await customerWrites(secondCustomer.customer, secondCustomer.conversationId, '喂喂 有人嗎 📦');
    await cut.getByTestId('chat-pane').locator('[data-sender="customer"]', { hasText: '喂喂 有人嗎 📦' }).waitFor();
    // A second browser that never chose a presence leaves the agent's as it was (online from the first one).
    const presence = await server.server.database.db.selectFrom('agent_presence as p').innerJoin('users as u', 'u.id', 'p.user_id').select('p.status').where('u.email', '=', agent.email).executeTakeFirstOrThrow();
    expect(presence.status).toBe('online');
    // The refused socket logs its failures; nothing else may go wrong on the page.
    expect(cutErrors.filter((e) => !/WebSocket/i.test(e))).toEqual([]);
    await context.close();
  });
});
