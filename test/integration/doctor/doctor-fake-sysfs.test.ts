// The doctor with the real USB view: the twin on a fake sysfs (detection's harness, real `usb` lib
// and sysfs reader in a private mount namespace) and its AT tty as /dev/ttyUSBn. With no --port at
// all, simhat finds the modem by VID:PID:interface and the verdict for `fresh` is switch-rndis.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../src-main/core/doctor/report.js';
import { FakeSysfs } from '../../helpers/fake-sysfs.js';
import { runInFakeSysfs } from '../../helpers/fake-sysfs-ns.js';
import { putTwinOnBus, type TwinOnBus } from '../../helpers/fake-sysfs-twin.js';

let fs: FakeSysfs | undefined;
let onBus: TwinOnBus | undefined;
let stage: string | undefined;
afterEach(async () => {
  await onBus?.close();
  await fs?.cleanup();
  if (stage) await rm(stage, { recursive: true, force: true });
  onBus = undefined;
  fs = undefined;
  stage = undefined;
});

describe('simhat doctor on a fake USB bus', () => {
  it('fresh (9001) found on USB without --port: usb.mode fails pointing to switch-rndis, modem checks run on the AT tty', async () => {
    fs = await FakeSysfs.create();
    onBus = await putTwinOnBus(fs, '1-1.3', { scenario: 'fresh' });
    stage = await mkdtemp(join(tmpdir(), 'simhat-stage-'));
    const tty = onBus.atTty();
    const r = await runInFakeSysfs({ bus: fs.root, stage, ttys: { [tty]: onBus.binding.port!.slavePath } }, process.execPath, ['bin/simhat.js', 'doctor', '--json', '--no-probes'], 30_000);
    if (r.stdout.trim() === '') throw new Error(`no output (exit ${r.code}): ${r.stderr}`);
    const report = JSON.parse(r.stdout) as DoctorReport;
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    expect(check('usb.present').status).toBe('pass');
    expect(check('usb.mode')).toMatchObject({ status: 'fail', fix: { id: 'switch-rndis' } });
    expect(check('usb.drivers').status).toBe('pass');
    expect(check('port.at').status).toBe('pass');
    expect(check('sim.ready').status).toBe('pass');
    expect(report.modem).toMatchObject({ usbId: '1e0e:9001', mode: 'qmi', atPort: `/dev/${tty}`, model: 'SIMCOM_SIM7600G-H' });
    expect(report.verdict).toMatchObject({ checkId: 'usb.mode', fix: { id: 'switch-rndis' } });
    expect(r.code).toBe(1);
  });

  it('good (9011) with ModemManager holding the AT port: port.conflict flags it with the udev-rule fix', async () => {
    fs = await FakeSysfs.create();
    onBus = await putTwinOnBus(fs, '1-1.3', { scenario: 'good' });
    stage = await mkdtemp(join(tmpdir(), 'simhat-stage-'));
    const tty = onBus.atTty();
    const r = await runInFakeSysfs(
      { bus: fs.root, stage, ttys: { [tty]: onBus.binding.port!.slavePath }, holders: { ModemManager: `/dev/${tty}` } },
      process.execPath,
      ['bin/simhat.js', 'doctor', '--json', '--no-probes'],
      30_000,
    );
    if (r.stdout.trim() === '') throw new Error(`no output (exit ${r.code}): ${r.stderr}`);
    const report = JSON.parse(r.stdout) as DoctorReport;
    const conflict = report.checks.find((c) => c.id === 'port.conflict')!;
    expect(conflict).toMatchObject({ status: 'warn', fix: { id: 'udev-rule' } });
    expect(conflict.detail).toMatch(/ModemManager/);
    expect(report.checks.find((c) => c.id === 'usb.mode')!.status).toBe('pass');
    // The fake bus names usb0 but this namespace has no such netdev: the host side says so.
    expect(report.checks.find((c) => c.id === 'host.iface')!.detail).toMatch(/usb0 does not exist/);
    expect(report.modem?.iface).toBe('usb0');
  });
});
