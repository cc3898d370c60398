import { describe, expect, it } from 'vitest';
import { saysNotHelped } from './not-helped.js';

describe('saysNotHelped', () => {
  it.each(['没用', '没用啊😤', '还是不行', '不是这个', '不是我要问的', '你说的不对', '答非所问！！', '沒有用', '還是不行啊', '不对不对', 'that didn’t help', "that's wrong", 'not what I asked'])(
    'hears %s as “that didn’t help”',
    (text) => expect(saysNotHelped(text)).toBe(true),
  );

  it.each(['没用过优惠券怎么领', '优惠券没用完能退吗', '发票怎么开', '不是本人签收的快递怎么办呀，快递员放门口了', '好的谢谢', '转人工', ''])(
    'leaves %s to be understood as usual',
    (text) => expect(saysNotHelped(text)).toBe(false),
  );
});
