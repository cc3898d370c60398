/**
 * The shipped customer-service lexicon (lexicons/service-lexicon.ts) as the matcher uses it, for
 * one bot: the groups the operator left switched on become synonym groups (words for one thing,
 * and each place's own names: 杭州 = 杭州市) and place links (杭州 → 浙江, 华东, 江浙沪) that the
 * lexical bridges follow (bridges.ts).
 */
import type { PlaceLinks } from './bridges.js';
import { SHIPPED_REGION_GROUPS, SHIPPED_WORD_GROUPS, type LexiconLabel, type Province } from './lexicons/service-lexicon.js';

/** One shipped group as the console lists it. */
export interface LexiconGroupSummary {
  id: string;
  kind: 'words' | 'places';
  label: LexiconLabel;
  /** The words, or the region's names followed by its provinces and cities. */
  terms: string[];
}

export interface ResolvedLexicon {
  synonyms: string[][];
  places: PlaceLinks;
}

/** The suffixes a customer may write after a city's name (杭州市). */
const CITY_SUFFIX = '市';

const allProvinces = new Map<string, Province>(SHIPPED_REGION_GROUPS.flatMap((r) => r.provinces.map((p) => [p.name, p] as const)));

export const SHIPPED_LEXICON_GROUP_IDS: ReadonlySet<string> = new Set([...SHIPPED_WORD_GROUPS.map((g) => g.id), ...SHIPPED_REGION_GROUPS.map((g) => g.id)]);

export function shippedLexiconGroups(): LexiconGroupSummary[] {
  return [
    ...SHIPPED_WORD_GROUPS.map((g) => ({ id: g.id, kind: 'words' as const, label: g.label, terms: [...g.terms] })),
    ...SHIPPED_REGION_GROUPS.map((g) => ({
      id: g.id,
      kind: 'places' as const,
      label: g.label,
      terms: [...g.names, ...g.provinces.flatMap((p) => [p.name, ...p.cities]), ...(g.alsoProvinces ?? [])],
    })),
  ];
}

/** The lexicon with the given groups switched off. */
export function resolveLexicon(disabled: ReadonlySet<string> = new Set()): ResolvedLexicon {
  const synonyms: string[][] = SHIPPED_WORD_GROUPS.filter((g) => !disabled.has(g.id)).map((g) => [...g.terms]);
  const links = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    let set = links.get(from);
    if (!set) links.set(from, (set = new Set()));
    set.add(to);
  };
  const provinceAndCities = (p: Province) => [p.name, ...p.cities];
  for (const region of SHIPPED_REGION_GROUPS) {
    if (disabled.has(region.id)) continue;
    const [name, ...otherNames] = region.names;
    if (otherNames.length) synonyms.push([name, ...otherNames]);
    for (const p of region.provinces) {
      if (p.aliases.length) synonyms.push([p.name, ...p.aliases]);
      for (const city of p.cities) {
        synonyms.push([city, city + CITY_SUFFIX]);
        link(city, p.name);
      }
      for (const place of provinceAndCities(p)) link(place, name);
    }
    for (const provinceName of region.alsoProvinces ?? []) {
      const p = allProvinces.get(provinceName);
      if (p) for (const place of provinceAndCities(p)) link(place, name);
    }
  }
  // Nearest first: the province, then the smaller regions (江浙沪 before 华东), so a place is read
  // as the most specific place the knowledge base names (bridges.ts, PlaceReader).
  const size = new Map<string, number>([...allProvinces.keys()].map((p) => [p, 0]));
  for (const region of SHIPPED_REGION_GROUPS) size.set(region.names[0], region.provinces.length + (region.alsoProvinces?.length ?? 0));
  const nearestFirst = (to: Set<string>) => [...to].sort((a, b) => (size.get(a) ?? 0) - (size.get(b) ?? 0));
  return { synonyms, places: new Map([...links].map(([from, to]) => [from, nearestFirst(to)])) };
}
