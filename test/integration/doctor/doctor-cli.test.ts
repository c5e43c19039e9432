// `simhat doctor --port <twin> --json` (the built bin) gives each scenario's verdict (issue 6, "Done when").
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../src-main/core/doctor/report.js';
import type { ScenarioName } from '../../../src-main/twin/scenarios.js';
import { runBin } from './run-bin.js';
import { twinOnPty, type TwinOnPty } from './twin-harness.js';

let open: TwinOnPty | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const cases: { scenario: ScenarioName; exit: number; verdict: string | null; fix: string | null; detail?: RegExp }[] = [
  { scenario: 'good', exit: 0, verdict: null, fix: null },
  { scenario: 'seed', exit: 1, verdict: 'apn.set', fix: 'apply-apn', detail: /APN is empty in PDP context 1 and 6/ },
  { scenario: 'no-sim', exit: 1, verdict: 'sim.ready', fix: null, detail: /not inserted/ },
  { scenario: 'pin-locked', exit: 1, verdict: 'sim.ready', fix: 'enter-pin' },
  { scenario: 'no-signal', exit: 1, verdict: 'net.registered', fix: null, detail: /hears no cell/ },
  { scenario: 'denied', exit: 1, verdict: 'net.registered', fix: null, detail: /refused the SIM/ },
];

describe('simhat doctor --json against the twin', () => {
  it.each(cases)('$scenario -> verdict $verdict, exit $exit', async (c) => {
    open = await twinOnPty({ scenario: c.scenario });
    const r = await runBin(['doctor', '--port', open.port, '--json', '--no-probes']);
    expect(r.stderr).not.toMatch(/Error|\n\s+at /);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(r.code).toBe(c.exit);
    expect(report.checks).toHaveLength(18);
    expect(report.verdict?.checkId ?? null).toBe(c.verdict);
    expect(report.verdict?.fix?.id ?? null).toBe(c.fix);
    if (c.detail) expect(report.verdict!.summary).toMatch(c.detail);
    // No USB view of a PTY: the usb.* checks skip instead of claiming there is no modem.
    expect(report.checks.filter((x) => x.id.startsWith('usb.')).map((x) => x.status)).toEqual(['skip', 'skip', 'skip']);
  });

  it('text output names the first broken link and its fix', async () => {
    open = await twinOnPty({ scenario: 'seed' });
    const r = await runBin(['doctor', '--port', open.port, '--no-probes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Verdict: the first broken link is apn\.set/);
    expect(r.stdout).toMatch(/Fix: Set the APN "internet\.freedommobile\.ca"/);
  });

  it('--fix --yes on seed applies the carrier preset and exits 0', async () => {
    open = await twinOnPty({ scenario: 'seed' });
    const r = await runBin(['doctor', '--port', open.port, '--no-probes', '--fix', '--yes', '--json']);
    const out = JSON.parse(r.stdout) as DoctorReport & { fixesApplied: { fix: { id: string }; ok: boolean }[] };
    expect(out.fixesApplied.map((a) => [a.fix.id, a.ok])).toEqual([['apply-apn', true]]);
    expect(out.ok).toBe(true);
    expect(r.code).toBe(0);
  });

  it('usage errors exit 2; a port that does not exist exits 2', async () => {
    expect((await runBin(['doctor', '--policy', 'sometimes'])).code).toBe(2);
    expect((await runBin(['doctor', '--yes'])).code).toBe(2);
    const r = await runBin(['doctor', '--port', '/dev/simhat-nope', '--json', '--no-probes']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as DoctorReport).checks.find((c) => c.id === 'port.at')!.status).toBe('fail');
  });
});
