/**
 * The anger cue detectors (emotion-cues.ts) on the tuning set they were developed on
 * (emotion-tuning.fixture.ts): every kind of angry line reads angry or negative, polite
 * disappointment reads negative, and calm questions, real praise and mixed feedback never read
 * angry. These are tuning numbers (the learned detector trains on these lines too); the held-out
 * number is round 9 in emotion-heldout.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { detectEmotion } from './emotion.js';
import { CUE_DETECTORS, detectCues } from './emotion-cues.js';
import {
  TUNING_ACCUSATION, TUNING_B_ANGRY, TUNING_B_NOT_ANGRY, TUNING_C_ANGRY, TUNING_C_NOT_ANGRY, TUNING_D_ANGRY, TUNING_D_NOT_ANGRY, TUNING_FEELING, TUNING_INSULT, TUNING_MIXED, TUNING_NEUTRAL, TUNING_POLITE_NEGATIVE, TUNING_POSITIVE,
  TUNING_RHETORICAL, TUNING_SARCASM, TUNING_THREAT,
} from './emotion-tuning.fixture.js';
import { toSimplifiedHalfWidth } from './text-basics.js';

describe('anger cues on the tuning set', () => {
  it.each([
    ...TUNING_ACCUSATION, ...TUNING_SARCASM, ...TUNING_RHETORICAL, ...TUNING_INSULT, ...TUNING_THREAT, ...TUNING_FEELING,
  ])('%s reads angry or negative', (message) => {
    expect(['angry', 'negative']).toContain(detectEmotion(message).label);
  });

  it.each(TUNING_POLITE_NEGATIVE)('%s is negative, not angry', (message) => {
    expect(detectEmotion(message).label).toBe('negative');
  });

  it.each([...TUNING_NEUTRAL, ...TUNING_MIXED])('%s is not angry', (message) => {
    expect(detectEmotion(message).label).not.toBe('angry');
  });

  it.each(TUNING_POSITIVE)('%s is not read as unhappy', (message) => {
    expect(['neutral', 'positive']).toContain(detectEmotion(message).label);
  });
});

/**
 * The third batch after tuning: 46 of 50. The four misses are Shanghainese (侬哪能噶做生意额), a
 * simile (跟开盲盒一样), the shop's words thrown back (图片仅供参考是吧？) and 気 written the
 * Japanese way — no rule generalises from one line of each.
 */
const TUNING_C_TUNED_UPSET = 46;
/**
 * The fourth batch, run once before tuning on it (2026-11-30, after round 7 was tuned on): 21 of 30
 * angry lines angry or negative, 15 of 15 calm lines not angry; after tuning 29 of 30 (the miss,
 * 图片仅供参考是吧？那你们卖的是图片？, throws the shop's own words back — no rule generalises from it).
 */
const TUNING_D_TUNED_UPSET = 29;

describe('the later tuning batches (each was run once before it was tuned on)', () => {
  it('second batch: every angry line reads angry or negative, no calm one angry', () => {
    expect(TUNING_B_ANGRY.filter((m) => ['angry', 'negative'].includes(detectEmotion(m).label))).toEqual(TUNING_B_ANGRY);
    expect(TUNING_B_NOT_ANGRY.filter((m) => detectEmotion(m).label === 'angry')).toEqual([]);
  });

  it('third batch: angry lines read angry or negative as measured, no calm one angry', () => {
    const upset = TUNING_C_ANGRY.filter((m) => ['angry', 'negative'].includes(detectEmotion(m).label));
    expect(upset.length).toBeGreaterThanOrEqual(TUNING_C_TUNED_UPSET);
    expect(TUNING_C_NOT_ANGRY.filter((m) => detectEmotion(m).label === 'angry')).toEqual([]);
  });
});

describe('the fourth tuning batch', () => {
  it('angry lines read angry or negative as measured after tuning, no calm one angry', () => {
    const upset = TUNING_D_ANGRY.filter((m) => ['angry', 'negative'].includes(detectEmotion(m).label));
    expect(upset.length).toBeGreaterThanOrEqual(TUNING_D_TUNED_UPSET);
    expect(TUNING_D_NOT_ANGRY.filter((m) => detectEmotion(m).label === 'angry')).toEqual([]);
  });
});

describe('each kind of cue', () => {
  it.each<[keyof typeof CUE_DETECTORS, string, string]>([
    // kind, a line it must catch, the cue that catches it
    ['accusation', '你们分明就是在拖时间', 'bad_faith_claim'],
    ['accusation', '下单的时候说现货，付完钱就说要等', 'two_faces'],
    ['sarcasm', '谢谢您嘞，害我白等一下午', 'thanks_for_harm'],
    ['sarcasm', '这物流可真“快”', 'scare_quotes'],
    ['rhetorical', '还要我跑几趟', 'how_long_still'],
    ['rhetorical', '这也叫正品？', 'call_this'],
    ['insult', '一帮吃干饭的', 'gang'],
    ['insult', '你们这破平台', 'shabby'],
    ['threat', '我要找你们总部', 'threat'],
    ['feeling', '真的快崩溃了', 'losing_it'],
    ['shouting', '发货发货发货', 'shouting'],
    ['shouting', '退！钱！啊！', 'shouting'],
    ['complaint', '鞋子有点挤脚，偏小', 'mild_complaint'],
    // complaint structure (issue 9, third pass)
    ['accusation', '结账的时候为什么不提要加钱', 'two_faces'],
    ['accusation', '我的包裹被你们弄丢了', 'blame'],
    ['accusation', '这是玩我吧', 'made_a_fool'],
    ['accusation', '你们的底线呢', 'bad_faith'],
    ['sarcasm', '好样的，第二次发错了', 'ironic_opener'],
    ['rhetorical', '换成你们会满意吗', 'would_you'],
    ['rhetorical', '还讲不讲道理了', 'would_you'],
    ['rhetorical', '该不会是故意拖着吧', 'suspicion'],
    ['rhetorical', '我花钱是来受气的吗', 'not_easy'],
    ['insult', '客服都去度假了吗', 'idle'],
    ['threat', '那就法庭见吧', 'threat'],
    ['threat', '以后再也不碰你们这个牌子', 'churn'],
    ['feeling', '真把我气哭了', 'anger_held'],
    ['shouting', '退！款！', 'shouting'],
    ['complaint', '都签收了还显示未发货', 'already_yet'],
    ['complaint', '老是说在处理', 'persistent'],
    ['complaint', '查个物流都这么难', 'small_errand'],
    ['complaint', '是我用过最烂的', 'bad_verdict'],
  ])('%s: %s → rule:%s', (kind, message, name) => {
    expect(CUE_DETECTORS[kind].some((d) => d.name === name)).toBe(true);
    expect(detectEmotion(message).cues).toContain(`rule:${name}`);
  });

  it.each([
    '哈哈哈哈哈哈', '好的好的好的', '谢谢谢谢谢谢', '嗯嗯嗯', '这个按钮是干嘛的', '突破记录了', '打破砂锅问到底',
    '还要多久能到', '难道', '有一群人在排队', '东西很好，谢谢你们让我省心了',
    '没关系，并不是你们的错',
    '还能不能用优惠券', '还借不借得了款的', '良心商家，诚信经营', '被你们的服务感动了', '可以啊，没问题',
    '今天天气死热', '你们到底是哪里发货的呀',
  ])('%s sets off no anger cue', (message) => {
    const scan = toSimplifiedHalfWidth(message).toLowerCase();
    expect(detectCues(scan).filter((c) => c.weight !== 'negative')).toEqual([]);
  });
});
