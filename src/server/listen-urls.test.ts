import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { listeningUrls } from './listen-urls.js';

const info = (address: string, family: 'IPv4' | 'IPv6'): NetworkInterfaceInfo =>
  ({ address, family, netmask: '', mac: '00:00:00:00:00:00', internal: false, cidr: null }) as NetworkInterfaceInfo;
const INTERFACES = {
  lo: [info('127.0.0.1', 'IPv4'), info('::1', 'IPv6')],
  eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6'), info('2001:db8::20', 'IPv6')],
};

describe('listeningUrls (the start-up banner)', () => {
  it('shows the one address bound, with the real port', () => {
    expect(listeningUrls({ address: '127.0.0.1', family: 'IPv4', port: 41234 }, INTERFACES)).toEqual(['http://127.0.0.1:41234']);
    expect(listeningUrls({ address: '::1', family: 'IPv6', port: 3000 }, INTERFACES)).toEqual(['http://[::1]:3000']);
  });

  it('bound to every interface, lists each one — so the operator sees the server is on the network', () => {
    expect(listeningUrls({ address: '0.0.0.0', family: 'IPv4', port: 3000 }, INTERFACES)).toEqual(['http://127.0.0.1:3000', 'http://192.168.1.20:3000']);
    expect(listeningUrls({ address: '::', family: 'IPv6', port: 3000 }, INTERFACES)).toEqual([
      'http://127.0.0.1:3000',
      'http://[::1]:3000',
      'http://192.168.1.20:3000',
      'http://[2001:db8::20]:3000',
    ]);
  });
});
