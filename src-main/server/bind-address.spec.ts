import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, planBind } from './bind-address';

const v4 = (address: string, internal = false): NetworkInterfaceInfo =>
  ({
    address,
    netmask: '255.255.255.0',
    family: 'IPv4',
    mac: '00:00:00:00:00:00',
    internal,
    cidr: `${address}/24`,
  }) as NetworkInterfaceInfo;
const v6 = (address: string, scopeid = 0, internal = false): NetworkInterfaceInfo =>
  ({
    address,
    netmask: 'ffff:ffff:ffff:ffff::',
    family: 'IPv6',
    mac: '00:00:00:00:00:00',
    internal,
    cidr: `${address}/64`,
    scopeid,
  }) as NetworkInterfaceInfo;

const machine = {
  lo: [v4('127.0.0.1', true), v6('::1', 0, true)],
  eth0: [v4('198.51.100.7'), v6('2001:db8::7'), v6('fe80::1', 2)],
};

describe('planBind', () => {
  it('keeps a loopback bind to the loopback names', () => {
    const p = planBind('127.0.0.1', machine, 'box');
    expect(p).toMatchObject({ loopback: true, wildcard: false, shownHost: '127.0.0.1' });
    expect(p.names.sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
  });

  it('answers a 0.0.0.0 bind at every IPv4 address and the host name, and prints an external one', () => {
    const p = planBind('0.0.0.0', machine, 'Box');
    expect(p).toMatchObject({ loopback: false, wildcard: true, shownHost: '198.51.100.7' });
    expect(p.names).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost', '198.51.100.7', 'box']));
    expect(p.names).not.toContain('[2001:db8::7]');
    expect(p.names).not.toContain('0.0.0.0');
  });

  it('answers a :: bind at IPv6 addresses too, but not at link-local ones (no zone in a URL)', () => {
    const p = planBind('::', machine, 'box');
    expect(p.names).toEqual(expect.arrayContaining(['198.51.100.7', '[2001:db8::7]', '[::1]']));
    expect(p.names.some((n) => n.startsWith('[fe80'))).toBe(false);
  });

  it('answers a specific address at itself, with brackets for IPv6', () => {
    expect(planBind('2001:db8::7', machine, 'box')).toMatchObject({ loopback: false, shownHost: '[2001:db8::7]' });
    expect(planBind('198.51.100.7', machine, 'box').names).toContain('198.51.100.7');
  });

  it('tells loopback addresses from others', () => {
    expect(
      ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'].every(isLoopbackHost),
    ).toBe(true);
    expect(['0.0.0.0', '::', '198.51.100.7', '128.0.0.1', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
