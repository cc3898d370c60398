/**
 * A customer's message condensed to the question it asks, before it is kept for learning.
 *
 * Raw messages make poor similar questions: 「你好，我上周买的那个杯子，订单 2024112233445566，
 * 今天收到发现裂了，想问下怎么退货呀，谢谢🙏」 carries many common words (买, 今天, 收到) that
 * would pull unrelated questions towards its entry, and an order number that is one customer's
 * data. Kept instead: 「想问下怎么退货」 — the clause that asks, without greetings, fillers, thanks,
 * emoji or order numbers, and with phones, ID and bank cards, e-mails and addresses masked.
 */
import { extractEntities } from '../nlu/entities.js';
import { maskPersonal } from '../privacy/mask.js';

/** Longest condensed question kept: a question, not a story. */
export const MAX_CONDENSED_CHARS = 60;
/** Entities that are one customer's business and cut out (personal data is masked before). */
const CUT_ENTITY_TYPES = new Set(['order_number']);
/** Control and format characters (zero-width spaces, bidi marks) a pasted message may carry. */
const CONTROL_CHARS = /[\p{Cc}\p{Cf}]/gu;
const EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}]/gu;
/** Where a message's clauses end. */
const CLAUSE_END = /[。！？!?；;\n]+|[,，、~～]+/;
/** A greeting or an address opening a clause (你好 / 亲 / 在吗 / 客服). */
const OPENING = /^(?:(?:你好|您好|哈喽|哈囉|嗨|hi|hello|在吗|在嗎|在不在|在嘛|亲爱的|親愛的|亲|親|客服|老板|老闆|小二|麻烦问一下|麻煩問一下|麻烦问下|麻煩問下|请问一下|請問一下|请问|請問|麻烦|麻煩|打扰了|打擾了|打扰一下|打擾一下|那个|那個|就是|嗯+|额+|呃+|啊+)[\s,，!！~～。.]*)+/i;
/** Thanks and sign-offs that carry no question. */
const CLOSING_ONLY = /^(?:谢谢|謝謝|多谢|多謝|感谢|感謝|谢啦|thx|thanks|thank you|辛苦了|好的|ok|嗯|哦|噢)+[\s!！~～。.]*$/i;
/** What asks: a question word or a question mark. */
const ASKS = /[?？吗嗎嘛么麼呢]|怎|如何|什么|什麼|啥|哪|几|幾|多久|多少|能不能|可不可以|可以|是否|有没有|有沒有|会不会|會不會|要不要|为什么|為什麼|为啥|為啥/;

/** The question a message asks, condensed; null when nothing that asks is left. */
export function condenseQuestion(text: string): string | null {
  // Personal data is masked first (an ID card must not be mistaken for an order number), then
  // order numbers — one customer's business, no way of asking — are cut out, right to left.
  let clean = maskPersonal(text.replace(CONTROL_CHARS, ' ').replace(EMOJI, ' '));
  const personal = extractEntities(clean).filter((e) => CUT_ENTITY_TYPES.has(e.type)).sort((a, b) => b.start - a.start);
  for (const e of personal) clean = clean.slice(0, e.start) + ' ' + clean.slice(e.end);
  const clauses = clean
    .split(CLAUSE_END)
    .map((c) => c.replace(/\s+/g, ' ').trim().replace(OPENING, '').trim())
    .filter((c) => c.length > 0 && !CLOSING_ONLY.test(c));
  if (clauses.length === 0) return null;
  // The clauses that ask (with the one just before each, which often names the thing: 那个杯子，怎么退);
  // a message without any asking clause is kept whole (「退货运费」 is a question too).
  const asking = clauses.map((c, i) => (ASKS.test(c) ? i : -1)).filter((i) => i >= 0);
  const kept = asking.length === 0 ? clauses : keepWithContext(clauses, asking);
  const condensed = Array.from(kept.join('，')).slice(0, MAX_CONDENSED_CHARS).join('').trim();
  return condensed || null;
}

/** The asking clauses, each preceded by the clause before it when that one is short (it names the thing). */
function keepWithContext(clauses: string[], asking: number[]): string[] {
  const keep = new Set<number>();
  for (const i of asking) {
    keep.add(i);
    if (i > 0 && !ASKS.test(clauses[i - 1]) && Array.from(clauses[i - 1]).length <= CONTEXT_CLAUSE_MAX_CHARS) keep.add(i - 1);
  }
  return [...keep].sort((a, b) => a - b).map((i) => clauses[i]);
}

/** A clause before a question this short names its subject (那个杯子); a longer one is the story. */
const CONTEXT_CLAUSE_MAX_CHARS = 8;
