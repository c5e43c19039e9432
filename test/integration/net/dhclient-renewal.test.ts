// The route policy must outlive the DHCP client's later renewals on the dhclient stack (issue 4):
// dhclient re-adds its default route with the IF_METRIC it was started with whenever the lease
// is rebound, so `policy` restarts simhat's own instance with the new metric. Proven here with a
// real renewal: dnsmasq sends T1 = 2 s, then is restarted with another pool, so the running
// dhclient's renewal is NAKed and it rebinds to a new address, re-adding its default route.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, DHCP_RANGE, ensureBuilt, type NetnsHarness } from '../../helpers/netns.js';

type Json = { ok: boolean; result: Record<string, unknown> };

const POOL_B: readonly [string, string] = ['192.168.225.100', '192.168.225.120'];
const inPool = (addr: string, pool: readonly [string, string]) => {
  const last = (a: string) => Number(a.split('.')[3]);
  return last(addr) >= last(pool[0]) && last(addr) <= last(pool[1]);
};

let h: NetnsHarness;
const usbDefaults = async () => (await h.hostRoutes()).filter((r) => r.dev === 'usb0').map((r) => r.metric ?? 0);
const winner = async () => (await h.hostRoutes()).sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0))[0];
const usbAddress = async () => {
  const j = JSON.parse((await h.exec(h.host, ['ip', '-j', '-4', 'addr', 'show', 'dev', 'usb0'])).stdout) as { addr_info: { local: string }[] }[];
  return j[0]?.addr_info[0]?.local;
};
/** Our dhclient processes in the host namespace, as their command lines. */
const dhclients = async () => {
  const pids = (await h.exec(h.host, ['ip', 'netns', 'pids', h.host])).stdout.split('\n').filter((p) => /^[0-9]+$/.test(p));
  const out: string[] = [];
  for (const pid of pids) {
    const [stat, cmdline] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/cmdline`, 'utf8')]).catch(() => ['', '']);
    // "pid (comm) state ...": skip zombies (exited, parent not yet waited).
    if (/^[0-9]+ \(dhclient\) [^Z]/.test(stat)) out.push(cmdline.split('\0').join(' '));
  }
  return out;
};

/** Restart the modem's DHCP server with `pool` and wait until dhclient rebound into it. */
async function forceRebind(pool: readonly [string, string]): Promise<string> {
  await h.stopDhcp();
  await h.startDhcp(pool);
  const deadline = Date.now() + 12_000;
  for (;;) {
    const addr = await usbAddress();
    if (addr && inPool(addr, pool) && (await usbDefaults()).length > 0) return addr;
    if (Date.now() > deadline) throw new Error(`dhclient did not rebind into ${pool.join('-')} (address ${addr})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  await ensureBuilt();
  h = await createNetns({ eth0: true, renewalS: 2 });
});
afterAll(async () => {
  await h?.close();
});

describe('dhclient stack: the policy survives renewals', () => {
  it('up --policy failover starts one dhclient at 700', async () => {
    const r = await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--lease-timeout', '10', '--root', h.root, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await usbDefaults()).toEqual([700]);
    const running = await dhclients();
    expect(running).toHaveLength(1);
    expect(running[0]).toContain('IF_METRIC=700');
  });

  it('policy primary: 50 at once, same address, one dhclient now holding IF_METRIC=50', async () => {
    const before = await usbAddress();
    const r = await h.cli(['policy', 'primary', '--iface', 'usb0', '--root', h.root, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((r.json as Json).result.metric).toBe(50);
    expect(await usbDefaults()).toEqual([50]);
    expect(await usbAddress()).toBe(before);
    const running = await dhclients();
    expect(running).toHaveLength(1);
    expect(running[0]).toContain('IF_METRIC=50');
  });

  it('a rebind of the lease re-adds the default route at 50, not the old 700', async () => {
    const addr = await forceRebind(POOL_B);
    expect(inPool(addr, POOL_B)).toBe(true);
    expect(await usbDefaults()).toEqual([50]);
    expect(await winner()).toMatchObject({ dev: 'usb0', metric: 50 });
  });

  it('policy failover: 700, and that survives the next rebind too (eth0 wins)', async () => {
    const r = await h.cli(['policy', 'failover', '--iface', 'usb0', '--root', h.root, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await usbDefaults()).toEqual([700]);
    await forceRebind(DHCP_RANGE);
    expect(await usbDefaults()).toEqual([700]);
    expect(await winner()).toMatchObject({ dev: 'eth0', metric: 100 });
    expect(await dhclients()).toHaveLength(1);
  });

  it('up again does not start a second dhclient', async () => {
    const r = await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--lease-timeout', '10', '--root', h.root, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await dhclients()).toHaveLength(1);
    expect(await usbDefaults()).toEqual([700]);
  });

  it('down stops it and removes the route', async () => {
    const r = await h.cli(['down', '--iface', 'usb0', '--root', h.root, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await dhclients()).toEqual([]);
    expect(await usbDefaults()).toEqual([]);
  });
});
