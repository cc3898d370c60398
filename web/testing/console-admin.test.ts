/**
 * The admin console's synonyms & dictionary, users & API keys and audit log sections, in a real
 * browser against a real server: what an operator does there takes effect (a synonym group
 * changes the similarity, a new user can sign in, a revoked key is refused) and is audited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DESKTOP, HAVE_CHROMIUM, launchBrowser, SCREENSHOT_DIR, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

/** The browser logs each refused request; the tests make some on purpose (a too-short group, a bad word). */
const REFUSED_ON_PURPOSE = /status of (400|403)/;

/** The demo admin seeded with the server (src/auth/demo-accounts.ts). */
const DEMO_ADMIN = 'admin@demo.wendu';
const NEW_USER = { email: 'xiaomei@shop.example', name: '小美', password: 'xiaomei-2026-秋' };

/** Types words into an antd tag input, each ended with Enter. */
async function typeTags(page: Page, label: string | RegExp, words: string[]): Promise<void> {
  const input = page.getByLabel(label).first();
  for (const word of words) {
    await input.fill(word);
    await input.press('Enter');
  }
}

/** Each test signs in (argon2) several times and walks several screens: a loaded CI machine needs more than the default. */
const WALKTHROUGH_TIMEOUT_MS = 90_000;

describe.skipIf(!HAVE_CHROMIUM)('admin console: synonyms, users, audit in chromium', { timeout: WALKTHROUGH_TIMEOUT_MS }, () => {
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
    await typeTags(page, '同义词（输入后回车，至少两个）', ['会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡会员卡x']);
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByTestId('synonym-error').textContent()).toContain('词过长');
    await page.locator('[title^="会员卡会员卡"]').locator('[class*="remove"]').click();
    await typeTags(page, '同义词（输入后回车，至少两个）', ['犇犇卡']);
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('synonym-groups').getByText('犇犇卡').waitFor();
    await page.getByLabel('查找词').fill('犇犇');
    await expect.poll(() => page.getByTestId('synonym-groups').locator('tbody tr[data-row-key]').count()).toBe(1);

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

  it('the shipped lexicon tab lists its groups; switching a region off changes what a city question reaches', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    const asAdmin = { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' };
    const tried = async (text: string) => (await (await fetch(`${server.url}/api/v1/try`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ text }) })).json()).trace.normalized;
    // The demo shop asks 新疆西藏能发吗 and about 偏远地区, never about 乌鲁木齐: the city is read as its province.
    expect(await tried('乌鲁木齐能送吗？？')).toBe('新疆能送吗');

    await signInThroughForm(page, `${server.url}/admin#/synonyms`, admin);
    await page.getByRole('tab', { name: '内置词库' }).click();
    const lexicon = page.getByTestId('lexicon-groups');
    await lexicon.getByText('拿回来', { exact: true }).waitFor();
    await page.getByText('地名', { exact: true }).click();
    await expect.poll(() => lexicon.getByText('拿回来', { exact: true }).count()).toBe(0);
    const northwest = lexicon.getByRole('switch', { name: '西北' });
    await expect(northwest.getAttribute('aria-checked')).resolves.toBe('true');
    await northwest.click();
    await page.getByText('已关闭「西北」').waitFor();
    await expect(northwest.getAttribute('aria-checked')).resolves.toBe('false');

    // Without 西北 the city no longer leads to its province, only to the 偏远地区 group it is also in.
    expect(await tried('乌鲁木齐能送吗？？')).toBe('偏远地区能送吗');
    const audit = await (await fetch(`${server.url}/api/v1/audit?targetType=lexicon_group`, { headers: asAdmin })).json();
    expect(audit.items.map((a: { targetId: string; action: string }) => `${a.targetId}:${a.action}`)).toEqual(['region-northwest:disabled']);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-synonyms-lexicon.png') });

    await northwest.click();
    await page.getByText('已启用「西北」').waitFor();
    expect(await tried('乌鲁木齐能送吗？？')).toBe('新疆能送吗');
    expect(errors).toEqual([]);
  });

  it('a synonym group is edited and deleted in the page', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/synonyms`, admin);
    await page.getByRole('button', { name: '编辑 会员卡' }).click();
    await typeTags(page, '同义词（输入后回车，至少两个）', ['會員卡']);
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('synonym-groups').getByText('會員卡').waitFor();
    const groups = async () => (await (await fetch(`${server.url}/api/v1/kb/synonyms`, { headers: { authorization: `Bearer ${admin.token}` } })).json()).items as { terms: string[] }[];
    expect((await groups()).find((g) => g.terms[0] === '会员卡')?.terms).toEqual(['会员卡', '犇犇卡', '會員卡']);

    await page.getByRole('button', { name: '删除 会员卡' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
    await page.getByTestId('synonym-groups').getByText('會員卡').waitFor({ state: 'detached' });
    expect((await groups()).some((g) => g.terms.includes('犇犇卡'))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('an admin creates an account in the page, that person signs in elsewhere; a new role and password take effect', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/users`, admin);

    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('邮箱').fill(NEW_USER.email);
    await dialog.getByLabel('姓名').fill(NEW_USER.name);
    await dialog.getByLabel('角色').click();
    await page.getByTitle('主管').click();
    await dialog.getByLabel(/初始密码/).fill('short');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await dialog.getByText('至少 10 个字符', { exact: true }).waitFor();
    await dialog.getByLabel(/初始密码/).fill(NEW_USER.password);
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByTestId('users-table').getByText(NEW_USER.email).waitFor();

    const theirs = await browser.page();
    await signInThroughForm(theirs, `${server.url}/admin`, NEW_USER);
    await expect(theirs.getByTestId('current-user').textContent()).resolves.toContain(NEW_USER.name);

    // A new role and a new password: her other sign-ins end, the new password is the one that works.
    await page.getByLabel(`角色 ${NEW_USER.email}`).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('客服').click();
    await page.getByText('已保存').first().waitFor();
    await page.getByRole('button', { name: `重设密码 ${NEW_USER.email}` }).click();
    await dialog.getByLabel(/新密码/).fill('xiaomei-换个密码-2026');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('密码已重设').waitFor();
    const users = (await (await fetch(`${server.url}/api/v1/users`, { headers: { authorization: `Bearer ${admin.token}` } })).json()).users;
    expect(users.find((u: { email: string }) => u.email === NEW_USER.email)).toMatchObject({ role: 'agent', name: NEW_USER.name });
    await theirs.reload();
    await theirs.getByRole('button', { name: /登\s*录/ }).waitFor();
    // Now an agent: the console turns her away (the workspace is hers).
    await signInThroughForm(theirs, `${server.url}/admin`, { email: NEW_USER.email, password: 'xiaomei-换个密码-2026' });
    await theirs.getByText('客服账号不能打开管理后台').waitFor();
    expect(errors).toEqual([]);
  });

  it('the last active admin cannot be disabled: the refusal is shown and nothing changes', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/users`, admin);
    // Two admins: the demo admin may be disabled; then the signed-in admin is the last one.
    await page.getByRole('button', { name: `停用 ${DEMO_ADMIN}` }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /停\s*用/ }).click();
    await page.getByTestId('users-table').getByRole('row', { name: new RegExp(DEMO_ADMIN) }).getByText('已停用').waitFor();
    await page.getByRole('button', { name: `停用 ${admin.email}` }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /停\s*用/ }).click();
    await expect(page.getByTestId('users-error').textContent()).resolves.toContain('至少需要一位启用的管理员');
    await expect(page.getByTestId('users-table').getByRole('row', { name: new RegExp(admin.email) }).getByText('已停用').count()).resolves.toBe(0);
    expect(errors.filter((e) => !REFUSED_ON_PURPOSE.test(e))).toEqual([]);
  });

  it('an API key is shown once, works, and is refused once revoked in the page', async () => {
    const page = await browser.page({ viewport: DESKTOP });
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/users`, admin);

    await page.getByRole('button', { name: '新建密钥' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/名称/).fill('ERP 订单同步');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!.trim();
    expect(secret).toMatch(/^wdk_/);
    await page.getByText('这是唯一一次显示完整密钥').waitFor();
    await expect(page.getByRole('button', { name: /复制|Copy/ }).count()).resolves.toBeGreaterThan(0);

    const withKey = () => fetch(`${server.url}/api/v1/kb/synonyms`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withKey()).status).toBe(200);

    await page.getByRole('button', { name: '我已保存' }).click();
    await page.getByTestId('api-key-secret').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.getByTestId('api-keys-table').getByText('ERP 订单同步').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-users.png') });

    await page.getByRole('button', { name: '吊销 ERP 订单同步' }).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /吊\s*销/ }).click();
    await page.getByText('密钥已吊销').waitFor();
    await page.getByTestId('api-keys-table').getByText('已吊销').waitFor();
    expect((await withKey()).status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('the audit log lists what was done above, filtered by type, with the before/after detail', async () => {
    const page = await browser.page();
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/audit`, admin);
    const table = page.getByTestId('audit-table');
    for (const [type, action] of [['同义词组', '新建'], ['用户词典', '修改'], ['账号', '新建'], ['API 密钥', '吊销'], ['API 密钥', '新建']]) {
      await table.getByRole('row').filter({ hasText: type }).filter({ hasText: action }).first().waitFor();
    }
    await expect(table.getByText(`user:${admin.email}`).count()).resolves.toBeGreaterThan(0);

    // Loading the demo knowledge wrote more records than one page: older ones are a page away.
    const firstRow = table.locator('tbody tr[data-row-key]').first();
    const newest = await firstRow.textContent();
    await expect(page.getByRole('button', { name: /上一页/ }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: /下一页/ }).click();
    await expect.poll(() => firstRow.textContent()).not.toBe(newest);
    await page.getByRole('button', { name: /上一页/ }).click();
    await expect.poll(() => firstRow.textContent()).toBe(newest);

    await page.getByLabel('对象类型').click();
    await page.getByTitle('用户词典').click();
    await page.getByRole('button', { name: /筛\s*选/ }).click();
    await expect.poll(() => table.getByText('同义词组').count()).toBe(0);
    await expect.poll(() => table.locator('tbody tr[data-row-key]').count()).toBe(1);
    await table.getByRole('row').filter({ hasText: '用户词典' }).filter({ hasText: '修改' }).waitFor();
    await table.getByRole('button', { name: /展开|Expand/ }).first().click();
    const detail = page.getByTestId('audit-detail');
    await expect(detail.locator('ins').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('花呗')]));

    // By actor: 小美 never changed anything; every record of the admin's is his.
    await page.getByRole('button', { name: /清\s*除/ }).click();
    await page.getByLabel('操作人').fill(`user:${NEW_USER.email}`);
    await page.getByRole('button', { name: /筛\s*选/ }).click();
    await page.getByText('没有符合条件的记录').waitFor();
    await page.getByLabel('操作人').fill(`user:${admin.email}`);
    await page.getByRole('button', { name: /筛\s*选/ }).click();
    await expect.poll(async () => new Set((await table.locator('tbody tr[data-row-key] td:nth-child(3)').allTextContents()).map((t) => t.trim()))).toEqual(new Set([`user:${admin.email}`]));
    expect(errors).toEqual([]);
  });

  it('a supervisor does not see Users or Audit and is refused when navigating there; the section reads in English too', async () => {
    const supervisor = await server.operator('zhuguan@shop.example', 'supervisor');
    const page = await browser.page();
    await signInThroughForm(page, `${server.url}/admin#/synonyms`, supervisor);
    await page.getByRole('menuitem', { name: '同义词与词典' }).waitFor();
    await expect(page.getByRole('menuitem', { name: '账号与密钥' }).count()).resolves.toBe(0);
    await expect(page.getByRole('menuitem', { name: '操作日志' }).count()).resolves.toBe(0);
    await page.goto(`${server.url}/admin#/users`);
    await page.locator('.ant-result-403').waitFor();
    await expect(page.getByTestId('users-table').count()).resolves.toBe(0);
    await page.goto(`${server.url}/admin#/audit`);
    await page.locator('.ant-result-403').waitFor();
    await expect(page.getByTestId('audit-table').count()).resolves.toBe(0);

    await page.goto(`${server.url}/admin#/synonyms`);
    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByText('Synonym groups').waitFor();
    await expect(page.getByRole('button', { name: 'Save dictionary' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('menuitem', { name: 'Synonyms & dictionary' }).isVisible()).resolves.toBe(true);
  });

  it('operator-typed markup is shown as text and never runs (synonyms, account names, audit detail)', async () => {
    const markup = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>'];
    const headers = { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/api/v1/kb/synonyms`, { method: 'POST', headers, body: JSON.stringify({ terms: markup }) })).status).toBe(201);
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: 'hacker@shop.example', name: '<img src=x onerror=window.__pwned=3>', role: 'agent', password: NEW_USER.password }),
    });
    expect(created.status).toBe(201);

    const page = await browser.page();
    const errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}/admin#/synonyms`, admin);
    await page.getByTestId('synonym-groups').getByText(markup[1]).waitFor();
    await page.goto(`${server.url}/admin#/users`);
    await page.getByTestId('users-table').getByText('<img src=x onerror=window.__pwned=3>').waitFor();
    await page.goto(`${server.url}/admin#/audit`);
    await page.getByTestId('audit-table').getByRole('button', { name: /展开|Expand/ }).first().click();
    await page.getByTestId('audit-detail').getByText(/onerror=window.__pwned=3/).waitFor();
    await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });
});
