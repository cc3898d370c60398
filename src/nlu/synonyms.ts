/**
 * Synonyms: operator-managed groups (退款 = 退钱 = 返款). Every term maps to the group's
 * first, canonical term, so the matcher sees one word where customers use several.
 */
export class SynonymMap {
  private readonly canonical = new Map<string, string>();

  constructor(groups: readonly (readonly string[])[] = []) {
    for (const group of groups) {
      const terms = group.map((t) => t.trim().toLowerCase()).filter(Boolean);
      const head = terms[0];
      if (!head) continue;
      for (const term of terms) if (!this.canonical.has(term)) this.canonical.set(term, head);
    }
  }

  /** The canonical form of a word (the word itself when it has no group). */
  canonicalOf(word: string): string {
    return this.canonical.get(word) ?? word;
  }

  /** Every term of every group, for the segmenter's user dictionary. */
  terms(): string[] {
    return [...this.canonical.keys()];
  }

  get size(): number {
    return this.canonical.size;
  }
}
