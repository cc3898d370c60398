/**
 * The anger tuning set (issue 9, second pass): customer messages written to DEVELOP the anger
 * cue detectors (emotion-cues.ts) on — one group per kind of cue, plus the lines that must not
 * become angry. It is a tuning set: its numbers say how well the detectors learned it, nothing
 * about how they generalise (that is the latest round in emotion-heldout.fixture.ts, written
 * before the detectors were run on it). Colloquial on purpose: typos, traditional characters, emoji, pinyin.
 * It is also training data of the learned upset detector (scripts/train-emotion-model.ts).
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

/**
 * Second tuning batch, written after the detectors above were built and run on it once before
 * being tuned (13 of 40 angry or negative, 0 of 30 false angry at that first run) — so the gap
 * between the first batch and this one's first run shows how much the detectors had memorised.
 */
export const TUNING_B_ANGRY: readonly string[] = [
  '你们这客服就是个摆设加复读机',
  '订单显示签收了，我连个影子都没看到，你们倒是给我解释解释',
  '换货换了三次都不对，你们仓库是闭着眼睛发货吗',
  '你们的承诺一文不值',
  '我算是看明白了，你们就是不想退',
  '别跟我说什么系统问题',
  '每次都让我耐心等待，等到猴年马月',
  '说是顺丰结果发的邮政，你们这是偷梁换柱',
  '一个破耳机卖三百，还是坏的',
  '我对你们太失望了，简直无法形容',
  '什么叫你们也没办法？那我买的东西找谁',
  '工作日三天内处理？这都一个礼拜了',
  '还好意思叫我亲',
  '我没时间陪你们耗',
  '谁家售后是这么干的',
  '你们的物流是去火星转了一圈吗',
  '花钱买气受',
  '我现在一肚子火',
  '不用跟我道歉，我要的是解决',
  '你们这规定谁定的，站出来',
  '我要求你们今天必须给我答复',
  '麻烦你们有点职业素养好吗',
  '你们怎么能这样对待顾客',
  '这么大的店就这水准',
  '上当了，彻底上当了',
  '行，你们牛，我惹不起',
  '呵呵，你们开心就好',
  '感谢贵店给我上了一课',
  '这质量，送人都嫌丢人',
  '听你们的鬼话还不如信我家狗',
  '再这样下去我真的要报警了',
  '这笔账我记下了',
  '我会让身边所有人都别来你们家',
  '把你们经理叫出来，别让机器人糊弄我',
  '你们有完没完',
  '到底谁来负责？？',
  '我TM等了你们一整天',
  '這服務真的爛透了',
  'wo yao tousu nimen',
  '拜托，能不能有点效率',
];

export const TUNING_B_NOT_ANGRY: readonly string[] = [
  '请问这个衣服会掉色吗',
  '为什么我的订单被取消了',
  '能不能帮我看一下物流到哪了',
  '东西不错，孩子很喜欢',
  '我想要一个解释，为什么运费这么贵',
  '麻烦帮我登记一下退货',
  '我今天有点忙，明天再说吧',
  '你们的规定是怎么样的',
  '哪个快递比较快',
  '要是不合适可以换吗',
  '售后找谁比较快',
  '我不急，慢慢来',
  '你们真会选颜色，好看',
  '店铺评分好高啊',
  '谢谢啦，辛苦你们了',
  '有点贵，有优惠吗',
  '我想投诉快递员，怎么弄',
  '这个耳机有降噪吗',
  '你们经理说可以给我优惠',
  '第一次在你们家买，有点紧张',
  '订单号发你了',
  '到底选哪个好呢，纠结',
  '等了一会儿，终于到了',
  '上次买的很满意，所以又来了',
  '我想退掉一件，另一件留着',
  '收到了，比图片还好看',
  '能帮我备注一下要礼盒吗',
  '包裹里少了说明书，能补一份吗',
  '我还以为要等很久，没想到这么快',
  '我家狗狗很喜欢这个玩具',
];

/**
 * Third tuning batch, written after the second batch and round 5 were tuned on, run once before
 * tuning (first run in docs/emotion.md): internet slang, dialect, older customers, mixed English.
 */
export const TUNING_C_ANGRY: readonly string[] = [
  '栓Q了家人们，快递又丢了',
  '真的会栓q',
  '离大谱，付了钱说没货',
  '我破防了，等了半个月等来一个空盒子',
  '你们这操作666，我服',
  '咋整的啊你们，东西咋还不到',
  '俺都打了八个电话了，没一个人管',
  '侬哪能噶做生意额',
  '我一个老年人搞不懂你们这些，能不能简单点，急死人',
  'what the hell 你们在搞什么',
  'so disappointing，又延迟',
  '我人傻了，退款退成了优惠券？',
  '绝了，客服比机器人还机器人',
  '三天两头出问题',
  '买你们家东西跟开盲盒一样',
  '图片仅供参考是吧？那我付的钱也仅供参考',
  '你们除了道歉还会干什么',
  '你们是不是觉得我好说话',
  '我已经没有耐心了',
  '说话算不算话',
  '一会儿说明天发，一会儿说后天发，到底哪天',
  '能不能给个准信',
  '别装了，我知道你们就是不想赔',
  '这么简单的问题都搞不定',
  '我的钱是大风刮来的吗',
  '这服务，我真的谢',
  '好意思收我运费？',
  '差到没朋友',
  '烂到家了',
  '你们这是要把顾客都气跑',
  '我不想听解释，我只要结果',
  '这是第几次了？你们自己数数',
  '一点小问题磨了我一下午',
  '快递给我扔在门口就走了，东西都湿了，你们管不管',
  '你们的客服是不是都下班了，喊半天没人',
  '我拿你们当朋友，你们拿我当韭菜',
  '发的什么破烂',
  '退一个货比登天还难',
  '好好好，你们都对，就我错',
  '你们这种商家早晚被平台封了',
  '卖家你良心不会痛吗😡',
  '気死了',
  '这也太欺负人了吧',
  '你们最好给我一个合理的解释',
  '我要你们老板亲自给我打电话',
  '今天不退我跟你们没完',
  '一而再再而三',
  '这是人能用的东西？',
  '你们把我的时间当什么了',
  '受不鸟了',
];

export const TUNING_C_NOT_ANGRY: readonly string[] = [
  '栓Q，东西很好用',
  '离谱，这么便宜还包邮',
  '咋用啊这个',
  '俺想问问能不能寄到俺们村',
  '我一个老年人不太会操作，能帮帮我吗',
  '这个是开盲盒吗，能选款吗',
  '图片仅供参考是什么意思',
  '说话算数哦，明天一定要发',
  '能不能给个准确的到货时间',
  '这个问题搞定了吗',
  '这是第几代产品',
  '客服下班了吗',
  '东西湿了能晒干吗',
  '好好好，我明天再来',
  '绝了，太好看了',
  '你们家的东西我一直很喜欢',
  '今天能退吗',
  '我要你们的发票',
  '可以帮我转告你们老板吗，想批量采购',
  '我已经付款了，请尽快发货',
];

/**
 * Fourth tuning batch (issue 9, third pass), written after round 7 was tuned on with the
 * complaint-structure detectors (already_yet, persistent, two_faces, would_you, suspicion,
 * ironic_opener…), run once before tuning on it (first run in docs/emotion.md), then tuned on.
 * Everyday complaints in words none of the earlier rounds used.
 */
export const TUNING_D_ANGRY: readonly string[] = [
  '你们客服是不是都下班了，问了半天没人理',
  '我就想问问，钱什么时候退给我？？？',
  '等了一个礼拜了，东西影子都没见着',
  '买个东西搞得跟渡劫一样',
  '你们的承诺就是放屁',
  '再不给我退款我就去找消费者协会',
  '货不对板，欺骗消费者',
  '能不能别再复制粘贴了',
  '这什么垃圾质量，穿一天就起球',
  '呵呵，又是"系统原因"',
  '我真的会被你们气死',
  '客服态度好差，爱答不理的',
  '你们这样做生意迟早倒闭',
  '退个货还要我自己出运费？凭啥',
  '这都第四次催了，能不能给个准话',
  '每次都说加急处理，加急了个啥',
  '说话不算话',
  '图片仅供参考是吧？那你们卖的是图片？',
  '东西烂成这样你们也好意思发',
  '我不想再听到"亲亲理解一下"',
  '太离谱了吧这也',
  '差评已经写好了，你们看着办',
  '这是我买过最差的一次',
  '鬼知道你们什么时候发货',
  '你们是不是觉得消费者都很好骗',
  '烦死了，一个问题问八遍',
  '客服=复读机',
  'wtf 又延迟',
  '真的无语了家人们，这家店千万别买',
  '讲真，你们这服务配不上这个价格',
];

export const TUNING_D_NOT_ANGRY: readonly string[] = [
  '请问今天下单明天能到吗',
  '我想改一下收货地址',
  '衣服收到了，挺合身的',
  '能不能帮我查一下物流',
  '你们周末上班吗',
  '这个颜色还有货吗',
  '发票抬头写错了怎么改',
  '快递员说放驿站了，我去取就行',
  '谢谢，问题解决了',
  '我再考虑考虑',
  '退款到账了，谢谢',
  '会员积分怎么兑换',
  '客服你好，麻烦问下尺码',
  '小孩子穿的有没有小一点的',
  '可以开专票吗，公司报销用',
];
