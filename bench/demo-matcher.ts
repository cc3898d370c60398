/** The bot's matcher over a demo knowledge base, for the answer-model benchmarks (bench/answer-features.ts, bench/calibration-out-of-fold.ts). */
import { matchable } from '../src/dialog/bot.js';
import { DEMO_MEASURED_AT, openDemoBot } from '../src/dialog/testing.js';
import { splitByValidity } from '../src/dialog/validity-index.js';
import { createMatcher } from '../src/nlu/matcher.js';
import { Segmenter } from '../src/nlu/segment.js';
import { resolveLexicon } from '../src/nlu/service-lexicon-groups.js';

/** The bot's matcher over a demo knowledge base, built as src/dialog/bot.ts builds it. */
export async function botMatcher(folder: string) {
  const demo = await openDemoBot({ folder, at: DEMO_MEASURED_AT });
  const k = demo.knowledge;
  const [all, synonyms, dictionary, off] = await Promise.all([k.listForMatching(), k.listSynonyms(), k.dictionaryWords(), k.disabledLexiconGroups()]);
  const lexicon = resolveLexicon(new Set(off));
  const { inWindow } = splitByValidity(all, DEMO_MEASURED_AT);
  const matcher = createMatcher(inWindow.map(matchable), {
    synonyms: [...synonyms.map((g) => g.terms), ...lexicon.synonyms],
    userWords: [...dictionary, ...inWindow.flatMap((e) => e.tags)],
    segmenter: new Segmenter(),
    bridges: { places: lexicon.places },
  });
  return { demo, matcher, entries: inWindow.map(matchable) };
}
