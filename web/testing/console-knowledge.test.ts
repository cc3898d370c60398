/**
 * The console's knowledge section in a real chromium against a real server with the demo
 * knowledge base: import with a per-row report before anything is written, editing a plain-text
 * answer, rich blocks through forms, versions with a diff and restore, search and filters, and
 * untrusted content staying inert. What the operator changes is checked where it matters: a
 * customer asking over the HTTP conversation API gets it at once.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, HAVE_CHROMIUM, SCREENSHOT_DIR, launchBrowser, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

/** A category pick that did not take is made again, at most this often, each waited for this long. */
const CATEGORY_PICK_ATTEMPTS = 3;
const CATEGORY_PICK_WAIT_MS = 8_000;

const CUSTOMER_HEADER = 'x-wendu-customer';
/** Each test is a whole operator story (sign in, several screens, customer round trips): more than one DB test's time. */
const STORY_TIMEOUT_MS = 90_000;
const KNOWLEDGE = '/admin#/knowledge';
/** The browser logs every refused request; these tests cause some on purpose (a bad import, a bad answer). */
const EXPECTED_REFUSAL = /Failed to load resource: the server responded with a status of (400|422)/;

interface RichBlock {
  type: string;
  text?: string;
  url?: string;
  title?: string;
  buttons?: Array<{ action: string; label: string; text?: string }>;
}
interface BotReply {
  sender: string;
  text: string;
  content: RichBlock[];
}

describe.skipIf(!HAVE_CHROMIUM)('console knowledge in chromium', { timeout: STORY_TIMEOUT_MS }, () => {
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

  /** A customer of the shop: opens a conversation over HTTP and asks; returns the bot's replies. */
  async function customerAsks(text: string): Promise<BotReply[]> {
    const opened = await fetch(`${server.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(opened.status).toBe(201);
    const { conversationId, customerId } = (await opened.json()) as { conversationId: string; customerId: string };
    const sent = await fetch(`${server.url}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: customerId },
      body: JSON.stringify({ text, clientMessageId: randomUUID() }),
    });
    expect(sent.status).toBe(201);
    return ((await sent.json()) as { replies: BotReply[] }).replies;
  }
  const repliesText = (replies: BotReply[]) => replies.map((r) => r.text).join('\n');

  async function kbApi<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api/v1/kb${path}`, {
      method,
      headers: { authorization: `Bearer ${admin.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok).toBe(true);
    return (await res.json()) as T;
  }

  async function signedInConsole(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}${KNOWLEDGE}`, admin);
    await page.getByTestId('knowledge-table').locator('tr.ant-table-row').first().waitFor();
    return { page, errors };
  }

  const rows = (page: Page) => page.getByTestId('knowledge-table').locator('tr.ant-table-row');

  /**
   * Picks a category in the filter and waits for the list to show its `total`. On a loaded
   * machine a click can land while the dropdown is still opening; then the pick is made again.
   */
  async function chooseCategory(page: Page, name: string, total: number): Promise<void> {
    const shown = page.getByTestId('knowledge-table').getByText(`共 ${total} 条`);
    for (let attempt = 1; ; attempt++) {
      await page.getByRole('combobox', { name: '分类' }).click();
      const option = page.locator('.ant-select-item-option').filter({ hasText: `${name}（` });
      await option.waitFor();
      await option.click();
      try {
        await shown.waitFor({ timeout: CATEGORY_PICK_WAIT_MS });
        return;
      } catch (err) {
        if (attempt >= CATEGORY_PICK_ATTEMPTS) throw err;
        await page.keyboard.press('Escape');
      }
    }
  }

  async function search(page: Page, text: string) {
    const box = page.getByRole('searchbox', { name: '搜索标准问或相似问' }).or(page.getByLabel('搜索标准问或相似问'));
    await box.first().fill(text);
    await box.first().press('Enter');
  }

  /** Searches for the entry and opens it in the editor. */
  async function openEntry(page: Page, question: string) {
    await search(page, question);
    await page.getByRole('button', { name: `编辑 ${question}` }).click();
    await page.getByRole('dialog').getByText('编辑知识条目').waitFor();
  }

  async function saveEntry(page: Page) {
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').first().waitFor();
  }

  it('imports a CSV: a bad row is reported with its row and reason and nothing is written; fixed, it imports and customers get the answer', async () => {
    const { page, errors } = await signedInConsole();
    const question = '宠物粮可以寄到海外吗？';
    const header = 'question,similar_questions,answer,category\n';
    const good = `${question},宠物粮能发国外不|猫粮可以寄到美国吗🐱,亲，宠物食品受各国检疫限制，暂时不能寄往海外哦～,物流配送\n`;
    const badFile = header + good + '狗狗零食保质期多久,,,售前咨询\n';
    const goodFile = header + good + '狗狗零食保质期多久,零食能放多久,未开封 12 个月，开封后请 1 个月内吃完。,售前咨询\n';

    await page.getByRole('button', { name: '批量导入' }).click();
    const chooser = page.locator('.ant-modal input[type=file]');
    await chooser.setInputFiles({ name: '新品知识.csv', mimeType: 'text/csv', buffer: Buffer.from(badFile) });
    await page.getByTestId('import-refused').waitFor();
    const report = page.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    await expect(report.count()).resolves.toBe(1);
    await expect(report.first().locator('td').nth(0).textContent()).resolves.toBe('3');
    await expect(report.first().locator('td').nth(1).textContent()).resolves.toBe('answer');
    await expect(report.first().locator('td').nth(2).textContent()).resolves.toContain('答案不能为空');
    // Nothing written: not even the good row.
    expect((await kbApi<{ total: number }>('GET', `/entries?q=${encodeURIComponent('宠物粮')}`)).total).toBe(0);

    await chooser.setInputFiles({ name: '新品知识.csv', mimeType: 'text/csv', buffer: Buffer.from(goodFile) });
    await page.getByTestId('import-done').getByText('新增 2 条').waitFor();
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await search(page, '宠物粮');
    await rows(page).filter({ hasText: question }).waitFor();
    // The list reloads when the search lands; until then the unfiltered page (new entry first) is still shown.
    await expect.poll(() => rows(page).count()).toBe(1);

    const replies = await customerAsks('请问宠物粮能发国外吗');
    expect(repliesText(replies)).toContain('宠物食品受各国检疫限制');

    // Export (fetched with the token, saved as a file) holds what was imported.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^wendu-knowledge-\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toContain(question);
    expect(exported).toContain('商品显示无货，什么时候补货？');
    expect(errors.filter((e) => !EXPECTED_REFUSAL.test(e))).toEqual([]);
  });

  it('an answer edited as plain text is served to the next customer at once', async () => {
    const { page, errors } = await signedInConsole();
    await openEntry(page, '商品显示无货，什么时候补货？');
    const answer = page.getByRole('textbox', { name: '答案文字' });
    await answer.fill('亲，这款下周三补货～可以先点「到货通知」，到了第一时间告诉您😊');
    await expect(page.getByTestId('answer-preview').textContent()).resolves.toContain('下周三补货');
    await saveEntry(page);

    const replies = await customerAsks('这个东西啥时候有货啊');
    expect(repliesText(replies)).toContain('下周三补货');
    expect(errors).toEqual([]);
  });

  it('creates an entry with similar-question rows; the server’s validation error is shown at the field', async () => {
    const { page, errors } = await signedInConsole();
    await page.getByRole('button', { name: '新建条目' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('标准问').fill('直播间的优惠券怎么领？');
    for (let i = 0; i < 3; i++) await drawer.getByRole('button', { name: '加一个相似问' }).click();
    await drawer.getByRole('textbox', { name: '相似问 1', exact: true }).fill('直播间券在哪领');
    await drawer.getByRole('textbox', { name: '相似问 2', exact: true }).fill('写错的一行');
    await drawer.getByRole('textbox', { name: '相似问 3', exact: true }).fill('直播優惠卷咋領😅');
    await drawer.getByRole('button', { name: '删除相似问 2' }).click();
    await drawer.getByRole('textbox', { name: '答案文字' }).fill('点直播间右下角的「券」图标就能领～');
    const pick = async (label: string, value: string) => {
      await drawer.getByLabel(label).click();
      await drawer.getByLabel(label).fill(value);
      await drawer.getByLabel(label).press('Enter');
    };
    await pick('生效时间', '2027-01-10 00:00:00');
    await pick('失效时间', '2027-01-01 00:00:00');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.locator('.ant-form-item-explain-error', { hasText: '生效时间必须早于失效时间' }).waitFor();

    await pick('失效时间', '2027-02-01 00:00:00');
    await saveEntry(page);
    const [saved] = (await kbApi<{ items: Array<{ similarQuestions: string[]; answer: RichBlock[]; validFrom: string; validTo: string }> }>('GET', `/entries?q=${encodeURIComponent('直播间的优惠券')}`)).items;
    expect(saved.similarQuestions).toEqual(['直播间券在哪领', '直播優惠卷咋領😅']);
    expect(saved.answer).toEqual([{ type: 'text', text: '点直播间右下角的「券」图标就能领～' }]);
    // Picked in the operator's time zone (the browser is in Asia/Shanghai).
    expect(saved.validFrom).toBe('2027-01-09T16:00:00.000Z');
    expect(saved.validTo).toBe('2027-01-31T16:00:00.000Z');
    await rows(page).filter({ hasText: '直播间的优惠券怎么领？' }).getByText('未生效').waitFor();
    expect(errors.filter((e) => !EXPECTED_REFUSAL.test(e))).toEqual([]);
  });

  it('adds a link and quick-reply buttons through forms: the preview shows them, and customers get them', async () => {
    const { page, errors } = await signedInConsole();
    await openEntry(page, '发票怎么开？');
    const addBlock = async (kind: string) => {
      await page.getByRole('button', { name: '添加富内容' }).click();
      await page.getByRole('menuitem', { name: kind }).click();
    };
    await addBlock('链接');
    const linkForm = page.locator('.ant-modal').filter({ hasText: '添加链接' });
    await linkForm.getByLabel('链接地址').fill('javascript:alert(1)');
    await linkForm.getByRole('button', { name: /确\s*定/ }).click();
    await linkForm.getByText('只允许 http:// 或 https:// 开头的链接').waitFor();
    await linkForm.getByLabel('标题').fill('开票说明');
    await linkForm.getByLabel('链接地址').fill('https://shop.example/help/invoice');
    await linkForm.getByRole('button', { name: /确\s*定/ }).click();
    await linkForm.waitFor({ state: 'hidden' });

    await addBlock('快捷回复按钮');
    const buttonsForm = page.locator('.ant-modal').filter({ hasText: '添加快捷回复按钮' });
    await buttonsForm.getByLabel('按钮上方的说明（可不填）').fill('还想了解：');
    await buttonsForm.getByLabel('按钮文字 1').fill('开专票');
    await buttonsForm.getByLabel('点了发出的话 1').fill('能开增值税专用发票吗');
    await buttonsForm.getByRole('button', { name: /确\s*定/ }).click();
    await buttonsForm.waitFor({ state: 'hidden' });

    await addBlock('卡片');
    const cardForm = page.locator('.ant-modal').filter({ hasText: '添加卡片' });
    await cardForm.getByLabel('标题').fill('电子发票怎么下载');
    await cardForm.getByLabel('正文').fill('订单详情 →「查看发票」，也能发到邮箱哦');
    await cardForm.getByLabel('点击卡片打开的链接（可不填）').fill('https://shop.example/invoices');
    await cardForm.getByRole('button', { name: /确\s*定/ }).click();
    await cardForm.waitFor({ state: 'hidden' });

    const preview = page.getByTestId('answer-preview');
    await expect(preview.getByRole('link', { name: '电子发票怎么下载' }).getAttribute('href')).resolves.toBe('https://shop.example/invoices');
    const link = preview.getByRole('link', { name: /开票说明/ });
    await expect(link.getAttribute('href')).resolves.toBe('https://shop.example/help/invoice');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await preview.locator('[data-preview="quick-reply"]', { hasText: '开专票' }).waitFor();

    await page.locator('.ant-drawer-body').evaluate((body) => body.scrollTo(0, 0));
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-knowledge.png') });

    await saveEntry(page);
    const replies = await customerAsks('我要开发票呀');
    const blocks = replies.flatMap((r) => r.content);
    expect(blocks).toContainEqual({ type: 'link', title: '开票说明', url: 'https://shop.example/help/invoice' });
    expect(blocks).toContainEqual({ type: 'buttons', text: '还想了解：', buttons: [{ action: 'reply', label: '开专票', text: '能开增值税专用发票吗' }] });
    expect(blocks).toContainEqual({ type: 'card', card: { title: '电子发票怎么下载', text: '订单详情 →「查看发票」，也能发到邮箱哦', url: 'https://shop.example/invoices' } });
    expect(errors).toEqual([]);
  });

  it('shows a version’s diff against the current one; restoring it serves the old answer again', async () => {
    const question = '运费怎么算，满多少包邮？';
    const before = (await kbApi<{ items: Array<{ id: string; answer: RichBlock[] }> }>('GET', `/entries?q=${encodeURIComponent(question)}`)).items[0];
    const oldText = before.answer.map((b) => b.text ?? '').join('');
    const { page, errors } = await signedInConsole();
    await openEntry(page, question);
    await page.getByRole('textbox', { name: '答案文字' }).fill('双十二期间全场包邮，偏远地区除外～');
    await saveEntry(page);
    expect(repliesText(await customerAsks('运费多少钱呀'))).toContain('双十二期间全场包邮');

    await page.getByRole('tab', { name: '版本历史' }).click();
    await page.getByTestId('version-1').getByRole('button', { name: '与当前版本对比' }).click();
    const diff = page.getByTestId('version-diff');
    expect((await diff.locator('[data-diff="added"]').allTextContents()).join('')).toContain('双十二期间全场');
    expect((await diff.locator('[data-diff="removed"]').allTextContents()).join('')).toContain(oldText.slice(0, 4));

    await page.getByTestId('version-1').getByRole('button', { name: '恢复这个版本' }).click();
    await page.getByRole('button', { name: /^恢\s*复$/ }).click();
    await page.getByTestId('restore-notice').waitFor();
    expect(repliesText(await customerAsks('运费多少钱呀'))).toContain(oldText.slice(0, 10));
    await page.getByRole('tab', { name: '内容' }).click();
    await expect(page.getByRole('textbox', { name: '答案文字' }).inputValue()).resolves.toBe(oldText);
    await page.locator('.ant-drawer').getByRole('button', { name: /取\s*消/ }).click();
    await rows(page).filter({ hasText: question }).getByTestId('answer-gist').filter({ hasText: oldText.slice(0, 10) }).waitFor();
    expect(errors).toEqual([]);
  });

  it('searches on the server and filters by category and by expiring soon', async () => {
    const DAY_MS = 24 * 60 * 60 * 1000;
    await kbApi('POST', '/entries', { question: '双十一满减活动什么时候结束？', answer: '本周日 24 点结束，抓紧哦～', category: '优惠活动', validTo: new Date(Date.now() + 3 * DAY_MS).toISOString() });
    await kbApi('POST', '/entries', { question: '年货节什么时候开始？', answer: '一月中旬开始，敬请期待！', category: '优惠活动', validTo: new Date(Date.now() + 60 * DAY_MS).toISOString() });
    const { page, errors } = await signedInConsole();

    const categories = (await kbApi<{ items: Array<{ category: string | null; count: number }> }>('GET', '/categories')).items;
    const countOf = (name: string) => categories.find((c) => c.category === name)!.count;
    const everything = (await kbApi<{ total: number }>('GET', '/entries')).total;
    const invoices = (await kbApi<{ total: number }>('GET', `/entries?q=${encodeURIComponent('发票')}`)).total;
    expect(invoices).toBeLessThan(everything);
    await page.getByText(`共 ${everything} 条`).waitFor();
    await search(page, '发票');
    await page.getByText(`共 ${invoices} 条`).waitFor();
    await rows(page).filter({ hasText: '电子发票在哪里下载？' }).waitFor();
    await expect(rows(page).filter({ hasText: '商品显示无货' }).count()).resolves.toBe(0);
    await search(page, '');
    await page.getByText(`共 ${everything} 条`).waitFor();

    await chooseCategory(page, '支付', countOf('支付'));
    for (const text of await rows(page).locator('td:nth-child(3)').allTextContents()) expect(text).toBe('支付');

    await chooseCategory(page, '优惠活动', countOf('优惠活动'));
    await page.getByRole('checkbox', { name: '7 天内过期' }).check();
    await page.getByText('共 1 条').waitFor();
    await rows(page).filter({ hasText: '双十一满减活动什么时候结束？' }).getByText('即将过期').waitFor();

    // English on request: the same screen, the same filters, in the other language.
    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByRole('checkbox', { name: 'Expiring within 7 days' }).waitFor();
    await rows(page).filter({ hasText: '双十一满减活动什么时候结束？' }).getByText('Expiring soon').waitFor();
    await page.getByText('Total: 1').waitFor();
    expect(errors).toEqual([]);
  });

  it('keeps <script> and onerror inert in the list, the editor preview and the diff', async () => {
    const created = await kbApi<{ id: string }>('POST', '/entries', { question: '你们家的客服几点下班', answer: '客服 9:00–22:00 在线～' });
    await kbApi('PATCH', `/entries/${created.id}`, { tags: ['客服时间'] });
    // What the database may hold whatever the API does today (the API strips markup on write).
    const hostile = [
      { type: 'text', text: '<img src=x onerror="window.__pwned=1">晚上十点下班<script>window.__pwned=2</script>' },
      { type: 'link', title: '<b onmouseover="window.__pwned=3">点我</b>', url: 'javascript:window.__pwned=4' },
    ];
    await server.server.database.db.updateTable('knowledge_entries').set({ answer: JSON.stringify(hostile) }).where('id', '=', created.id).execute();

    const { page, errors } = await signedInConsole();
    await search(page, '客服几点下班');
    const row = rows(page).filter({ hasText: '你们家的客服几点下班' });
    await expect(row.getByTestId('answer-gist').textContent()).resolves.toContain('<script>window.__pwned=2</script>');
    await row.getByRole('button', { name: /编辑/ }).click();
    const preview = page.getByTestId('answer-preview');
    await expect(preview.textContent()).resolves.toContain('<img src=x onerror="window.__pwned=1">');
    await expect(preview.locator('img, script, b, a[href^="javascript"]').count()).resolves.toBe(0);
    // Typed by the operator, unsaved: still text in the preview.
    await page.getByRole('textbox', { name: '答案文字' }).fill('<img src=x onerror="window.__pwned=5"><script>window.__pwned=6</script>');
    await expect(preview.locator('img, script').count()).resolves.toBe(0);
    // The server refuses an answer that is nothing but markup, and says so at the answer.
    await page.getByRole('button', { name: /^删除 \[链接\]/ }).click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect(page.getByTestId('answer-error').textContent()).resolves.toContain('答案不能为空');

    await page.getByRole('tab', { name: '版本历史' }).click();
    await page.getByTestId('version-1').getByRole('button', { name: '与当前版本对比' }).click();
    const diff = page.getByTestId('version-diff');
    await expect(diff.textContent()).resolves.toContain('<script>window.__pwned=2</script>');
    await expect(diff.locator('img, script, b, a').count()).resolves.toBe(0);

    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    expect(errors.filter((e) => !EXPECTED_REFUSAL.test(e))).toEqual([]);
  });
});
