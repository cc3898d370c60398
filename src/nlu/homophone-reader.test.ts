import { describe, expect, it } from 'vitest';
import { HomophoneReader } from './homophone-reader.js';

const KB = ['七天无理由退货', '怎么开发票？', '发票怎么开具', '快递到哪了', '退货邮费谁出', '积分可以提现吗', '积分可以抵扣现金吗', '东西质量有问题', '退货有运费险吗'];

function reader(texts = KB): HomophoneReader {
  const r = new HomophoneReader();
  for (const t of texts) r.learn(t);
  return r;
}

describe('homophone typos read as the knowledge base writes them', () => {
  it.each([
    ['七天无礼由退货', '七天无理由退货'],
    ['快第到哪了', '快递到哪了'],
    ['发漂怎么开', '发票怎么开'],
  ])('%s → %s', (typed, read) => {
    expect(reader().read(typed)).toBe(read);
  });

  it.each([
    // 退货有 is written, but 货有费 is not: one run alone is chance, not a typo.
    ['退货邮费', '退货邮费'],
    // 提 reads ti first; its rarer di does not make it a homophone of 抵.
    ['积分可以抵现金吗', '积分可以抵现金吗'],
    // 东西质 is written, 西质来 / 质来了 are not.
    ['我的东西只来了一半', '我的东西只来了一半'],
    // The last character has one run around it: not enough to call it a typo.
    ['怎么开发漂', '怎么开发漂'],
    // Words the knowledge base never writes, with no homophone it does.
    ['袖子那里有个洞', '袖子那里有个洞'],
  ])('leaves %s alone', (typed, read) => {
    expect(reader().read(typed)).toBe(read);
  });

  it('reads nothing when two written runs would fit, or before anything is learnt', () => {
    expect(reader([...KB, '七天无例由退货']).read('七天无礼由退货')).toBe('七天无礼由退货');
    expect(new HomophoneReader().read('七天无礼由退货')).toBe('七天无礼由退货');
  });
});
