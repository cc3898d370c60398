/**
 * The try-it page in a real browser (Debian chromium driven by playwright-core) against a real
 * server with the demo knowledge base. Skipped, saying so, only when chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/server-config.js';
import { buildServer, type WenduServer } from './app.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
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
const UI_TIMEOUT_MS = 15_000;
const XSS_QUESTION = '测试一下特殊字符的回答';
const AMBIGUOUS_QUESTIONS = ['发票', '退款', '快递', '会员', '优惠'];

if (!HAVE_CHROMIUM) {
  console.warn(`[try-page.test] 跳过浏览器测试：未找到 ${CHROMIUM}（apt-get install -y chromium fonts-wqy-microhei）`);
}

describe.skipIf(!HAVE_CHROMIUM)('try-it page in chromium', () => {
  let dir: string;
  let server: WenduServer;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wendu-try-'));
    const config = loadServerConfig({ dataDir: join(dir, 'data'), demo: true, logLevel: 'silent', port: 0, host: '127.0.0.1' }, {});
    server = await buildServer(config);
    // An answer full of markup: the page must show it as text, never run it.
    await server.knowledge.create(
      {
        id: 'xss-probe',
        question: XSS_QUESTION,
        answer: [
          { type: 'text', text: '<img src=x onerror="window.__pwned=1"><b>不是粗体</b>' },
          { type: 'link', url: 'https://shop.wendu.example/help', title: '帮助中心' },
          {
            type: 'card',
            card: { title: '<i>会员卡</i>', text: '积分可抵现', buttons: [{ action: 'reply', label: '查积分', text: '我的积分有多少' }] },
          },
        ],
      },
      'test',
    );
    await server.bot.ready();
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks a question, shows the reply bubble with its action, confidence and trace', async () => {
    await page.goto(baseUrl);
    await expect(page.title()).resolves.toContain('温度');
    await page.fill('#text', '退货怎么申请啊？');
    await page.press('#text', 'Enter');
    const reply = page.locator('.row.bot .bubble').last();
    await reply.locator('.badge').waitFor();
    expect(await page.locator('.row.user .bubble').last().textContent()).toContain('退货怎么申请');
    const action = await reply.locator('.badge').getAttribute('data-action');
    expect(['answer', 'clarify']).toContain(action);
    expect(await reply.locator('.confidence').textContent()).toMatch(/置信度 \d+%/);

    await reply.locator('details.trace summary').click();
    const rows = reply.locator('details.trace table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await reply.locator('details.trace').textContent()).toContain('规则');
  });

  it('asks a 猜你想问 suggestion when it is clicked', async () => {
    // Short, ambiguous messages should make the bot offer suggestions; pick one that does.
    let ambiguous: string | undefined;
    for (const text of AMBIGUOUS_QUESTIONS) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/chat', payload: { text, sessionId: 'probe' } });
      if (res.json().suggestions?.length > 0) {
        ambiguous = text;
        break;
      }
    }
    expect(ambiguous, `none of ${AMBIGUOUS_QUESTIONS.join(' / ')} produced 猜你想问 suggestions`).toBeDefined();
    await page.goto(baseUrl);
    await page.fill('#text', ambiguous!);
    await page.press('#text', 'Enter');
    const chips = page.locator('.row.bot .bubble').last().locator('.suggest .chip');
    await chips.first().waitFor();
    const question = (await chips.first().textContent()) ?? '';
    await chips.first().click();
    await expect.poll(() => page.locator('.row.user .bubble').last().textContent()).toBe(question);
    await page.locator('.row.bot .bubble').nth(1).locator('.badge').waitFor();
  });

  it('shows markup from the server as text and accepts only http(s) links (even if the server let them through)', async () => {
    // The server sanitises stored answers; the page must be safe on its own, so feed it a hostile reply.
    const hostile = {
      action: 'answer', reply: '', entryId: 'x', confidence: 0.9, suggestions: [], parts: [],
      emotion: { label: 'neutral', score: 0, cues: [] }, entities: [],
      content: [
        { type: 'text', text: '<img src=x onerror="window.__pwned=1"><b>不是粗体</b>' },
        { type: 'link', url: 'javascript:window.__pwned=2', title: '危险链接' },
        { type: 'link', url: 'https://shop.wendu.example/help', title: '帮助中心' },
        { type: 'card', card: { title: '<i>会员卡</i>', text: '积分可抵现' } },
      ],
      trace: { normalized: 'x', parts: ['x'], candidates: [], thresholds: { answer: 0.6, margin: 0.12, clarify: 0.25 }, rule: 'answer.confident', explanation: '<script>window.__pwned=3</script>', elapsedMs: 1 },
    };
    await page.route('**/api/v1/chat*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(hostile) }));
    try {
      await page.goto(baseUrl);
      await page.fill('#text', '随便问问');
      await page.press('#text', 'Enter');
      const reply = page.locator('.row.bot .bubble').last();
      await reply.locator('.badge').waitFor();
      expect(await reply.textContent()).toContain('<b>不是粗体</b>');
      expect(await reply.locator('b, i, img, script').evaluateAll((els) => els.map((e) => e.outerHTML))).toEqual([]);
      const hrefs = await reply.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
      expect(hrefs).toEqual([['https://shop.wendu.example/help', 'noopener noreferrer']]);
      expect(await reply.textContent()).toContain('危险链接');
      expect(await reply.locator('.card-title').textContent()).toBe('<i>会员卡</i>');
      await reply.locator('details.trace summary').click();
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    } finally {
      await page.unroute('**/api/v1/chat*');
    }
  });

  it('renders rich blocks stored in the knowledge base (link, card)', async () => {
    await page.goto(baseUrl);
    await page.fill('#text', XSS_QUESTION);
    await page.press('#text', 'Enter');
    const reply = page.locator('.row.bot .bubble').last();
    await reply.locator('.badge').waitFor();
    const link = reply.locator('a.block-link');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await link.getAttribute('href')).toBe('https://shop.wendu.example/help');
    expect(await reply.locator('.card .card-title').count()).toBe(1);
  });

  it('asks the text of a quick-reply button when it is clicked', async () => {
    await page.goto(baseUrl);
    await page.fill('#text', XSS_QUESTION);
    await page.press('#text', 'Enter');
    const reply = page.locator('.row.bot .bubble').last();
    await reply.locator('.card button.chip').click();
    await expect.poll(() => page.locator('.row.user .bubble').last().textContent()).toBe('我的积分有多少');
    await page.locator('.row.bot .bubble').nth(1).locator('.badge').waitFor();
  });

  it('switches the interface to English and back', async () => {
    await page.goto(baseUrl);
    await page.click('#lang-toggle');
    expect(await page.textContent('#send')).toBe('Send');
    await page.click('#lang-toggle');
    expect(await page.textContent('#send')).toBe('发送');
  });
});
