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
    ['几天了还没到，太慢了！！', 'angry', ['negative:太慢', 'rule:waiting_time', 'rule:repeated_punctuation']],
    ['我要投訴你們', 'angry', ['threat:投诉']],
    ['再不处理我就打１２３１５', 'angry', ['threat:12315']],
    ['信不信我发微博曝光你们', 'angry', ['threat:曝光']],
    ['什么破玩意儿？？！！', 'angry', ['insult:什么破', 'rule:repeated_punctuation']],
    ['你们是騙子吧😡', 'angry', ['insult:骗子', 'insult:😡']],
    ['ＴＭＤ 简直垃圾', 'angry', ['insult:tmd', 'insult:简直+垃圾']],
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
