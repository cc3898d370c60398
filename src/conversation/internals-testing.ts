/**
 * Test support: the one list of what only operators may see of the bot's work, and a walk that
 * finds those keys at any depth of a payload a customer receives (`POST /api/v1/chat`, socket
 * `message` events, resume and history). Not imported by production code.
 */

/** Keys of the decision record and its traces: confidence, scores, features, thresholds, rule, emotion, trace. */
export const INTERNAL_KEYS = [
  'decision',
  'trace',
  'confidence',
  'score',
  'scores',
  'features',
  'candidates',
  'rule',
  'emotion',
  'entities',
  'thresholds',
  'explanation',
  'phrases',
  'handoffDetail',
] as const;

/** Every key anywhere in a JSON value (objects inside arrays too). */
function keysDeep(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysDeep(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      keysDeep(inner, found);
    }
  }
  return found;
}

/** The internal keys found anywhere in `value` ([] when it is fit for a customer). */
export function internalKeysIn(value: unknown): string[] {
  const keys = keysDeep(value, new Set());
  return INTERNAL_KEYS.filter((k) => keys.has(k));
}
