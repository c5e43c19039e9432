import { describe, expect, it } from 'vitest';
import { hasManagedBlock, nmcliAddArgs, removeManagedBlock, renderDhcpcdBlock, renderNetworkdFile, upsertManagedBlock } from '../../../src-main/core/net/config-render.js';
import { parseKeyValues, parseVerbRequest } from '../../../src-main/core/net/verbs.js';
import { DHCPCD_BLOCK_ID, planVerb, type RunStep } from '../../../src-main/core/net/verb-plans.js';

// A Raspberry Pi OS Bullseye style dhcpcd.conf head (shape of the distro file).
const DHCPCD_ORIG = '# A sample configuration for dhcpcd.\nhostname\nclientid\npersistent\noption rapid_commit\nslaac private\n\ninterface wlan0\nmetric 300\n';

describe('managed blocks', () => {
  it('insert, apply twice = no change, remove = original bytes', () => {
    const body = renderDhcpcdBlock('usb0', 700);
    const a = upsertManagedBlock(DHCPCD_ORIG, DHCPCD_BLOCK_ID('usb0'), body);
    expect(a.changed).toBe(true);
    expect(a.text.startsWith(DHCPCD_ORIG)).toBe(true);
    expect(a.text).toContain('interface usb0\nmetric 700\n# <<< simhat interface usb0 <<<\n');
    const b = upsertManagedBlock(a.text, DHCPCD_BLOCK_ID('usb0'), body);
    expect(b).toEqual({ text: a.text, changed: false });
    expect(removeManagedBlock(a.text, DHCPCD_BLOCK_ID('usb0'))).toEqual({ text: DHCPCD_ORIG, changed: true });
  });
  it('replaces the block in place when the metric changes; user lines after it survive', () => {
    const a = upsertManagedBlock(DHCPCD_ORIG, DHCPCD_BLOCK_ID('usb0'), renderDhcpcdBlock('usb0', 700)).text + 'interface eth0\nmetric 100\n';
    const b = upsertManagedBlock(a, DHCPCD_BLOCK_ID('usb0'), renderDhcpcdBlock('usb0', 50));
    expect(b.text).toContain('metric 50');
    expect(b.text).not.toContain('metric 700');
    expect(b.text.endsWith('interface eth0\nmetric 100\n')).toBe(true);
  });
  it('blocks of two interfaces are independent', () => {
    const a = upsertManagedBlock(DHCPCD_ORIG, DHCPCD_BLOCK_ID('usb0'), renderDhcpcdBlock('usb0', 700)).text;
    const b = upsertManagedBlock(a, DHCPCD_BLOCK_ID('usb1'), renderDhcpcdBlock('usb1', 700)).text;
    const c = removeManagedBlock(b, DHCPCD_BLOCK_ID('usb0')).text;
    expect([hasManagedBlock(c, DHCPCD_BLOCK_ID('usb0')), hasManagedBlock(c, DHCPCD_BLOCK_ID('usb1'))]).toEqual([false, true]);
  });
  it('a begin marker without end is refused (never guess what to delete)', () => {
    const broken = DHCPCD_ORIG + '# >>> simhat interface usb0 >>> x\ninterface usb0\n';
    expect(() => removeManagedBlock(broken, DHCPCD_BLOCK_ID('usb0'))).toThrow(/no end marker/);
  });
  it('removing from a file without the block changes nothing', () => {
    expect(removeManagedBlock(DHCPCD_ORIG, DHCPCD_BLOCK_ID('usb0'))).toEqual({ text: DHCPCD_ORIG, changed: false });
  });
});

describe('renderers', () => {
  it('networkd file carries [DHCPv4] RouteMetric', () => {
    expect(renderNetworkdFile('usb0', 700)).toContain('[Match]\nName=usb0\n\n[Network]\nDHCP=ipv4\n\n[DHCPv4]\nRouteMetric=700\n');
  });
  it('injected values never reach a file', () => {
    expect(() => renderDhcpcdBlock('usb0\nstatic ip_address=1.2.3.4', 700)).toThrow(/invalid interface/);
    expect(() => renderNetworkdFile('usb0', -1)).toThrow(/metric/);
  });
});

describe('privileged verbs: validation (re-done inside the helper)', () => {
  it.each([
    ['unknown verb', 'reboot', {}, /unknown verb/],
    ['shell injection in iface', 'dhcp-up', { iface: 'usb0;reboot', stack: 'dhclient', metric: '700' }, /invalid interface/],
    ['path traversal iface', 'set-metric', { iface: '../x', gateway: '192.168.225.1', metric: '700' }, /invalid interface/],
    ['dot iface', 'dhcp-down', { iface: '..', stack: 'dhclient' }, /invalid interface/],
    ['16 chars', 'dhcp-down', { iface: 'a23456789012345x', stack: 'dhclient' }, /invalid interface/],
    ['bad stack', 'dhcp-up', { iface: 'usb0', stack: 'bash', metric: '1' }, /stack must be/],
    ['bad metric', 'set-metric', { iface: 'usb0', gateway: '192.168.225.1', metric: '7e2' }, /metric/],
    ['bad gateway', 'set-metric', { iface: 'usb0', gateway: '192.168.225.1; id', metric: '700' }, /gateway/],
    ['extra key', 'dhcp-down', { iface: 'usb0', stack: 'dhclient', script: '/tmp/x' }, /unexpected argument "script"/],
    ['missing key', 'set-metric', { iface: 'usb0', metric: '700' }, /missing argument "gateway"/],
    ['bad action', 'nm-profile', { iface: 'usb0', action: 'exec' }, /action must be/],
    ['set without metric', 'write-dhcpcd-block', { iface: 'usb0', action: 'set' }, /needs a metric/],
    ['bad vid', 'usb-serial-new-id', { vid: '1E0E', pid: '9018' }, /vid/],
    ['root prefix from outside', 'write-dhcpcd-block', { iface: 'usb0', action: 'remove', root: '/tmp/x' }, /only accepted in-process/],
  ])('%s', (_n, verb, raw, err) => {
    expect(() => parseVerbRequest(verb, raw as Record<string, string>, { allowRoot: false })).toThrow(err);
  });
  it('root prefix accepted in-process but must be clean', () => {
    expect(parseVerbRequest('write-dhcpcd-block', { iface: 'usb0', action: 'remove', root: '/tmp/t1' }, { allowRoot: true }).args.root).toBe('/tmp/t1');
    expect(() => parseVerbRequest('write-dhcpcd-block', { iface: 'usb0', action: 'remove', root: '/tmp/../etc' }, { allowRoot: true })).toThrow(/root prefix/);
  });
  it('key=value parsing refuses repeats and bare words', () => {
    expect(parseKeyValues(['iface=usb0', 'metric=700'])).toEqual({ iface: 'usb0', metric: '700' });
    expect(() => parseKeyValues(['iface=usb0', 'iface=eth0'])).toThrow(/repeated/);
    expect(() => parseKeyValues(['usb0'])).toThrow(/key=value/);
  });
});

const runs = (verb: string, raw: Record<string, string>) =>
  planVerb(parseVerbRequest(verb, raw, { allowRoot: true }))
    .filter((s): s is RunStep => s.kind === 'run')
    .map((s) => [s.program, ...s.args]);

describe('privileged verbs: command lines per stack (sim7600.md §3)', () => {
  it('dhclient: one-shot with IF_METRIC and its own files', () => {
    expect(runs('dhcp-up', { iface: 'usb0', stack: 'dhclient', metric: '700', timeout: '10', root: '/r' })).toEqual([
      ['ip', 'link', 'set', 'dev', 'usb0', 'up'],
      ['dhclient', '-1', '-v', '-cf', '/r/run/simhat/dhclient-usb0.conf', '-pf', '/r/run/simhat/dhclient-usb0.pid', '-lf', '/r/var/lib/simhat/dhclient-usb0.leases', '-e', 'IF_METRIC=700', 'usb0'],
    ]);
  });
  it('dhclient: a new dhcp-up first stops the instance of the same pid file (IF_METRIC is fixed per instance)', () => {
    const steps = planVerb(parseVerbRequest('dhcp-up', { iface: 'usb0', stack: 'dhclient', metric: '50', root: '/r' }, { allowRoot: true }));
    const stop = steps.findIndex((s) => s.kind === 'stop-pidfile');
    const client = steps.findIndex((s) => s.kind === 'run' && s.program === 'dhclient');
    expect(stop).toBeGreaterThan(-1);
    expect(stop).toBeLessThan(client);
    const run = steps[client] as RunStep;
    expect(steps[stop]).toMatchObject({ pidFile: run.args[run.args.indexOf('-pf') + 1], program: 'dhclient' });
  });
  it('dhcpcd: rebind only this interface, its name after -- (issue 15: getopt ends options there)', () => {
    expect(runs('dhcp-up', { iface: 'usb0', stack: 'dhcpcd', metric: '700', timeout: '15' })).toEqual([
      ['ip', 'link', 'set', 'dev', 'usb0', 'up'],
      ['dhcpcd', '-n', '-t', '15', '--', 'usb0'],
    ]);
    expect(runs('dhcp-down', { iface: 'usb0', stack: 'dhcpcd' })).toEqual([['dhcpcd', '-k', '--', 'usb0']]);
  });
  it('NetworkManager: named profile simhat-<if> bound to the interface with ipv4.route-metric', () => {
    expect(runs('nm-profile', { iface: 'usb0', action: 'add', metric: '700', autoconnect: 'no' })).toEqual([
      ['nmcli', 'connection', 'delete', 'simhat-usb0'],
      ['nmcli', ...nmcliAddArgs('usb0', 700, false)],
    ]);
    expect(nmcliAddArgs('usb0', 700, false)).toEqual([
      'connection', 'add', 'type', 'ethernet', 'ifname', 'usb0', 'con-name', 'simhat-usb0', 'connection.autoconnect', 'no', 'connection.autoconnect-priority', '50',
      'ipv4.method', 'auto', 'ipv4.route-metric', '700', 'ipv6.method', 'ignore',
    ]);
    expect(runs('nm-profile', { iface: 'usb0', action: 'modify', metric: '50', autoconnect: 'yes' })).toEqual([
      ['nmcli', 'connection', 'modify', 'simhat-usb0', 'ipv4.route-metric', '50', 'connection.autoconnect', 'yes'],
    ]);
    expect(runs('dhcp-up', { iface: 'usb0', stack: 'nm', metric: '700', timeout: '20' })).toEqual([['nmcli', '--wait', '20', 'connection', 'up', 'simhat-usb0']]);
    expect(runs('nm-profile', { iface: 'usb0', action: 'reapply' })).toEqual([['nmcli', 'device', 'reapply', 'usb0']]);
    expect(runs('nm-profile', { iface: 'usb0', action: 'delete' })).toEqual([['nmcli', 'connection', 'delete', 'simhat-usb0']]);
  });
  it('systemd-networkd: reload then reconfigure the interface, its name after -- (issue 15)', () => {
    expect(runs('dhcp-up', { iface: 'usb0', stack: 'networkd', metric: '700' })).toEqual([
      ['networkctl', 'reload'],
      ['networkctl', 'reconfigure', '--', 'usb0'],
    ]);
    expect(runs('dhcp-down', { iface: 'usb0', stack: 'networkd' })).toEqual([
      ['networkctl', 'reload'],
      ['networkctl', 'down', '--', 'usb0'],
    ]);
    const file = planVerb(parseVerbRequest('networkd-file', { iface: 'usb0', action: 'set', metric: '700', root: '/r' }, { allowRoot: true }))[0];
    expect(file).toMatchObject({ kind: 'file', path: '/r/etc/systemd/network/10-simhat-usb0.network' });
  });
  it('busybox udhcpc when it is all there is', () => {
    expect(runs('dhcp-up', { iface: 'wwan0', stack: 'udhcpc', metric: '700', timeout: '9' })[1]).toEqual(['udhcpc', '-i', 'wwan0', '-n', '-q', '-t', '3', '-T', '3', '-p', '/run/simhat/udhcpc-wwan0.pid']);
    const bb = planVerb(parseVerbRequest('dhcp-up', { iface: 'wwan0', stack: 'udhcpc', metric: '700', timeout: '9' }, { allowRoot: false }), { udhcpcViaBusybox: true });
    expect(bb.filter((s): s is RunStep => s.kind === 'run')[1]?.program).toBe('busybox');
  });
  it('set-metric replaces the default route then prunes the others', () => {
    const plan = planVerb(parseVerbRequest('set-metric', { iface: 'usb0', gateway: '192.168.225.1', metric: '700' }, { allowRoot: false }));
    expect(plan.map((s) => s.kind)).toEqual(['run', 'prune-defaults']);
    expect((plan[0] as RunStep).args).toEqual(['-4', 'route', 'replace', 'default', 'via', '192.168.225.1', 'dev', 'usb0', 'metric', '700']);
  });
  it('udev rule: no udevadm reload for a test root', () => {
    expect(runs('udev-rule', { action: 'install', root: '/r' })).toEqual([]);
    expect(runs('udev-rule', { action: 'install' })).toEqual([['udevadm', 'control', '--reload']]);
  });
});
