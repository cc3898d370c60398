/**
 * The console's Bot settings in a real Chromium on a real server (demo knowledge, SQLite):
 * what an operator changes there is what customers get — a threshold survives a reload, a
 * renamed bot greets a new conversation with the new greeting, hours that are closed now make
 * a customer asking for a person hear the hours, an allowed site shows in the embed snippet,
 * a refused value is shown at its field with the server's words, and roles see what the API
 * lets them do. Customers are driven through the HTTP conversation API.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOT_ID } from '../../src/auth/access.js';
import { CUSTOMER_HEADER } from '../../src/channels/http/routes.js';
import { DESKTOP, HAVE_CHROMIUM, launchBrowser, SCREENSHOT_DIR, signInThroughForm, startPagesServer, watchErrors, type PagesServer, type TestBrowser } from './browser.js';

const SETTINGS = '/admin#/settings';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The date in Shanghai `days` from now, as the hours settings write it (YYYY-MM-DD). */
function shanghaiDate(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

describe.skipIf(!HAVE_CHROMIUM)('bot settings in the console, in chromium', () => {
  let server: PagesServer;
  let browser: TestBrowser;
  let admin: { email: string; password: string; token: string };
  let page: Page;
  let errors: string[];

  const apiAs = async (token: string, path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  /** A new customer over the HTTP API: the welcome, and a way to say something. */
  const customer = async () => {
    const opened = await (await fetch(`${server.url}/api/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    return {
      welcome: (opened.messages as { text: string }[]).map((m) => m.text).join('\n'),
      say: async (text: string) => {
        const res = await fetch(`${server.url}/api/v1/conversations/${opened.conversationId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CUSTOMER_HEADER]: opened.customerId },
          body: JSON.stringify({ text, clientMessageId: `c-${Date.now()}` }),
        });
        return ((await res.json()).replies as { text: string }[]).map((m) => m.text).join('\n');
      },
      /** Where the conversation stands with a person (none / queued / offline …). */
      handoffStatus: async () => {
        const res = await fetch(`${server.url}/api/v1/conversations/${opened.conversationId}`, { headers: { [CUSTOMER_HEADER]: opened.customerId } });
        return (await res.json()).handoff.status as string;
      },
    };
  };
  /** antd lists options twice (a hidden list for screen readers, the visible one): click the visible one. */
  const chooseOption = (label: string) => page.locator(`.ant-select-item-option[title="${label}"]`).click();
  const openTab = async (name: string) => {
    await page.getByRole('tab', { name }).click();
    await page.getByRole('tab', { name, selected: true }).waitFor();
  };

  beforeAll(async () => {
    server = await startPagesServer();
    browser = await launchBrowser();
    admin = await server.operator('laoban@xiaodian.example', 'admin');
    page = await browser.page({ viewport: DESKTOP });
    errors = watchErrors(page);
    await signInThroughForm(page, `${server.url}${SETTINGS}`, admin);
    await page.getByRole('tab', { name: '回答阈值' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('a changed threshold is saved and is still there after a reload', async () => {
    await expect(page.getByText('调高：答错更少').count()).resolves.toBe(1);
    const threshold = page.getByRole('spinbutton', { name: '直接回答的置信度' });
    const shown = async () => Number(await page.getByRole('spinbutton', { name: '直接回答的置信度' }).inputValue());
    await expect(shown()).resolves.toBe(0.6);
    await threshold.fill('0.75');
    await page.getByTestId('save-thresholds').click();
    await expect.poll(async () => (await apiAs(admin.token, '/api/v1/bot/settings')).settings.answerThreshold).toBe(0.75);

    await page.reload();
    await expect.poll(shown).toBe(0.75);
    // Back to the default with one click (saved, so the rest of the suite sees the demo's numbers).
    await page.getByRole('button', { name: '直接回答的置信度恢复默认' }).click();
    await expect(shown()).resolves.toBe(0.6);
    await page.getByTestId('save-thresholds').click();
    await expect.poll(async () => (await apiAs(admin.token, '/api/v1/bot/settings')).settings.answerThreshold).toBe(0.6);
  });

  it('a new name and greeting greet the next customer; markup in the greeting stays inert', async () => {
    await openTab('人设与欢迎语');
    await page.getByRole('textbox', { name: '机器人名字', exact: true }).fill('阿福');
    const greeting = page.getByRole('textbox', { name: '欢迎语', exact: true });
    await greeting.fill('{{customer.name|亲}}～ 歡迎光臨小店😊 我是{{bot.name}}，有啥問題直接問<img src=x onerror="window.__pwned=1">');
    await expect(page.getByTestId('greeting-preview').textContent()).resolves.toContain('亲～ 歡迎光臨小店😊 我是阿福，有啥問題直接問');
    await page.getByTestId('save-persona').click();
    // Stored sanitised: the form now holds what customers will be shown.
    await expect.poll(() => greeting.inputValue()).toBe('{{customer.name|亲}}～ 歡迎光臨小店😊 我是{{bot.name}}，有啥問題直接問');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    const next = await customer();
    expect(next.welcome).toMatch(/^亲～ 歡迎光臨小店😊 我是阿福，有啥問題直接問/);
    expect(next.welcome).not.toContain('<img');
  });

  it('the address and contacts saved in 人设与欢迎语 answer a customer; a disclosure claiming to be a person is refused at its field', async () => {
    await openTab('人设与欢迎语');
    await page.getByRole('textbox', { name: '公司地址', exact: true }).fill('杭州市<b>西湖区</b>文三路 90 号');
    await page.getByTestId('add-contact').click();
    await page.getByRole('textbox', { name: '名称，如 客服热线' }).fill('客服热线');
    await page.getByRole('textbox', { name: '号码或账号，如 400-820-1234' }).fill('400-820-1234');
    const disclosure = page.getByRole('textbox', { name: '被问「你是机器人吗」时', exact: true });
    await disclosure.fill('我是真人客服，不是机器人哦');
    await page.getByTestId('save-persona').click();
    await expect.poll(() => page.getByText('机器人不能自称真人').count()).toBeGreaterThan(0);
    // The refused save is the one failed request the browser reports.
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    errors.length = 0;
    await disclosure.fill('');
    await page.getByTestId('save-persona').click();
    await expect.poll(async () => (await apiAs(admin.token, '/api/v1/bot/settings')).settings.contacts).toEqual([{ label: '客服热线', value: '400-820-1234' }]);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-settings-persona.png'), fullPage: true });

    const next = await customer();
    expect(await next.say('你们公司地址在哪')).toContain('杭州市西湖区文三路 90 号');
    expect(await next.say('客服電話多少？')).toContain('客服热线：400-820-1234');
    expect(await next.say('你是机器人吗')).toMatch(/阿福.*(不是真人|机器人)|机器人客服阿福/);
  });

  it('hours that are closed today make a customer asking for a person hear the hours', async () => {
    await openTab('服务时间与节假日');
    const group = page.getByTestId('hours-default');
    await group.getByRole('switch', { name: '7×24 小时在线' }).click();
    for (const day of ['周一', '周二', '周三', '周四', '周五', '周六', '周日']) await group.getByRole('button', { name: `${day} 加一个时段` }).click();
    await group.getByRole('switch', { name: '按中国大陆法定节假日安排' }).click();
    await expect(group.getByText('调休的周末上班日照常上班').count()).resolves.toBe(1);
    // Closed today and tomorrow (a team outing): closed now whatever the time of day.
    for (const days of [0, 1]) {
      await group.getByRole('button', { name: '加一个休息日' }).click();
      await group.getByLabel('日期（YYYY-MM-DD）').last().fill(shanghaiDate(days));
      await group.getByLabel('原因（可选）').last().fill('团建');
    }
    await page.getByTestId('save-hours').click();
    await group.getByText('现在：不在服务时间').waitFor();

    const asking = await customer();
    expect(await asking.say('转人工，找个真人')).toContain('现在不在人工客服的服务时间（每天 9:00–18:00');
  });

  it('an allowed site shows in the embed snippet with the bot; a bad origin is refused at its field', async () => {
    await openTab('网站接入');
    await page.getByTestId('add-allowedOrigins').click();
    await page.getByTestId('allowedOrigins-0').fill('https://xiaodian.example.cn');
    await page.getByTestId('save-embed').click();
    await expect.poll(async () => (await apiAs(admin.token, `/api/v1/bots/${DEFAULT_BOT_ID}`)).allowedOrigins).toEqual(['https://xiaodian.example.cn']);
    const snippet = page.getByTestId('embed-snippet');
    await expect(snippet.textContent()).resolves.toBe(`<script src="${server.url}/widget.js" data-bot="${DEFAULT_BOT_ID}" async></script>`);

    await page.getByTestId('add-allowedOrigins').click();
    await page.getByTestId('allowedOrigins-1').fill('ftp://x');
    await page.getByTestId('save-embed').click();
    await page.getByText('应为网站来源，例如 https://shop.example.cn').waitFor();
    expect((await apiAs(admin.token, `/api/v1/bots/${DEFAULT_BOT_ID}`)).allowedOrigins).toEqual(['https://xiaodian.example.cn']);
    // The browser logs the refused request; that, and nothing else, went wrong so far.
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    errors.length = 0;
  });

  it('a keyword rule saved in 转人工规则 sends a customer who uses it to a person; a bad call host is refused at its line', async () => {
    const ASK = '請問怎麼開發票呀😊';
    const before = await customer();
    await before.say(ASK);
    expect(await before.handoffStatus()).toBe('none'); // the bot answers this itself

    await page.reload();
    await openTab('转人工规则');
    await page.getByRole('button', { name: '加一条关键词规则' }).click();
    const keywords = page.getByRole('combobox', { name: '关键词（回车添加）' });
    await keywords.fill('开发票');
    await keywords.press('Enter');
    await page.getByTestId('save-rules').click();
    await expect.poll(async () => (await apiAs(admin.token, '/api/v1/bot/handoff')).settings.keywordRules).toEqual([{ keywords: ['开发票'] }]);
    // Traditional characters fold to the rule's 开发票: now a person takes it, before the bot answers.
    const after = await customer();
    await after.say(ASK);
    expect(['queued', 'offline']).toContain(await after.handoffStatus());

    await openTab('外部调用白名单');
    await page.getByTestId('add-callHosts').click();
    await page.getByTestId('callHosts-0').fill('http://api.xiaodian.cn/path');
    await page.getByTestId('save-callHosts').click();
    await page.getByText('不是合法的主机').waitFor();
    await page.getByTestId('callHosts-0').fill('api.xiaodian.cn');
    await page.getByTestId('save-callHosts').click();
    await expect.poll(async () => (await apiAs(admin.token, `/api/v1/bots/${DEFAULT_BOT_ID}`)).callHosts).toEqual(['api.xiaodian.cn']);
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    errors.length = 0;
  });

  it('warns before leaving a tab with unsaved changes', async () => {
    await page.reload();
    await openTab('网站接入');
    await page.getByTestId('add-allowedOrigins').click();
    await page.getByTestId('allowedOrigins-1').fill('https://another.example.cn');
    await page.getByRole('tab', { name: '外部调用白名单' }).click();
    await page.getByText('离开后这些修改会丢失').waitFor();
    await page.getByRole('button', { name: /留\s*下/ }).click();
    await page.getByText('离开后这些修改会丢失').waitFor({ state: 'hidden' });
    await expect(page.getByTestId('allowedOrigins-1').inputValue()).resolves.toBe('https://another.example.cn');
    await page.getByRole('tab', { name: '外部调用白名单' }).click();
    await page.getByRole('button', { name: /离\s*开/ }).click();
    await page.getByRole('tab', { name: '外部调用白名单', selected: true }).waitFor();
    await page.getByText('离开后这些修改会丢失').waitFor({ state: 'hidden' });
  });

  it('takes the desktop screenshot; switches to English', async () => {
    // A fresh load: no toast from earlier saves, the tab underline where it belongs.
    await page.reload();
    await page.getByRole('spinbutton', { name: '直接回答的置信度' }).waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-settings.png'), animations: 'disabled' });
    // English is one click away, and back.
    await page.getByTestId('lang-switch').getByText('EN').click();
    await page.getByRole('tab', { name: 'Thresholds' }).waitFor();
    await page.getByText('Higher: fewer wrong answers').waitFor();
    await page.getByTestId('lang-switch').getByText('中文').click();
    await page.getByRole('tab', { name: '回答阈值' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('an admin puts an agent in a skill group; with several bots, the selector switches the whole page', async () => {
    const agent = await server.operator('xiaoli@xiaodian.example', 'agent');
    const defaultGroup = (await apiAs(admin.token, '/api/v1/bot/handoff')).settings.groups[0];
    await page.reload();
    await openTab('技能组');
    await page.getByRole('button', { name: '加一个分组' }).click();
    await page.getByRole('textbox', { name: '编号（英文）' }).last().fill('after-sales');
    await page.getByRole('textbox', { name: '名称', exact: true }).last().fill('售后');
    await page.getByTestId('save-groups').click();
    await expect.poll(async () => (await apiAs(admin.token, '/api/v1/bot/handoff')).settings.groups.map((g: { id: string }) => g.id)).toEqual(['default', 'after-sales']);
    // The hours of the existing group were kept.
    expect((await apiAs(admin.token, '/api/v1/bot/handoff')).settings.groups[0]).toEqual(defaultGroup);

    const { name } = (await apiAs(admin.token, '/api/v1/skills')).people.find((p: { email: string }) => p.email === agent.email);
    await page.getByRole('combobox', { name: `${name} 接待的分组` }).click();
    await chooseOption('售后（after-sales）');
    await page.keyboard.press('Escape');
    await page.getByTestId(`save-skills-${agent.email}`).click();
    await expect
      .poll(async () => (await apiAs(admin.token, '/api/v1/skills')).people.find((p: { email: string }) => p.email === agent.email)?.groups)
      .toEqual(['after-sales']);

    const created = await fetch(`${server.url}/api/v1/bots`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: '二店机器人' }) });
    const second = (await created.json()).bot.id as string;
    await page.reload();
    await page.getByTestId('bot-select').click();
    await chooseOption('二店机器人');
    await openTab('网站接入');
    await expect(page.getByTestId('embed-snippet').textContent()).resolves.toContain(`data-bot="${second}"`);
    await openTab('人设与欢迎语');
    // The second bot has its own persona: still the default name.
    await expect(page.getByRole('textbox', { name: '机器人名字', exact: true }).inputValue()).resolves.toBe('小温');
  });

  it('an agent cannot open settings; a supervisor tunes thresholds but only views what is for admins', async () => {
    const agentPage = await browser.page();
    await signInThroughForm(agentPage, `${server.url}${SETTINGS}`, await server.operator('xiaomei@xiaodian.example', 'agent'));
    await agentPage.getByText('客服账号不能打开管理后台').waitFor();
    await expect(agentPage.getByRole('tab', { name: '回答阈值' }).count()).resolves.toBe(0);

    // One allowed site, so the supervisor has a line to (not) edit.
    await fetch(`${server.url}/api/v1/bots/${DEFAULT_BOT_ID}/allowed-origins`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ allowedOrigins: ['https://xiaodian.example.cn'] }),
    });
    const supervisorPage = await browser.page();
    const supervisorErrors = watchErrors(supervisorPage);
    await signInThroughForm(supervisorPage, `${server.url}${SETTINGS}`, await server.operator('banzhang@xiaodian.example', 'supervisor'));
    // Thresholds are the supervisor's to tune (the API lets them): saved.
    await supervisorPage.getByRole('spinbutton', { name: '最多列出几个候选' }).fill('4');
    await supervisorPage.getByTestId('save-thresholds').click();
    await expect.poll(async () => (await apiAs(admin.token, '/api/v1/bot/settings')).settings.maxSuggestions).toBe(4);
    await supervisorPage.getByRole('tab', { name: '服务时间与节假日' }).click();
    await supervisorPage.getByText('只有管理员可以修改这一项').waitFor();
    await expect(supervisorPage.getByTestId('save-hours').count()).resolves.toBe(0);
    await supervisorPage.getByRole('tab', { name: '网站接入' }).click();
    await supervisorPage.getByTestId('embed-snippet').waitFor();
    await expect(supervisorPage.getByTestId('allowedOrigins-0').isDisabled()).resolves.toBe(true);
    expect(supervisorErrors).toEqual([]);
  });
});
