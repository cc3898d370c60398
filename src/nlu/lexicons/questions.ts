/**
 * Word lists for splitting a message into questions (split-questions.ts). All entries are
 * simplified, half-width and lower-case, as the splitter normalises before comparing.
 */

/**
 * Greetings, thanks and fillers: a part made only of these is not a question and is dropped
 * (unless the whole message is nothing else — then it is kept as one part so the bot can
 * greet back). Longest first does not matter: they are removed repeatedly until none is left.
 */
export const FILLERS: readonly string[] = [
  '你好', '您好', '你们好', '大家好', '早上好', '上午好', '下午好', '晚上好', '早安', '晚安',
  '在吗', '在不在', '在么', '在嘛', '有人在吗', '哈喽', '哈罗', 'hello', 'hi', 'hey',
  '亲', '亲亲', '亲爱的', '客服', '美女', '小姐姐', '老板', '掌柜', '店家',
  '谢谢', '谢谢啦', '谢谢你', '谢谢您', '多谢', '感谢', '辛苦了', '麻烦了', '麻烦你了', 'thanks', 'thx',
  '请问', '问一下', '问下', '想问一下', '想问下', '我想问一下', '我想问下', '咨询一下', '咨询下',
  '好的', '好', '嗯', '嗯嗯', '哦', '哦哦', '噢', 'ok', '好吧', '行', '收到', '明白了', '知道了',
  '啊', '呀', '哈', '哈哈', '哈哈哈', '呢', '吧', '啦', '嘛', '了', '的',
];

/**
 * Signs that a piece of text is a question. Used for two decisions: whether a comma, space
 * or conjunction separates two questions ("怎么退货，运费谁出"), and whether a very short part
 * is a complete question of its own ("运费呢", "几天到").
 */
export const QUESTION_MARKERS: readonly string[] = [
  '怎么', '怎样', '如何', '为什么', '为啥', '什么', '啥', '哪', '几', '多少', '多久', '多长',
  '多大', '多重', '吗', '呢', '么', '嘛', '是否', '能不能', '可不可以', '可以', '能否',
  '有没有', '是不是', '会不会', '要不要', '行不行', '咋', '谁', '支持', '需要', '包邮',
];

/**
 * Phrases that join two questions: "怎么退货，另外运费谁出". Split only when both sides look
 * like questions. 还有 is excluded where it means "still have" (还有货吗, 还有没有优惠).
 */
export const CONJUNCTION_PATTERN =
  /还有就是|还有(?!没有|没|货|吗|库存|多久|几|呢|什么)|另外|顺便问(?:一)?下|顺便问问|顺便|以及|再问(?:一)?下|还想问(?:一)?下?|然后(?:就是)?|对了/g;
