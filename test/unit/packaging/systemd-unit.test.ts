// The daemon's systemd unit rendered per install, and the enable/disable plans (issue 11).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectInstall } from '../../../src-main/platform/system/install-kind.js';
import {
  ADMIN_UNIT_PATH,
  execStart,
  planDisable,
  planEnable,
  renderUnit,
  UNIT_NAME,
  UnitConflictError,
  WRITTEN_MARK,
  type Install,
} from '../../../src-main/platform/system/systemd-unit.js';
import { REPO } from '../../helpers/netns.js';

const deb: Install = { kind: 'launcher', path: '/usr/bin/simhat' };
const npm: Install = { kind: 'runtime', runtime: '/usr/local/bin/node', entry: '/usr/local/lib/node_modules/simhat/bin/simhat.js', nodeMode: false };
const packagedNoLauncher: Install = { kind: 'runtime', runtime: '/opt/simhat/simhat', entry: '/opt/simhat/resources/app/bin/simhat.js', nodeMode: true };

const field = (unit: string, key: string) => unit.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));

describe('simhat.service', () => {
  it('the .deb ships exactly the unit rendered for its launcher', () => {
    expect(readFileSync(join(REPO, 'resources/systemd/simhat.service'), 'utf8')).toBe(renderUnit(deb));
  });

  it.each([
    ['deb', deb, '/usr/bin/simhat daemon', []],
    ['npm global', npm, '/usr/local/bin/node /usr/local/lib/node_modules/simhat/bin/simhat.js daemon', []],
    ['packaged runtime without launcher', packagedNoLauncher, '/opt/simhat/simhat /opt/simhat/resources/app/bin/simhat.js daemon', ['ELECTRON_RUN_AS_NODE=1']],
  ] as const)('%s: ExecStart and environment', (_n, install, exec, env) => {
    const unit = renderUnit(install);
    expect(field(unit, 'ExecStart')).toEqual([exec]);
    expect(field(unit, 'Environment')).toEqual(env);
  });

  it('restarts on failure, is wanted by multi-user.target, and keeps the sandboxing the helper allows', () => {
    const unit = renderUnit(deb);
    expect(field(unit, 'Restart')).toEqual(['on-failure']);
    expect(field(unit, 'Type')).toEqual(['simple']);
    expect(field(unit, 'WantedBy')).toEqual(['multi-user.target']);
    expect(field(unit, 'RuntimeDirectory')).toEqual(['simhat']);
    expect(field(unit, 'StateDirectory')).toEqual(['simhat']);
    // /etc stays writable (network config edits), /sys writable (USB re-bind), W+X for the JIT.
    expect(field(unit, 'ProtectSystem')).toEqual(['yes']);
    expect(unit).not.toMatch(/^ProtectKernelTunables=/m);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=/m);
    const caps = field(unit, 'CapabilityBoundingSet')[0]!.split(' ');
    for (const cap of ['CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_NET_BIND_SERVICE']) expect(caps).toContain(cap);
    expect(caps).not.toContain('CAP_SYS_ADMIN');
    expect(field(unit, 'RestrictAddressFamilies')[0]!.split(' ')).toEqual(['AF_UNIX', 'AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET']);
  });

  it('daemon options go on the command line; anything systemd would read specially is refused', () => {
    expect(execStart(deb, ['--interval', '10', '--policy', 'failover'])).toEqual(['/usr/bin/simhat', 'daemon', '--interval', '10', '--policy', 'failover']);
    for (const bad of ['a b', '$HOME', '%h', '"x"', "it's", 'a\\b', '']) expect(() => execStart(deb, [bad]), bad).toThrow(/daemon option/);
    for (const path of ['relative/node', '/opt/my app/simhat', '/usr/bin/../../tmp/x', '/x$y', '/x%i']) {
      expect(() => execStart({ kind: 'launcher', path }), path).toThrow(/cannot put this path/);
    }
  });
});

describe('enable / disable plans', () => {
  const write = (install: Install) => ({ kind: 'write-unit', path: ADMIN_UNIT_PATH, content: renderUnit(install, { mark: true }) });
  const reload = { kind: 'systemctl', args: ['daemon-reload'] };
  const enable = { kind: 'systemctl', args: ['enable', '--now', UNIT_NAME] };

  it.each([
    ['deb with its vendor unit: only enable', deb, { vendorUnit: true, adminUnit: undefined }, [enable]],
    ['npm install: write the unit, reload, enable', npm, { vendorUnit: false, adminUnit: undefined }, [write(npm), reload, enable]],
    ['npm install, same unit already written: only enable', npm, { vendorUnit: false, adminUnit: renderUnit(npm, { mark: true }) }, [enable]],
    ['npm install over an older unit of ours: rewrite', npm, { vendorUnit: false, adminUnit: `${WRITTEN_MARK}\n[Service]\nExecStart=/old daemon\n` }, [write(npm), reload, enable]],
    ['deb after an npm --enable: drop our override, use the vendor unit', deb, { vendorUnit: true, adminUnit: renderUnit(npm, { mark: true }) }, [{ kind: 'remove-unit', path: ADMIN_UNIT_PATH }, reload, enable]],
  ] as const)('%s', (_n, install, facts, steps) => {
    expect(planEnable(install, facts)).toEqual(steps);
  });

  it('never overwrites a unit simhat did not write', () => {
    expect(() => planEnable(npm, { vendorUnit: false, adminUnit: '[Service]\nExecStart=/usr/local/bin/my-simhat\n' })).toThrow(UnitConflictError);
  });

  it.each([
    ['ours', { vendorUnit: false, adminUnit: renderUnit(npm, { mark: true }) }, [{ kind: 'systemctl', args: ['disable', '--now', UNIT_NAME] }, { kind: 'remove-unit', path: ADMIN_UNIT_PATH }, { kind: 'systemctl', args: ['daemon-reload'] }]],
    ['vendor only', { vendorUnit: true, adminUnit: undefined }, [{ kind: 'systemctl', args: ['disable', '--now', UNIT_NAME] }]],
    ["someone else's: disabled, kept", { vendorUnit: false, adminUnit: '[Service]\n' }, [{ kind: 'systemctl', args: ['disable', '--now', UNIT_NAME] }]],
    ['nothing installed', { vendorUnit: false, adminUnit: undefined }, []],
  ] as const)('disable, unit %s', (_n, facts, steps) => {
    expect(planDisable(facts)).toEqual(steps);
  });
});

describe('which install this is', () => {
  it.each([
    ['packaged runtime with the .deb launcher', { execPath: '/opt/simhat/simhat', electron: '38.0.0', entry: '/opt/simhat/resources/app/bin/simhat.js', exists: () => true }, deb],
    ['packaged runtime, no launcher (AppImage)', { execPath: '/tmp/.mount_x/simhat', electron: '38.0.0', entry: '/tmp/.mount_x/resources/app/bin/simhat.js', exists: () => false }, { kind: 'runtime', runtime: '/tmp/.mount_x/simhat', entry: '/tmp/.mount_x/resources/app/bin/simhat.js', nodeMode: true }],
    ['plain node (npm install)', { execPath: '/usr/bin/node', electron: undefined, entry: '/usr/lib/node_modules/simhat/bin/simhat.js', exists: () => true }, { kind: 'runtime', runtime: '/usr/bin/node', entry: '/usr/lib/node_modules/simhat/bin/simhat.js', nodeMode: false }],
  ] as const)('%s', (_n, probe, install) => {
    expect(detectInstall(probe)).toEqual(install);
  });

  it('from this checkout: node and the real path of bin/simhat.js', () => {
    expect(detectInstall()).toEqual({ kind: 'runtime', runtime: process.execPath, entry: join(REPO, 'bin/simhat.js'), nodeMode: false });
  });
});
