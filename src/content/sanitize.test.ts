import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../kb/import.js';
import { parseEntryInput } from '../kb/service.js';
import { isWenduError } from '../errors/index.js';
import { contentText } from './fallback-text.js';
import { RichBlockSchema, type RichBlock } from './rich-content.js';
import { sanitizeBlocks, sanitizeText, sanitizeUrl } from './sanitize.js';

/** Payloads in the style of the OWASP XSS filter-evasion cheat sheet. */
const XSS_PAYLOADS: Array<[string, string]> = [
  ['<img src=x onerror=alert(1)>', ''],
  ['<svg/onload=alert(1)>', ''],
  ['<script>alert(document.cookie)</script>', ''],
  ['<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>', ''],
  ['<body onload=alert(1)>', ''],
  ['<iframe src="javascript:alert(1)"></iframe>', ''],
  ['<a href="javascript:alert(1)">点我领券</a>', '点我领券'],
  ['<IMG """><SCRIPT>alert("XSS")</SCRIPT>">', '">'],
  ['<<SCRIPT>alert("XSS");//<</SCRIPT>', '<'],
  ['<scr<script>ipt>alert(1)</script>', 'ipt>alert(1)'],
  ['&lt;img src=x onerror=alert(1)&gt;', ''],
  ['&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;', ''],
  ['<style>body{background:url("javascript:alert(1)")}</style>', ''],
  ['<div style="width: expression(alert(1))">退货说明</div>', '退货说明'],
  ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
  ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ''],
  ['<details open ontoggle=alert(1)>', ''],
  ['<input autofocus onfocus=alert(1)>', ''],
];

describe('sanitizeText', () => {
  it.each(XSS_PAYLOADS)('strips %s', (payload, expected) => {
    const out = sanitizeText(payload);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/<[a-z!/?]/i);
    expect(out.toLowerCase()).not.toMatch(/onerror|onload|<script/);
  });

  it.each([
    ['七天无理由退货，运费由买家承担～', '七天无理由退货，运费由买家承担～'],
    ['親，發票在「我的訂單」裡申請哦😊', '親，發票在「我的訂單」裡申請哦😊'],
    ['第一步：打开App\n第二步：点「我的」\n\n有问题随时找我们👨‍👩‍👧', '第一步：打开App\n第二步：点「我的」\n\n有问题随时找我们👨‍👩‍👧'],
    ['满199减20，单价<100元的商品不参与', '满199减20，单价<100元的商品不参与'],
    ['AT&amp;T 和 M&M 都能用', 'AT&T 和 M&M 都能用'],
    ['查物流：https://shop.example/track?id=1&region=cn&copy=2', '查物流：https://shop.example/track?id=1&region=cn&copy=2'],
    ['价格 &gt; 500 包邮', '价格 > 500 包邮'],
    ['引号 "正品" 和 \'保障\'', '引号 "正品" 和 \'保障\''],
  ])('keeps plain customer-service text: %s', (input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it.each([
    ['退款\u0000到账\u0007了', '退款到账了'],
    ['\u202e gnp.exe', ' gnp.exe'],
    ['\ufeff您好\r\n请问', '您好\n请问'],
    ['零\u200b宽', '零宽'],
  ])('removes control and invisible characters from %j', (input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it('keeps paragraphs pasted from a rich-text editor as new lines', () => {
    expect(sanitizeText('<p>第一段</p><p>第二段<br/>换行</p>')).toBe('第一段\n第二段\n换行');
  });

  it.each([...XSS_PAYLOADS.map(([p]) => p), '满199减20 <100元', 'AT&amp;amp;T', '<p>a</p>\n\n\n\n<p>b</p>'])(
    'is a fixed point: sanitising %s twice changes nothing more',
    (input) => {
      const once = sanitizeText(input);
      expect(sanitizeText(once)).toBe(once);
    },
  );
});

describe('sanitizeUrl', () => {
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\u0000script:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    '//evil.example/x.js',
    'https://',
    'ftp://files.example/a.zip',
  ])('refuses %j', (url) => {
    expect(sanitizeUrl(url)).toBeNull();
  });

  it.each([
    ['https://shop.wendu.example/static/size-chart.png', 'https://shop.wendu.example/static/size-chart.png'],
    ['  http://shop.example/退货?order=123&x=1 ', 'http://shop.example/退货?order=123&x=1'],
    ['https://shop.example/a?q="><script>', 'https://shop.example/a?q=%22%3E%3Cscript%3E'],
  ])('keeps http(s) %j (quotes and brackets encoded)', (url, expected) => {
    expect(sanitizeUrl(url)).toBe(expected);
  });
});

describe('sanitizeBlocks', () => {
  const hostile: RichBlock[] = [
    { type: 'text', text: '<b>退货</b>请看<img src=x onerror=alert(1)>这里' },
    { type: 'text', text: '<script>alert(1)</script>' },
    { type: 'image', url: 'javascript:alert(1)', alt: 'x' },
    { type: 'link', url: 'https://shop.example/return', title: '<svg/onload=alert(1)>退货入口' },
    {
      type: 'buttons',
      text: '<i>您可以：</i>',
      buttons: [
        { action: 'link', label: '危险', url: 'javascript:alert(1)' },
        { action: 'reply', label: '<b>转人工</b>', text: '转人工<script>x</script>' },
      ],
    },
    { type: 'buttons', text: '选一个', buttons: [{ action: 'link', label: '坏', url: 'data:text/html,<script>alert(1)</script>' }] },
    {
      type: 'carousel',
      cards: [
        {
          title: '<h1>双十一</h1>会场',
          text: '<a href="javascript:alert(1)">满减</a>',
          imageUrl: 'vbscript:msgbox(1)',
          url: 'https://shop.example/1111',
          buttons: [{ action: 'link', label: '去看看', url: ' javascript:alert(1)' }],
        },
      ],
    },
    { type: 'video', url: 'https://cdn.example/v.mp4', title: '<marquee>开箱</marquee>', posterUrl: 'javascript:alert(1)' },
  ];

  it('removes every tag and unsafe URL, recursively through buttons, cards and carousels', () => {
    expect(sanitizeBlocks(hostile)).toEqual([
      { type: 'text', text: '退货请看这里' },
      { type: 'link', url: 'https://shop.example/return', title: '退货入口' },
      { type: 'buttons', text: '您可以：', buttons: [{ action: 'reply', label: '转人工', text: '转人工' }] },
      { type: 'text', text: '选一个' },
      { type: 'carousel', cards: [{ title: '双十一会场', text: '满减', url: 'https://shop.example/1111', buttons: [] }] },
      { type: 'video', url: 'https://cdn.example/v.mp4', title: '开箱' },
    ]);
  });

  it('never leaves a non-http(s) URL or a tag anywhere in the output', () => {
    const json = JSON.stringify(sanitizeBlocks(hostile));
    expect(json).not.toMatch(/javascript:|vbscript:|data:|<[a-z]/i);
  });

  it('keeps the demo knowledge base exactly as written (Chinese, emoji, links)', async () => {
    const file = await readFile(join(import.meta.dirname, '../../demo/knowledge.json'));
    const { rows, errors } = await parseImportFile(file, 'json');
    expect(errors).toEqual([]);
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      expect(sanitizeBlocks(row.answer)).toEqual(row.answer);
      for (const blocks of Object.values(row.channelAnswers)) expect(sanitizeBlocks(blocks!)).toEqual(blocks);
      expect(sanitizeText(row.question)).toBe(row.question);
    }
  });

  it('output validates against the rich-content schema when the input did', () => {
    const valid: RichBlock[] = [
      { type: 'card', card: { title: '<b>会员日</b>', text: '积分&amp;优惠券', buttons: [{ action: 'link', label: '查看', url: 'https://shop.example/vip' }] } },
      { type: 'file', url: 'https://shop.example/发票说明.pdf', name: '发票说明<script>x</script>.pdf', sizeBytes: 2048 },
    ];
    const out = sanitizeBlocks(valid);
    for (const block of out) expect(RichBlockSchema.safeParse(block).success).toBe(true);
    expect(contentText(out)).toBe('会员日\n积分&优惠券\n查看：https://shop.example/vip\n[文件] 发票说明.pdf：https://shop.example/发票说明.pdf');
  });
});

describe('knowledge entries are stored clean (parseEntryInput)', () => {
  it('sanitises question, similar questions, answers, channel answers, category and tags', () => {
    const fields = parseEntryInput({
      question: '怎么<b>退货</b>？',
      similarQuestions: ['退貨流程<img src=x onerror=alert(1)>', '<script>alert(1)</script>'],
      answer: [{ type: 'text', text: '在「我的订单」点<a href="javascript:alert(1)">申请售后</a>😊' }],
      channelAnswers: { wechat: [{ type: 'text', text: '<svg/onload=alert(1)>微信里也一样哦' }] },
      category: '<i>售后</i>',
      tags: ['退货', '<b></b>'],
    });
    expect(fields).toMatchObject({
      question: '怎么退货？',
      similarQuestions: ['退貨流程'],
      answer: [{ type: 'text', text: '在「我的订单」点申请售后😊' }],
      channelAnswers: { wechat: [{ type: 'text', text: '微信里也一样哦' }] },
      category: '售后',
      tags: ['退货'],
    });
  });

  it.each([
    ['an answer that was only a script', { question: '运费', answer: [{ type: 'text', text: '<script>alert(1)</script>' }] }, 'answer'],
    ['a question that was only markup', { question: '<img src=x onerror=alert(1)>', answer: [{ type: 'text', text: '包邮' }] }, 'question'],
    ['a javascript: link', { question: '活动', answer: [{ type: 'link', url: 'javascript:alert(1)', title: '点我' }] }, 'answer.0.url'],
  ])('refuses %s with WENDU_VALIDATION', (_, input, path) => {
    try {
      parseEntryInput(input);
      expect.unreachable();
    } catch (err) {
      expect(isWenduError(err) && err.code).toBe('WENDU_VALIDATION');
      const issues = (err as { details: { issues: Array<{ path: string }> } }).details.issues;
      expect(issues.map((i) => i.path)).toContain(path);
    }
  });
});
