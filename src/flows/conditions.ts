/**
 * Evaluates the condition AST (condition-schema.ts) against the conversation: slots, the
 * customer, the channel, the last message and the clock in the flow's time zone (read with
 * the reply module's `localTime`, so greetings and flows agree on what time it is).
 */
import { toSimplifiedHalfWidth } from '../nlu/text-basics.js';
import { localTime, type LocalTime } from '../reply/local-time.js';
import type { Condition } from './condition-schema.js';
import { operatorTest } from './operator-regex.js';
import type { FlowSettings } from './schemas.js';
import { lookup } from '../reply/templates.js';
import { templateVars, type FlowScope } from './types.js';

export interface ConditionInput {
  scope: FlowScope;
  /** The customer's last message ('' before any). */
  lastMessage: string;
  now: Date;
  settings: Pick<FlowSettings, 'timeZone' | 'businessHours'>;
}

export { localTime };
export type { LocalTime };

const MINUTES_PER_HOUR = 60;
const DAYS_PER_WEEK = 7;

export function parseHhmm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * MINUTES_PER_HOUR + m;
}

/**
 * Is `local` inside [from, to)? When `from > to` the window crosses midnight, and the hours
 * after midnight belong to the day the window opened: "Friday 22:00–02:00" includes
 * Saturday 01:00, not Friday 01:00. `from === to` means the whole day.
 */
export function inTimeWindow(local: LocalTime, from: string, to: string, days?: readonly number[]): boolean {
  const start = parseHhmm(from);
  const end = parseHhmm(to);
  let openedOn = local.isoWeekday;
  let inside: boolean;
  if (start === end) inside = true;
  else if (start < end) inside = local.minutes >= start && local.minutes < end;
  else if (local.minutes >= start) inside = true;
  else {
    inside = local.minutes < end;
    openedOn = local.isoWeekday === 1 ? DAYS_PER_WEEK : local.isoWeekday - 1;
  }
  return inside && (!days || days.includes(openedOn));
}

function normalised(text: string): string {
  return toSimplifiedHalfWidth(text).toLowerCase();
}

function compare(actual: unknown, op: string, expected: unknown): boolean {
  const present = actual !== undefined && actual !== null && actual !== '';
  switch (op) {
    case 'exists':
      return present && !(Array.isArray(actual) && actual.length === 0);
    case 'eq':
      return present && String(actual) === String(expected);
    case 'ne':
      return !present || String(actual) !== String(expected);
    case 'in':
      return present && (expected as unknown[]).some((v) => String(v) === String(actual));
    case 'gt':
    case 'lt': {
      const n = typeof actual === 'number' ? actual : Number(actual);
      if (!present || Number.isNaN(n)) return false;
      return op === 'gt' ? n > (expected as number) : n < (expected as number);
    }
    case 'matches':
      return present && operatorTest(expected as string, String(actual));
    default:
      return false;
  }
}

export function evaluateCondition(condition: Condition, input: ConditionInput): boolean {
  switch (condition.kind) {
    case 'compare': {
      const actual = lookup(templateVars(input.scope), condition.subject);
      // A list subject (customer.tags) compares element-wise: "any tag equals…".
      if (Array.isArray(actual) && condition.op !== 'exists') {
        return condition.op === 'ne'
          ? actual.every((v) => compare(v, 'ne', condition.value))
          : actual.some((v) => compare(v, condition.op, condition.value));
      }
      return compare(actual, condition.op, condition.value);
    }
    case 'tag':
      return input.scope.customer.tags.some((t) => t.toLowerCase() === condition.tag.toLowerCase());
    case 'keyword': {
      const text = normalised(input.lastMessage);
      return condition.keywords.some((k) => text.includes(normalised(k)));
    }
    case 'time':
      return inTimeWindow(localTime(input.now, input.settings.timeZone), condition.from, condition.to, condition.days);
    case 'days':
      return condition.days.includes(localTime(input.now, input.settings.timeZone).isoWeekday);
    case 'businessHours': {
      const hours = input.settings.businessHours;
      return inTimeWindow(localTime(input.now, input.settings.timeZone), hours.open, hours.close, hours.days);
    }
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, input));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, input));
    case 'not':
      return !evaluateCondition(condition.condition, input);
  }
}
