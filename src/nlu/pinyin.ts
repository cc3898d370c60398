/**
 * Pinyin, so homophone typos still match: 发漂 → fa piao = 发票, 退huo → tui huo = 退货,
 * rengong → ren gong = 人工. Tones are dropped (customers' IMEs pick the wrong tone as often as
 * the wrong character).
 *
 * pinyin-pro reads a whole word in context (银行 → yin hang) but costs ~60 µs a sentence, so
 * readings are cached per word; the cache is bounded because typos make the word set open.
 */
import { customPinyin, pinyin } from 'pinyin-pro';

/** Words whose reading is remembered; beyond this the cache starts over (cheap, rare). */
export const PINYIN_CACHE_LIMIT = 200_000;

/** Every toneless Mandarin syllable (ü written v), used to read Latin letters as pinyin. */
export const SYLLABLES: ReadonlySet<string> = new Set(
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'.split(' '),
);
export const LONGEST_SYLLABLE = 6;
const HAN = /\p{Script=Han}/u;
const LATIN_RUN = /^[a-z]+$/;

/**
 * Readings pinyin-pro gets wrong for words customers use: it reads 呗 as bai (花呗 → hua bai),
 * so 花被 / huabei would never meet 花呗.
 */
export const PINYIN_OVERRIDES: Readonly<Record<string, string>> = { 呗: 'bei' };
customPinyin(PINYIN_OVERRIDES);

const cache = new Map<string, string[]>();
/** Per character: its only reading, or null when it has several and needs the word around it. */
const soleReading = new Map<string, string | null>();
const ALL_HAN = /^\p{Script=Han}+$/u;

function readingOf(ch: string): string | null {
  let reading = soleReading.get(ch);
  if (reading === undefined) {
    const readings = characterReadings(ch);
    reading = readings.length === 1 ? readings[0] : null;
    soleReading.set(ch, reading);
  }
  return reading;
}

/** Every toneless reading of one character (谁: shei, shui), overrides first. */
export function characterReadings(ch: string): string[] {
  if (PINYIN_OVERRIDES[ch]) return [PINYIN_OVERRIDES[ch]];
  return [...new Set(pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }))];
}

/**
 * Most characters have one reading; only words with a polyphonic one (银行, 还款) need
 * pinyin-pro's contextual reading, which costs ~50× more. Indexing 50,000 questions relies on this.
 */
function readWord(word: string): string[] {
  if (ALL_HAN.test(word)) {
    const fast: string[] = [];
    for (const ch of word) {
      const reading = readingOf(ch);
      if (reading === null) return pinyin(word, { toneType: 'none', type: 'array', v: true }).filter((s) => s.trim());
      fast.push(reading);
    }
    return fast;
  }
  return pinyin(word, { toneType: 'none', type: 'array', v: true }).filter((s) => s.trim());
}

/**
 * Split a run of Latin letters into pinyin syllables, or null when it is not pinyin
 * (vip, app, iphone stay English words). Prefers the split with the fewest syllables.
 */
export function splitPinyin(run: string): string[] | null {
  if (!LATIN_RUN.test(run)) return null;
  const best: (string[] | null)[] = new Array(run.length + 1).fill(null);
  best[0] = [];
  for (let i = 0; i < run.length; i++) {
    const prefix = best[i];
    if (!prefix) continue;
    for (let len = 1; len <= LONGEST_SYLLABLE && i + len <= run.length; len++) {
      const syllable = run.slice(i, i + len);
      if (!SYLLABLES.has(syllable)) continue;
      const next = best[i + len];
      if (!next || next.length > prefix.length + 1) best[i + len] = [...prefix, syllable];
    }
  }
  return best[run.length];
}

/** Toneless syllables of one segmented word; Latin pinyin is split; other tokens read as themselves. */
export function wordPinyin(word: string): string[] {
  let syllables = cache.get(word);
  if (syllables) return syllables;
  if (HAN.test(word)) {
    syllables = readWord(word);
  } else {
    syllables = splitPinyin(word) ?? [word];
  }
  if (cache.size >= PINYIN_CACHE_LIMIT) cache.clear();
  cache.set(word, syllables);
  return syllables;
}

/** Syllables of a whole segmented text, in order. */
export function textPinyin(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) for (const s of wordPinyin(word)) out.push(s);
  return out;
}
