/**
 * Promotions: opt-in blocks an operator may attach after an answer — never pushed into service.
 * A promotion is never shown to an upset customer, never with a hand-off, fallback or
 * clarification, never next to a complaint or after-sale answer, never more often than its cap,
 * and never outside its validity window.
 */
import { z } from 'zod';
import { RichBlockSchema, type RichBlock } from '../content/rich-content.js';
import { sanitizeBlocks, sanitizeText } from '../content/sanitize.js';
import type { DecisionAction } from '../dialog/decision.js';
import { parseOrThrow, validationError } from '../errors/validation.js';
import type { Emotion, EmotionLabel } from '../nlu/types.js';

/** Categories where marketing would insult the customer: complaints and after-sale trouble. */
export const PROMOTION_FREE_CATEGORIES: readonly string[] = ['投诉与建议', '售后'];
/** Emotions that rule out any promotion. */
export const PROMOTION_FREE_EMOTIONS: readonly EmotionLabel[] = ['negative', 'angry'];
/** The only action a promotion may follow: the customer just got what they asked for. */
export const PROMOTION_ACTIONS: readonly DecisionAction[] = ['answer'];
/**
 * At most this many promotions in one conversation, whatever each one's own cap — a service chat
 * with more than two ads in it has become a sales chat.
 */
export const MAX_PROMOTIONS_PER_CONVERSATION = 2;

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: '日期格式不正确（应为 2026-11-11 或 ISO 时间）' });

const PromotionFields = z.object({
  id: z.string().min(1).max(64),
  content: z.array(RichBlockSchema).min(1),
  /** Shown only after answers in these categories; absent = any category that allows promotions. */
  categories: z.array(z.string().min(1)).min(1).optional(),
  maxPerConversation: z.number().int().positive(),
  validFrom: isoInstant.optional(),
  validTo: isoInstant.optional(),
});

/** A promotion's shape as an operator sends it (before sanitising). */
export const PromotionSchema = PromotionFields.refine((p) => !p.validFrom || !p.validTo || Date.parse(p.validFrom) < Date.parse(p.validTo), {
  message: '生效时间必须早于失效时间',
  path: ['validTo'],
});

/**
 * Every text a promotion holds goes through the sanitiser knowledge answers and flow messages
 * use (src/content/sanitize.ts): tags and controls removed, non-http(s) links dropped. Its
 * categories are compared with entries' categories, which are stored sanitised and trimmed, so
 * they are cleaned the same way; the id is shown in traces and transcripts.
 */
export function sanitizePromotion<T extends Promotion>(promotion: T): T {
  const categories = promotion.categories?.map((c) => sanitizeText(c).trim()).filter(Boolean);
  return {
    ...promotion,
    id: sanitizeText(promotion.id).trim(),
    content: sanitizeBlocks(promotion.content),
    ...(categories === undefined ? {} : { categories }),
  };
}

/**
 * The one schema for a promotion an operator saves (bot settings, `parsePromotion`): valid,
 * then sanitised, then valid again (the dates are untouched, so their order needs no second
 * check) — a promotion that was nothing but markup is refused with a validation issue instead
 * of being stored empty. Links and buttons must be http(s) already in the first check.
 */
export const SafePromotionSchema = PromotionSchema.transform((p) => sanitizePromotion(p)).pipe(
  PromotionFields.extend({
    id: z.string().min(1, '推广 id 只含标记或控制字符，清洗后为空').max(64),
    content: z.array(RichBlockSchema).min(1, '推广内容不能为空：只有 HTML 标记或不安全的链接的内容会被清除'),
    categories: z.array(z.string().min(1)).min(1, '推广分类只含标记，清洗后为空').optional(),
  }),
);

export interface Promotion {
  id: string;
  content: RichBlock[];
  categories?: string[];
  maxPerConversation: number;
  /** ISO date or date-time. */
  validFrom?: string;
  validTo?: string;
}

export interface PromotionContext {
  emotion: Emotion;
  action: DecisionAction;
  /** Category of the entry just answered. */
  entryCategory?: string | null;
  /** Times each promotion (by id) was already shown in this conversation. */
  shownCounts: Readonly<Record<string, number>>;
  now: Date;
  /** Overrides MAX_PROMOTIONS_PER_CONVERSATION for this bot. */
  maxTotal?: number;
}

/** Validates an operator's promotion and stores its content as plain, safe rich content. */
export function parsePromotion(input: unknown): Promotion {
  return parseOrThrow(SafePromotionSchema, input);
}

function isValidAt(p: Promotion, now: Date): boolean {
  const t = now.getTime();
  if (p.validFrom && Date.parse(p.validFrom) > t) return false;
  if (p.validTo && Date.parse(p.validTo) <= t) return false;
  return true;
}

/** Why no promotion may be shown at all in this moment, or null when one may. */
export function promotionBlockedBy(ctx: PromotionContext): string | null {
  if (PROMOTION_FREE_EMOTIONS.includes(ctx.emotion.label)) return `emotion.${ctx.emotion.label}`;
  if (!PROMOTION_ACTIONS.includes(ctx.action)) return `action.${ctx.action}`;
  if (ctx.entryCategory && PROMOTION_FREE_CATEGORIES.includes(ctx.entryCategory)) return 'category.service_only';
  const shown = Object.values(ctx.shownCounts).reduce((sum, n) => sum + n, 0);
  if (shown >= (ctx.maxTotal ?? MAX_PROMOTIONS_PER_CONVERSATION)) return 'conversation.cap';
  return null;
}

/**
 * The promotion to attach, or null. Among eligible ones: those targeted at the answered
 * category first (more relevant than a general one), then the least shown in this
 * conversation, then the operator's order.
 */
export function selectPromotion(promotions: readonly Promotion[], ctx: PromotionContext): Promotion | null {
  if (promotionBlockedBy(ctx)) return null;
  const eligible = promotions
    .map((p, order) => ({ p, order, shown: ctx.shownCounts[p.id] ?? 0 }))
    .filter(({ p, shown }) => {
      if (shown >= p.maxPerConversation || !isValidAt(p, ctx.now)) return false;
      return !p.categories || (ctx.entryCategory != null && p.categories.includes(ctx.entryCategory));
    });
  eligible.sort((a, b) => Number(!!b.p.categories) - Number(!!a.p.categories) || a.shown - b.shown || a.order - b.order);
  return eligible[0]?.p ?? null;
}
