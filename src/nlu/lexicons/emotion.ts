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
  '搞什么', '到底', '什么情况', '问东答西',
  // an agent who does not help: 一问三不知, 半天不回
  '一问三不知', '半天不回', '不回消息', '没人回', '没人理', '爱答不理', '图文不符', '与描述不符',
  '实物不符', '走点心', '用点心', '上点心', '复制粘贴', '复读机', '车轱辘话', '浪费我时间',
  '浪费时间', '白跑', '白等', '就不管了',
  // plain bad verdicts on the shop or the service (很烂, 太差了, 过分)
  '烂', '太差', '很差', '真差', '好差', '过分', '难看', '寒心', '心寒', '气人', '闹心', '糟心',
  '假的', '假货', '真累', '好累', '太累', '后悔', '早知道就不', '讲不通', '说不通', '没法沟通',
  '沟通不了',
  // polite disappointment (有点遗憾, 一般般, 不太一样): negative, never angry
  '遗憾', '可惜', '一般般', '吃亏',
  // internet slang and English (栓Q = "thank you" said through the teeth; whole words for Latin)
  '栓q', '离大谱', '破防', '人傻了', '无语子', 'disappointing', 'disappointed', 'terrible', 'awful', 'ridiculous',
  'unacceptable', 'worst', 'useless', '不太一样', '不太舒服', '不太合适', '不太理想', '不是很好',
];

/**
 * A reported failure of the goods or the order (发错, 次品, 坏了). A fact, not a feeling: it makes
 * an otherwise calm message negative (the reply opens with an apology), but adds nothing to a
 * message that already shows emotion — 买的东西坏了😡 is exactly as angry as 😡.
 */
export const FAILURE_WORDS: readonly string[] = [
  '发错', '错发', '少发', '漏发', '破损', '坏的', '坏了', '次品', '残次', '瑕疵', '质量问题',
  '漏水', '碎的', '碎了', '拆过', '二手', '翻新', '空盒', '散架', '开裂', '断了', '脱胶', '掉漆',
];

/** Insults and swearing: hostility towards the shop or the agent. */
export const INSULT_WORDS: readonly string[] = [
  '垃圾', '骗子', '骗人', '什么破', '破玩意', '破东西', '滚', 'tmd', '妈的', '他妈', '尼玛',
  '你妈', 'nmd', 'cnm', '傻逼', 'sb', '智障', '脑残', '废物', '坑爹', '黑店', '恶心',
  '气死', '去死', '无耻', '忽悠', '坑人', '混蛋', '王八蛋', 'wtf', '狗屎',
  // contempt for the agent or the shop (什么鬼客服, 说人话)
  '什么鬼', '什么玩意', '啥玩意', '狗屁', '放屁', '弱智', '白痴', '蠢货', '蠢', '猪脑子',
  '脑子有病', '脑子进水', '有病吧', '你有病', '神经病', '饭桶', '吃屎', '去你的', '去你妈',
  '草泥马', '说人话', '听不懂人话', '装傻', '装死',
  // insults typed in pinyin or as internet abbreviations (whole words only)
  'tm', 'what the hell', 'laji', 'la ji', 'pianzi', 'pian zi', 'shabi', 'zhizhang', 'heidian', 'nmsl', 'wcnm',
];

/**
 * Accusations of cheating or bad faith (你们就是骗子, 虚假宣传): as hostile as an insult, even
 * when politely worded — a customer who believes they were cheated is angry.
 */
export const ACCUSATION_WORDS: readonly string[] = [
  '欺诈', '诈骗', '欺骗', '骗钱', '骗局', '虚假宣传', '虚假广告', '卖假货', '黑心', '奸商',
  '坑钱', '割韭菜', '以次充好', '霸王条款', '强买强卖', '店大欺客', '糊弄', '耍我', '耍人',
  '欺负人', '欺负消费者', '推卸责任', '踢皮球', '睁眼说瞎话', '不要脸', '没良心',
  '有没有良心', '故意的', '不讲理', '没诚信', '不讲诚信', '全是套路', '套路太深',
  '挂羊头卖狗肉', '货不对板', '货不对版', '偷工减料', '缺斤少两', '以假乱真', '良心不会痛',
  '良心被狗吃', '抢劫', '智商税', '变相', '说得好听', '对牛弹琴', '傻了吧唧', '明抢', '不负责任', '不作为', '拿钱不办事', '没脑子',
  '翻脸不认人', '不认账', '无良', 'scam',
];

/** A customer saying they are angry (火大, 受够了): angry by their own word. */
export const ANGER_WORDS: readonly string[] = [
  '火大', '恼火', '生气', '愤怒', '受够了', '受不鸟', '忍无可忍', '气炸', '气疯', '窝火', '憋屈', '受气',
];

/**
 * Sarcasm that a word list can catch (呵呵, 真行). Praise that is sarcastic only in context
 * (太棒了，又没到) and the 服了 / 好一个… patterns are rules in emotion.ts.
 */
export const SARCASM_WORDS: readonly string[] = [
  '呵呵', '真行', '真有你的', '干得漂亮', '佩服佩服', '谢谢你全家', '谢谢你们全家', '真是谢谢',
];

/**
 * Praise words that turn sarcastic when the same message reports a failure (太棒了，又没到;
 * 厉害了，第三次发错): counted as sarcasm instead of praise, see IRONY_FAILURE in emotion.ts.
 */
export const IRONIC_PRAISE_WORDS: readonly string[] = [
  '太好了', '真好', '棒', '厉害', '不错', '给力', '完美', '专业', '靠谱', '感人',
];

/**
 * A customer announcing they are leaving for good (再也不买了): not a threat to escalate, but
 * angrier than disappointment.
 */
export const CHURN_WORDS: readonly string[] = [
  '再也不买', '再也不来', '再也不会买', '再也不会来', '再也不在', '不会再买', '不会再来',
  '最后一次买', '永不回购', '拉黑', '取关',
];

/** Threats to escalate outside the conversation: the customer is angry by definition. */
export const THREAT_WORDS: readonly string[] = [
  '投诉', '12315', '曝光', '差评', '举报', '消协', '消费者协会', '工商局', '市场监管',
  '报警', '起诉', '律师', '媒体', '黑猫', '退钱', '赔钱',
  '315晚会', '打315', '法院', '仲裁', '官司', '维权', '平台介入', '小二介入', '一星', '一颗星', '追究', '市场监督',
  '申诉', 'tousu', 'tou su', 'jubao', 'ju bao',
];

/**
 * Everyday compounds that contain a lexicon word but carry no emotion; they are masked
 * before matching (滚筒洗衣机 is a product, 垃圾袋 is a thing you buy).
 */
export const NEUTRAL_COMPOUNDS: readonly string[] = [
  '滚筒', '滚动', '滚轮', '滚珠', '垃圾袋', '垃圾桶', '垃圾分类', '垃圾处理', '垃圾篓',
  '恶心想吐', '坑位', '不坑', '赞助', '棒球', '棒棒糖', '冰棒', '烦请', '到底部',
  '谢谢你的耐心', '急救', '不好意思', '好不好', '行不行', '到底多少', '差评返现', '好评返现',
  // fraud the customer asks about, not fraud they accuse the shop of (接到诈骗电话怎么办)
  '诈骗电话', '诈骗短信', '诈骗信息', '防诈', '反诈', '防骗', '骗子短信', '骗子电话',
  // cameras, media players and alarms are products (相机曝光补偿, 多媒体, 烟雾报警器)
  '曝光补偿', '曝光度', '曝光时间', '自动曝光', '长曝光', '曝光模式', '多媒体', '流媒体',
  '媒体播放', '报警器', '报警灯', '报警功能', '防盗报警',
  // the shop's stock phrase quoted back (让我耐心等待), not praise of anyone's patience
  '耐心等待', '耐心等候',
  // laughter, not the sarcastic 呵呵 (呵呵呵好开心)
  '呵呵呵',
  // 取消协议 is not 消协 (the consumers' association)
  '取消协议',
  '废物利用', '蠢蠢欲动', '一星期', '被拉黑', '真的假的', '请假', '假的吗', '烂番茄', '空气炸锅', '气炸锅',
];

/** Positive emoji (skin tones and variation selectors are stripped before lookup). */
export const POSITIVE_EMOJI: readonly string[] = [
  '👍', '😊', '😄', '😁', '😀', '😃', '🥰', '😍', '❤', '💕', '👏', '🙏', '🌹', '💯', '✨', '🎉', '😘',
];

export const NEGATIVE_EMOJI: readonly string[] = [
  '😭', '😞', '😢', '😔', '😟', '🙁', '☹', '😩', '😫', '😰', '😥', '💔', '😓', '🤦', '😒',
];

export const ANGRY_EMOJI: readonly string[] = ['😡', '🤬', '😠', '👿', '💢', '🖕', '😤', '🤮'];

/**
 * Eye-roll, upside-down smile and the slight smile 🙂 (微笑, which Chinese chat reads as a cold,
 * contemptuous smile): irony, counted as sarcasm.
 */
export const SARCASM_EMOJI: readonly string[] = ['🙄', '🙃', '🙂'];

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
