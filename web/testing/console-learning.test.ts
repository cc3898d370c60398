/**
 * The console's 未解决问题 (docs/learning.md) in a real chromium against a real server with the
 * demo knowledge base: customers ask what the shop does not know and reject a clarification over
 * the HTTP conversation API; the supervisor finds the groups with their reasons, attaches one to
 * the entry the bot suggests and sees "0/1 → 1/1 answered directly", creates an entry for the
 * other, and finds both under 已解决. A screenshot of the inbox goes to docs/screenshots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSays } from '../../src/analytics/test-traffic.js';
import { DESKTOP, HAVE_CHROMIUM, SCREENSHOT_DIR, UI_TIMEOUT_MS, launchBrowser, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

const STORY_TIMEOUT_MS = 120_000;
const LEARNING = '/admin#/learning';
const POLL_MS = 100;

describe.skipIf(!HAVE_CHROMIUM)('console unresolved inbox in chromium', { timeout: STORY_TIMEOUT_MS }, () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let supervisor: { email: string; password: string; token: string };

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    supervisor = await server.operator('xiaozhang@shop.example', 'supervisor');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** Open clusters once `expected` are there (questions are kept after the reply is sent). */
  async function openClusters(expected: number): Promise<Array<{ label: string }>> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      const res = await fetch(`${server.url}/api/v1/learning/unresolved`, { headers: { authorization: `Bearer ${supervisor.token}` } });
      expect(res.ok).toBe(true);
      const { clusters: items } = (await res.json()) as { clusters: Array<{ label: string }> };
      if (items.length >= expected || Date.now() > deadline) return items;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  const rows = (page: Page) => page.getByTestId('learning-page').locator('tr.ant-table-row');

  it('groups what the bot could not settle and turns two groups into answers', async () => {
    await customerSays(server.url, '你们的手机壳能刻字吗');
    await customerSays(server.url, '能不能在手机壳上刻字呀🥺');
    await customerSays(server.url, '手机壳可以刻名字不');
    await customerSays(server.url, '宠物能带进门店吗', '不是');
    expect((await openClusters(2)).length).toBe(2);

    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}${LEARNING}`, supervisor);
    const engraving = rows(page).filter({ hasText: '手机壳' });
    await engraving.waitFor();
    await expect(engraving.textContent()).resolves.toContain('没有答案 ×3');
    const pets = rows(page).filter({ hasText: '宠物' });
    await expect(pets.textContent()).resolves.toContain('否认了推荐 ×1');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-learning.png') });

    // The bot already knows where pets belong: attach, and the page reports before / after.
    await page.getByRole('button', { name: '处理 宠物能带进门店吗' }).click();
    const drawer = page.getByTestId('cluster-drawer');
    await drawer.getByTestId('suggest-attach').getByRole('button', { name: '加为相似问' }).click();
    await page.getByTestId('learning-notice').getByText('处理前 0/1 条直接回答，处理后 1/1 条直接回答。').waitFor();
    await pets.waitFor({ state: 'detached' });

    // Engraving is new knowledge: write the answer and create the entry.
    await engraving.getByRole('button', { name: /^处理 / }).click();
    const create = page.getByTestId('suggest-create');
    await create.getByLabel('答案').fill('可以的～手机壳支持激光刻字，下单时备注要刻的内容，免费');
    await create.getByRole('button', { name: '新建条目' }).click();
    // The proposed question is one of the three wordings; the other two become its similar questions.
    await page.getByTestId('learning-notice').getByText('处理前 0/2 条直接回答，处理后 2/2 条直接回答。').waitFor();
    const asked = await customerSays(server.url, '手机壳上能刻字嘛');
    expect(asked.replies[0].map((r) => r.text).join('')).toContain('激光刻字');

    await page.getByText('已解决').click();
    await rows(page).filter({ hasText: '手机壳' }).waitFor();
    await expect(rows(page).count()).resolves.toBe(2);

    // Knowledge health: the engraving entry answered a customer, so it is not among the never matched.
    await page.getByText('知识健康').click();
    const health = page.getByTestId('knowledge-health');
    await health.getByTestId('health-never-matched').waitFor();
    await expect(health.getByTestId('health-never-matched').textContent()).resolves.not.toContain('手机壳可以刻字吗');
    expect(errors).toEqual([]);
  });
});
