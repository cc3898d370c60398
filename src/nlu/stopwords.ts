/**
 * Stop words: particles, pronouns and politeness that never decide which entry a customer
 * means. Kept short on purpose — question words (怎么, 多久, 为什么) and negations (不, 没)
 * DO change the intent (退货 vs 为什么不能退货) and stay in.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '哦', '噢', '哈', '嘛', '啦', '哇', '呐', '么',
  '我', '我们', '你', '你们', '您', '他', '她', '它', '咱', '咱们', '俺',
  '请问', '问一下', '问下', '问问', '一下', '请', '麻烦', '您好', '你好', '在吗', '亲', '客服',
  '这个', '那个', '这', '那', '就', '都', '也', '还', '又', '是', '在', '有点', '一个',
  '想', '想要', '要', '能', '可以', '帮', '帮我', '给', '给我', '下', '个', '把', '被', '让',
  '谢谢', '好的', '嗯', '额', '呃',
]);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
