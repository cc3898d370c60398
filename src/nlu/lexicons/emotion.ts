/**
 * The emotion lexicon (see docs/emotion.md). Words are written simplified, half-width and
 * lower-case — the detector normalises the message the same way, so 謝謝 and ＴＭＤ match too.
 * Each category has a default weight in emotion.ts; an operator can add words per bot.
 */

/** Thanks, praise, satisfaction. */
export const POSITIVE_WORDS: readonly string[] = [
  '谢谢', '感谢', '多谢', '谢啦', '3q', 'thx', 'thanks', 'thank you',
  '太好了', '真好', '很好', '挺好', '好评', '五星', '满意', '赞', '点赞', '棒', '给力',
  '不错', '没问题', '靠谱', '专业', '贴心', '耐心', '辛苦了', '辛苦', '开心', '高兴',
  '喜欢', '完美', '厉害', '好用', 'nice', 'good',
];

/** Disappointment, worry, impatience — unhappy but not (yet) hostile. */
export const NEGATIVE_WORDS: readonly string[] = [
  '失望', '难过', '伤心', '着急', '急死', '急用', '怎么还没', '怎么还不', '还没到', '还没发',
  '太慢', '好慢', '慢死', '烦', '郁闷', '无语', '崩溃', '心累', '糟糕', '差劲', '坑',
  '不行', '不好', '没用', '不靠谱', '答非所问', '听不懂', '敷衍', '不像话', '离谱', '委屈',
  '搞什么', '到底', '什么情况',
];

/** Insults and swearing: hostility towards the shop or the agent. */
export const INSULT_WORDS: readonly string[] = [
  '垃圾', '骗子', '骗人', '什么破', '破玩意', '破东西', '滚', 'tmd', '妈的', '他妈', '尼玛',
  '你妈', 'nmd', 'cnm', '傻逼', 'sb', '智障', '脑残', '废物', '坑爹', '黑店', '恶心',
  '气死', '去死', '无耻', '忽悠', '坑人', '混蛋', '王八蛋', 'wtf', '狗屎',
];

/** Threats to escalate outside the conversation: the customer is angry by definition. */
export const THREAT_WORDS: readonly string[] = [
  '投诉', '12315', '曝光', '差评', '举报', '消协', '消费者协会', '工商局', '市场监管',
  '报警', '起诉', '律师', '媒体', '黑猫', '退钱', '赔钱',
];

/**
 * Everyday compounds that contain a lexicon word but carry no emotion; they are masked
 * before matching (滚筒洗衣机 is a product, 垃圾袋 is a thing you buy).
 */
export const NEUTRAL_COMPOUNDS: readonly string[] = [
  '滚筒', '滚动', '滚轮', '滚珠', '垃圾袋', '垃圾桶', '垃圾分类', '垃圾处理', '垃圾篓',
  '恶心想吐', '坑位', '不坑', '赞助', '棒球', '棒棒糖', '冰棒', '烦请', '到底部',
  '谢谢你的耐心', '急救', '不好意思', '好不好', '行不行', '到底多少', '差评返现', '好评返现',
];

/** Positive emoji (skin tones and variation selectors are stripped before lookup). */
export const POSITIVE_EMOJI: readonly string[] = [
  '👍', '😊', '😄', '😁', '😀', '🙂', '😃', '🥰', '😍', '❤', '💕', '👏', '🙏', '🌹', '💯', '✨', '🎉', '😘',
];

export const NEGATIVE_EMOJI: readonly string[] = [
  '😭', '😞', '😢', '😔', '😟', '🙁', '☹', '😩', '😫', '😰', '😥', '💔', '😓', '🤦', '😒', '🙄',
];

export const ANGRY_EMOJI: readonly string[] = ['😡', '🤬', '😠', '👿', '💢', '🖕', '😤'];

/** Words that strengthen the emotion word right after them: 太慢, 非常满意, 简直垃圾. */
export const INTENSIFIERS: readonly string[] = [
  '太', '非常', '真的', '真是', '简直', '特别', '超级', '超', '十分', '极其', '实在', '好', '很', '真',
];

/**
 * Words that turn a following emotion word around: 不满意 (negative), 不着急 (calm).
 * Longest first so 一点也不 wins over 不.
 */
export const NEGATORS: readonly string[] = [
  '一点也不', '一点都不', '并不', '并没有', '不太', '不是很', '没有', '不够', '不', '没', '别', '未',
];
