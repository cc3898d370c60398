/**
 * What kind of answer a question wants. 退款多久到账 and 怎么退款 share every content word but
 * want different answers; the question word tells them apart. Each type is a bit so a question
 * may carry several (为什么还没到 → why).
 */
export const QUESTION_TYPES = {
  how: ['怎么', '怎样', '如何', '咋', '怎么办', '怎么弄', '怎么样', '咋办', '咋整', '咋弄', '怎么整', '怎么搞', '方法', '流程', '步骤'],
  why: ['为什么', '为啥', '为何', '怎么会', '咋回事', '怎么回事', '原因'],
  when: ['多久', '什么时候', '何时', '几天', '多长时间', '几点', '时间', '啥时候', '多少天'],
  howMuch: ['多少', '多少钱', '价格', '费用', '几个', '多大'],
  where: ['哪里', '哪儿', '在哪', '哪个', '哪些', '什么地方', '入口', '在哪儿'],
  whether: ['能不能', '可不可以', '可以吗', '是否', '能否', '有没有', '会不会', '是不是', '支持'],
} as const;

export type QuestionType = keyof typeof QUESTION_TYPES;

const WORD_TYPES = new Map<string, number>();
Object.values(QUESTION_TYPES).forEach((words, bit) => {
  for (const w of words) WORD_TYPES.set(w, (WORD_TYPES.get(w) ?? 0) | (1 << bit));
});

/** Bit mask of the question types the words express (0 when none). */
export function questionTypeMask(words: readonly string[]): number {
  let mask = 0;
  for (const w of words) mask |= WORD_TYPES.get(w) ?? 0;
  return mask;
}

/** Whether a word only says what kind of answer is wanted (怎么, 多久), not what it is about. */
export function isQuestionWord(word: string): boolean {
  return WORD_TYPES.has(word);
}

const NEGATIONS = new Set(['不', '没', '没有', '未', '无法', '不能', '不了', '不到', '别', '不是', '不会']);

/** Number of negation words; parity differing between two questions flips their meaning. */
export function negationCount(words: readonly string[]): number {
  let n = 0;
  for (const w of words) if (NEGATIONS.has(w)) n++;
  return n;
}
