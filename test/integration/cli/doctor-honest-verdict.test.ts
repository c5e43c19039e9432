// "Everything checks out" only when everything was checked (issue 14 item 7): `doctor --fix --yes`,
// `doctor` and `report` on the twin with the internet check skipped say what was not checked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorCheck, DoctorReport } from '../../../src-main/api/contract.js';
import { nothingFails } from '../../../src-main/cli/render-doctor.js';
import { runBin } from '../doctor/run-bin.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';

let open: TwinOnPty | undefined;
let dir: string | undefined;
afterEach(async () => {
  await open?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  open = dir = undefined;
});

const NOT_CHECKED = /Verdict: no check fails, but the internet connection was not checked\n {2}\(host\.internet and 7 other checks did not run\)\./;

describe('the verdict owns up to what did not run', () => {
  it('seed, doctor --fix --yes: the APN is applied, and the verdict says the internet was not checked', async () => {
    open = await twinOnPty({ scenario: 'seed' });
    const r = await runBin(['doctor', '--port', open.port, '--no-probes', '--fix', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Fixing \(apply-apn\)/);
    expect(r.stdout).not.toMatch(/everything checks out/);
    expect(r.stdout).toMatch(NOT_CHECKED);
  });

  it('good, doctor --fix --yes with nothing to fix: "No fix applied." and the same honest verdict', async () => {
    open = await twinOnPty({ scenario: 'good' });
    const r = await runBin(['doctor', '--port', open.port, '--no-probes', '--fix', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No fix applied\.\n/);
    expect(r.stdout).not.toMatch(/everything checks out/);
    expect(r.stdout).toMatch(NOT_CHECKED);
  });

  it('report says the bundle\'s verdict the same way', async () => {
    open = await twinOnPty({ scenario: 'good' });
    dir = await mkdtemp(join(tmpdir(), 'simhat-report-'));
    const r = await runBin(['report', '--port', open.port, '--out', join(dir, 'b.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/everything checks out/);
    expect(r.stdout).toMatch(/Verdict: no check fails, but the internet connection was not checked/);
  });
});

describe('nothingFails', () => {
  const check = (id: string, status: DoctorCheck['status']): DoctorCheck => ({ id, status, title: id, detail: '', evidence: [], fix: null });
  const report = (checks: DoctorCheck[]): DoctorReport => ({ ok: true, durationMs: 1, modem: null, checks, verdict: null });

  it('every check ran and passed: everything checks out', () => {
    expect(nothingFails(report([check('sim.ready', 'pass'), check('host.internet', 'pass')]))).toBe('Verdict: everything checks out.');
  });

  it('only the internet check skipped', () => {
    expect(nothingFails(report([check('sim.ready', 'pass'), check('host.internet', 'skip')]))).toBe('Verdict: no check fails, but the internet connection was not checked (host.internet did not run).');
  });

  it('the internet checked, others skipped: they are named', () => {
    expect(nothingFails(report([check('usb.present', 'skip'), check('usb.drivers', 'skip'), check('host.internet', 'pass')]))).toBe('Verdict: no check fails; 2 checks did not run (usb.present, usb.drivers).');
  });
});
