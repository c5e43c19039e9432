// `simhat net` end to end in network namespaces: real ip, dnsmasq (the modem's DHCP/DNS),
// dhclient, ping (issue 4). Traffic goes only to addresses inside the namespaces created here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, ensureBuilt, INTERNET_IP, MODEM_IP, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';

type Json = { ok: boolean; result: Record<string, unknown>; error?: { code: string; message: string } };

let h: NetnsHarness;
const winner = async () => (await h.hostRoutes()).sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0))[0];
const usbDefaults = async () => (await h.hostRoutes()).filter((r) => r.dev === 'usb0').map((r) => r.metric ?? 0);
const checkArgs = () => ['check', '--iface', 'usb0', '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME, '--root', h.root, '--json'];

beforeAll(async () => {
  await ensureBuilt();
  h = await createNetns({ eth0: true });
});
afterAll(async () => {
  await h?.close();
});

describe('simhat net in the namespace harness (dhclient stack)', () => {
  it('status before up: stack detected and reported, no address, eth0 wins', async () => {
    const r = await h.cli(['status', '--iface', 'usb0', '--root', h.root, '--json']);
    const j = r.json as Json;
    expect(r.code).toBe(0);
    expect(j.result.stack).toMatchObject({ stack: 'dhclient', nmManaged: false });
    expect(j.result.addresses).toEqual([]);
    expect(j.result.role).toBe('none');
    expect((j.result.winningDefault as { dev: string }).dev).toBe('eth0');
  });

  it('up --policy failover: lease obtained, eth0 (100) keeps winning, usb0 default at 700', async () => {
    const r = await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--lease-timeout', '10', '--root', h.root, '--json']);
    const j = r.json as Json;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(j.result.address).toMatch(/^192\.168\.225\.([2-5][0-9]|60)$/);
    expect(j.result).toMatchObject({ stack: 'dhclient', gateway: MODEM_IP, metric: 700 });
    expect(await winner()).toMatchObject({ dev: 'eth0', metric: 100 });
    expect(await usbDefaults()).toEqual([700]);
  });

  it('check: gateway, target and DNS through usb0 -> ok', async () => {
    const r = await h.cli(checkArgs());
    const j = r.json as Json;
    expect(r.code, r.stdout).toBe(0);
    expect(j.result.classification).toBe('ok');
    expect(j.result.dnsServer).toBe(MODEM_IP);
    const probes = j.result.probes as { kind: string; ok: boolean; detail: string }[];
    expect(probes.map((p) => [p.kind, p.ok])).toEqual([
      ['gateway', true],
      ['ping', true],
      ['dns', true],
    ]);
    expect(probes[2]?.detail).toContain(INTERNET_IP);
  });

  it('policy primary flips it: usb0 (50) wins, before/after tables given', async () => {
    const r = await h.cli(['policy', 'primary', '--iface', 'usb0', '--root', h.root, '--json']);
    const j = r.json as Json;
    expect(r.code, r.stdout).toBe(0);
    expect(await winner()).toMatchObject({ dev: 'usb0', metric: 50 });
    expect(await usbDefaults()).toEqual([50]);
    expect((j.result.routesBefore as { dev: string; metric: number }[]).some((x) => x.dev === 'usb0' && x.metric === 700)).toBe(true);
    expect((await h.exec(h.host, ['ip', 'route', 'get', INTERNET_IP])).stdout).toContain('dev usb0');
  });

  it('policy failover restores eth0 as the winner', async () => {
    const r = await h.cli(['policy', 'failover', '--iface', 'usb0', '--root', h.root, '--json']);
    expect(r.code).toBe(0);
    expect(await winner()).toMatchObject({ dev: 'eth0', metric: 100 });
    expect(await usbDefaults()).toEqual([700]);
    expect((await h.exec(h.host, ['ip', 'route', 'get', INTERNET_IP])).stdout).toContain('dev eth0');
  });

  it('gateway reachable but "internet" unreachable -> no data session (APN)', async () => {
    await h.setInternet(false);
    try {
      const r = await h.cli(checkArgs());
      const j = r.json as Json;
      expect(r.code).toBe(1);
      expect(j.result.classification).toBe('no-data-session');
      expect(j.result.summary).toMatch(/APN/);
    } finally {
      await h.setInternet(true);
    }
  });

  it('a name the DNS does not serve -> dns broken', async () => {
    const r = await h.cli(['check', '--iface', 'usb0', '--ping-target', INTERNET_IP, '--dns-name', 'not-served.simhat.test', '--root', h.root, '--json']);
    expect((r.json as Json).result.classification).toBe('dns-broken');
    expect(r.code).toBe(1);
  });

  it('down releases the lease and removes only the usb0 routes', async () => {
    const r = await h.cli(['down', '--iface', 'usb0', '--root', h.root, '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect((r.json as Json).result.released).toBe(true);
    expect(await usbDefaults()).toEqual([]);
    expect(await winner()).toMatchObject({ dev: 'eth0', metric: 100 });
    expect((await h.exec(h.host, ['ip', '-4', '-j', 'addr', 'show', 'dev', 'usb0'])).stdout).not.toContain('192.168.225');
    const check = await h.cli(checkArgs());
    expect((check.json as Json).result.classification).toBe('no-lease');
  });

  it("dhclient's metric-0 takeover is detected by status and fixed by policy failover", async () => {
    // A plain dhclient (no IF_METRIC), as a user would run it; own files in the temp dir.
    const plain = await h.exec(h.host, ['dhclient', '-1', '-pf', `${h.tmp}/plain.pid`, '-lf', `${h.tmp}/plain.leases`, 'usb0'], 20_000);
    expect(plain.code, plain.stderr).toBe(0);
    expect(await winner()).toMatchObject({ dev: 'usb0' });
    expect(await usbDefaults()).toEqual([0]);
    const st = await h.cli(['status', '--iface', 'usb0', '--root', h.root, '--json']);
    const findings = (st.json as Json).result.findings as { code: string }[];
    expect(findings.map((f) => f.code)).toEqual(['metric0-takeover']);
    const fix = await h.cli(['policy', 'failover', '--iface', 'usb0', '--root', h.root, '--json']);
    expect(fix.code, fix.stdout).toBe(0);
    expect((fix.json as Json).result.fixedTakeover).toBe(true);
    expect(await usbDefaults()).toEqual([700]);
    expect(await winner()).toMatchObject({ dev: 'eth0', metric: 100 });
    await h.exec(h.host, ['dhclient', '-r', '-pf', `${h.tmp}/plain.pid`, '-lf', `${h.tmp}/plain.leases`, 'usb0']);
  });

  it('done criterion: up --policy failover then check with only --ping-target (DNS name from SIMHAT_DNS_NAME) pass', async () => {
    const up = await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--json', '--root', h.root]);
    expect(up.code, up.stdout).toBe(0);
    const check = await h.cli(['check', '--iface', 'usb0', '--ping-target', INTERNET_IP, '--json', '--root', h.root], 30_000, { SIMHAT_DNS_NAME: TEST_DNS_NAME });
    expect(check.code, check.stdout).toBe(0);
    expect((check.json as Json).result.classification).toBe('ok');
    const routes = await h.hostRoutes();
    expect(routes.map((r) => [r.dev, r.metric ?? 0]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['eth0', 100],
      ['usb0', 700],
    ]);
  });
});
