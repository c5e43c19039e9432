// Failure paths of `simhat net` with real tools: no DHCP server, missing interface, injected
// names, no elevation, and the privileged helper as its own process.
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onCommand } from '../../../src-main/platform/net/run.js';
import { LinuxNetworkOps } from '../../../src-main/platform/net/network-ops.js';
import { buildFakeSysNet, PI_WITH_MODEM } from '../../helpers/fake-sysfs-net.js';
import { runHelperInNs } from '../../helpers/helper-ns.js';
import { createNetns, ensureBuilt, MODEM_IP, REPO, sh, type NetnsHarness } from '../../helpers/netns.js';

type Json = { ok: boolean; result?: Record<string, unknown>; error?: { code: string; message: string; hint?: string } };

let h: NetnsHarness;
beforeAll(async () => {
  await ensureBuilt();
  h = await createNetns({ dhcp: false });
});
afterAll(async () => {
  await h?.close();
});

describe('simhat net failures', () => {
  it('no DHCP server -> a clear lease timeout within the asked time', async () => {
    const started = Date.now();
    const r = await h.cli(['up', '--iface', 'usb0', '--lease-timeout', '2', '--root', h.root, '--json']);
    const j = r.json as Json;
    expect(r.code).toBe(1);
    expect(j.error?.code).toBe('lease-timeout');
    expect(j.error?.message).toMatch(/no DHCP lease on usb0 within 2 s/);
    expect(j.error?.hint).toMatch(/RNDIS/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nothing left behind: no address, no route, no dhclient.
    expect((await h.hostRoutes()).filter((x) => x.dev === 'usb0')).toEqual([]);
    expect((await sh('ip', ['netns', 'pids', h.host])).stdout.trim()).toBe('');
  });

  it('interface missing -> interface-missing with a hint', async () => {
    const r = await h.cli(['up', '--iface', 'usb7', '--root', h.root, '--json']);
    expect(r.code).toBe(1);
    expect((r.json as Json).error).toMatchObject({ code: 'interface-missing', message: 'network interface usb7 does not exist' });
    const c = await h.cli(['check', '--iface', 'usb7', '--ping-target', MODEM_IP, '--dns-name', 'probe.simhat.test', '--json']);
    expect((c.json as Json).result?.classification).toBe('interface-missing');
  });

  it.each(['usb0;reboot', '../x', '..', 'usb0 $(id)', 'a23456789012345x'])('CLI rejects %j with a usage exit', async (name) => {
    const r = await h.cli(['up', '--iface', name, '--json']);
    expect(r.code).toBe(2);
    expect((r.json as Json).error?.code).toBe('invalid-argument');
  });

  it('injected names are rejected before any process starts (in-process, every op)', async () => {
    const seen: string[][] = [];
    const off = onCommand((argv) => seen.push([...argv]));
    try {
      const ops = new LinuxNetworkOps();
      for (const iface of ['usb0;reboot', '../x']) {
        await expect(ops.up({ iface })).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(ops.down({ iface })).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(ops.policy({ iface, policy: 'primary' })).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(ops.check({ iface, pingTargets: [MODEM_IP], dnsName: 'x.test' })).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(ops.status({ iface })).rejects.toMatchObject({ code: 'invalid-argument' });
        await expect(ops.persist({ iface, root: h.root })).rejects.toMatchObject({ code: 'invalid-argument' });
      }
    } finally {
      off();
    }
    expect(seen).toEqual([]);
  });

  it('not root and no pkexec/sudo/helper -> says exactly what to install or run', async () => {
    const r = await h.exec(h.host, ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(REPO, 'bin/simhat.js'), 'net', 'up', '--iface', 'usb0', '--json']);
    const j = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(1);
    expect(j.error?.code).toBe('no-elevation');
    expect(j.error?.hint).toMatch(/sudo|apt-get install|simhat-net-helper/);
  });

  it('the helper process re-validates its arguments and refuses a root prefix', async () => {
    const helper = join(REPO, 'dist/main/platform/privileged/helper-main.js');
    const cases: [string[], RegExp][] = [
      [['dhcp-up', 'iface=usb0;reboot', 'stack=dhclient', 'metric=700'], /invalid interface/],
      [['write-dhcpcd-block', 'iface=usb0', 'action=remove', `root=${h.root}`], /only accepted in-process/],
      [['sh', '-c', 'id'], /unknown verb/],
      [['set-metric', 'iface=usb0', 'gateway=192.168.225.1', 'metric=700', 'metric=0'], /repeated/],
    ];
    for (const [args, msg] of cases) {
      const r = await h.exec(h.host, [process.execPath, helper, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect((JSON.parse(r.stdout) as Json).error?.message).toMatch(msg);
    }
  });

  it('the helper process runs an allowed verb as root (set-metric) with absolute programs', async () => {
    await h.exec(h.host, ['ip', 'addr', 'add', '192.168.225.99/24', 'dev', 'usb0']);
    await h.exec(h.host, ['ip', 'link', 'set', 'usb0', 'up']);
    await h.exec(h.host, ['ip', 'route', 'add', 'default', 'via', MODEM_IP, 'dev', 'usb0']);
    // The helper acts only on a modem's interface, as /sys says (issue 15): here /sys is a fake Pi whose
    // usb0 is a SIM7600 in RNDIS, mounted in a private mount namespace around the helper's real argv.
    const sys = await buildFakeSysNet(PI_WITH_MODEM);
    const r = await runHelperInNs(h.host, sys, join(h.tmp, 'helper-scratch'), ['set-metric', 'iface=usb0', `gateway=${MODEM_IP}`, 'metric=700']);
    await rm(sys, { recursive: true, force: true });
    const j = JSON.parse(r.stdout) as Json & { result: { steps: { command?: string[] }[] } };
    expect(r.code, r.stdout).toBe(0);
    expect(j.result.steps[0]?.command?.[0]).toMatch(/^\/(usr\/)?s?bin\/ip$/);
    expect((await h.hostRoutes()).filter((x) => x.dev === 'usb0').map((x) => x.metric)).toEqual([700]);
  });

  it('a stack whose client is not installed: says what to install, writes nothing', async () => {
    // dhcpcd is not in scripts/test-all.sh's packages; inside the namespace nothing can be hurt.
    const r = await h.cli(['up', '--iface', 'usb0', '--stack', 'dhcpcd', '--lease-timeout', '2', '--root', h.root, '--json']);
    expect(r.code).toBe(1);
    expect((r.json as Json).error).toMatchObject({ code: 'stack-unsupported', hint: 'Install it: sudo apt-get install dhcpcd' });
    await expect(stat(join(h.root, 'etc/dhcpcd.conf'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
