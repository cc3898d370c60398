/**
 * The anger tuning set (issue 9, second pass): customer messages written to DEVELOP the anger
 * cue detectors (emotion-cues.ts) on — one group per kind of cue, plus the lines that must not
 * become angry. It is a tuning set: its numbers say how well the detectors learned it, nothing
 * about how they generalise (that is round 6 in emotion-heldout.fixture.ts, written before the
 * detectors were run on it). Colloquial on purpose: typos, traditional characters, emoji, pinyin.
 */

/** Accusations of cheating or bad faith, in words the old lexicon did not list. */
export const TUNING_ACCUSATION: readonly string[] = [
  '你们就是骗子',
  '坑人啊这家店',
  '说好的退款呢',
  '又是这套说辞',
  '一个劲儿地忽悠我买，买完就不认了',
  '你们这就是在骗消费者的钱',
  '明明是你们发错了还赖我',
  '收钱的时候挺快，退钱就开始拖',
  '你們根本就沒打算退吧',
  '付款前说得天花乱坠，付完款就变脸',
  '答应给我补发的呢？？',
  '上次也是这么说的，结果呢',
  '别拿平台规则压我',
  '这单明显是你们的锅',
  '活动价一过就涨回去，套路玩得挺溜',
  '标的是纯棉结果是化纤，当我不识字？',
];

/** Sarcasm: praise or thanks for something bad. */
export const TUNING_SARCASM: readonly string[] = [
  '呵呵 真是好服务啊',
  '谢谢你们啊让我等了一个礼拜',
  '好一个七天无理由',
  '真是太感谢了，让我白跑三趟',
  '你们这效率，真是让人佩服',
  '服务真周到啊，周到到没人理我',
  '哇，这速度，蜗牛都笑了',
  '真棒，第二次收到碎的杯子了👏',
  '好家伙，一个快递走了半个月',
  '这售后做得可真“好”',
  '你们可真会做生意啊',
  '谢谢啊，又给我发了个错的',
  '牛啊，客服比顾客还横',
  '真是长本事了你们',
];

/** Rhetorical questions: a question that asserts, aimed at the shop. */
export const TUNING_RHETORICAL: readonly string[] = [
  '有你们这么做生意的吗',
  '凭什么不给退',
  '还要我等多久',
  '你们到底还想不想做了',
  '我买个东西容易吗',
  '难道要我自己去仓库拿吗',
  '这也叫新品？',
  '你们有没有搞错啊',
  '我都等了半个月了还想让我等到什么时候',
  '这是你们该说的话吗',
  '你们眼里还有没有顾客',
  '你们就不能负点责吗',
  '搞了半天还是没解决，你们是干嘛的',
  '咋回事啊，一个退款弄这么久？',
  '要我说几遍你们才明白',
  '你觉得这合理吗',
];

/** Insults and contempt, not only the listed swear words. */
export const TUNING_INSULT: readonly string[] = [
  '你们客服脑子是不是有问题',
  '一群废柴',
  '跟你说话真费劲',
  '什么垃圾机器人，屁用没有',
  '你能不能长点脑子',
  '真是一帮饭桶',
  '笨死了你',
  '滚吧，不想跟你废话',
  '你们这破店',
  '这么烂的东西也好意思卖',
  '智商税交得真心疼',
  '你是复读机吗',
];

/** Threats to go outside the conversation. */
export const TUNING_THREAT: readonly string[] = [
  '我要投诉你们',
  '再不处理我就打12315',
  '我会去网上曝光的',
  '给你们差评没商量',
  '我已经在找律师了',
  '明天就去消协',
  '不给个说法这事没完',
  '等着被投诉吧你们',
  '我去黑猫发帖',
  '我要找你们平台的人',
];

/** Feelings said out loud, impatience, shouting, repeated punctuation. */
export const TUNING_FEELING: readonly string[] = [
  '气死我了！！！',
  '我真的要疯了',
  '心态崩了，什么破事',
  '我快被你们逼疯了',
  '真的很火大',
  '退款退款退款！！！',
  '快点处理！！',
  '到底有没有人啊？？？',
  '我已经忍你们很久了',
  '别再让我等了',
  '烦死了天天发错',
  '太过分了吧😤',
  '搞什么飞机啊',
  '我要退货，马上，立刻',
];

export const TUNING_ANGRY: readonly string[] = [
  ...TUNING_ACCUSATION, ...TUNING_SARCASM, ...TUNING_RHETORICAL, ...TUNING_INSULT, ...TUNING_THREAT, ...TUNING_FEELING,
];

/** Polite disappointment: negative, never angry. */
export const TUNING_POLITE_NEGATIVE: readonly string[] = [
  '有点失望',
  '不太满意',
  '东西收到了，不过跟想的不太一样',
  '有点小遗憾，颜色偏深了',
  '物流有点慢哦',
  '质量一般般吧',
  '这次的体验不是很好',
  '衣服有点起球，有点可惜',
  '尺码偏小，穿着不太舒服',
  '等得有点久了',
];

/** Calm questions and neutral lines, including questions about how to complain. */
export const TUNING_NEUTRAL: readonly string[] = [
  '怎么投诉',
  '投诉电话是多少',
  '我想问一下退货流程',
  '你们怎么还没上新款',
  '为什么要收运费呢',
  '能不能帮我查一下快递',
  '凭证要上传到哪里',
  '请问可以开发票吗',
  '差评可以删除吗',
  '还要多久能到呀',
  '有没有大一码的',
  '这个是正品吗',
  '你们到底是哪里发货的呀',
  '我等你们上班再说',
  '退款几天能到账',
  '我朋友说你们家东西不错',
  '能便宜点吗老板',
  '凭什么条件可以领券',
  '快递员说放驿站了',
  '麻烦尽快帮我处理一下，谢谢',
];

/** Praise that looks like sarcasm but is not: no failure, nothing aimed at the shop. */
export const TUNING_POSITIVE: readonly string[] = [
  '真是太好了谢谢',
  '哇 这速度 太快了吧👍',
  '好家伙，昨天下单今天就到了',
  '客服小姐姐太有耐心了',
  '你们可真贴心，还送了小礼物',
  '谢谢你们啊，帮我找回了包裹',
  '效率真高，点赞',
  '呵呵呵好开心，东西很漂亮',
  '牛啊，一次就搞定了',
  '好的，辛苦了',
];

/** Sincere mixed feedback: praise, then 但是 / 不过 / 就是 and a complaint — at most negative, never sarcasm. */
export const TUNING_MIXED: readonly string[] = [
  '衣服挺好看的，就是发货慢了点',
  '质量不错，不过等了五天才到',
  '客服很耐心，但是快递实在太慢了',
  '东西很棒，只是包装坏了',
];

export const TUNING_NOT_ANGRY: readonly string[] = [...TUNING_POLITE_NEGATIVE, ...TUNING_NEUTRAL, ...TUNING_POSITIVE, ...TUNING_MIXED];
