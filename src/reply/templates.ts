/**
 * The one template engine of Wendu: knowledge answers, stock phrases, flow messages, and the
 * URLs, headers and bodies of flow `call` nodes all render here, so a placeholder means the
 * same everywhere and every rule below holds everywhere.
 *
 * `{{customer.name}}`, `{{slots.order_no}}`, `{{entry.question}}`, `{{items[0].name}}`, with a
 * default after `|` — `{{customer.name|亲}}`. Deliberately NOT a template language: a
 * placeholder is a path into the variables and nothing else, so an operator's template can
 * never run code, and a value is inserted as text (never read as a template again).
 *
 * Only own, plain data properties are read: `{{customer.constructor}}`, `{{__proto__}}`,
 * `{{slots.constructor.name}}`, `{{toString}}` or `{{customer.name.length}}` render nothing.
 * Objects render nothing as text either (a whole API response never lands in a sentence or a
 * URL; a flow author names the fields to keep).
 *
 * Two kinds of output:
 * - customer text (`renderTemplate`, `renderUrlTemplate`, `renderBlocks`): values sanitised,
 *   on one line, cut at MAX_VALUE_CHARS; a customer never sees `{{…}}`;
 * - data for other systems (`renderDataTemplate`, `renderDataUrl`, `renderJson`): values as
 *   they are (a long complaint reaches the ticket system whole), JSON types kept by `renderJson`.
 * In URLs values are percent-encoded, except `env.*` values: those are the operator's own
 * configuration (base URLs like `{{env.orderServiceUrl}}`), never customer input.
 */
import type { Button, Card, RichBlock } from '../content/rich-content.js';
import { sanitizeBlocks, sanitizeText } from '../content/sanitize.js';

export type TemplateValue = string | number | boolean | null | undefined | readonly TemplateValue[] | TemplateScope;
export interface TemplateScope {
  readonly [key: string]: TemplateValue;
}

/** What templates can refer to. Sections are open: flows add slots, sites add customer attributes. */
export interface TemplateVars extends TemplateScope {
  customer?: TemplateScope & { name?: string | null; tags?: readonly string[]; vipLevel?: number | null };
  slots?: TemplateScope;
  entry?: TemplateScope & { id?: string; question?: string; category?: string | null };
  channel?: string;
  /** Deployment configuration (flows): base URLs and the like, kept unencoded in URLs. */
  env?: TemplateScope;
}

/** `{{ … }}` with no braces inside; anything else is left alone (it is not a placeholder). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = String.raw`[\p{L}\p{N}_-]+(?:\[\d+\])*`;
/** Dotted path of letters (Chinese too), digits, `_`, `-`, with list indexes: `customer.name`, `slots.订单号`, `items[0].sku`. */
const PATH = new RegExp(`^${NAME}(?:\\.${NAME})*$`, 'u');
/** A JSON path into a response as flow authors write it: `$`, `$.data.items[0]`, `trackingNo`. */
const JSON_ROOT = /^\$\.?/;
/** Property names that reach into JavaScript's object machinery rather than the variables. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
const LIST_INDEX = /^\d+$/;
/** Variables under this root are operator configuration, not customer input (see URLs above). */
const CONFIG_ROOT = 'env.';
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
  /** The path, or null when the placeholder is malformed. */
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** One step of a path: an own data property of a plain object, or an index of a list. */
function step(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) return LIST_INDEX.test(segment) && Number(segment) < value.length ? value[Number(segment)] : undefined;
  if (!isPlainObject(value) || FORBIDDEN_SEGMENTS.has(segment)) return undefined;
  const own = Object.getOwnPropertyDescriptor(value, segment);
  // A getter is code, not data: never called.
  return own && 'value' in own ? own.value : undefined;
}

/**
 * Reads `a.b[0].c` (or `$.a.b[0].c`) from variables or a JSON value; undefined when any step
 * is missing or is not an own, plain data property (prototype paths resolve to nothing).
 */
export function readPath(root: unknown, path: string): unknown {
  const steps = path.replace(JSON_ROOT, '').match(/[^.[\]]+/g) ?? [];
  let value = root;
  for (const segment of steps) {
    value = step(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

/** The value at `path` in the variables (own plain data properties only). */
export function lookup(vars: TemplateScope, path: string): TemplateValue {
  return readPath(vars, path) as TemplateValue;
}

function truncate(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_VALUE_CHARS ? text : chars.slice(0, MAX_VALUE_CHARS - 1).join('') + ELLIPSIS;
}

/**
 * The text of a value as data, or null when it has none (missing, empty, an object). Lists of
 * names and numbers read as a list; nothing is cut or cleaned.
 */
export function dataText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.filter((v): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
    return items.length > 0 ? items.join(LIST_SEPARATOR) : null;
  }
  return null;
}

/**
 * The plain text of a value for a customer, or null when it has none to show (missing, empty,
 * an object, a boolean — "true" in a reply to a customer is never what the operator meant).
 */
export function valueText(value: unknown): string | null {
  if (typeof value === 'boolean') return null;
  const text = dataText(value);
  if (text === null) return null;
  // Values come from customers and other systems: plain text on one line, like the operator's own.
  const clean = sanitizeText(text).replace(/\s*\n\s*/g, ' ').trim();
  return clean ? truncate(clean) : null;
}

type Output = 'text' | 'data';
const OUTPUT_TEXT = { text: valueText, data: dataText } as const;
const FALLBACK_TEXT = { text: sanitizeText, data: (s: string) => s } as const;

function render(template: string, vars: TemplateScope, output: Output, inUrl: boolean): string {
  return template.replace(PLACEHOLDER, (_, raw: string) => {
    const { path, fallback } = parsePlaceholder(raw);
    const value = path === null ? null : OUTPUT_TEXT[output](lookup(vars, path));
    if (value === null) return inUrl ? encodeURIComponent(FALLBACK_TEXT[output](fallback)) : FALLBACK_TEXT[output](fallback);
    return inUrl && !path!.startsWith(CONFIG_ROOT) ? encodeURIComponent(value) : value;
  });
}

/** Fills the placeholders of one text for a customer. Single pass: a value containing `{{…}}` stays literal text. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return render(template, vars, 'text', false);
}

/** Fills placeholders inside a URL a customer sees, percent-encoding values so they cannot change its scheme or host. */
export function renderUrlTemplate(template: string, vars: TemplateVars): string {
  return render(template, vars, 'text', true);
}

/** Fills placeholders of text sent to another system (a header, a request body string): values whole, uncleaned. */
export function renderDataTemplate(template: string, vars: TemplateVars): string {
  return render(template, vars, 'data', false);
}

/** Fills the URL of a request to another system: values percent-encoded (`订单/../admin` cannot change the path), `env.*` kept. */
export function renderDataUrl(template: string, vars: TemplateVars): string {
  return render(template, vars, 'data', true);
}

/** A string that is exactly one placeholder (its value keeps its JSON type in `renderJson`). */
const WHOLE_PLACEHOLDER = /^\{\{([^{}]*)\}\}$/;

/** JSON for another system; what `renderJson` returns. */
export type TemplateJson = string | number | boolean | null | TemplateJson[] | { [key: string]: TemplateJson };

/** A value that can go into JSON as it is: plain data only, never an object with a prototype. */
function asJson(value: unknown): TemplateJson | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map((v) => asJson(v) ?? null);
  if (isPlainObject(value)) {
    const out: Record<string, TemplateJson> = {};
    for (const [k, v] of Object.entries(value)) {
      const json = asJson(v);
      if (json !== undefined && !FORBIDDEN_SEGMENTS.has(k)) out[k] = json;
    }
    return out;
  }
  return undefined;
}

/**
 * Renders a JSON body: strings are templates (data text); a string that is exactly one
 * placeholder keeps the value's own type (a list of photo links stays a list, a skipped slot
 * becomes null, a missing one its default or null).
 */
export function renderJson(value: TemplateJson, vars: TemplateVars): TemplateJson {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole) {
      const { path, fallback } = parsePlaceholder(whole[1]);
      const found = path === null ? undefined : asJson(lookup(vars, path));
      return found ?? (fallback === '' ? null : fallback);
    }
    return renderDataTemplate(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => renderJson(v, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJson(v, vars)]));
  }
  return value;
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
