/**
 * Rich content (src/content/rich-content.ts) as safe DOM: every string is text, every URL passes
 * safeUrl (http(s) only) and opens in a new tab with rel="noopener noreferrer", images are lazy
 * with alt text. A block of an unknown type shows nothing rather than something unsafe.
 */
import type { Button, Card, RichBlock } from '../../../src/content/rich-content.js';
import { externalLink, h, safeUrl } from './dom.js';
import type { Texts } from './i18n.js';

const BYTES_PER_KB = 1024;

export interface RenderContext {
  t: Texts;
  /** A quick reply was tapped: send its text as if typed. */
  onReply(text: string): void;
}

function image(url: unknown, alt: string | undefined): HTMLElement | null {
  const src = safeUrl(url);
  return src ? h('img', { class: 'image', src, alt: alt ?? '', loading: 'lazy', decoding: 'async' }) : null;
}

function buttonsRow(buttons: readonly Button[], ctx: RenderContext, title?: string): HTMLElement {
  return h(
    'div',
    { class: 'chips' },
    title ? h('div', { class: 'chips-title' }, title) : null,
    ...buttons.map((b) =>
      b.action === 'link'
        ? externalLink(b.url, b.label, { class: 'chip' })
        : h('button', { type: 'button', class: 'chip', 'data-wendu': 'quick-reply', onclick: () => ctx.onReply(b.text) }, b.label),
    ),
  );
}

function card(c: Card, ctx: RenderContext): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    image(c.imageUrl, c.title),
    h(
      'div',
      { class: 'body' },
      c.url ? externalLink(c.url, c.title, { class: 'card-title' }) : h('strong', {}, c.title),
      c.text ? h('span', {}, c.text) : null,
      c.buttons?.length ? buttonsRow(c.buttons, ctx) : null,
    ),
  );
}

function fileLabel(name: string, sizeBytes: number | undefined): string {
  return sizeBytes === undefined ? name : `${name}（${Math.max(1, Math.round(sizeBytes / BYTES_PER_KB))} KB）`;
}

export function renderBlock(block: RichBlock, ctx: RenderContext): HTMLElement | null {
  switch (block.type) {
    case 'text':
      return h('div', { class: 'bubble' }, block.text);
    case 'image':
      return image(block.url, block.alt);
    case 'link':
      return h('div', { class: 'bubble' }, externalLink(block.url, block.title));
    case 'card':
      return card(block.card, ctx);
    case 'buttons':
      return h('div', {}, buttonsRow(block.buttons, ctx, block.text));
    case 'carousel':
      return h('div', { class: 'carousel' }, ...block.cards.map((c) => card(c, ctx)));
    case 'file':
      return h('div', { class: 'bubble' }, '📎 ', externalLink(block.url, fileLabel(block.name, block.sizeBytes), { 'aria-label': `${ctx.t.file} ${block.name}` }));
    case 'audio': {
      const src = safeUrl(block.url);
      return h('div', {}, src ? h('audio', { class: 'media', src, controls: true, preload: 'none' }) : null, block.transcript ? h('div', { class: 'bubble' }, block.transcript) : null);
    }
    case 'video': {
      const src = safeUrl(block.url);
      if (!src) return null;
      return h('video', { class: 'media', src, controls: true, preload: 'none', poster: safeUrl(block.posterUrl) ?? undefined, 'aria-label': block.title ?? undefined });
    }
    default:
      return null;
  }
}

/** A message's content; a message without content shows its plain text. */
export function renderContent(content: readonly RichBlock[] | undefined, text: string, ctx: RenderContext): HTMLElement[] {
  const blocks = content?.length ? content : text ? [{ type: 'text', text } as RichBlock] : [];
  return blocks.map((b) => renderBlock(b, ctx)).filter((el): el is HTMLElement => el !== null);
}
