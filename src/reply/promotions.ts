/**
 * Promotions: opt-in blocks an operator may attach after an answer — never pushed into service.
 * A promotion is never shown to an upset customer, never with a hand-off, fallback or
 * clarification, never next to a complaint or after-sale answer, never more often than its cap,
 * and never outside its validity window.
 */
import { z } from 'zod';
import { RichBlockSchema, type RichBlock } from '../content/rich-content.js';
import { sanitizeBlocks } from '../content/sanitize.js';
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

export const PromotionSchema = z
  .object({
    id: z.string().min(1).max(64),
    content: z.array(RichBlockSchema).min(1),
    /** Shown only after answers in these categories; absent = any category that allows promotions. */
    categories: z.array(z.string().min(1)).min(1).optional(),
    maxPerConversation: z.number().int().positive(),
    validFrom: isoInstant.optional(),
    validTo: isoInstant.optional(),
  })
  .refine((p) => !p.validFrom || !p.validTo || Date.parse(p.validFrom) < Date.parse(p.validTo), {
    message: '生效时间必须早于失效时间',
    path: ['validTo'],
  });

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
  const promotion = parseOrThrow(PromotionSchema, input);
  const content = sanitizeBlocks(promotion.content);
  if (content.length === 0) throw validationError('content', '推广内容不能为空');
  return { ...promotion, content };
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
