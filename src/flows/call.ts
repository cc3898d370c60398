/**
 * The `call` node: one HTTP request to the company's own system (order lookup, returns …).
 * Only http(s), only to hosts on the allow-list (a flow author must not be able to reach
 * internal services the operator did not name), no redirects (they could leave the
 * allow-list), a timeout, a capped response. Never throws: every failure is a result the
 * runner turns into the node's failure branch.
 */
import type { JsonValue, CallNode } from './schemas.js';
import { readPath, renderJson, renderTemplate, type TemplateScope } from './templates.js';

/** Larger responses are refused: a flow needs a few fields, not a data dump. */
export const MAX_CALL_RESPONSE_BYTES = 1024 * 1024;

export interface CallOptions {
  /**
   * Hosts a call may reach: exact names (`127.0.0.1`, `api.shop.cn`), `host:port`, or
   * `*.shop.cn` for subdomains. Empty = no call may leave (the safe default).
   */
  allowedHosts: readonly string[];
  fetch: typeof fetch;
}

export type CallFailure = 'invalid_url' | 'host_not_allowed' | 'timeout' | 'network' | 'http_status' | 'invalid_json' | 'too_large';

export type CallResult =
  | { ok: true; status: number; slots: Record<string, JsonValue>; url: string }
  | { ok: false; failure: CallFailure; status?: number; detail: string; url: string };

/** Is this URL's host on the allow-list? */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowedHosts.some((entry) => {
    const allowed = entry.toLowerCase();
    if (allowed.startsWith('*.')) return host.endsWith(allowed.slice(1));
    if (allowed.includes(':') && !allowed.includes('[') && allowed.split(':').length === 2) return url.host.toLowerCase() === allowed;
    return host === allowed.replace(/^\[|\]$/g, '');
  });
}

/**
 * Slot and customer values are percent-encoded where they land in the URL ("订单/../admin"
 * cannot change the path); `env` values are operator configuration (base URLs) and are not.
 */
function encodeUrlValue(value: string, path: string): string {
  return path.startsWith('env.') ? value : encodeURIComponent(value);
}

export function renderCallUrl(node: Pick<CallNode, 'url'>, scope: TemplateScope): string {
  return renderTemplate(node.url, scope, encodeUrlValue);
}

async function readCapped(response: Response): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_CALL_RESPONSE_BYTES) return null;
  const text = await response.text();
  return Buffer.byteLength(text) > MAX_CALL_RESPONSE_BYTES ? null : text;
}

export async function performCall(node: CallNode, scope: TemplateScope, options: CallOptions): Promise<CallResult> {
  const rendered = renderCallUrl(node, scope);
  let url: URL;
  try {
    url = new URL(rendered);
  } catch {
    return { ok: false, failure: 'invalid_url', detail: rendered, url: rendered };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, failure: 'invalid_url', detail: url.protocol, url: rendered };
  if (!hostAllowed(url, options.allowedHosts)) return { ok: false, failure: 'host_not_allowed', detail: url.host, url: rendered };

  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(node.headers)) headers[name.toLowerCase()] = renderTemplate(value, scope);
  let body: string | undefined;
  if (node.body !== undefined && node.method !== 'GET') {
    body = JSON.stringify(renderJson(node.body, scope));
    headers['content-type'] ??= 'application/json';
  }

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), node.timeoutMs);
  try {
    const response = await options.fetch(url, { method: node.method, headers, body, redirect: 'manual', signal: controller.signal });
    const text = await readCapped(response);
    if (text === null) return { ok: false, failure: 'too_large', status: response.status, detail: `>${MAX_CALL_RESPONSE_BYTES}B`, url: rendered };
    if (!response.ok) return { ok: false, failure: 'http_status', status: response.status, detail: `HTTP ${response.status}`, url: rendered };
    let json: unknown = null;
    if (text.trim()) {
      try {
        json = JSON.parse(text);
      } catch {
        return { ok: false, failure: 'invalid_json', status: response.status, detail: text.slice(0, 100), url: rendered };
      }
    }
    const slots: Record<string, JsonValue> = {};
    for (const [slot, path] of Object.entries(node.saveAs)) slots[slot] = (readPath(json, path) as JsonValue | undefined) ?? null;
    return { ok: true, status: response.status, slots, url: rendered };
  } catch (err) {
    if (controller.signal.aborted) return { ok: false, failure: 'timeout', detail: `${node.timeoutMs}ms`, url: rendered };
    return { ok: false, failure: 'network', detail: String((err as Error).message ?? err), url: rendered };
  } finally {
    clearTimeout(timer);
  }
}
