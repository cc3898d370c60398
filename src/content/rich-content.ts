/**
 * Rich content: one typed schema for everything Wendu shows — knowledge answers, flow messages,
 * bot and agent replies. Every block has a text fallback (src/content/fallback-text.ts) for
 * channels that cannot show it. URLs are http(s) only; operator-written text is sanitised
 * (src/content/sanitize.ts) before it is stored or shown.
 */
import { z } from 'zod';

const MAX_TEXT = 5000;
const MAX_TITLE = 200;
const MAX_URL = 2000;
/** Buttons per block and cards per carousel: what chat UIs can show without scrolling forever. */
export const MAX_BUTTONS = 10;
export const MAX_CAROUSEL_CARDS = 10;

export const SafeUrlSchema = z
  .string()
  .max(MAX_URL)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: '只允许 http(s) 链接' });

/** A button either sends a text as if the customer typed it (quick reply), or opens a link. */
export const ButtonSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('reply'), label: z.string().min(1).max(40), text: z.string().min(1).max(500) }),
  z.object({ action: z.literal('link'), label: z.string().min(1).max(40), url: SafeUrlSchema }),
]);
export type Button = z.infer<typeof ButtonSchema>;

export const CardSchema = z.object({
  title: z.string().min(1).max(MAX_TITLE),
  text: z.string().max(MAX_TEXT).optional(),
  imageUrl: SafeUrlSchema.optional(),
  url: SafeUrlSchema.optional(),
  buttons: z.array(ButtonSchema).max(MAX_BUTTONS).optional(),
});
export type Card = z.infer<typeof CardSchema>;

export const RichBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(MAX_TEXT) }),
  z.object({ type: z.literal('image'), url: SafeUrlSchema, alt: z.string().max(MAX_TITLE).optional() }),
  z.object({ type: z.literal('link'), url: SafeUrlSchema, title: z.string().min(1).max(MAX_TITLE) }),
  z.object({ type: z.literal('card'), card: CardSchema }),
  z.object({ type: z.literal('buttons'), text: z.string().max(MAX_TEXT).optional(), buttons: z.array(ButtonSchema).min(1).max(MAX_BUTTONS) }),
  z.object({ type: z.literal('carousel'), cards: z.array(CardSchema).min(1).max(MAX_CAROUSEL_CARDS) }),
  z.object({ type: z.literal('file'), url: SafeUrlSchema, name: z.string().min(1).max(MAX_TITLE), sizeBytes: z.number().int().nonnegative().optional() }),
  z.object({ type: z.literal('audio'), url: SafeUrlSchema, durationSeconds: z.number().nonnegative().optional(), transcript: z.string().max(MAX_TEXT).optional() }),
  z.object({ type: z.literal('video'), url: SafeUrlSchema, title: z.string().max(MAX_TITLE).optional(), posterUrl: SafeUrlSchema.optional() }),
]);
export type RichBlock = z.infer<typeof RichBlockSchema>;
export type RichBlockType = RichBlock['type'];
