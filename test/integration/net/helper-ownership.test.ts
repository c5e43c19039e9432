// Issue 15 item 2, performed: the privileged helper's real argv (as pkexec / `sudo -n` pass it) inside a
// private network namespace (eth0 with the host's default route, wlan0, and usb0 towards the modem) and a
// private mount namespace whose /sys is a fake Pi with a SIM7600 on usb0 (test/helpers/helper-ns.ts).
// Before: `set-metric iface=eth0 metric=0` re-routed the host, `dhcp-down iface=wlan0` flushed Wi-Fi,
// `networkd-file iface=eth0` wrote persistent config, `dhcpcd -k -x` took an option for a name.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeSysNet, PI_WITH_MODEM } from '../../helpers/fake-sysfs-net.js';
import { runHelperInNs } from '../../helpers/helper-ns.js';
import { createNetns, MODEM_IP, UPSTREAM_IP, type NetnsHarness } from '../../helpers/netns.js';

let h: NetnsHarness;
let sys: string;
let scratch: string;

beforeAll(async () => {
  h = await createNetns({ eth0: true, dhcp: false });
  sys = await buildFakeSysNet(PI_WITH_MODEM);
  scratch = join(h.tmp, 'scratch');
  const ip = (args: string[]) => h.exec(h.host, ['ip', ...args]);
  // wlan0 with the Wi-Fi default route (metric 600); usb0 with an address on the modem's subnet.
  await h.exec(h.host, ['ip', 'link', 'add', 'wlan0', 'type', 'veth', 'peer', 'name', 'wlan0p', 'netns', h.modem]);
  for (const args of [
    ['addr', 'add', '10.98.0.2/24', 'dev', 'wlan0'],
    ['link', 'set', 'wlan0', 'up'],
    ['route', 'add', 'default', 'via', '10.98.0.1', 'dev', 'wlan0', 'metric', '600'],
    ['addr', 'add', '192.168.225.50/24', 'dev', 'usb0'],
    ['link', 'set', 'usb0', 'up'],
  ]) {
    const r = await ip(args);
    if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  }
  await h.exec(h.modem, ['ip', 'link', 'set', 'wlan0p', 'up']);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (sys) await rm(sys, { recursive: true, force: true });
});

const helper = (...argv: string[]) => runHelperInNs(h.host, sys, scratch, argv);
const defaults = async () => (await h.hostRoutes()).map((r) => `${r.dev} ${r.gateway ?? '-'} ${r.metric ?? 0}`).sort();
const wlanAddresses = async () => (await h.exec(h.host, ['ip', '-4', '-o', 'addr', 'show', 'dev', 'wlan0'])).stdout;

describe('host interfaces are refused, whatever the verb', () => {
  it.each<[string, string[]]>([
    ['set-metric on eth0 (route hijack: metric 0)', ['set-metric', 'iface=eth0', `gateway=${UPSTREAM_IP}`, 'metric=0']],
    ['set-metric on wlan0', ['set-metric', 'iface=wlan0', 'gateway=10.98.0.1', 'metric=0']],
    ['dhcp-down on wlan0 (udhcpc: ip addr flush)', ['dhcp-down', 'iface=wlan0', 'stack=udhcpc']],
    ['dhcp-down on eth0 (dhclient -r)', ['dhcp-down', 'iface=eth0', 'stack=dhclient']],
    ['networkd-file set on eth0 (persistent config)', ['networkd-file', 'iface=eth0', 'action=set', 'metric=700']],
    ['networkd-file remove on eth0', ['networkd-file', 'iface=eth0', 'action=remove']],
    ['ifupdown-file set on wlan0', ['ifupdown-file', 'iface=wlan0', 'action=set', 'metric=50']],
    ['nm-profile reapply on wlan0', ['nm-profile', 'iface=wlan0', 'action=reapply']],
    ['dhcp-up on eth0', ['dhcp-up', 'iface=eth0', 'stack=dhclient', 'metric=700']],
  ])('%s', async (_name, argv) => {
    const before = { routes: await defaults(), wlan: await wlanAddresses() };
    const r = await helper(...argv);
    expect(r.reply, r.stderr).toMatchObject({ ok: false, error: { code: 'not-permitted', message: expect.stringMatching(/is not a modem's network interface/) } });
    expect(r.code).toBe(1);
    expect(await defaults()).toEqual(before.routes);
    expect(await wlanAddresses()).toBe(before.wlan);
  });

  it('nothing was written under /etc or /var', async () => {
    const written = await readdir(join(scratch, 'etc-upper'), { recursive: true }).catch(() => []);
    expect(written).toEqual([]);
    const state = await readdir(join(scratch, 'var-upper'), { recursive: true }).catch(() => []);
    expect(state).toEqual([]);
  });
});

describe('option-like names are refused before anything runs', () => {
  it.each<[string[]]>([
    [['dhcp-down', 'iface=-x', 'stack=dhcpcd']],
    [['set-metric', 'iface=-x', `gateway=${MODEM_IP}`, 'metric=700']],
    [['dhcp-down', 'iface=--help', 'stack=dhclient']],
    [['nm-profile', 'iface=-a', 'action=reapply']],
  ])('%j', async (argv) => {
    const r = await helper(...argv);
    expect(r.code).toBe(2);
    expect(r.reply).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('invalid interface name') } });
  });
});

describe("the modem's usb0 is accepted", () => {
  it('set-metric puts the default route via usb0 at metric 700 and leaves eth0/wlan0 alone', async () => {
    const r = await helper('set-metric', 'iface=usb0', `gateway=${MODEM_IP}`, 'metric=700');
    expect(r.reply, r.stderr).toMatchObject({ ok: true });
    expect(await defaults()).toEqual([`eth0 ${UPSTREAM_IP} 100`, `usb0 ${MODEM_IP} 700`, 'wlan0 10.98.0.1 600'].sort());
  });

  it('networkd-file set then remove: the file is written and removed again', async () => {
    const file = join(scratch, 'etc-upper/systemd/network/10-simhat-usb0.network');
    const set = await helper('networkd-file', 'iface=usb0', 'action=set', 'metric=700');
    expect(set.reply, set.stderr).toMatchObject({ ok: true, result: { files: ['/etc/systemd/network/10-simhat-usb0.network'] } });
    expect((await stat(file)).isFile()).toBe(true);
    const removed = await helper('networkd-file', 'iface=usb0', 'action=remove');
    expect(removed.reply, removed.stderr).toMatchObject({ ok: true });
    // The overlay records a removal as a whiteout (a character device 0/0): no regular file left.
    expect((await stat(file).catch(() => null))?.isFile() ?? false).toBe(false);
  });

  it('an absent interface may only be cleaned up', async () => {
    expect((await helper('ifupdown-file', 'iface=usb1', 'action=remove')).reply).toMatchObject({ ok: true });
    expect((await helper('ifupdown-file', 'iface=usb1', 'action=set', 'metric=700')).reply).toMatchObject({ ok: false, error: { code: 'interface-missing', message: 'network interface usb1 does not exist' } });
  });
});
