/**
 * Everything an operator (or an agent, or a template variable) writes is PLAIN TEXT in Wendu.
 * Sanitising removes every HTML tag and attribute (the content of script-like tags entirely),
 * control and direction-override characters, and refuses any URL that is not http(s) — so no
 * page that shows rich content can be made to run code, whatever reached the database.
 * Emoji, Chinese, punctuation and new lines are kept; `&amp;` reads as `&`.
 *
 * Output is a fixed point: sanitising it again changes nothing. That is what makes encoded
 * payloads (`&lt;script&gt;`) and split tags (`<scr<script>ipt>`) harmless: they are decoded
 * and stripped again until nothing tag-like is left.
 */
import sanitizeHtml from 'sanitize-html';
import type { Button, Card, RichBlock } from './rich-content.js';

/** Tags whose CONTENT is code or markup, never text a customer should read: dropped whole. */
const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'xmp', 'noembed', 'noframes', 'template', 'title', 'object', 'plaintext'];

const HTML_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  nonTextTags: NON_TEXT_TAGS,
};

/**
 * Decode-and-strip rounds before giving up on reaching a fixed point. Each round peels one
 * layer of entity encoding; real text settles in one or two, three layers is already hostile.
 */
const MAX_SANITIZE_ROUNDS = 4;

/** Line breaks of rich-text editors, kept as new lines so pasted answers keep their paragraphs. */
const LINE_BREAK_TAGS = /<br\s*\/?>|<\/(?:p|div|li|tr|blockquote)\s*>/gi;
/** Blank lines left by removed markup: at most one empty line in a row, none at the end. */
const EXTRA_BLANK_LINES = /\n{3,}/g;
const TRAILING_LINE_BREAKS = /\n+$/;

/**
 * C0/C1 controls except tab and new line, bidi overrides and isolates (Trojan-Source style
 * spoofing), BOM and other invisible format characters. ZWJ (U+200D) and variation selectors
 * stay: emoji sequences such as 👨‍👩‍👧 need them.
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/** sanitize-html escapes exactly these four in text output; undo them so `&` reads as `&`. */
function decodeEscapes(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/**
 * An `&` that does not start a complete entity is text. Without this the HTML parser reads
 * legacy entities without `;` — `?id=1&region=cn` would turn into `?id=1®ion=cn`.
 */
const BARE_AMPERSAND = /&(?![a-z][a-z0-9]*;|#[0-9]+;|#x[0-9a-f]+;)/gi;

function stripOnce(s: string): string {
  const html = s.replace(LINE_BREAK_TAGS, '\n').replace(BARE_AMPERSAND, '&amp;');
  return decodeEscapes(sanitizeHtml(html, HTML_OPTIONS));
}

function tidyLines(s: string): string {
  return s.replace(EXTRA_BLANK_LINES, '\n\n').replace(TRAILING_LINE_BREAKS, '');
}

/** Plain text from anything an operator typed or pasted: no tags, no attributes, no controls. */
export function sanitizeText(text: string): string {
  let current = text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '');
  for (let round = 0; round < MAX_SANITIZE_ROUNDS; round++) {
    const next = stripOnce(current).replace(CONTROL_CHARS, '');
    if (next === current) return tidyLines(current);
    current = next;
  }
  // Still changing after several rounds: a deliberately nested payload. Angle brackets go.
  return tidyLines(current.replace(/[<>]/g, ''));
}

/** Characters that must never appear raw in a URL shown in a page; browsers percent-encode them too. */
const URL_UNSAFE: Record<string, string> = { '"': '%22', "'": '%27', '<': '%3C', '>': '%3E', '`': '%60', ' ': '%20' };
const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * The URL if it is a plain http(s) link, else null. Controls and surrounding blanks are removed
 * first — and the scheme is checked AFTER that, so `java\tscript:` or ` javascript:` cannot
 * sneak through a check made on the raw string.
 */
export function sanitizeUrl(url: string): string | null {
  const cleaned = url.replace(CONTROL_CHARS, '').replace(/[\t\n]/g, '').trim().replace(/["'<>` ]/g, (ch) => URL_UNSAFE[ch]);
  if (!/^https?:\/\//i.test(cleaned)) return null;
  try {
    const parsed = new URL(cleaned);
    if (!SAFE_PROTOCOLS.has(parsed.protocol) || !parsed.hostname) return null;
  } catch {
    return null;
  }
  return cleaned;
}

function optionalText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = sanitizeText(text);
  return clean.trim() ? clean : undefined;
}

function optionalUrl(url: string | undefined): string | undefined {
  return url === undefined ? undefined : (sanitizeUrl(url) ?? undefined);
}

/** Drops keys whose value is undefined, so a sanitised block has the same shape as a parsed one. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** A button whose link is not http(s) is removed: a button that cannot be followed safely is no button. */
function sanitizeButton(button: Button): Button | null {
  if (button.action === 'reply') return { action: 'reply', label: sanitizeText(button.label), text: sanitizeText(button.text) };
  const url = sanitizeUrl(button.url);
  return url ? { action: 'link', label: sanitizeText(button.label), url } : null;
}

function sanitizeButtons(buttons: readonly Button[]): Button[] {
  return buttons.map(sanitizeButton).filter((b): b is Button => b !== null);
}

function sanitizeCard(card: Card): Card {
  return compact({
    title: sanitizeText(card.title),
    text: optionalText(card.text),
    imageUrl: optionalUrl(card.imageUrl),
    url: optionalUrl(card.url),
    buttons: card.buttons === undefined ? undefined : sanitizeButtons(card.buttons),
  });
}

/** One block, or null when nothing safe is left of it (a blank text, a media block with a bad URL). */
function sanitizeBlock(block: RichBlock): RichBlock | null {
  switch (block.type) {
    case 'text': {
      const text = sanitizeText(block.text);
      return text.trim() ? { type: 'text', text } : null;
    }
    case 'image': {
      const url = sanitizeUrl(block.url);
      return url ? compact({ type: 'image' as const, url, alt: optionalText(block.alt) }) : null;
    }
    case 'link': {
      const url = sanitizeUrl(block.url);
      return url ? { type: 'link', url, title: sanitizeText(block.title) } : null;
    }
    case 'card':
      return { type: 'card', card: sanitizeCard(block.card) };
    case 'buttons': {
      const buttons = sanitizeButtons(block.buttons);
      const text = optionalText(block.text);
      if (buttons.length === 0) return text ? { type: 'text', text } : null;
      return compact({ type: 'buttons' as const, text, buttons });
    }
    case 'carousel':
      return { type: 'carousel', cards: block.cards.map(sanitizeCard) };
    case 'file': {
      const url = sanitizeUrl(block.url);
      return url ? compact({ type: 'file' as const, url, name: sanitizeText(block.name), sizeBytes: block.sizeBytes }) : null;
    }
    case 'audio': {
      const url = sanitizeUrl(block.url);
      return url ? compact({ type: 'audio' as const, url, durationSeconds: block.durationSeconds, transcript: optionalText(block.transcript) }) : null;
    }
    case 'video': {
      const url = sanitizeUrl(block.url);
      return url ? compact({ type: 'video' as const, url, title: optionalText(block.title), posterUrl: optionalUrl(block.posterUrl) }) : null;
    }
  }
}

/**
 * Sanitises every text and URL of rich content, recursively through cards, buttons and
 * carousels. Blocks with nothing safe left are dropped; required titles and labels that were
 * only markup come back empty — validate with RichBlockSchema afterwards to report them.
 */
export function sanitizeBlocks(blocks: readonly RichBlock[]): RichBlock[] {
  return blocks.map(sanitizeBlock).filter((b): b is RichBlock => b !== null);
}

/** The operator-written fields of a knowledge entry (structural, so content/ needs nothing from kb/). */
export interface OperatorTextFields {
  question: string;
  similarQuestions: string[];
  /** Customers' phrasings approved through learning (customer-written, so cleaned the same way). */
  learnedQuestions: string[];
  answer: RichBlock[];
  channelAnswers: Partial<Record<string, RichBlock[]>>;
  category: string | null;
  tags: string[];
}

/** Sanitises a knowledge entry's questions, answers, category and tags; other fields pass through. */
export function sanitizeEntryText<T extends OperatorTextFields>(entry: T): T {
  const channelAnswers = Object.fromEntries(
    Object.entries(entry.channelAnswers).map(([channel, blocks]) => [channel, blocks && sanitizeBlocks(blocks)]),
  );
  return {
    ...entry,
    question: sanitizeText(entry.question).trim(),
    similarQuestions: entry.similarQuestions.map((q) => sanitizeText(q).trim()).filter(Boolean),
    learnedQuestions: entry.learnedQuestions.map((q) => sanitizeText(q).trim()).filter(Boolean),
    answer: sanitizeBlocks(entry.answer),
    channelAnswers,
    category: entry.category === null ? null : sanitizeText(entry.category).trim() || null,
    tags: entry.tags.map((t) => sanitizeText(t).trim()).filter(Boolean),
  };
}
