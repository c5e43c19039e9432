// `simhat report` (the built bin) against the twin: the bundle has the doctor JSON, the AT
// transcript and host listings, and no IMEI/IMSI/ICCID/password survives (issue 6).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_NETWORK, scenarioState } from '../../../src-main/twin/scenarios.js';
import { SIM7600G_H_IDENTITY } from '../../../src-main/twin/state.js';
import type { ReportBundle } from '../../../src-main/service/report.js';
import { runBin } from './run-bin.js';
import { twinOnPty, type TwinOnPty } from './twin-harness.js';

const PASSWORD = 'Zq7-secret-pw';

let open: TwinOnPty | undefined;
let dir: string | undefined;
afterEach(async () => {
  await open?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  open = undefined;
  dir = undefined;
});

describe('simhat report', () => {
  it('writes a redacted bundle: doctor JSON, AT transcript, host listings; no identifier or password survives', async () => {
    // A good modem whose APN needs PAP credentials (set in cid 1 with AT+CGAUTH).
    const state = scenarioState('good');
    state.nv.auth.set(1, { type: 1, user: 'alice', password: PASSWORD });
    state.network.apnCredentials[HOME_NETWORK.apn] = { user: 'alice', password: PASSWORD };
    open = await twinOnPty({ state });
    dir = await mkdtemp(join(tmpdir(), 'simhat-report-'));
    const out = join(dir, 'bundle.json');
    const r = await runBin(['report', '--port', open.port, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(out);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const text = await readFile(out, 'utf8');
    const bundle = JSON.parse(text) as ReportBundle;

    expect(bundle.doctor.checks).toHaveLength(18);
    expect(bundle.atTranscript.map((e) => e.command)).toEqual(expect.arrayContaining(['AT', 'ATI', 'AT+CPIN?', 'AT+CGDCONT?', 'AT+CIMI', 'AT+CICCID', 'AT+CGAUTH?']));
    expect(bundle.host.map((e) => e.command)).toEqual(expect.arrayContaining(['ip -4 route show table all', 'ip address show', 'lsusb']));
    expect(bundle.status.model).toBe('SIMCOM_SIM7600G-H');

    for (const secret of [SIM7600G_H_IDENTITY.imei, HOME_NETWORK.imsi, HOME_NETWORK.iccid, HOME_NETWORK.iccid.slice(0, 19), PASSWORD]) expect(text).not.toContain(secret);
    // Masked, not dropped: the last 4 digits stay so two reports can be told apart.
    expect(bundle.status.imei).toBe('*'.repeat(11) + SIM7600G_H_IDENTITY.imei.slice(-4));
    expect(bundle.status.imsi).toBe('*'.repeat(11) + HOME_NETWORK.imsi.slice(-4));
    expect(bundle.status.iccid?.endsWith(HOME_NETWORK.iccid.slice(-4))).toBe(true);
    expect(bundle.atTranscript.find((e) => e.command === 'AT+CGAUTH?')!.output).toContain('"alice","[removed]"');
  });

  it('the doctor evidence itself never shows an APN password', async () => {
    const state = scenarioState('good');
    state.nv.auth.set(1, { type: 1, user: 'alice', password: PASSWORD });
    open = await twinOnPty({ state });
    const r = await runBin(['doctor', '--port', open.port, '--json', '--no-probes', '--verbose']);
    expect(r.stdout).not.toContain(PASSWORD);
  });
});
