import { describe, expect, it } from 'vitest';
import { Lexicon } from './lexicon.js';

describe('Lexicon', () => {
  it('gives ids in first-seen order and finds every token again after its table has grown many times', () => {
    const lexicon = new Lexicon((token) => token.length);
    const tokens = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `词${i}` : i % 3 === 1 ? `${String.fromCharCode(0x4e00 + (i % 5000))}${String.fromCharCode(0x4e00 + Math.floor(i / 5000))}` : `pin_${i}`));
    const ids = tokens.map((t) => lexicon.intern(t));
    const distinct = new Map<string, number>();
    tokens.forEach((t) => distinct.has(t) || distinct.set(t, distinct.size));
    expect(ids).toEqual(tokens.map((t) => distinct.get(t)));
    expect(lexicon.size).toBe(distinct.size);
    for (const [token, id] of distinct) {
      expect(lexicon.find(token)).toBe(id);
      expect(lexicon.weights[id]).toBe(token.length);
    }
    expect(lexicon.find('从未见过')).toBe(-1);
    expect(lexicon.find('')).toBe(-1);
  });

  it('hands a message token that no question has a temporary id, shared until forgotten', () => {
    const lexicon = new Lexicon();
    lexicon.intern('退货');
    lexicon.intern('运费');
    const a = lexicon.lookup('发漂');
    expect(a).toBe(2);
    expect(lexicon.lookup('发漂')).toBe(a);
    expect(lexicon.lookup('运费')).toBe(1);
    expect(lexicon.find('发漂')).toBe(-1);
    expect(lexicon.extent).toBe(3);
    lexicon.forgetTemporary();
    expect(lexicon.extent).toBe(2);
    // A knowledge-base token learnt later takes the next id, as a temporary one never lingers.
    expect(lexicon.intern('发漂')).toBe(2);
    expect(lexicon.find('发漂')).toBe(2);
  });
});
