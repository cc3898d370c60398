/**
 * Character and syllable n-grams. Bigrams survive segmentation mistakes: if jieba cuts a typo
 * differently on the two sides, most bigrams are still shared. Single-character texts fall back
 * to the character itself so a one-character question is still matchable.
 */
export function joinUnits(units: readonly string[]): string[] {
  if (units.length < 2) return units.slice();
  const out: string[] = new Array(units.length - 1);
  for (let i = 0; i < units.length - 1; i++) out[i] = units[i] + units[i + 1];
  return out;
}

export function charBigrams(text: string): string[] {
  return joinUnits(Array.from(text));
}

/** Adjacent pairs of tokens joined with `_` (pinyin syllables: ["fa","piao"] → ["fa_piao"]). */
export function joinGrams(tokens: readonly string[]): string[] {
  if (tokens.length < 2) return tokens.slice();
  const out: string[] = new Array(tokens.length - 1);
  for (let i = 0; i < tokens.length - 1; i++) out[i] = `${tokens[i]}_${tokens[i + 1]}`;
  return out;
}
