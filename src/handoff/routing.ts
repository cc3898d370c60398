/**
 * Which skill group a hand-off goes to, from the topic the bot detected (the matched knowledge
 * entry's category and tags) and the operator's topic routes.
 *
 * Rule: a route matches when everything it names matches (its category equals the topic's
 * category, its tag is one of the topic's tags; a route naming both needs both). Among the
 * matching routes, one naming a category wins over a tag-only one — the category is the
 * entry's main subject, tags are side labels — and within each kind the operator's order
 * decides. No match, or no topic → the default group. Names compare as people read them:
 * full-width and case do not matter (「ＶＩＰ」 = 「vip」).
 */
import type { HandoffGroup, HandoffSettings } from './types.js';

export interface HandoffTopic {
  category: string | null;
  tags: string[];
}

export interface GroupChoice {
  group: HandoffGroup;
  /** Why this group: the route that matched (by its index in `topicRoutes`), or the default. */
  matchedBy: { rule: 'category' | 'tag'; routeIndex: number } | { rule: 'default' };
}

type TopicRoute = HandoffSettings['topicRoutes'][number];

function comparable(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

function routeMatches(route: TopicRoute, category: string | null, tags: ReadonlySet<string>): boolean {
  if (route.category === undefined && route.tag === undefined) return false;
  if (route.category !== undefined && (category === null || comparable(route.category) !== category)) return false;
  if (route.tag !== undefined && !tags.has(comparable(route.tag))) return false;
  return true;
}

/** The default group (the first group if the default names none — settings-rules.ts refuses that on save). */
export function defaultGroup(settings: HandoffSettings): HandoffGroup {
  return settings.groups.find((g) => g.id === settings.defaultGroupId) ?? settings.groups[0]!;
}

/** The group for `topic`, with the rule that chose it (recorded with the hand-off). */
export function routeToGroup(settings: HandoffSettings, topic: HandoffTopic | null): GroupChoice {
  if (topic) {
    const category = topic.category === null ? null : comparable(topic.category);
    const tags = new Set(topic.tags.map(comparable));
    const matching = settings.topicRoutes.map((route, routeIndex) => ({ route, routeIndex })).filter(({ route }) => routeMatches(route, category, tags));
    const best = matching.find(({ route }) => route.category !== undefined) ?? matching[0];
    const group = best && settings.groups.find((g) => g.id === best.route.groupId);
    if (best && group) return { group, matchedBy: { rule: best.route.category !== undefined ? 'category' : 'tag', routeIndex: best.routeIndex } };
  }
  return { group: defaultGroup(settings), matchedBy: { rule: 'default' } };
}

/** The group a hand-off on `topic` goes to: the first matching topic route (category, then tag), else the default group. */
export function chooseGroup(settings: HandoffSettings, topic: HandoffTopic | null): HandoffGroup {
  return routeToGroup(settings, topic).group;
}
