// Issue 12 "Done when": `simhat devices` on fake sysfs trees of an A7670E (9011 + cdc_ether), a
// SIM8262E and an RM500Q names the right family, network driver and AT port; a known vendor with a
// PID that has no interface map gets its serial ports probed for AT, and the output says so.
// Real `usb` library + real `serialport` in a private mount namespace (test/helpers/fake-sysfs-ns.ts);
// each AT port is a PTY served by a table responder with that module's answers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModemDescription } from '../../../src-main/core/devices/types.js';
import type { TwinUsbLayout } from '../../../src-main/twin/usb-descriptors.js';
import { AtResponder, type ReplyTable } from '../../helpers/at-responder.js';
import { FakeSysfs } from '../../helpers/fake-sysfs.js';
import { runInFakeSysfs } from '../../helpers/fake-sysfs-ns.js';
import { A7670E_9011_ECM, QUECTEL_0900_UNMAPPED, RM500Q_AE_0800, SIM8262E_9001 } from '../../helpers/real-usb-layouts.js';

const BIN = 'bin/simhat.js';
let fs: FakeSysfs;
let stage: string;
let responders: AtResponder[] = [];

beforeAll(() => {
  if (!existsSync('dist/main/cli/commands/devices.js')) throw new Error('build first: npm run build:main');
  if (spawnSync('unshare', ['--help'], { encoding: 'utf8' }).status !== 0) throw new Error('unshare (util-linux) is needed');
});

beforeEach(async () => {
  fs = await FakeSysfs.create();
  stage = join(fs.base, 'stage');
  await mkdir(stage);
});

afterEach(async () => {
  for (const r of responders) await r.close();
  responders = [];
  await fs.cleanup();
});

/** Puts the layout on the bus and serves AT on interface `atIf` with the module's answers. */
async function place(layout: TwinUsbLayout, atIf: number, table: ReplyTable): Promise<{ tty: string; slave: string }> {
  await fs.add({ portPath: '1-1.3', layout });
  const tty = fs.tty('1-1.3', atIf);
  if (!tty) throw new Error(`no tty on if${atIf}`);
  const responder = await AtResponder.start({ AT: ['OK'], ...table });
  responders.push(responder);
  return { tty, slave: responder.pty.slavePath };
}

async function devices(ttys: Record<string, string>): Promise<ModemDescription> {
  const r = await runInFakeSysfs({ bus: fs.root, stage, ttys }, process.execPath, [BIN, 'devices', '--json'], 30_000);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { modems: ModemDescription[] };
  expect(out.modems).toHaveLength(1);
  return out.modems[0] as ModemDescription;
}

describe('simhat devices on real modules (issue 12)', () => {
  it('A7670E on 9011 with cdc_ether: A76xx, ECM, no RNDIS driver warning, AT on if4', async () => {
    // AT+CGMM as an A7670E answers it (model "A7670E-LASE", LilyGO-Modem-Series issue 469).
    const { tty, slave } = await place(A7670E_9011_ECM, 4, { 'AT+CGMM': ['A7670E-LASE', 'OK'], 'AT+CGSN': ['862771076133704', 'OK'] });
    const m = await devices({ [tty]: slave });
    expect(m).toMatchObject({ family: 'a76xx', familyConfirmed: true, model: 'A7670E-LASE', mode: 'ecm', atPort: `/dev/${tty}`, atInterface: 4, netIface: 'usb0' });
    expect(m.interfaces.find((i) => i.number === 0)).toMatchObject({ driver: 'cdc_ether', role: 'net-control' });
    expect(m.warnings.filter((w) => /rndis|expected/i.test(w))).toEqual([]);
  });

  it('SIM8262E on 9001: SIM82xx by its USB strings and AT+CGMM, QMI on qmi_wwan, AT on if2', async () => {
    const { tty, slave } = await place(SIM8262E_9001, 2, { 'AT+CGMM': ['SIMCOM_SIM8262E-M2', 'OK'], 'AT+CGSN': ['869710030002905', 'OK'] });
    const m = await devices({ [tty]: slave });
    expect(m).toMatchObject({ family: 'sim8200', familyConfirmed: true, mode: 'qmi', strategy: 'simcom-cusbcfg', atPort: `/dev/${tty}`, atInterface: 2, netIface: 'wwan0' });
    expect(m.interfaces.find((i) => i.number === 5)).toMatchObject({ driver: 'qmi_wwan', role: 'net-data' });
    expect(m.warnings).toEqual([]);
  });

  it('RM500Q-AE on 2c7c:0800: Quectel RM50x, QMI (usbnet 0), AT on if2', async () => {
    const { tty, slave } = await place(RM500Q_AE_0800, 2, { 'AT+CGMM': ['RM500Q-AE', 'OK'], 'AT+CGSN': ['866349040000000', 'OK'] });
    const m = await devices({ [tty]: slave });
    expect(m).toMatchObject({ family: 'rm50x', familyConfirmed: true, mode: 'qmi', strategy: 'quectel-qcfg-usbnet', atPort: `/dev/${tty}`, atInterface: 2, netIface: 'wwan0' });
    expect(m.interfaces.find((i) => i.number === 4)).toMatchObject({ driver: 'qmi_wwan', role: 'net-data' });
    expect(m.warnings).toEqual([]);
  });

  it('a Quectel PID without an interface map: its serial ports are probed for AT and the text says so', async () => {
    // Only if1 answers AT; if0 and if2 have no PTY behind their names, so they never answer.
    const { tty, slave } = await place(QUECTEL_0900_UNMAPPED, 1, { 'AT+CGMM': ['RM500U-CN', 'OK'], 'AT+CGSN': ['866349040000001', 'OK'] });
    const m = await devices({ [tty]: slave });
    expect(m).toMatchObject({ vid: '2c7c', pid: '0900', family: 'rm500u', model: 'RM500U-CN', atPort: `/dev/${tty}`, atInterface: 1 });
    expect(m.warnings.join('\n')).toMatch(/probes its serial ports for AT/);
    expect(m.warnings.join('\n')).toMatch(new RegExp(`AT port found by probing the serial ports \\(.*\\): /dev/${tty} \\(if1\\) answered AT`));
    const text = await runInFakeSysfs({ bus: fs.root, stage, ttys: { [tty]: slave } }, process.execPath, [BIN, 'devices'], 30_000);
    expect(text.stdout).toContain(`AT port:   /dev/${tty} (if1)`);
    expect(text.stdout).toMatch(/warning: AT port found by probing the serial ports/);
  });
});
