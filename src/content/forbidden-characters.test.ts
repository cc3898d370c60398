import { describe, expect, it } from 'vitest';
import { isWenduError } from '../errors/index.js';
import { parseImportFile } from '../kb/import.js';
import { normalizeSynonymTerms } from '../kb/synonyms.js';
import { Segmenter } from '../nlu/segment.js';
import { acceptPayload, acceptText, forbiddenCharacterIn, MAX_PAYLOAD_DEPTH } from './forbidden-characters.js';

function refusal(fn: () => unknown): { code: string; details: unknown } {
  try {
    fn();
  } catch (err) {
    if (isWenduError(err)) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('not refused');
}

describe('forbidden characters', () => {
  it.each([
    ['NUL', '快递\u0000到哪了', 'U+0000'],
    ['SOH', '退货\u0001', 'U+0001'],
    ['ESC', '\u001b[31m红色', 'U+001B'],
    ['DEL', '发票\u007f', 'U+007F'],
    ['RLO', '链接\u202Egpj.exe', 'U+202E'],
    ['LRE', '\u202A地址', 'U+202A'],
    ['FSI', '\u2068订单', 'U+2068'],
    ['PDI', '订单\u2069', 'U+2069'],
  ])('finds %s', (_name, text, label) => {
    expect(forbiddenCharacterIn(text)).toBe(label);
  });

  it('lets real customer text through: Chinese, emoji, tabs, newlines, typos', () => {
    for (const text of ['发漂怎么开😭', '在吗？？？\n急急急', '订单号：\t202611110001234567', '买的鞋不合适咋退 👟']) {
      expect(forbiddenCharacterIn(text)).toBeNull();
      expect(acceptText(text, 'text')).toBe(text);
    }
  });

  it('turns CRLF and a lone CR into LF', () => {
    expect(acceptText('第一行\r\n第二行\r第三行', 'text')).toBe('第一行\n第二行\n第三行');
  });

  it('walks a payload, keys included, naming the path and never the text', () => {
    const payload = { profile: { name: '小王', tags: ['VIP', `老客户\u0000`] } };
    expect(refusal(() => acceptPayload(payload, 'payload'))).toEqual({
      code: 'WENDU_TEXT_INVALID',
      details: { path: 'payload.profile.tags.1', character: 'U+0000', inKey: false },
    });
    expect(refusal(() => acceptPayload({ profile: { 'na\u202Eme': '小王' } }, 'body'))).toEqual({
      code: 'WENDU_TEXT_INVALID',
      details: { path: 'body.profile', character: 'U+202E', inKey: true },
    });
  });

  it('normalises newlines in place throughout a payload', () => {
    const payload = { answer: [{ type: 'text', text: '您好\r\n请稍等' }] };
    acceptPayload(payload, 'body');
    expect(payload.answer[0].text).toBe('您好\n请稍等');
  });

  it('refuses payloads nested past MAX_PAYLOAD_DEPTH without overflowing the stack', () => {
    let deep: unknown = '底';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(() => acceptPayload(deep, 'payload')).code).toBe('WENDU_JSON_TOO_DEEP');
    let allowed: unknown = '底';
    for (let i = 0; i < MAX_PAYLOAD_DEPTH; i++) allowed = [allowed];
    expect(acceptPayload(allowed, 'payload')).toBe(allowed);
  });
});

describe('synonym terms and user words with control characters', () => {
  it('refuses a synonym term with a control or bidi character', () => {
    expect(refusal(() => normalizeSynonymTerms(['发票', '发漂\u0000']))).toMatchObject({ code: 'WENDU_TEXT_INVALID', details: { path: 'terms.1' } });
    expect(refusal(() => normalizeSynonymTerms(['\u202E票发', '发票']))).toMatchObject({ code: 'WENDU_TEXT_INVALID', details: { path: 'terms.0' } });
    expect(normalizeSynonymTerms(['发票', ' 发漂 ', '开票'])).toEqual(['发票', '发漂', '开票']);
  });

  it('never teaches the segmenter a word with a control character', () => {
    const segmenter = new Segmenter();
    expect(segmenter.addUserWords(['七天无理由', '保价\u0001服务', '\u2066运费险'])).toBe(1);
  });

  it('reports imported cells with control characters as row errors, writing nothing', async () => {
    const csv = Buffer.from('question,answer,tags\n发票怎么开,在订单页申请,发票\n运费谁出\u0000,卖家出,运费\n怎么退货,七天无理由,"退货,\u202E售后"\n', 'utf8');
    const { rows, errors } = await parseImportFile(csv, 'csv');
    expect(rows.map((r) => r.question)).toEqual(['发票怎么开']);
    expect(errors).toEqual([
      expect.objectContaining({ row: 3, column: 'question', reason: expect.stringContaining('U+0000') }),
      expect.objectContaining({ row: 4, column: 'tags', reason: expect.stringContaining('U+202E') }),
    ]);
  });
});
