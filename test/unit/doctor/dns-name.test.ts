// Issue 12: "The DNS check names the name it resolved, not the server twice".
import { describe, expect, it } from 'vitest';
import { hostFactsFrom } from '../../../src-main/core/doctor/from-layers.js';
import type { CheckResult as NetCheck } from '../../../src-main/core/net/types.js';

const check = (ok: boolean): NetCheck => ({
  iface: 'usb0',
  classification: ok ? 'ok' : 'dns-broken',
  summary: '',
  address: '192.168.225.44',
  gateway: '192.168.225.1',
  dnsServer: '192.168.225.1',
  probes: [{ kind: 'dns', target: '192.168.225.1', ok, ms: 5, detail: ok ? 'example.com -> 93.184.215.14' : 'rcode 2, 0 address(es)' }],
  routeForTarget: undefined,
});

describe('host.dns facts', () => {
  it('a failed lookup names the name asked for and the server asked', () => {
    const h = hostFactsFrom({ iface: 'usb0', status: null, check: check(false), policy: null, dnsName: 'example.com', evidence: [] });
    expect(h.dns).toMatchObject({ name: 'example.com', server: '192.168.225.1', ok: false });
  });
  it('a good lookup takes the name from the probe when none was passed', () => {
    const h = hostFactsFrom({ iface: 'usb0', status: null, check: check(true), policy: null, evidence: [] });
    expect(h.dns).toMatchObject({ name: 'example.com', server: '192.168.225.1', ok: true });
  });
});
