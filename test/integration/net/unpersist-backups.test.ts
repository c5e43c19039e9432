// Issue 15 item 5, performed with the CLI on a temp root: `persist` at metric 700, 50, 700, then
// `down --unpersist`. Before, two `simhat-usb0.simhat-backup-*` files stayed in
// /etc/network/interfaces.d with metrics 700 and 50, and Debian's `source /etc/network/interfaces.d/*`
// loaded them at boot. Now backups live in simhat's state folder (/var/lib/simhat/backups) and
// unpersist removes every trace, including backups round 1 left beside the stanza.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'simhat-unpersist-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function net(...args: string[]): void {
  const r = spawnSync(process.execPath, ['bin/simhat.js', 'net', ...args, '--iface', 'usb0', '--root', root, '--json'], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
}

/** Every file under the root, relative, sorted. */
async function allFiles(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
}

/** What ifupdown reads at boot: every file of interfaces.d (`source /etc/network/interfaces.d/*`). */
async function bootMetrics(): Promise<string[]> {
  const dir = join(root, 'etc/network/interfaces.d');
  const names = await readdir(dir).catch(() => [] as string[]);
  const metrics: string[] = [];
  for (const n of names.filter((x) => !x.startsWith('.'))) {
    for (const m of (await readFile(join(dir, n), 'utf8')).matchAll(/^\s*metric (\d+)$/gm)) metrics.push(m[1] as string);
  }
  return metrics;
}

const backups = async () => (await readdir(join(root, 'var/lib/simhat/backups')).catch(() => [] as string[])).sort();

describe('ifupdown (dhclient stack): set 700, set 50, set 700, remove', () => {
  it('boot reads one stanza at the last metric; unpersist leaves no trace', async () => {
    net('persist', '--stack', 'dhclient', '--metric', '700');
    expect(await bootMetrics()).toEqual(['700']);
    net('persist', '--stack', 'dhclient', '--metric', '50');
    expect(await bootMetrics()).toEqual(['50']);
    net('persist', '--stack', 'dhclient', '--metric', '700');
    expect(await bootMetrics()).toEqual(['700']);
    expect(await readdir(join(root, 'etc/network/interfaces.d'))).toEqual(['simhat-usb0']);
    // The two earlier versions are kept, outside any folder a service reads.
    const kept = await backups();
    expect(kept).toHaveLength(2);
    for (const b of kept) expect(b).toMatch(/^%.*%etc%network%interfaces\.d%simhat-usb0\.simhat-backup-\d{8}T\d{6}Z(\.\d+)?$/);

    net('down', '--stack', 'dhclient', '--unpersist');
    expect(await bootMetrics()).toEqual([]);
    expect(await allFiles()).toEqual([]);
  });

  it("round 1's backups beside the stanza are moved out on the next set and removed by unpersist", async () => {
    const dir = join(root, 'etc/network/interfaces.d');
    await mkdir(dir, { recursive: true });
    const stanza = (m: number) => `# Managed by simhat for usb0\nallow-hotplug usb0\niface usb0 inet dhcp\n    metric ${m}\n`;
    await writeFile(join(dir, 'simhat-usb0'), stanza(700));
    await writeFile(join(dir, 'simhat-usb0.simhat-backup-20251128T200000Z'), stanza(700));
    await writeFile(join(dir, 'simhat-usb0.simhat-backup-20251128T200000Z.1'), stanza(50));
    expect(await bootMetrics()).toEqual(['700', '700', '50']); // the issue's boot: three stanzas

    net('persist', '--stack', 'dhclient', '--metric', '700');
    expect(await readdir(dir)).toEqual(['simhat-usb0']);
    expect(await bootMetrics()).toEqual(['700']);
    // The two moved out of interfaces.d, and the hand-written stanza the set replaced.
    expect(await backups()).toHaveLength(3);

    net('down', '--stack', 'dhclient', '--unpersist');
    expect(await allFiles()).toEqual([]);
  });

  it('unpersist alone also clears backups round 1 left, when the stanza itself is already gone', async () => {
    const dir = join(root, 'etc/network/interfaces.d');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'simhat-usb0.simhat-backup-20251128T200000Z'), 'iface usb0 inet dhcp\n    metric 50\n');
    net('unpersist', '--stack', 'dhclient');
    expect(await allFiles()).toEqual([]);
  });
});

describe('a helper killed mid-write', () => {
  it('left a temp beside the stanza; the next write clears it (a dead writer\'s temp)', async () => {
    const dir = join(root, 'etc/network/interfaces.d');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.simhat-usb0.999999999.0badf00d.tmp'), 'allow-hotplug usb0\n');
    net('persist', '--stack', 'dhclient', '--metric', '700');
    expect(await readdir(dir)).toEqual(['simhat-usb0']);
  });
});

describe('systemd-networkd: the same sequence', () => {
  it('only the .network file is ever in /etc/systemd/network; nothing after unpersist', async () => {
    for (const m of ['700', '50', '700']) {
      net('persist', '--stack', 'networkd', '--metric', m);
      expect(await readdir(join(root, 'etc/systemd/network'))).toEqual(['10-simhat-usb0.network']);
      expect(await readFile(join(root, 'etc/systemd/network/10-simhat-usb0.network'), 'utf8')).toContain(`RouteMetric=${m}\n`);
    }
    expect(await backups()).toHaveLength(2);
    net('unpersist', '--stack', 'networkd');
    expect(await allFiles()).toEqual([]);
  });
});

describe("dhcpcd.conf (the user's file): the same sequence", () => {
  it('restored byte for byte, and simhat\'s backups of it go with the last block', async () => {
    const original = '# A sample configuration for dhcpcd.\nhostname\n\ninterface wlan0\nmetric 300\n';
    await mkdir(join(root, 'etc'), { recursive: true });
    await writeFile(join(root, 'etc/dhcpcd.conf'), original);
    for (const m of ['700', '50', '700']) net('persist', '--stack', 'dhcpcd', '--metric', m);
    expect((await readdir(join(root, 'etc'))).filter((f) => f.includes('simhat-backup'))).toHaveLength(3);
    net('down', '--stack', 'dhcpcd', '--unpersist');
    expect(await readFile(join(root, 'etc/dhcpcd.conf'), 'utf8')).toBe(original);
    expect(await allFiles()).toEqual(['etc/dhcpcd.conf']);
  });
});
