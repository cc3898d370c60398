/**
 * The `call` node: one HTTP request to the company's own system (order lookup, returns …).
 * A flow author (a supervisor) writes the URL; an admin decides where calls may go
 * (call-policy.ts). So, in order:
 * - only http(s), only to a host on the bot's allow-list;
 * - the host is resolved ONCE, every resolved address is checked (private, loopback,
 *   link-local, metadata … are refused unless an exact entry names the host), and the socket
 *   connects to exactly the addresses that were checked — node:http's `lookup` hook, so a DNS
 *   answer cannot change between check and connect (no DNS rebinding). Node 20's global
 *   fetch offers no such hook without the separate undici package, hence node:http;
 * - redirects are not followed (a 3xx is a failure the flow can branch on: it could lead
 *   anywhere);
 * - a timeout over the whole exchange, and the response is cut off while streaming once it
 *   passes the size cap;
 * - only fields the author mapped (`saveAs`) come out; the body itself never reaches a
 *   customer, not even in the trace of a failure.
 * Never throws: every failure is a result the runner turns into the node's failure branch.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { promises as dnsPromises } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { readPath, renderDataTemplate, renderDataUrl, renderJson, type TemplateVars } from '../reply/templates.js';
import { matchAllowedHost, restrictedAddress, restrictedHostname } from './call-policy.js';
import type { CallNode, JsonValue } from './schemas.js';

/** Larger responses are refused: a flow needs a few fields, not a data dump. */
export const MAX_CALL_RESPONSE_BYTES = 1024 * 1024;
const HTTP_REDIRECT_MIN = 300;
const HTTP_REDIRECT_MAX = 399;
const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
/** Headers the connection owns; a flow author's value for them is ignored. */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'te', 'trailer', 'keep-alive', 'proxy-connection']);

/** Resolves a host name to its addresses: the network boundary (tests map names here). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolve: ResolveHost = (hostname) => dnsPromises.lookup(hostname, { all: true, verbatim: true });

export interface CallOptions {
  /** The bot's allow-list (call-policy.ts). Empty = no call may leave (the safe default). */
  allowedHosts: readonly string[];
  /** DNS; the system resolver by default. */
  resolve?: ResolveHost;
  /** The response size cap; MAX_CALL_RESPONSE_BYTES by default. */
  maxResponseBytes?: number;
}

export type CallFailure =
  | 'invalid_url'
  | 'host_not_allowed'
  | 'address_not_allowed'
  | 'timeout'
  | 'network'
  | 'redirect'
  | 'http_status'
  | 'invalid_json'
  | 'too_large';

export type CallResult =
  | { ok: true; status: number; slots: Record<string, JsonValue>; url: string }
  | { ok: false; failure: CallFailure; status?: number; detail: string; url: string };

/** Is this URL's host on the allow-list at all? (Addresses are checked when connecting.) */
export function hostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  return matchAllowedHost(url, allowedHosts) !== null;
}

/**
 * Slot and customer values are percent-encoded where they land in the URL ("订单/../admin"
 * cannot change the path); `env` values are operator configuration (base URLs) and are not.
 */
export function renderCallUrl(node: Pick<CallNode, 'url'>, vars: TemplateVars): string {
  return renderDataUrl(node.url, vars);
}

/** Raised inside the lookup hook when a resolved address may not be reached. */
class AddressRefused extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${address}: ${reason}`);
  }
}

/**
 * The `lookup` node:net calls before connecting: resolve once, refuse the whole host if any
 * address is restricted (a name with one public and one private address is a rebinding
 * attempt), and hand net exactly the checked addresses to connect to.
 */
function checkedLookup(resolve: ResolveHost, privateAllowed: boolean): typeof dnsLookup {
  const hook = (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname).then(
      (found) => {
        if (!privateAllowed) {
          for (const { address } of found) {
            const reason = restrictedAddress(address);
            if (reason) return callback(new AddressRefused(address, reason), '');
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : [...found];
        if (wanted.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
  return hook as unknown as typeof dnsLookup;
}

type Exchange = { ok: true; status: number; body: Buffer } | { ok: false; failure: CallFailure; status?: number; detail: string };

interface SendOptions {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: string;
  lookup: typeof dnsLookup;
  timeoutMs: number;
  maxBytes: number;
}

/** One request, no redirects, no connection reuse, the response read up to the cap. */
function send(url: URL, options: SendOptions): Promise<Exchange> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // agent: false — a fresh connection per call, so no socket opened for another purpose is reused.
    const req = request(url, { method: options.method, headers: options.headers, lookup: options.lookup, agent: false });
    const timer = setTimeout(() => finish({ ok: false, failure: 'timeout', detail: `${options.timeoutMs}ms` }), options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof AddressRefused) finish({ ok: false, failure: 'address_not_allowed', detail: err.reason });
      else finish({ ok: false, failure: 'network', detail: err.code ?? 'connection failed' });
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= HTTP_REDIRECT_MIN && status <= HTTP_REDIRECT_MAX) return finish({ ok: false, failure: 'redirect', status, detail: `HTTP ${status} (redirects are not followed)` });
      const tooLarge: Exchange = { ok: false, failure: 'too_large', status, detail: `>${options.maxBytes}B` };
      if (Number(res.headers['content-length'] ?? 0) > options.maxBytes) return finish(tooLarge);
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) return finish(tooLarge);
        chunks.push(chunk);
      });
      res.on('end', () => finish({ ok: true, status, body: Buffer.concat(chunks) }));
      res.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, failure: 'network', status, detail: err.code ?? 'response aborted' }));
    });
    req.end(options.body);
  });
}

export async function performCall(node: CallNode, vars: TemplateVars, options: CallOptions): Promise<CallResult> {
  const rendered = renderCallUrl(node, vars);
  let url: URL;
  try {
    url = new URL(rendered);
  } catch {
    return { ok: false, failure: 'invalid_url', detail: 'not a URL', url: rendered };
  }
  const fail = (failure: CallFailure, detail: string, status?: number): CallResult => ({ ok: false, failure, detail, url: rendered, ...(status !== undefined && { status }) });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('invalid_url', url.protocol);
  if (url.username || url.password) return fail('invalid_url', 'credentials in URL');
  const match = matchAllowedHost(url, options.allowedHosts);
  if (match === null) return fail('host_not_allowed', url.host);
  // Wildcard entries reach public systems only; an exact entry is the admin naming this host.
  const privateAllowed = match === 'exact';
  if (!privateAllowed) {
    const reason = restrictedHostname(url.hostname) ?? (isIP(url.hostname.replace(/^\[|\]$/g, '')) ? restrictedAddress(url.hostname) : null);
    if (reason) return fail('address_not_allowed', reason);
  }

  const headers: OutgoingHttpHeaders = { accept: 'application/json' };
  for (const [name, value] of Object.entries(node.headers)) {
    if (!CONNECTION_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = renderDataTemplate(value, vars);
  }
  let body: string | undefined;
  if (node.body !== undefined && node.method !== 'GET') {
    body = JSON.stringify(renderJson(node.body, vars));
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }

  let exchange: Exchange;
  try {
    exchange = await send(url, {
      method: node.method,
      headers,
      body,
      lookup: checkedLookup(options.resolve ?? systemResolve, privateAllowed),
      timeoutMs: node.timeoutMs,
      maxBytes: options.maxResponseBytes ?? MAX_CALL_RESPONSE_BYTES,
    });
  } catch (err) {
    // Thrown before any byte left (e.g. a header value with a line break).
    return fail('network', (err as NodeJS.ErrnoException).code ?? 'invalid request');
  }
  if (!exchange.ok) return fail(exchange.failure, exchange.detail, exchange.status);
  const { status } = exchange;
  if (status < HTTP_OK_MIN || status > HTTP_OK_MAX) return fail('http_status', `HTTP ${status}`, status);
  const text = exchange.body.toString('utf8');
  let json: unknown = null;
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      // The size only: the body may hold anything, and traces reach the customer's screen.
      return fail('invalid_json', `not JSON (${exchange.body.length} bytes)`, status);
    }
  }
  const slots: Record<string, JsonValue> = {};
  for (const [slot, path] of Object.entries(node.saveAs)) slots[slot] = (readPath(json, path) as JsonValue | undefined) ?? null;
  return { ok: true, status, slots, url: rendered };
}
