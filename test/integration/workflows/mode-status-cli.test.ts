// `simhat mode` and `simhat status` (the built bin) against the twin on a PTY.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { runBin } from '../doctor/run-bin.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';

let open: TwinOnPty | undefined;
let cfg: string | undefined;
afterEach(async () => {
  await open?.close();
  if (cfg) await rm(cfg, { recursive: true, force: true });
  open = undefined;
  cfg = undefined;
});

describe('simhat mode / status', () => {
  it('mode rndis on a fresh twin streams the steps as JSON, then revert goes back to QMI', async () => {
    open = await twinOnPty({ scenario: 'fresh' });
    cfg = await mkdtemp(join(tmpdir(), 'simhat-cfg-'));
    const env = { SIMHAT_CONFIG_DIR: cfg };
    const r = await runBin(['mode', 'rndis', '--port', open.port, '--json', '--timeout', '10'], { env });
    expect(r.code).toBe(0);
    const steps = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { step: string }).step);
    expect(steps).toEqual(['checked', 'command-sent', 'left-bus', 'back', 'at-answering', 'sim-ready', 'iface-present', 'done']);
    expect(open.twin.pid).toBe(9011);

    const again = await runBin(['mode', 'rndis', '--port', open.port, '--json'], { env });
    expect(again.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { step: string }).step)).toEqual(['checked', 'done']);

    const back = await runBin(['mode', 'revert', '--timeout', '10'], { env });
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/Done: in QMI/);
    expect(open.twin.pid).toBe(9001);
  });

  it('mode usage errors exit 2; an unanswering port exits 2', async () => {
    expect((await runBin(['mode', 'ppp'])).code).toBe(2);
    const r = await runBin(['mode', 'rndis', '--port', '/dev/simhat-nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/does not answer AT/);
  });

  it('status --json shows identity, SIM, registration, RAT, signal, mode and contexts', async () => {
    open = await twinOnPty({ scenario: 'good' });
    const r = await runBin(['status', '--port', open.port, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ model: 'SIMCOM_SIM7600G-H', imsi: HOME_NETWORK.imsi, sim: 'ready', registration: 'home', rat: 'LTE', mode: 'rndis' });
    expect(s.signalDbm).toEqual(expect.any(Number));
    expect((s.contexts as { cid: number; apn: string }[]).filter((c) => c.apn === HOME_NETWORK.apn).map((c) => c.cid)).toEqual([1, 6]);
    expect(s.pdpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const text = await runBin(['status', '--port', open.port]);
    expect(text.stdout).toMatch(/Registration:\s+home on Freedom/);
  });
});
