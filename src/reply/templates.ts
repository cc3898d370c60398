/**
 * Reply templates: `{{customer.name}}`, `{{slots.order_no}}`, `{{entry.question}}`, with a
 * default after `|` — `{{customer.name|亲}}`. Deliberately NOT a template language: a
 * placeholder is a dotted path into the variables and nothing else, so an operator's template
 * can never run code, and a value is inserted as plain text (never read as a template again).
 *
 * A customer never sees `{{…}}`: an unknown, empty or malformed placeholder becomes its default,
 * or nothing.
 */
import type { Button, Card, RichBlock } from '../content/rich-content.js';
import { sanitizeBlocks, sanitizeText } from '../content/sanitize.js';

export type TemplateValue = string | number | boolean | null | undefined | readonly (string | number)[] | TemplateScope;
export interface TemplateScope {
  readonly [key: string]: TemplateValue;
}

/** What templates can refer to. Sections are open: flows add slots, sites add customer attributes. */
export interface TemplateVars extends TemplateScope {
  customer?: TemplateScope & { name?: string | null; tags?: readonly string[]; vipLevel?: number | null };
  slots?: TemplateScope;
  entry?: TemplateScope & { id?: string; question?: string; category?: string | null };
}

/** `{{ … }}` with no braces inside; anything else is left alone (it is not a placeholder). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
/** Dotted path of letters (Chinese too), digits and `_`: `customer.name`, `slots.订单号`. */
const PATH = /^[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*$/u;
/** Property names that reach into JavaScript's object machinery rather than the variables. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
/**
 * A value is a name, an order number, a short reason. Longer text (a pasted complaint in a slot)
 * is cut so one variable cannot push a reply past what a chat bubble — or the schema — holds.
 */
export const MAX_VALUE_CHARS = 200;
const ELLIPSIS = '…';
/** How a list value (customer tags) reads in a sentence. */
const LIST_SEPARATOR = '、';

export interface Placeholder {
  /** The text between the braces, as written. */
  raw: string;
  /** The dotted path, or null when the placeholder is malformed. */
  path: string | null;
  fallback: string;
}

export function parsePlaceholder(raw: string): Placeholder {
  const bar = raw.indexOf('|');
  const path = (bar === -1 ? raw : raw.slice(0, bar)).trim();
  const fallback = bar === -1 ? '' : raw.slice(bar + 1).trim();
  return { raw, path: PATH.test(path) ? path : null, fallback };
}

/** Every placeholder of a template, for checking templates when an operator saves them. */
export function templatePlaceholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => parsePlaceholder(m[1]));
}

function isScope(value: TemplateValue): value is TemplateScope {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only, so `{{constructor.name}}` or `{{toString}}` resolve to nothing. */
export function lookup(vars: TemplateScope, path: string): TemplateValue {
  let current: TemplateValue = vars;
  for (const segment of path.split('.')) {
    if (!isScope(current) || FORBIDDEN_SEGMENTS.has(segment) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

function truncate(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_VALUE_CHARS ? text : chars.slice(0, MAX_VALUE_CHARS - 1).join('') + ELLIPSIS;
}

/**
 * The plain text of a value, or null when it has none to show (missing, empty, an object, a
 * boolean — "true" in a reply to a customer is never what the operator meant).
 */
export function valueText(value: TemplateValue): string | null {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (Array.isArray(value)) text = value.filter((v) => typeof v === 'string' || typeof v === 'number').join(LIST_SEPARATOR);
  else return null;
  // Values come from customers and other systems: plain text on one line, like the operator's own.
  const clean = sanitizeText(text).replace(/\s*\n\s*/g, ' ').trim();
  return clean ? truncate(clean) : null;
}

function render(template: string, vars: TemplateVars, encode: (s: string) => string): string {
  return template.replace(PLACEHOLDER, (_, raw: string) => {
    const { path, fallback } = parsePlaceholder(raw);
    const value = path === null ? null : valueText(lookup(vars, path));
    return encode(value ?? sanitizeText(fallback));
  });
}

/** Fills the placeholders of one text. Single pass: a value containing `{{…}}` stays literal text. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return render(template, vars, (s) => s);
}

/** Fills placeholders inside a URL, percent-encoding values so they cannot change its scheme or host. */
export function renderUrlTemplate(template: string, vars: TemplateVars): string {
  return render(template, vars, encodeURIComponent);
}

/**
 * Renders every text field of rich content (texts, titles, labels, button replies, alt texts,
 * captions) and every URL (values percent-encoded), then sanitises the result: a text that
 * rendered empty is dropped and a URL that is no longer http(s) removes its block or button.
 */
export function renderBlocks(blocks: readonly RichBlock[], vars: TemplateVars): RichBlock[] {
  const text = (s: string) => renderTemplate(s, vars);
  const url = (s: string) => renderUrlTemplate(s, vars);
  return sanitizeBlocks(blocks.map((block) => mapBlockFields(block, text, url)));
}

type Field = (s: string) => string;

function mapButton(b: Button, text: Field, url: Field): Button {
  return b.action === 'reply' ? { ...b, label: text(b.label), text: text(b.text) } : { ...b, label: text(b.label), url: url(b.url) };
}

function mapCard(c: Card, text: Field, url: Field): Card {
  return {
    ...c,
    title: text(c.title),
    ...(c.text !== undefined && { text: text(c.text) }),
    ...(c.imageUrl !== undefined && { imageUrl: url(c.imageUrl) }),
    ...(c.url !== undefined && { url: url(c.url) }),
    ...(c.buttons !== undefined && { buttons: c.buttons.map((b) => mapButton(b, text, url)) }),
  };
}

/** Applies `text` to every human-readable field and `url` to every link of one block. */
export function mapBlockFields(block: RichBlock, text: Field, url: Field): RichBlock {
  switch (block.type) {
    case 'text':
      return { ...block, text: text(block.text) };
    case 'image':
      return { ...block, url: url(block.url), ...(block.alt !== undefined && { alt: text(block.alt) }) };
    case 'link':
      return { ...block, url: url(block.url), title: text(block.title) };
    case 'card':
      return { ...block, card: mapCard(block.card, text, url) };
    case 'buttons':
      return { ...block, ...(block.text !== undefined && { text: text(block.text) }), buttons: block.buttons.map((b) => mapButton(b, text, url)) };
    case 'carousel':
      return { ...block, cards: block.cards.map((c) => mapCard(c, text, url)) };
    case 'file':
      return { ...block, url: url(block.url), name: text(block.name) };
    case 'audio':
      return { ...block, url: url(block.url), ...(block.transcript !== undefined && { transcript: text(block.transcript) }) };
    case 'video':
      return {
        ...block,
        url: url(block.url),
        ...(block.title !== undefined && { title: text(block.title) }),
        ...(block.posterUrl !== undefined && { posterUrl: url(block.posterUrl) }),
      };
  }
}
