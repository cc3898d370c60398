/**
 * Reply variants: the same thing said several ways, chosen by who the customer is, where they
 * write from and when — then rotated at random so the bot does not repeat itself word for word.
 *
 * Choosing, in order:
 *   1. keep the variants whose `when` matches (no `when` matches always);
 *   2. keep the MOST SPECIFIC of them. Specificity compares, in this order:
 *        a. how many conditions the variant names (a VIP-at-night variant beats a VIP one);
 *        b. customer conditions (customerTags, vipLevelAtLeast) — who the customer is matters most;
 *        c. time conditions (timeWindow, days, peopleAvailable);
 *        d. channel conditions (channels);
 *      variants equal on all four are rotated together;
 *   3. among those, drop the ones used lately in this conversation (`recent`); if that leaves
 *      none, drop only the most recent one; if that leaves none, keep all;
 *   4. pick one at random, in proportion to `weight` (default 1).
 */
import { z } from 'zod';
import { RichBlockSchema, type RichBlock } from '../content/rich-content.js';
import { CHANNELS, type Channel } from '../kb/schemas.js';
import { DEFAULT_TIME_ZONE, inTimeWindow, isHhMm, localTime } from './local-time.js';

/** ISO weekdays: 1 = Monday (周一) … 7 = Sunday (周日). */
const ISO_MONDAY = 1;
const ISO_SUNDAY = 7;
export const DEFAULT_VARIANT_WEIGHT = 1;

const HhMmSchema = z.string().refine(isHhMm, { message: '时间应为 HH:mm 格式（00:00–23:59）' });

export const VariantConditionsSchema = z.object({
  channels: z.array(z.enum(CHANNELS)).min(1).optional(),
  /** The customer has at least ONE of these tags. */
  customerTags: z.array(z.string().min(1)).min(1).optional(),
  vipLevelAtLeast: z.number().int().nonnegative().optional(),
  /** [from, to) in the bot's time zone; to < from runs overnight (22:00–06:00). */
  timeWindow: z.object({ from: HhMmSchema, to: HhMmSchema }).optional(),
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in the bot's time zone. */
  days: z.array(z.number().int().min(ISO_MONDAY).max(ISO_SUNDAY)).min(1).optional(),
  /**
   * Whether people (the default hand-off group) take conversations right now, by their hours.
   * Matches only when the caller knows it (VariantContext.peopleAvailable): a phrase that says
   * 「同事不在线」 is never chosen on a guess.
   */
  peopleAvailable: z.boolean().optional(),
});
export type VariantConditions = z.infer<typeof VariantConditionsSchema>;

export const ReplyVariantSchema = z.object({
  /** Optional stable key; without it the key is derived from the content. */
  id: z.string().min(1).max(64).optional(),
  content: z.array(RichBlockSchema).min(1),
  when: VariantConditionsSchema.optional(),
  weight: z.number().positive().optional(),
});

export interface ReplyVariant {
  id?: string;
  content: RichBlock[];
  when?: VariantConditions;
  weight?: number;
}

/** What chooseVariant needs to know of the customer (a profile has more; only this matters here). */
export interface VariantCustomer {
  tags?: readonly string[];
  vipLevel?: number | null;
}

export interface VariantContext {
  channel: Channel;
  customer?: VariantCustomer | null;
  now: Date;
  /** IANA zone of the business; Asia/Shanghai by default. */
  timeZone?: string;
  /** Keys of variants used lately in this conversation, oldest first. */
  recent?: readonly string[];
  /** Whether the default hand-off group is open now (src/handoff/hours.ts); undefined when not known. */
  peopleAvailable?: boolean;
}

export interface ChosenVariant {
  variant: ReplyVariant;
  /** Store it in the conversation's `recent` list so the next choice avoids it. */
  key: string;
}

/** FNV-1a: a short stable key for a variant's content, the same on every server and restart. */
/**
 * Keys of contents already hashed: a reply's phrase variants are the same objects on every turn
 * (built-in phrases, or settings replaced as a whole when changed), and hashing their JSON anew
 * for each reply was most of choosing a variant.
 */
const keysOfContent = new WeakMap<readonly RichBlock[], string>();

function contentKey(content: readonly RichBlock[]): string {
  let key = keysOfContent.get(content);
  if (key === undefined) keysOfContent.set(content, (key = hashedContentKey(content)));
  return key;
}

function hashedContentKey(content: readonly RichBlock[]): string {
  const FNV_OFFSET = 0x811c9dc5;
  const FNV_PRIME = 0x01000193;
  let hash = FNV_OFFSET;
  for (const ch of JSON.stringify(content)) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return `v${hash.toString(36)}`;
}

export function variantKey(variant: ReplyVariant): string {
  return variant.id ?? contentKey(variant.content);
}

function present<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}

export function variantMatches(when: VariantConditions | undefined, ctx: VariantContext): boolean {
  if (!when) return true;
  if (present(when.channels) && !when.channels.includes(ctx.channel)) return false;
  const tags = ctx.customer?.tags ?? [];
  if (present(when.customerTags) && !when.customerTags.some((t) => tags.includes(t))) return false;
  if (when.vipLevelAtLeast !== undefined && (ctx.customer?.vipLevel ?? 0) < when.vipLevelAtLeast) return false;
  if (when.peopleAvailable !== undefined && ctx.peopleAvailable !== when.peopleAvailable) return false;
  if (when.timeWindow || present(when.days)) {
    const local = localTime(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
    if (when.timeWindow && !inTimeWindow(local.minutes, when.timeWindow)) return false;
    if (present(when.days) && !when.days.includes(local.isoWeekday)) return false;
  }
  return true;
}

/** [conditions, customer, time, channel] — compared left to right (see the order above). */
export function specificity(when: VariantConditions | undefined): [number, number, number, number] {
  if (!when) return [0, 0, 0, 0];
  const customer = Number(present(when.customerTags)) + Number(when.vipLevelAtLeast !== undefined);
  // Whether people are there is a matter of the hours, so it ranks with the time conditions.
  const time = Number(when.timeWindow !== undefined) + Number(present(when.days)) + Number(when.peopleAvailable !== undefined);
  const channel = Number(present(when.channels));
  return [customer + time + channel, customer, time, channel];
}

function compareSpecificity(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function weightedPick<T extends { weight: number }>(items: readonly T[], random: () => number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let r = random() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  // Floating-point remainder (or random() === 1 from a custom source): the last one.
  return items[items.length - 1];
}

/** The variant to say now, or null when none matches (a set should keep one without `when`). Weight 0 disables a variant. */
export function chooseVariant(variants: readonly ReplyVariant[], ctx: VariantContext, random: () => number = Math.random): ChosenVariant | null {
  const matching = variants
    .filter((v) => (v.weight ?? DEFAULT_VARIANT_WEIGHT) > 0 && variantMatches(v.when, ctx))
    .map((variant) => ({ variant, key: variantKey(variant), rank: specificity(variant.when), weight: variant.weight ?? DEFAULT_VARIANT_WEIGHT }));
  if (matching.length === 0) return null;
  const best = matching.reduce((top, m) => (compareSpecificity(m.rank, top) > 0 ? m.rank : top), matching[0].rank);
  const tier = matching.filter((m) => compareSpecificity(m.rank, best) === 0);

  const recent = ctx.recent ?? [];
  const last = recent[recent.length - 1];
  const fresh = tier.filter((m) => !recent.includes(m.key));
  const notLast = tier.filter((m) => m.key !== last);
  const pool = fresh.length > 0 ? fresh : notLast.length > 0 ? notLast : tier;
  const chosen = weightedPick(pool, random);
  return { variant: chosen.variant, key: chosen.key };
}
