/**
 * The widget's whole "framework": create an element with attributes, listeners and children.
 * Text always goes in as text nodes — nothing here ever parses HTML, so a customer's, agent's or
 * operator's `<script>` stays a string on screen.
 */
type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Only absolute http(s) links leave the widget: `javascript:`, `data:` and relative URLs never do. */
export function safeUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link that opens in a new tab without handing the shop's window to the other site; unsafe → plain text. */
export function externalLink(url: unknown, label: string, attrs: Attrs = {}): HTMLElement {
  const href = safeUrl(url);
  if (!href) return h('span', attrs, label);
  return h('a', { ...attrs, href, target: '_blank', rel: 'noopener noreferrer' }, label);
}
