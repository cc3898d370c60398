/**
 * The addresses a listening server can really be reached at, for the start-up banner: the one
 * address it bound, or — bound to every interface (0.0.0.0 / ::) — each interface's address, so
 * the operator sees at once that the server is on the network and where.
 */
import type { AddressInfo } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

const ANY_IPV4 = '0.0.0.0';
const ANY_IPV6 = '::';

function urlOf(address: string, family: string | number, port: number): string {
  const ipv6 = family === 'IPv6' || family === 6;
  return `http://${ipv6 ? `[${address}]` : address}:${port}`;
}

/** IPv6 link-local addresses need a zone (`%eth0`) that a browser URL cannot carry. */
function isLinkLocalV6(info: NetworkInterfaceInfo): boolean {
  return info.family === 'IPv6' && info.address.toLowerCase().startsWith('fe80:');
}

export function listeningUrls(
  bound: AddressInfo,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  if (bound.address !== ANY_IPV4 && bound.address !== ANY_IPV6) return [urlOf(bound.address, bound.family, bound.port)];
  // `::` usually accepts IPv4 too (dual stack), so it lists both families.
  const wanted = bound.address === ANY_IPV4 ? ['IPv4'] : ['IPv4', 'IPv6'];
  const urls = Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => wanted.includes(String(info.family)) && !isLinkLocalV6(info))
    .map((info) => urlOf(info.address, info.family, bound.port));
  return urls.length > 0 ? [...new Set(urls)] : [urlOf(bound.address, bound.family, bound.port)];
}
