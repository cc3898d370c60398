/**
 * The console's Flows section in chromium, on a real server with the demo flows: the list; the
 * drawn graph (a node per step, an edge per transition, branches labelled); an invalid edit is
 * shown at its step and cannot be saved; a valid edit is saved and a customer then gets it;
 * the test panel runs the demo return flow to its end; HTML in a flow message stays text.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCustomer, textOf } from '../../src/channels/web/test-client.js';
import { DESKTOP, HAVE_CHROMIUM, launchBrowser, UI_TIMEOUT_MS, SCREENSHOT_DIR, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

/** The demo order-status flow's steps and transitions (demo/flows/order-status.json). */
const ORDER_STATUS_STEPS = 14;
const ORDER_STATUS_LINKS = 17;

/** Each test signs in and walks a whole flow in a real browser; on a busy CI machine that takes a while. */
const FLOW_TEST_TIMEOUT_MS = 90_000;

describe.skipIf(!HAVE_CHROMIUM)('console flows in chromium', { timeout: FLOW_TEST_TIMEOUT_MS }, () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let admin: { email: string; password: string; token: string };

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    admin = await server.operator('laoban@shop.cn', 'admin');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function openConsole(hash: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/flows${hash}`, admin);
    await page.getByTestId('current-user').waitFor();
    return { page, errors };
  }

  async function storedFlow(id: string): Promise<{ version: number; nodes: Record<string, unknown> }> {
    const res = await fetch(`${server.url}/api/v1/flows/${id}`, { headers: { authorization: `Bearer ${admin.token}` } });
    return res.json();
  }

  /**
   * Opens a step's form by clicking its node in the graph. A click that lands while React Flow
   * is still fitting its view selects nothing, so click again until the form is there.
   */
  async function selectStep(page: Page, step: string): Promise<void> {
    const node = page.locator(`.react-flow__node[data-id="${step}"]`);
    const form = page.locator(`[data-testid="step-form"][data-step="${step}"]`);
    await expect.poll(async () => {
      await node.click();
      return form.isVisible();
    }, { timeout: UI_TIMEOUT_MS }).toBe(true);
  }

  it('lists the demo flows with their trigger, status and version', async () => {
    const { page, errors } = await openConsole('');
    const rows = page.getByTestId('flow-list').locator('tbody tr');
    await rows.filter({ hasText: '查询订单状态' }).waitFor();
    const order = rows.filter({ hasText: '查询订单状态' });
    await expect(order.textContent()).resolves.toMatch(/查订单.*已发布.*v1/s);
    await expect(rows.filter({ hasText: '申请退货' }).textContent()).resolves.toContain('事件: return-requested');
    expect(errors).toEqual([]);
  });

  it('creates a flow as a draft, archives it from the list, and speaks English when asked', async () => {
    const { page, errors } = await openConsole('');
    await page.getByRole('button', { name: '新建流程' }).click();
    await page.getByLabel('流程 id').fill('night-welcome');
    await page.getByLabel('流程名称').fill('夜間歡迎語（測試）');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.locator('[data-flow="night-welcome"]').getByTestId('flow-graph').locator('.react-flow__node').first().waitFor();
    await page.getByRole('button', { name: '返回列表' }).click();
    const row = page.getByTestId('flow-list').locator('tbody tr', { hasText: '夜間歡迎語（測試）' });
    await expect(row.textContent()).resolves.toContain('草稿');
    await row.getByRole('button', { name: /归\s*档/ }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByText('已归档').waitFor();
    await expect(row.getByRole('button', { name: /归\s*档/ }).count()).resolves.toBe(0);

    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await row.getByText('Archived').waitFor();
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '对话流程' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('draws the flow: a node per step, an edge per transition, branches labelled; a click selects the step', async () => {
    const stored = await storedFlow('order-status');
    expect(Object.keys(stored.nodes)).toHaveLength(ORDER_STATUS_STEPS);
    const { page, errors } = await openConsole('?id=order-status');
    const graph = page.getByTestId('flow-graph');
    await graph.locator('.react-flow__node').first().waitFor();
    await expect(graph.locator('.react-flow__node').count()).resolves.toBe(ORDER_STATUS_STEPS);
    await expect(graph.locator('.react-flow__edge').count()).resolves.toBe(ORDER_STATUS_LINKS);
    await graph.getByText('status = 运输中').waitFor();
    await graph.getByText('否则').first().waitFor();
    await selectStep(page, 'lookup');
    await expect(page.locator('#step-url').inputValue()).resolves.toBe('{{env.orderServiceUrl}}/orders/{{slots.order_no}}');
    expect(errors).toEqual([]);
  });

  it('shows an invalid edit (a branch to a missing step) at its step and will not save it', async () => {
    const { version } = await storedFlow('order-status');
    const { page, errors } = await openConsole('?id=order-status');
    await selectStep(page, 'by_status');
    await page.locator('#step-branch-next-1').fill('in_transt');
    const form = page.locator('[data-testid="step-form"][data-step="by_status"]');
    await form.getByText('指向不存在的节点“in_transt”').waitFor();
    await page.getByTestId('flow-issues').getByText('nodes.by_status.branches.1.next').waitFor();
    await expect(page.getByRole('button', { name: /保\s*存/ }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('.react-flow__node.flow-node-broken[data-id="by_status"]').count()).resolves.toBe(1);

    // A new step nothing leads to is drawn, and refused as unreachable at that step.
    await page.getByLabel('新步骤 id').fill('ask_size');
    await page.getByRole('button', { name: '添加步骤' }).click();
    const added = page.locator('[data-testid="step-form"][data-step="ask_size"]');
    await added.getByText('节点“ask_size”从起始节点“ask_order”无法到达').waitFor();
    // Its kind can change: a question has a slot and an answer check.
    await added.getByLabel('类型').click();
    await page.locator('.ant-select-item-option[title="提问"]').click();
    await added.getByLabel('保存到变量').waitFor();
    // The issue list leads back to the broken branch.
    await page.getByTestId('flow-issues').getByText('nodes.by_status.branches.1.next').click();
    await page.locator('[data-testid="step-form"][data-step="by_status"]').waitFor();
    await expect(page.getByTestId('flow-graph').locator('.react-flow__node').count()).resolves.toBe(ORDER_STATUS_STEPS + 1);
    await expect(page.getByRole('button', { name: /保\s*存/ }).isDisabled()).resolves.toBe(true);

    // Leaving asks first; nothing was stored.
    await page.getByRole('button', { name: '返回列表' }).click();
    await page.getByRole('button', { name: '放弃修改' }).click();
    await page.getByTestId('flow-list').getByText('查询订单状态').waitFor();
    expect((await storedFlow('order-status')).version).toBe(version);
    expect(errors).toEqual([]);
  });

  it('edits the whole flow as JSON in the advanced tab; broken JSON is refused with its reason', async () => {
    const { page, errors } = await openConsole('?id=order-status');
    await page.getByRole('tab', { name: '高级 JSON' }).click();
    const json = page.locator('#flow-json');
    const original = await json.inputValue();
    await json.fill(original.replace('"name": "查询订单状态"', '"name": "查訂單（JSON 改的）"'));
    await page.getByRole('heading', { name: '查訂單（JSON 改的）' }).waitFor();
    await json.fill(original.replace('"nodes": {', '"nodes": ['));
    await page.getByText(/JSON 格式不对/).waitFor();
    await json.fill(original.replace(/"nodes": \{[\s\S]*\n  \},\n  "settings"/, '"nodes": { "hi": 1 },\n  "settings"'));
    await page.getByText(/nodes 是“步骤 id → 步骤对象”/).waitFor();
    // The last good JSON is what the editor holds.
    await page.getByRole('heading', { name: '查訂單（JSON 改的）' }).waitFor();
    await expect(page.getByTestId('flow-graph').locator('.react-flow__node').count()).resolves.toBe(ORDER_STATUS_STEPS);
    expect(errors).toEqual([]);
  });

  it('saves a valid edit (a message, a cancel word); a customer then gets it', async () => {
    const { version } = await storedFlow('order-status');
    const { page, errors } = await openConsole('?id=order-status');
    await selectStep(page, 'in_transit');
    const newText = '亲，您的宝贝（{{item}}）已经在路上啦 🚚 {{courier}}，运单号 {{tracking_no}}～';
    await page.locator('#step-content').fill(newText);
    // A run setting too: one more cancel word.
    await page.locator('#flow-cancel-words').fill('不查了');
    await page.locator('#flow-cancel-words').press('Enter');
    await page.getByTestId('flow-validation').getByText('校验通过').waitFor();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(`已保存为第 ${version + 1} 版`).waitFor();
    expect((await storedFlow('order-status')).version).toBe(version + 1);

    const customer = new TestCustomer(server.url);
    try {
      const opened = await customer.open();
      if (!opened.ok) throw new Error(opened.error.message);
      await customer.say(opened.conversationId, '帮我查下订单');
      const cancelled = await customer.say(opened.conversationId, '不查了');
      expect(textOf(cancelled.replies)).toContain('已为您取消');
      await customer.say(opened.conversationId, '帮我查下订单');
      const { replies } = await customer.say(opened.conversationId, '订单号是202611110001234567，麻烦看下到哪了');
      expect(textOf(replies)).toContain('亲，您的宝贝');
      expect(textOf(replies)).toContain('已经在路上啦 🚚 顺丰');
    } finally {
      customer.close();
    }

    expect(errors).toEqual([]);
  });

  it('restores an older version from the versions tab, as a new version', async () => {
    const before = (await storedFlow('return-request')) as Record<string, unknown> & { version: number; nodes: Record<string, { content?: Array<{ type: string; text: string }> }> };
    const { version, createdAt: _c, updatedAt: _u, updatedBy: _b, ...definition } = before;
    const kept = before.nodes.kept.content![0].text;
    definition.nodes = { ...before.nodes, kept: { ...before.nodes.kept, content: [{ type: 'text', text: '好嘞，那先不退啦～有需要再找我哈' }] } };
    const put = await fetch(`${server.url}/api/v1/flows/return-request`, { method: 'PUT', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify(definition) });
    expect(put.status).toBe(200);

    const { page, errors } = await openConsole('?id=return-request');
    await page.getByRole('tab', { name: '版本' }).click();
    const older = page.locator(`tr[data-row-key="${version}"]`);
    await older.getByRole('button', { name: '恢复此版本' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText(`已恢复第 ${version} 版（新版本 ${version + 2}）`).waitFor();
    const restored = (await storedFlow('return-request')) as { version: number; nodes: Record<string, { content?: Array<{ text: string }> }> };
    expect(restored.version).toBe(version + 2);
    expect(restored.nodes.kept.content?.[0].text).toBe(kept);
    expect(errors).toEqual([]);
  });

  it('tests the demo return flow in place, to its end, showing the step it waits at', async () => {
    const { page, errors } = await openConsole('?id=return-request');
    const panel = page.getByTestId('flow-test-panel');
    const say = async (text: string) => {
      await panel.getByLabel('测试消息').fill(text);
      await panel.getByRole('button', { name: /发\s*送/ }).click();
    };
    const status = panel.getByTestId('flow-test-status');
    await say('我要退货！！衣服太小了穿不下😭');
    await status.getByText('当前步骤：ask_order').waitFor();
    await panel.getByTestId('flow-test-trigger').getByText('由关键词“我要退货”触发').waitFor();
    await say('单号 882026031500123');
    await status.getByText('当前步骤：ask_reason').waitFor();
    await panel.getByRole('button', { name: '尺码不合适' }).click();
    await status.getByText('当前步骤：ask_photos').waitFor();
    await panel.getByRole('button', { name: '跳过' }).click();
    await status.getByText('当前步骤：confirm').waitFor();
    await panel.getByTestId('flow-test-message').last().getByText('原因：尺码不合适').waitFor();
    // The graph marks the step the test run waits at.
    await page.locator('.react-flow__node.flow-node-active[data-id="confirm"]').waitFor();
    await expect(page.locator('.react-flow__node.flow-node-active').count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-flows.png') });
    await panel.getByRole('button', { name: '确认提交' }).click();
    await status.getByText('流程已结束').waitFor();
    await expect(page.locator('.react-flow__node.flow-node-active').count()).resolves.toBe(0);
    await expect(panel.getByTestId('flow-test-message').last().textContent()).resolves.toMatch(/退货申请已提交 ✅ 退货单号：\S+，当前状态：待审核/);
    expect(errors).toEqual([]);
  });

  it('opens links in a flow message safely in the test panel (new tab, no opener, no referrer)', async () => {
    const stored = (await storedFlow('order-status')) as Record<string, unknown> & { nodes: Record<string, Record<string, unknown>> };
    const { version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...definition } = stored;
    definition.nodes = {
      ...stored.nodes,
      pending: { ...stored.nodes.pending, content: [{ type: 'text', text: '还没发货哦～发货规则看这里：' }, { type: 'link', url: 'https://shop.example/help/shipping', title: '发货时效说明' }] },
    };
    const put = await fetch(`${server.url}/api/v1/flows/order-status`, { method: 'PUT', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify(definition) });
    expect(put.status).toBe(200);

    const { page, errors } = await openConsole('?id=order-status');
    const panel = page.getByTestId('flow-test-panel');
    await panel.getByRole('button', { name: '模拟网站事件 order-status-requested' }).click();
    await panel.getByTestId('flow-test-status').getByText('当前步骤：ask_order').waitFor();
    await panel.getByLabel('测试消息').fill('3917250618000042');
    await panel.getByRole('button', { name: /发\s*送/ }).click();
    const link = panel.getByRole('link', { name: '发货时效说明' });
    await link.waitFor();
    await expect(link.getAttribute('href')).resolves.toBe('https://shop.example/help/shipping');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    expect(errors).toEqual([]);
  });

  it('keeps HTML in a flow message as text: an injected <script> / onerror does nothing', async () => {
    const { page, errors } = await openConsole('?id=order-status');
    await selectStep(page, 'pending');
    const injected = '<img src=x onerror="window.__pwned=1">还没发货哦<script>window.__pwned=2</script>';
    await page.locator('#step-content').fill(injected);
    await page.getByTestId('flow-validation').getByText('校验通过').waitFor();
    // The graph shows what was typed, as text.
    await page.locator('.react-flow__node[data-id="pending"]').getByText('<img src=x onerror', { exact: false }).waitFor();
    // The test panel runs the draft: the customer would read only the text.
    const panel = page.getByTestId('flow-test-panel');
    await panel.getByRole('button', { name: '模拟网站事件 order-status-requested' }).click();
    await panel.getByTestId('flow-test-status').getByText('当前步骤：ask_order').waitFor();
    await panel.getByTestId('flow-test-trigger').getByText('由网站事件“order-status-requested”触发').waitFor();
    await panel.getByLabel('测试消息').fill('3917250618000042');
    await panel.getByRole('button', { name: /发\s*送/ }).click();
    await panel.getByTestId('flow-test-status').getByText('流程已结束').waitFor();
    await panel.getByText('还没发货哦').waitFor();
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
    await expect(page.locator('script:not([src])', { hasText: '__pwned' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
