/**
 * "That didn't help" — the customer telling the bot its last answer missed. Such a message is
 * a failed turn (it counts towards the automatic hand-off), never a new question to match:
 * matched against the knowledge base, 「没用」 or 「不是这个」 would be "answered" with whatever
 * entry shares a character. Only a message that is essentially the complaint counts: a longer
 * message is a question of its own (「没用过优惠券怎么领」).
 */
import { normalize } from './normalize.js';

/** Longer messages carry a question of their own and are matched as usual. */
export const MAX_NOT_HELPED_LENGTH = 16;

const NOT_HELPED: readonly RegExp[] = [
  /没用(?!过|完|掉|的券|优惠)|没有用|没啥用|没什么用|不管用|没帮助|没帮上|帮不上|没解决|没有解决|还是不行|还是没用|还是不对|不行啊|不对啊|不对不对/,
  /不是(?:这个|这样|我要|我想|我问|这回事|这意思|这个意思)|答非所问|文不对题|所答非所问|牛头不对马嘴|(?:说|答|回答)的?不对|跟我问的不一样|没听懂我|你没懂|看不懂你说/,
  // Normalised text has apostrophes as spaces: "didn t", "that s".
  /\b(?:didn\s?t|did not|doesn\s?t|does not)\s+help\b|\bnot what i (?:asked|meant)\b|\b(?:useless|wrong answer|not helpful|that\s?s wrong)\b/,
];

export function saysNotHelped(text: string): boolean {
  const clean = normalize(text).text.trim();
  if (!clean || Array.from(clean).length > MAX_NOT_HELPED_LENGTH) return false;
  return NOT_HELPED.some((p) => p.test(clean));
}
