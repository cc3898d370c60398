/**
 * The customer widget: `<script src="https://…/widget.js" data-bot="…" async></script>`.
 * Optional `data-lang="zh|en"` and `data-title`. The server is wherever this script came from,
 * so a shop on another domain needs nothing else. An async script has no
 * document.currentScript, so the tag is found by its src.
 */
import { pickLang } from './i18n.js';
import { Widget } from './widget.js';

const DEFAULT_BOT = 'default';

function ownScriptTag(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const tags = [...document.querySelectorAll<HTMLScriptElement>('script[src]')];
  return tags.find((s) => s.hasAttribute('data-bot')) ?? tags.find((s) => new URL(s.src, location.href).pathname.endsWith('/widget.js')) ?? null;
}

function boot(): void {
  const tag = ownScriptTag();
  const origin = tag ? new URL(tag.src, location.href).origin : location.origin;
  const widget = new Widget({
    origin,
    botId: tag?.dataset.bot || DEFAULT_BOT,
    lang: pickLang(tag?.dataset.lang ?? null),
    title: tag?.dataset.title || null,
  });
  const mount = () => widget.mount();
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}

boot();
