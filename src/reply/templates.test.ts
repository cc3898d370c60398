import { describe, expect, it } from 'vitest';
import { RichBlockSchema, type RichBlock } from '../content/rich-content.js';
import {
  MAX_VALUE_CHARS,
  readPath,
  renderBlocks,
  renderDataTemplate,
  renderDataUrl,
  renderJson,
  renderTemplate,
  renderUrlTemplate,
  templatePlaceholders,
  type TemplateVars,
} from './templates.js';

const VARS: TemplateVars = {
  customer: { name: '王小明', tags: ['VIP', '老客'], vipLevel: 3 },
  slots: { order_no: '2026111112345678', 原因: '尺码偏小', count: 2 },
  entry: { id: 'shop-return-process', question: '怎么申请退货？', category: '售后' },
};

describe('renderTemplate', () => {
  it.each([
    ['{{customer.name}}您好～', '王小明您好～'],
    ['订单 {{slots.order_no}} 已发货', '订单 2026111112345678 已发货'],
    ['您问的是「{{entry.question}}」', '您问的是「怎么申请退货？」'],
    ['退货原因：{{slots.原因}}，共 {{slots.count}} 件', '退货原因：尺码偏小，共 2 件'],
    ['{{ customer.name | 亲 }}，收到啦', '王小明，收到啦'],
    ['您的标签：{{customer.tags}}', '您的标签：VIP、老客'],
    ['会员等级 {{customer.vipLevel}}', '会员等级 3'],
  ])('fills %s', (template, expected) => {
    expect(renderTemplate(template, VARS)).toBe(expected);
  });

  it.each([
    ['{{customer.name|亲}}，您好', {}, '亲，您好'],
    ['{{customer.name|亲}}，您好', { customer: { name: '' } }, '亲，您好'],
    ['{{customer.name|亲}}，您好', { customer: { name: '   ' } }, '亲，您好'],
    ['{{customer.name}}您好', {}, '您好'],
    ['订单号：{{slots.order_no|暂无}}', { slots: {} }, '订单号：暂无'],
    ['{{customer.nickname|亲}}～', VARS, '亲～'],
    ['{{unknown.deep.path}}好的', VARS, '好的'],
    ['{{customer}}好的', VARS, '好的'],
    ['{{customer.name.first|亲}}', VARS, '亲'],
    ['{{ }}空的', VARS, '空的'],
    ['{{customer.vip}}', { customer: { vip: true } }, ''],
    ['{{slots.amount|0}} 元', { slots: { amount: Number.NaN } }, '0 元'],
  ])('never shows a raw placeholder: %s with %j', (template, vars, expected) => {
    const out = renderTemplate(template, vars as TemplateVars);
    expect(out).toBe(expected);
    expect(out).not.toContain('{{');
  });

  it.each([
    "{{constructor.constructor('return process')()}}",
    '{{customer.constructor.name}}',
    '{{__proto__.polluted}}',
    '{{customer.__proto__}}',
    '{{toString}}',
    '{{customer.name.length}}',
    '{{process.env.HOME}}',
    '{{ 1 + 1 }}',
    '{{slots.order_no; alert(1)}}',
  ])('runs no code and reaches nothing outside the variables: %s', (template) => {
    expect(renderTemplate(template, VARS)).toBe('');
  });

  it('inserts values as plain text: markup stripped, never read as a template again', () => {
    const vars: TemplateVars = {
      customer: { name: '<img src=x onerror=alert(1)>小红' },
      slots: { note: '{{customer.name}} 和 {{slots.note}}', reason: '第一行\n第二行' },
    };
    expect(renderTemplate('{{customer.name}}您好', vars)).toBe('小红您好');
    expect(renderTemplate('备注：{{slots.note}}', vars)).toBe('备注：{{customer.name}} 和 {{slots.note}}');
    expect(renderTemplate('原因：{{slots.reason}}', vars)).toBe('原因：第一行 第二行');
  });

  it(`cuts values longer than ${MAX_VALUE_CHARS} characters`, () => {
    const out = renderTemplate('{{slots.long}}', { slots: { long: '退'.repeat(MAX_VALUE_CHARS * 2) } });
    expect(Array.from(out)).toHaveLength(MAX_VALUE_CHARS);
    expect(out.endsWith('…')).toBe(true);
  });

  it('leaves text that is not a placeholder alone', () => {
    expect(renderTemplate('满{199}减20，{单括号}和 {{没闭合', VARS)).toBe('满{199}减20，{单括号}和 {{没闭合');
  });

  it('lists placeholders for checking a template on save', () => {
    expect(templatePlaceholders('{{customer.name|亲}}，订单{{slots.order_no}}{{ 1+1 }}')).toEqual([
      { raw: 'customer.name|亲', path: 'customer.name', fallback: '亲' },
      { raw: 'slots.order_no', path: 'slots.order_no', fallback: '' },
      { raw: ' 1+1 ', path: null, fallback: '' },
    ]);
  });
});

describe('renderUrlTemplate', () => {
  it.each([
    ['https://shop.example/orders/{{slots.order_no}}', { slots: { order_no: '2026111112345678' } }, 'https://shop.example/orders/2026111112345678'],
    ['https://shop.example/search?q={{slots.q}}', { slots: { q: '退货 运费&x=1' } }, 'https://shop.example/search?q=%E9%80%80%E8%B4%A7%20%E8%BF%90%E8%B4%B9%26x%3D1'],
    ['{{slots.url}}', { slots: { url: 'javascript:alert(1)' } }, 'javascript%3Aalert(1)'],
  ])('percent-encodes values in %s', (template, vars, expected) => {
    expect(renderUrlTemplate(template, vars as TemplateVars)).toBe(expected);
  });
});

describe('renderBlocks', () => {
  it('renders every text field of rich content, recursively', () => {
    const blocks: RichBlock[] = [
      { type: 'text', text: '{{customer.name|亲}}，您的订单 {{slots.order_no}} 状态如下：' },
      {
        type: 'card',
        card: {
          title: '订单 {{slots.order_no}}',
          text: '{{slots.原因}}',
          url: 'https://shop.example/orders/{{slots.order_no}}',
          buttons: [
            { action: 'reply', label: '查{{slots.order_no}}物流', text: '查物流 {{slots.order_no}}' },
            { action: 'link', label: '详情', url: 'https://shop.example/o?id={{slots.order_no}}' },
          ],
        },
      },
      { type: 'carousel', cards: [{ title: '{{entry.question}}', imageUrl: 'https://cdn.example/{{entry.id}}.png' }] },
      { type: 'image', url: 'https://cdn.example/a.png', alt: '{{entry.category}}说明' },
      { type: 'file', url: 'https://cdn.example/f.pdf', name: '{{customer.name}}的发票.pdf' },
      { type: 'video', url: 'https://cdn.example/v.mp4', title: '{{entry.question}}' },
      { type: 'audio', url: 'https://cdn.example/a.mp3', transcript: '{{customer.name}}您好' },
      { type: 'link', url: 'https://shop.example/help', title: '{{entry.category}}帮助' },
    ];
    const out = renderBlocks(blocks, VARS);
    expect(out).toEqual([
      { type: 'text', text: '王小明，您的订单 2026111112345678 状态如下：' },
      {
        type: 'card',
        card: {
          title: '订单 2026111112345678',
          text: '尺码偏小',
          url: 'https://shop.example/orders/2026111112345678',
          buttons: [
            { action: 'reply', label: '查2026111112345678物流', text: '查物流 2026111112345678' },
            { action: 'link', label: '详情', url: 'https://shop.example/o?id=2026111112345678' },
          ],
        },
      },
      { type: 'carousel', cards: [{ title: '怎么申请退货？', imageUrl: 'https://cdn.example/shop-return-process.png' }] },
      { type: 'image', url: 'https://cdn.example/a.png', alt: '售后说明' },
      { type: 'file', url: 'https://cdn.example/f.pdf', name: '王小明的发票.pdf' },
      { type: 'video', url: 'https://cdn.example/v.mp4', title: '怎么申请退货？' },
      { type: 'audio', url: 'https://cdn.example/a.mp3', transcript: '王小明您好' },
      { type: 'link', url: 'https://shop.example/help', title: '售后帮助' },
    ]);
    for (const block of out) expect(RichBlockSchema.safeParse(block).success).toBe(true);
    expect(JSON.stringify(out)).not.toContain('{{');
  });

  it('drops a text that rendered empty and a link whose URL a value turned unsafe', () => {
    const out = renderBlocks(
      [
        { type: 'text', text: '{{customer.name}}' },
        { type: 'text', text: '在的～' },
        { type: 'link', url: 'https://x.example/{{slots.a}}', title: '安全' },
        { type: 'buttons', text: '去看看', buttons: [{ action: 'link', label: '打开', url: '{{slots.url}}' }] },
      ] as RichBlock[],
      { slots: { a: '../../evil', url: 'javascript:alert(1)' } },
    );
    expect(out).toEqual([
      { type: 'text', text: '在的～' },
      { type: 'link', url: 'https://x.example/..%2F..%2Fevil', title: '安全' },
      { type: 'text', text: '去看看' },
    ]);
  });
});

/** Paths that reach JavaScript's object machinery instead of the variables. */
const PROTOTYPE_PATHS = [
  'customer.constructor',
  'customer.constructor.name',
  '__proto__',
  '__proto__.polluted',
  'customer.__proto__.x',
  'customer.__proto__',
  'slots.constructor.name',
  'slots.__proto__.toString',
  'constructor',
  'constructor.constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'customer.toString',
  'customer.hasOwnProperty',
  'slots.prototype',
  'customer.tags.constructor',
  'customer.tags.length',
  'customer.name.length',
  'slots.list[0].constructor',
];

/** Every way a template is rendered, customer text and data alike. */
const RENDERERS: Array<[string, (template: string, vars: TemplateVars) => unknown]> = [
  ['renderTemplate', renderTemplate],
  ['renderUrlTemplate', renderUrlTemplate],
  ['renderDataTemplate', renderDataTemplate],
  ['renderDataUrl', renderDataUrl],
  ['renderJson (inside text)', (t, v) => renderJson({ note: `x${t}y` }, v)],
  ['renderJson (whole value)', (t, v) => renderJson({ value: t }, v)],
  ['renderBlocks', (t, v) => renderBlocks([{ type: 'text', text: `亲～${t}` }], v)],
];

const EMPTY_RESULT: Record<string, unknown> = {
  renderTemplate: '',
  renderUrlTemplate: '',
  renderDataTemplate: '',
  renderDataUrl: '',
  'renderJson (inside text)': { note: 'xy' },
  'renderJson (whole value)': { value: null },
  renderBlocks: [{ type: 'text', text: '亲～' }],
};

describe('prototype paths render nothing, everywhere', () => {
  const vars: TemplateVars = {
    customer: { name: '王小明', tags: ['VIP'] },
    slots: { order_no: '2026111112345678', list: [{ sku: 'A1' }] as unknown as readonly string[] },
  };

  describe.each(RENDERERS)('%s', (name, render) => {
    it.each(PROTOTYPE_PATHS)('{{%s}}', (path) => {
      expect(render(`{{${path}}}`, vars)).toEqual(EMPTY_RESULT[name]);
    });
  });

  it.each(PROTOTYPE_PATHS)('readPath (call responses, conditions) finds nothing at %s', (path) => {
    const response = JSON.parse('{"__proto__": {"x": "polluted"}, "status": "运输中", "customer": {"name": "张三"}, "slots": {}, "list": [{}]}');
    expect(readPath(response, path)).toBeUndefined();
    expect(readPath({ customer: { name: '张三', tags: ['VIP'] }, slots: { list: [{}] } }, path)).toBeUndefined();
  });

  it('reads own, plain data properties only: no inherited values, no getters, no class instances', () => {
    let called = false;
    const inherited = Object.create({ name: '继承来的' }) as TemplateVars['customer'];
    const getter = {
      get name() {
        called = true;
        return '被调用了';
      },
    };
    expect(renderTemplate('{{customer.name|亲}}', { customer: inherited })).toBe('亲');
    expect(renderTemplate('{{customer.name|亲}}', { customer: getter })).toBe('亲');
    expect(called).toBe(false);
    expect(renderTemplate('{{customer.name|亲}}', { customer: new (class { name = '实例' })() as unknown as TemplateVars['customer'] })).toBe('亲');
    expect(renderTemplate('{{customer.name}} {{slots.list[0].sku}}', vars)).toBe('王小明 A1');
  });

  it('renders objects as nothing in text (a whole API response never lands in a sentence)', () => {
    const withObject = { slots: { response: { token: 'secret-token', status: 'ok' } } } as unknown as TemplateVars;
    for (const [, render] of RENDERERS.slice(0, 4)) expect(render('{{slots.response}}', withObject)).toBe('');
    expect(renderJson('{{slots.response}}', withObject)).toEqual({ token: 'secret-token', status: 'ok' });
  });
});

describe('data rendering (flow call URLs, headers, bodies)', () => {
  const vars: TemplateVars = {
    slots: { order_no: '2026/../admin', complaint: '质量太差了！！！'.repeat(30), photos: ['https://img.example.com/a.jpg'], skipped: null, vip: true },
    env: { orderServiceUrl: 'http://127.0.0.1:4010/api' },
  };

  it('keeps env base URLs, encodes every other value, keeps long values whole', () => {
    expect(renderDataUrl('{{env.orderServiceUrl}}/orders/{{slots.order_no}}', vars)).toBe('http://127.0.0.1:4010/api/orders/2026%2F..%2Fadmin');
    expect(Array.from(renderDataTemplate('{{slots.complaint}}', vars))).toHaveLength(Array.from('质量太差了！！！').length * 30);
    expect(renderDataTemplate('vip={{slots.vip}}', vars)).toBe('vip=true');
  });

  it('renderJson keeps types for a whole placeholder and uses defaults', () => {
    expect(renderJson({ photos: '{{slots.photos}}', note: '{{slots.skipped}}', missing: '{{slots.nope|无}}', text: '单号{{slots.order_no}}' }, vars)).toEqual({
      photos: ['https://img.example.com/a.jpg'],
      note: null,
      missing: '无',
      text: '单号2026/../admin',
    });
  });
});
