// Config writers per stack against a temp root (issue 4): NetworkManager and systemd-networkd do
// not run here, dhcpcd is not installed; their files are written for real under the prefix and
// their command lines are checked in test/unit/net/config-verbs.test.ts.
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxNetworkOps } from '../../../src-main/platform/net/network-ops.js';
import { executeRaw } from '../../../src-main/platform/privileged/execute.js';

const ORIGINAL = '# A sample configuration for dhcpcd.\nhostname\nclientid\npersistent\noption rapid_commit\n\ninterface wlan0\nmetric 300\n';
let root: string;
const ops = new LinuxNetworkOps();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'simhat-net-root-'));
  await mkdir(join(root, 'etc'), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('dhcpcd.conf managed block', () => {
  it('atomic (new inode, no temp left, old readers keep the old bytes), idempotent, backed up, restored by down --unpersist', async () => {
    const conf = join(root, 'etc/dhcpcd.conf');
    await writeFile(conf, ORIGINAL);
    const before = await stat(conf);
    const reader = await open(conf, 'r');
    try {
      const r1 = await ops.persist({ iface: 'usb0', stack: 'dhcpcd', root, policy: 'failover' });
      expect(r1).toMatchObject({ stack: 'dhcpcd', changed: true, files: [conf] });
      const text = await readFile(conf, 'utf8');
      expect(text.startsWith(ORIGINAL)).toBe(true);
      expect(text).toMatch(/# >>> simhat interface usb0 >>>.*\ninterface usb0\nmetric 700\n# <<< simhat interface usb0 <<<\n$/);
      expect((await stat(conf)).ino).not.toBe(before.ino);
      expect((await reader.readFile('utf8')).toString()).toBe(ORIGINAL);
    } finally {
      await reader.close();
    }
    const etc = await readdir(join(root, 'etc'));
    // No temp file left behind (platform/files/atomic-write.ts names them .<file>.<pid>.<random>.tmp).
    expect(etc.filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
    const backups = etc.filter((f) => /^dhcpcd\.conf\.simhat-backup-\d{8}T\d{6}Z/.test(f));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(root, 'etc', backups[0] as string), 'utf8')).toBe(ORIGINAL);

    const once = await readFile(conf, 'utf8');
    const r2 = await ops.persist({ iface: 'usb0', stack: 'dhcpcd', root, policy: 'failover' });
    expect(r2.changed).toBe(false);
    expect(await readFile(conf, 'utf8')).toBe(once);
    expect((await readdir(join(root, 'etc'))).filter((f) => f.includes('backup'))).toHaveLength(1);

    // usb0 does not exist in this namespace and dhcpcd is not installed: down still unpersists.
    const down = await ops.down({ iface: 'usb0', stack: 'dhcpcd', root, unpersist: true });
    expect(down.restoredFiles).toEqual([conf]);
    expect(await readFile(conf, 'utf8')).toBe(ORIGINAL);
  });

  it('policy change rewrites only the metric line of our block', async () => {
    const conf = join(root, 'etc/dhcpcd.conf');
    await writeFile(conf, ORIGINAL);
    await ops.persist({ iface: 'usb0', stack: 'dhcpcd', root, policy: 'failover' });
    await ops.persist({ iface: 'usb0', stack: 'dhcpcd', root, policy: 'primary' });
    const text = await readFile(conf, 'utf8');
    expect(text.match(/interface usb0/g)).toHaveLength(3); // begin marker, directive, end marker
    expect(text).toContain('metric 50\n');
    expect(text).not.toContain('metric 700');
    expect(text.startsWith(ORIGINAL)).toBe(true);
  });
});

describe('files simhat owns', () => {
  it('systemd-networkd .network: written, idempotent, removed by unpersist', async () => {
    const r = await ops.persist({ iface: 'usb0', stack: 'networkd', root, metric: 650 });
    const file = join(root, 'etc/systemd/network/10-simhat-usb0.network');
    expect(r.files).toEqual([file]);
    expect(await readFile(file, 'utf8')).toContain('[DHCPv4]\nRouteMetric=650\n');
    expect((await ops.persist({ iface: 'usb0', stack: 'networkd', root, metric: 650 })).changed).toBe(false);
    expect((await ops.unpersist({ iface: 'usb0', stack: 'networkd', root })).changed).toBe(true);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('ifupdown stanza for the dhclient stack', async () => {
    await ops.persist({ iface: 'usb0', stack: 'dhclient', root, policy: 'primary' });
    const file = join(root, 'etc/network/interfaces.d/simhat-usb0');
    expect(await readFile(file, 'utf8')).toContain('allow-hotplug usb0\niface usb0 inet dhcp\n    metric 50\n');
    await ops.unpersist({ iface: 'usb0', stack: 'dhclient', root });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to remove a file without simhat\'s header', async () => {
    const file = join(root, 'etc/systemd/network/10-simhat-usb0.network');
    await mkdir(join(root, 'etc/systemd/network'), { recursive: true });
    await writeFile(file, '[Match]\nName=usb0\n');
    await expect(ops.unpersist({ iface: 'usb0', stack: 'networkd', root })).rejects.toThrow(/does not carry simhat's header/);
    expect(await readFile(file, 'utf8')).toBe('[Match]\nName=usb0\n');
  });

  it('udev rule and usb-serial new_id through the verbs (temp root)', async () => {
    const res = await executeRaw('udev-rule', { action: 'install', root }, { allowRoot: true });
    const rule = join(root, 'etc/udev/rules.d/77-simhat-modem.rules');
    expect(res.files).toEqual([rule]);
    const text = await readFile(rule, 'utf8');
    expect(text).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    expect(text).toContain('/usr/lib/simhat/simhat-net-helper usb-serial-new-id vid=1e0e pid=9018');
    await executeRaw('udev-rule', { action: 'remove', root }, { allowRoot: true });
    await expect(stat(rule)).rejects.toMatchObject({ code: 'ENOENT' });

    const drv = join(root, 'sys/bus/usb-serial/drivers/generic');
    await mkdir(drv, { recursive: true });
    await writeFile(join(drv, 'new_id'), '');
    await executeRaw('usb-serial-new-id', { vid: '1e0e', pid: '9018', root }, { allowRoot: true });
    expect(await readFile(join(drv, 'new_id'), 'utf8')).toBe('1e0e 9018\n');
  });
});

describe('NetworkService (platform/net/network-events.ts) events', () => {
  it('emits start, one progress per step and done; errors as { code, message, hint }', async () => {
    const { NetworkService } = await import('../../../src-main/platform/net/network-events.js');
    const svc = new NetworkService();
    const events: { type: string; op: string; message?: string; error?: { code: string } }[] = [];
    svc.on('event', (e) => events.push(e as (typeof events)[number]));
    await writeFile(join(root, 'etc/dhcpcd.conf'), ORIGINAL);
    await svc.persist({ iface: 'usb0', stack: 'dhcpcd', root });
    expect(events.map((e) => e.type)).toEqual(['start', 'progress', 'done']);
    expect(events[1]?.message).toContain('dhcpcd.conf block for usb0');
    events.length = 0;
    await expect(svc.up({ iface: 'usb0;reboot', root })).rejects.toThrow();
    expect(events.map((e) => [e.type, e.error?.code])).toEqual([
      ['start', undefined],
      ['error', 'invalid-argument'],
    ]);
  });
});
