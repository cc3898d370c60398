/**
 * Where a flow `call` node may connect: each bot's allow-list of hosts, set by an admin
 * (flow authors — supervisors — cannot change it), empty by default. The demo adds its order
 * service. Private, loopback, link-local, unspecified and cloud-metadata addresses are refused
 * unless an admin named that exact host: a wildcard (`*.shop.cn`) only ever reaches public
 * addresses, so a DNS record pointing `evil.shop.cn` at 127.0.0.1 or 169.254.169.254 gets
 * nowhere. The address check runs on the resolved addresses at connection time (call.ts).
 *
 * Entries: `api.shop.cn` (any port), `api.shop.cn:8443`, `127.0.0.1:4000`, `[fd00::5]`,
 * `*.shop.cn` (any subdomain of shop.cn, not shop.cn itself).
 */
import { isIP } from 'node:net';
import { z } from 'zod';

/** An allow-list longer than this is not a list of the company's own systems any more. */
export const MAX_ALLOWED_HOSTS = 50;
/** DNS names are at most 253 characters; a port adds at most 6. */
const MAX_ENTRY_CHARS = 260;
const WILDCARD_PREFIX = '*.';
/** A wildcard must name at least a registrable domain (`*.shop.cn`), never a whole TLD (`*.cn`). */
const MIN_WILDCARD_LABELS = 2;
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** What the runner needs to place calls for one bot. */
export interface CallPolicy {
  /** Normalised entries (see `normaliseAllowedHost`); empty = no call may leave. */
  allowedHosts: readonly string[];
}

/** No call leaves: the default for every bot until an admin names its systems. */
export const CLOSED_CALL_POLICY: CallPolicy = { allowedHosts: [] };

/**
 * Names that are cloud metadata services whatever they resolve to (the addresses behind them
 * are link-local or private and refused anyway; this also catches a resolver that lies).
 * Alibaba Cloud's 100.100.100.200 is inside 100.64/10 below.
 */
export const METADATA_HOSTNAMES: ReadonlySet<string> = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'metadata.tencentyun.com', 'instance-data', 'instance-data.ec2.internal']);

/** A host as URLs spell it, for comparing: lower case, no IPv6 brackets, no trailing dot. */
export function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/**
 * An entry in its canonical form, or null when it is not a host: `Orders.Internal:80` →
 * `orders.internal:80`, `2130706433` → `127.0.0.1`, `[::ffff:127.0.0.1]` → `[::ffff:7f00:1]`.
 */
export function normaliseAllowedHost(entry: string): string | null {
  const trimmed = entry.trim();
  if (trimmed === '' || trimmed.length > MAX_ENTRY_CHARS || /[/?#@\s\\]/.test(trimmed)) return null;
  if (trimmed.startsWith(WILDCARD_PREFIX)) {
    const domain = normaliseAllowedHost(trimmed.slice(WILDCARD_PREFIX.length));
    if (domain === null || domain.includes(':') || isIP(domain) !== 0 || domain.split('.').length < MIN_WILDCARD_LABELS) return null;
    return WILDCARD_PREFIX + domain;
  }
  if (trimmed.includes('*')) return null;
  let url: URL;
  try {
    url = new URL(`http://${trimmed}`);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/\.$/, '');
  if (host === '') return null;
  // `new URL` drops the default port 80; an entry that named it keeps it.
  const port = url.port || (/:80$/.test(trimmed) ? '80' : '');
  return port ? `${host}:${port}` : host;
}

/** Admin input for a bot's allow-list: each entry normalised, duplicates dropped. */
export const AllowedHostsSchema = z
  .array(z.string())
  .max(MAX_ALLOWED_HOSTS, `最多 ${MAX_ALLOWED_HOSTS} 个主机 (at most ${MAX_ALLOWED_HOSTS} hosts)`)
  .transform((entries, ctx) => {
    const out: string[] = [];
    entries.forEach((entry, i) => {
      const host = normaliseAllowedHost(entry);
      if (host === null) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `“${entry}”不是合法的主机，应为 api.shop.cn、api.shop.cn:8443、127.0.0.1:4000 或 *.shop.cn (not a host entry)`,
        });
      } else if (!out.includes(host)) out.push(host);
    });
    return out;
  });

export type AllowMatch = 'exact' | 'wildcard';

/**
 * How the URL's host is allowed: by an exact entry (which also unlocks private addresses for
 * that host), by a wildcard (public addresses only), or not at all.
 */
export function matchAllowedHost(url: URL, allowedHosts: readonly string[]): AllowMatch | null {
  const host = bareHost(url.hostname);
  const port = url.port || DEFAULT_PORTS[url.protocol] || '';
  let match: AllowMatch | null = null;
  for (const raw of allowedHosts) {
    const entry = normaliseAllowedHost(raw);
    if (entry === null) continue;
    if (entry.startsWith(WILDCARD_PREFIX)) {
      if (isIP(host) === 0 && host.endsWith(entry.slice(1))) match ??= 'wildcard';
      continue;
    }
    const portAt = entry.lastIndexOf(':');
    const hasPort = portAt > entry.lastIndexOf(']') && !(isIP(bareHost(entry)) === 6);
    const entryHost = bareHost(hasPort ? entry.slice(0, portAt) : entry);
    if (entryHost === host && (!hasPort || entry.slice(portAt + 1) === port)) return 'exact';
  }
  return match;
}

// ---------------------------------------------------------------------------------------------
// Addresses

type Range = readonly [network: bigint, prefix: number, reason: string];

const IPV4_BITS = 32;
const IPV6_BITS = 128;
const IPV6_GROUPS = 8;
const BITS_PER_GROUP = 16;
const BITS_PER_OCTET = 8;

/** IPv4 ranges a call may not reach without an exact allow-list entry. */
const RESTRICTED_V4: readonly Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'shared (CGNAT; Alibaba Cloud metadata 100.100.100.200)'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local (cloud metadata 169.254.169.254)'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'IETF protocol assignments'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'benchmarking'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved / broadcast'],
];

/** IPv6 ranges; forms that embed an IPv4 address are checked as that address (below). */
const RESTRICTED_V6: readonly Range[] = [
  [0n, 128, 'unspecified'],
  [1n, 128, 'loopback'],
  [v6('fe80::'), 10, 'link-local'],
  [v6('fec0::'), 10, 'site-local'],
  [v6('fc00::'), 7, 'unique local (includes fd00:ec2::254, EC2 metadata)'],
  [v6('ff00::'), 8, 'multicast'],
  [v6('100::'), 64, 'discard'],
];

/** IPv6 prefixes whose low 32 bits are an IPv4 address the packet may end up at. */
const EMBEDDED_V4: readonly (readonly [bigint, number])[] = [
  [v6('::ffff:0:0'), 96], // IPv4-mapped
  [0n, 96], // IPv4-compatible (deprecated)
  [v6('64:ff9b::'), 96], // NAT64
  [v6('64:ff9b:1::'), 48], // local NAT64
];
const SIX_TO_FOUR = v6('2002::');
const SIX_TO_FOUR_PREFIX = 16;
const SIX_TO_FOUR_V4_SHIFT = 80n;
const V4_MASK = (1n << 32n) - 1n;

function v4(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << BigInt(BITS_PER_OCTET)) | BigInt(Number(octet)), 0n);
}

function v6(address: string): bigint {
  let text = address;
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1]);
    text = text.slice(0, dotted.index) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = IPV6_GROUPS - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, g) => (acc << BigInt(BITS_PER_GROUP)) | BigInt(parseInt(g || '0', 16)), 0n);
}

function inRange(value: bigint, bits: number, [network, prefix]: readonly [bigint, number, ...unknown[]]): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === network >> shift;
}

/**
 * Why an address must not be reached without an exact allow-list entry (`loopback`,
 * `private`, …), or null for a public address. Accepts IPv4, IPv6 (with or without brackets
 * or a zone) and IPv4-mapped / NAT64 / 6to4 forms, which are judged by the IPv4 inside.
 * Anything that is not an IP address is refused (`not an address`).
 */
export function restrictedAddress(address: string): string | null {
  const bare = bareHost(address).replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) {
    const n = v4(bare);
    return RESTRICTED_V4.find((r) => inRange(n, IPV4_BITS, r))?.[2] ?? null;
  }
  if (family !== 6) return 'not an address';
  const n = v6(bare);
  const own = RESTRICTED_V6.find((r) => inRange(n, IPV6_BITS, r));
  if (own) return own[2];
  for (const prefix of EMBEDDED_V4) {
    if (inRange(n, IPV6_BITS, prefix)) return restrictedV4Number(n & V4_MASK);
  }
  if (inRange(n, IPV6_BITS, [SIX_TO_FOUR, SIX_TO_FOUR_PREFIX])) return restrictedV4Number((n >> SIX_TO_FOUR_V4_SHIFT) & V4_MASK);
  return null;
}

function restrictedV4Number(n: bigint): string | null {
  const reason = RESTRICTED_V4.find((r) => inRange(n, IPV4_BITS, r))?.[2];
  return reason ? `IPv4 inside IPv6: ${reason}` : null;
}

/** Why a host name must not be reached by a wildcard match (a metadata service), or null. */
export function restrictedHostname(hostname: string): string | null {
  return METADATA_HOSTNAMES.has(bareHost(hostname)) ? 'cloud metadata' : null;
}
