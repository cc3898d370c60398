/**
 * Held-out customer messages for the emotion detector (issue 9: "anger that is not shouting").
 *
 * Written BEFORE the lexicon was extended for accusations, sarcasm, insults and threats, and
 * never used to pick lexicon words: the whole phrasings must stay out of the lexicon
 * (emotion-heldout.test.ts checks that none of them is a lexicon entry), so the measured rate
 * says how the rules and word lists generalise to what customers actually type, not how well
 * they memorise these lines. Add new tuning examples to emotion.test.ts, not here.
 */

/** Upset customers who are not (only) shouting: each should read as angry, or at least negative. */
export const HELD_OUT_ANGRY: readonly string[] = [
  // accusations
  '说好的包邮结果又收运费，这不是欺骗消费者吗',
  '你们就是一群骗钱的',
  '挂羊头卖狗肉，图片和实物完全两码事',
  '虚假宣传！说好的防水，一泡水就坏',
  '黑心商家，以次充好',
  '你們這是詐騙吧',
  '黑心肝的商家，退錢！',
  '拿我当傻子耍呢',
  '把顾客当猴耍',
  '耍我呢？',
  '你们就是在糊弄人',
  '你们是不是故意的？',
  '欺负人是吧',
  '一天到晚就知道推卸责任',
  '你们到底有没有良心',
  '良心不会痛吗',
  // sarcasm
  '呵呵，这就是你们的售后',
  '呵呵哒，又是机器人',
  '真是服了你们了，问三遍了还是这句',
  '太棒了，又没到，第五天了',
  '好一个七天无理由，退个货比登天还难',
  '真行啊你们，发错货还不认',
  '厉害了我的客服，一问三不知',
  '我真的会谢',
  '🙄🙄🙄又是这套说辞',
  // insults and contempt
  '你是猪吗，听不懂人话？',
  '什么鬼客服，一点用没有',
  '你们客服是摆设吧',
  '客服是死了吗半天不回',
  '弱智机器人',
  '你脑子有病吧',
  '蠢得要死',
  '滚蛋，别给我发模板',
  '什么玩意儿',
  '无语死了，什么狗屁规定',
  '去你的七天无理由',
  '这种店也配开？',
  'laji kefu',
  'pian zi 退钱',
  '氣炸了🤬',
  // threats
  '我要去315晚会曝光你们',
  '等着吃官司吧',
  '等着收律师函吧',
  '不退款我就去平台申诉，让你们关店',
  '我要去小红书发帖挂你们',
  '信不信我天天来闹',
  '给你们一星都嫌多',
  '再也不会在你们家买东西了',
  '以后绝对不来了，拉黑',
  '坑死人了，再也不买了',
];

/**
 * Messages that contain an emotion word innocently, or ask calmly about a complaint procedure:
 * none of them may read as angry (an angry reading can hand the customer over for nothing).
 */
export const HELD_OUT_NOT_ANGRY: readonly string[] = [
  '这个垃圾袋怎么卖',
  '接到诈骗电话怎么办',
  '有没有防骗指南',
  '相机曝光补偿怎么调',
  '多媒体播放器支持什么格式',
  '烟雾报警器多少钱',
  '退钱多久到账',
  '旧衣服可以废物利用吗',
  '猪肉脯还有货吗',
  '黑色的还有吗',
  '差评可以删除吗',
  '投诉入口在哪里',
  '我的投诉处理到哪一步了',
  '太好了，收到了，谢谢',
  '等了好一个月终于到了，很满意',
  '我想投诉一下快递员态度',
];
