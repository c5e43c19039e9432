// The port found automatically for every command (issue 14 item 9): `apn suggest|set|show` without
// --port on the twin found on a fake USB bus (real `usb` library and sysfs reader in a private mount
// namespace, its AT tty as /dev/ttyUSBn); no modem at all is a usage error naming --port.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
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

let runs = 0;
/** Runs the bin in a namespace of its own (a fresh scratch folder each time). */
async function simhat(args: string[]) {
  const scratch = join(stage!, `run-${runs++}`);
  await mkdir(scratch);
  const ttys = onBus ? { [onBus.atTty()]: onBus.binding.port!.slavePath } : {};
  const env = ['env', `SIMHAT_CONFIG_DIR=${join(stage!, 'config')}`, process.execPath, 'bin/simhat.js', ...args];
  return runInFakeSysfs({ bus: fs!.root, stage: scratch, ttys }, env[0]!, env.slice(1), 45_000);
}

describe('apn finds the modem without --port', () => {
  it('suggest, set and show on the seed twin found on USB', async () => {
    fs = await FakeSysfs.create();
    onBus = await putTwinOnBus(fs, '1-1.3', { scenario: 'seed' });
    stage = await mkdtemp(join(tmpdir(), 'simhat-find-port-'));

    const suggest = await simhat(['apn', 'suggest', '--json']);
    expect(suggest.code, suggest.stderr).toBe(0);
    const s = JSON.parse(suggest.stdout) as { candidates: { id: string }[] };
    expect(s.candidates[0]?.id).toBe('ca/freedom-mobile/0');
    // The next step it prints works as printed, on any machine.
    const text = await simhat(['apn', 'suggest']);
    expect(text.stdout).toContain('Apply with: simhat apn set --port auto --carrier ca/freedom-mobile/0');

    const set = await simhat(['apn', 'set', '--port', 'auto', '--carrier', 'ca/freedom-mobile/0', '--json']);
    expect(set.code, set.stderr + set.stdout).toBe(0);
    expect((JSON.parse(set.stdout) as { ok: boolean; contexts: number[] }).contexts).toEqual([1, 6]);

    const show = await simhat(['apn', 'show', '--json']);
    expect(show.code, show.stderr).toBe(0);
    const state = JSON.parse(show.stdout) as { contexts: { cid: number; apn: string }[] };
    expect(state.contexts.filter((c) => c.apn === HOME_NETWORK.apn).map((c) => c.cid)).toEqual([1, 6]);
  });

  it('no modem on USB and no --port: exit 2, the message names --port', async () => {
    fs = await FakeSysfs.create();
    stage = await mkdtemp(join(tmpdir(), 'simhat-find-port-'));
    for (const args of [['apn', 'show'], ['apn', 'suggest'], ['apn', 'set', '--apn', 'internet'], ['at', 'ATI']]) {
      const r = await simhat(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--port is required: no modem was found on USB \(give --port <path>, e.g. \/dev\/ttyUSB2\)/);
    }
  });
});
