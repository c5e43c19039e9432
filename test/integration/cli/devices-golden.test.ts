// `simhat devices` text at 80 columns as golden files (issue 14 item 9): the twin on a fake USB bus (the
// real `usb` library and sysfs reader in a private mount namespace), the renderer fed the listing the
// bin gives with --json, and the bin's own text, which must be the same.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceListing } from '../../../src-main/api/contract.js';
import { renderDevices } from '../../../src-main/cli/render-devices.js';
import { stripAnsi, styleFor } from '../../../src-main/cli/terminal-style.js';
import type { ScenarioName } from '../../../src-main/twin/scenarios.js';
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
  onBus = fs = stage = undefined;
});

const golden = (name: string) => join(import.meta.dirname, 'golden', name);
/** The holder's pid differs per run. */
const stable = (text: string) => text.replace(/\(pid \d+\)/g, '(pid N)');

async function devices(scenario: ScenarioName, args: string[], holdPort = false) {
  fs = await FakeSysfs.create();
  onBus = await putTwinOnBus(fs, '1-1.3', { scenario });
  stage = await mkdtemp(join(tmpdir(), 'simhat-stage-'));
  const tty = onBus.atTty();
  // Each run sets up its namespace in a scratch folder of its own.
  const run = async (extra: string[], scratch: string) => {
    await mkdir(join(stage!, scratch));
    const ns = { bus: fs!.root, stage: join(stage!, scratch), ttys: { [tty]: onBus!.binding.port!.slavePath }, ...(holdPort ? { holders: { ModemManager: `/dev/${tty}` } } : {}) };
    return runInFakeSysfs(ns, process.execPath, ['bin/simhat.js', 'devices', ...extra, ...args], 30_000);
  };
  const json = await run(['--json'], 'json');
  const text = await run([], 'text');
  if (json.stdout.trim() === '') throw new Error(`no output (exit ${json.code}): ${json.stderr}`);
  return { listing: JSON.parse(json.stdout) as DeviceListing, text };
}

describe('devices text', () => {
  it('fresh (QMI 9001), probed: the renderer on the Api listing is the golden text and the bin prints it', async () => {
    const { listing, text } = await devices('fresh', []);
    const rendered = renderDevices(listing);
    for (const line of rendered.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    await expect(rendered).toMatchFileSnapshot(golden('devices-fresh.txt'));
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(rendered);
  });

  it('good (RNDIS 9011) held by ModemManager, unprobed: prose wrapped at 80, the udev rule kept on one line', async () => {
    const { listing, text } = await devices('good', ['--no-probe'], true);
    const rendered = renderDevices(listing);
    const long = rendered.split('\n').filter((l) => l.length > 80);
    // Only the line to paste into a rules file is longer than 80 columns.
    expect(long).toHaveLength(1);
    expect(long[0]).toMatch(/^ {2}busy: {3}ACTION=="add\|change\|move\|bind", SUBSYSTEM=="usb", ATTRS\{idVendor\}=="1e0e", ATTRS\{idProduct\}=="9011", ENV\{ID_MM_DEVICE_IGNORE\}="1"$/);
    // A command in backticks is never split across lines.
    expect(rendered).toContain('`udevadm control --reload`');
    await expect(stable(rendered)).toMatchFileSnapshot(golden('devices-good-held.txt'));
    expect(stable(text.stdout)).toBe(stable(rendered));
  });

  it('on a terminal the same words, "busy:" in red', async () => {
    const { listing } = await devices('good', ['--no-probe'], true);
    const tty = renderDevices(listing, styleFor({ isTTY: true, columns: 80 }, {}));
    expect(tty).toMatch(/\x1b\[31mbusy:\x1b\[39m/);
    const words = (t: string) => stripAnsi(t).split(/\s+/).filter(Boolean);
    expect(words(tty)).toEqual(words(renderDevices(listing)));
  });

  it('no modem: one line with the reason', () => {
    expect(renderDevices({ modems: [] })).toBe('No modem found.\n');
  });
});
