import { describe, expect, it } from 'vitest';
import { DEFAULT_EMOTION_OPTIONS, detectEmotion } from './emotion.js';
import type { EmotionLabel } from './types.js';

describe('detectEmotion', () => {
  it.each<[string, EmotionLabel, string[]]>([
    // message, expected label, cues that must be among those that fired
    ['谢谢亲，太好了👍', 'positive', ['positive:谢谢', 'positive:太好了', 'positive:👍']],
    ['非常满意，五星好评！', 'positive', ['positive:非常+满意']],
    ['質量不錯，客服也很耐心😊', 'positive', ['positive:不错', 'positive:😊']],
    ['没问题，那我等着', 'positive', ['positive:没问题']],
    ['不满意，和图片差太多了', 'negative', ['negation:不+满意']],
    ['一点也不满意', 'negative', ['negation:一点也不+满意']],
    ['说实话有点失望😞', 'negative', ['negative:失望', 'negative:😞']],
    ['都三天了还没发货？？', 'negative', ['rule:waiting_time', 'rule:repeated_punctuation']],
    ['等了一个星期了，到底什么时候到', 'negative', ['rule:waiting_time']],
    ['好幾天了還沒到', 'negative', ['rule:waiting_time']],
    // any act drawn out, said with the second 了; a wait of weeks announced (not 等几天, a question)
    ['审核了一个礼拜了', 'negative', ['rule:waiting_time']],
    ['说是要等两个月', 'negative', ['rule:waiting_time']],
    ['一般要等几天', 'neutral', []],
    ['几天了还没到，太慢了！！', 'angry', ['negative:太慢', 'rule:waiting_time', 'rule:repeated_punctuation']],
    ['我要投訴你們', 'angry', ['threat:投诉']],
    ['再不处理我就打１２３１５', 'angry', ['threat:12315']],
    ['信不信我发微博曝光你们', 'angry', ['threat:曝光']],
    ['什么破玩意儿？？！！', 'angry', ['insult:什么破', 'rule:repeated_punctuation']],
    ['你们是騙子吧😡', 'angry', ['insult:骗子', 'insult:😡']],
    ['ＴＭＤ 简直垃圾', 'angry', ['insult:tmd', 'insult:简直+垃圾']],
    // accusations, sarcasm, contempt and threats that are not shouting (issue 9)
    ['你们这就是欺诈消费者', 'angry', ['accusation:欺诈']],
    ['虛假宣傳，跟详情页说的不一样', 'angry', ['accusation:虚假宣传']],
    ['这不是骗钱吗', 'angry', ['rule:rhetorical_question+骗钱']],
    // the negation takes the insult away; the learned model still reads the worry in it (negative)
    ['你们不是骗子吧', 'negative', ['negation:不+骗子']],
    ['呵呵，客服效率真高', 'angry', ['sarcasm:呵呵']],
    ['我真服了这个物流', 'angry', ['rule:sarcasm']],
    ['太棒了，快递又没动', 'angry', ['sarcasm:太+棒']],
    ['好一个正品保障', 'angry', ['rule:sarcasm']],
    ['发个货磨磨唧唧的🙄', 'angry', ['sarcasm:🙄']],
    ['什么破客服，白痴一样', 'angry', ['insult:什么破', 'insult:白痴']],
    ['垃圾客服', 'angry', ['insult:垃圾']],
    ['laji 店铺', 'angry', ['insult:laji']],
    ['再拖下去我就申请平台介入', 'angry', ['threat:平台介入']],
    ['以后再也不买你们家了', 'angry', ['churn:再也不买']],
    ['真的很生气，处理一下', 'angry', ['anger:很+生气']],
    ['催了三次还不发货', 'negative', ['rule:again_and_again']],
    ['给我个说法', 'angry', ['rule:demand']],
    ['收到的杯子是坏的', 'negative', ['failure:坏的']],
    ['杯子坏了😡', 'angry', ['failure:坏了', 'insult:😡']],
    ['空气炸锅有几升的', 'neutral', []],
    ['我要取消协议', 'neutral', []],
    ['这是韭菜盒子吗', 'neutral', []],
    ['订单被拆成了好几个包裹', 'neutral', []],
    ['今天不给我处理好我就不走了', 'angry', ['rule:ultimatum']],
    ['不行的话我就去门店自提', 'negative', ['negative:不行']],
    // calm questions about a complaint procedure are negative, not angry (docs/emotion.md)
    ['请问投诉电话是多少', 'negative', ['procedure:投诉']],
    ['我想投诉一下配送员', 'negative', ['procedure:投诉']],
    ['怎么给差评', 'negative', ['procedure:差评']],
    ['我要投诉你们', 'angry', ['threat:投诉']],
    // the words, innocently
    ['相机自动曝光怎么关', 'neutral', []],
    ['接到诈骗短信说我订单异常', 'neutral', []],
    ['这件制服了解一下', 'neutral', []],
    ['等了好一个月终于到了', 'negative', ['rule:waiting_time']],
    ['太好了，还没发货可以改地址', 'neutral', ['positive:太好了']],
    ['一星期能到吗', 'neutral', []],
    ['不着急，慢慢来', 'neutral', ['negation:不+着急']],
    ['我买的滚筒洗衣机怎么用', 'neutral', []],
    ['買了兩包垃圾袋，什么时候发货', 'neutral', []],
    ['不好意思，问一下usb线多少钱', 'neutral', []],
    ['在吗', 'neutral', []],
    ['订单号2026111100001234 查下物流', 'neutral', []],
  ])('%s → %s', (message, expected, cues) => {
    const emotion = detectEmotion(message);
    expect(emotion.label).toBe(expected);
    expect(emotion.cues).toEqual(expect.arrayContaining(cues));
    if (expected === 'neutral') expect(emotion.score).toBe(0);
    else expect(emotion.score).toBeGreaterThan(0);
    expect(emotion.score).toBeLessThanOrEqual(1);
  });

  it.each<[string, string]>([
    // stronger message first: intensifiers and repeated punctuation raise the score
    ['太慢了', '慢'],
    ['真的太失望了', '失望'],
    ['垃圾！！！', '垃圾'],
    ['非常满意', '满意'],
  ])('%s scores higher than %s', (strong, weak) => {
    expect(detectEmotion(strong).score).toBeGreaterThan(detectEmotion(weak).score);
  });

  it('never scores 1, so angerHandoffScore 1 means never hand over for anger', () => {
    expect(detectEmotion('垃圾骗子黑店！！再不退钱我就投诉到12315，曝光你们，律师函等着吧😡🤬').score).toBeLessThan(1);
  });

  it('a reported failure adds nothing to a message that already shows emotion', () => {
    expect(detectEmotion('杯子坏了😡').score).toBe(detectEmotion('杯子😡').score);
  });

  it('a complaint threat alone reaches the default hand-off score of 0.8', () => {
    expect(detectEmotion('我要投诉').score).toBeGreaterThanOrEqual(0.8);
    expect(detectEmotion('垃圾').score).toBeLessThan(0.8);
  });

  it('lets an operator add words and tune weights', () => {
    expect(detectEmotion('你们太坑了吧老铁').label).toBe('negative');
    expect(detectEmotion('发货像蜗牛').label).toBe('neutral');
    expect(detectEmotion('发货像蜗牛', { extraWords: { negative: ['蜗牛'] } }).label).toBe('negative');
    const calm = detectEmotion('我要投诉', { weights: { ...DEFAULT_EMOTION_OPTIONS.weights, threat: 0.3 }, angryMinimum: 1 });
    expect(calm.label).toBe('negative');
  });
});
