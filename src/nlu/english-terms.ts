/**
 * Mixed Chinese–English questions: 我的order怎么cancel, 能开invoice吗, refund多久到账. The English
 * service words are written in the Chinese the knowledge base uses (lexicons/english-glossary.ts) before
 * the message is cut, so word, character and key-word evidence sees 订单 / 取消 / 发票 / 退款.
 *
 * Only whole words are replaced, longest form first (credit card before card), and not inside an
 * identifier (glued to digits, `.`, `@`, `_`, `-`); everything else — brand and model tokens (iPhone 15,
 * Mate 60), order numbers, English the glossary does not know — stays as written. The knowledge base's own words win: a form it uses as written (visa卡, app, plus)
 * is never replaced, and a knowledge base without Chinese questions gets nothing replaced at all.
 */
import { ENGLISH_GLOSSARY } from './lexicons/english-glossary.js';

const HAS_LATIN = /\p{Script=Latin}/u;
const LATIN_WORD = /^\p{Script=Latin}+$/u;
const HAN = /\p{Script=Han}/u;

interface Compiled {
  pattern: RegExp | null;
  chinese: ReadonlyMap<string, string>;
}

export class EnglishTermReader {
  /** Latin words the knowledge base's questions use as written. */
  private readonly ownWords = new Set<string>();
  private hasChinese = false;
  private compiled: Compiled | null = null;

  constructor(private readonly glossary: Readonly<Record<string, readonly string[]>> = ENGLISH_GLOSSARY) {}

  /** Takes the words of one indexed question (normalised, segmented). */
  learn(words: readonly string[]): void {
    for (const word of words) {
      if (LATIN_WORD.test(word)) {
        if (!this.ownWords.has(word)) this.compiled = null;
        this.ownWords.add(word);
      } else if (!this.hasChinese && HAN.test(word)) {
        this.hasChinese = true;
        this.compiled = null;
      }
    }
  }

  /** The normalised text with its glossary words in Chinese; unchanged (the same string) when none. */
  read(text: string): string {
    if (!HAS_LATIN.test(text)) return text;
    const { pattern, chinese } = this.compile();
    if (!pattern) return text;
    const read = text.replace(pattern, (form) => chinese.get(form.replace(/\s+/g, ' ')) ?? form);
    // An English sentence (how long does shipping take) is not half translated into another
    // question: without Chinese around them, glossary words are read only when they are all there is.
    if (!HAN.test(text) && HAS_LATIN.test(read)) return text;
    // A space left between a replaced word and Chinese is noise the segmenter would keep (能 发票 吗).
    return read === text ? text : read.replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '').trim();
  }

  private compile(): Compiled {
    if (this.compiled) return this.compiled;
    const chinese = new Map<string, string>();
    if (this.hasChinese) {
      for (const [word, forms] of Object.entries(this.glossary)) {
        for (const form of forms) if (!form.split(' ').some((w) => this.ownWords.has(w))) chinese.set(form, word);
      }
    }
    const forms = [...chinese.keys()].sort((a, b) => b.length - a.length).map((f) => f.replace(/ /g, '\\s+'));
    const pattern = forms.length ? new RegExp(`(?<![\\p{Script=Latin}\\p{N}.@_-])(?:${forms.join('|')})(?![\\p{Script=Latin}\\p{N}.@_-])`, 'gu') : null;
    this.compiled = { pattern, chinese };
    return this.compiled;
  }
}
