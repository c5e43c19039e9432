// `simhat doctor` text at 80 columns for every twin scenario (issue 14 item 9), kept as golden files:
// the renderer fed the Api's real report (the twin on a PTY, through the in-process service), the built
// bin on a pipe (plain words, no colour) and the built bin on a pseudo-terminal (symbols and colour).
// A golden file changes only with a deliberate `npx vitest run -u`.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../src-main/api/contract.js';
import { modemFor, openApi, runOperation, type CliApi } from '../../../src-main/cli/api-session.js';
import { renderDoctor } from '../../../src-main/cli/render-doctor.js';
import { stripAnsi, styleFor } from '../../../src-main/cli/terminal-style.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../../src-main/twin/scenarios.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';
import { runBin } from '../doctor/run-bin.js';
import { runOnPty } from './pty-bin.js';

const PORT = '<port>';
const ESC = '\x1b[';

let dir: string;
const twins = new Map<ScenarioName, { twin: Twin; binding: TwinPtyBinding }>();
let cli: CliApi;

// Links of one length (/tmp/simhat-golden-XXXXXX/<7 chars>): the text wraps the same on every run,
// and the path is then written as <port>.
const linkName = (s: ScenarioName) => s.slice(0, 7).padEnd(7, '_');

beforeAll(async () => {
  dir = await mkdtemp('/tmp/simhat-golden-');
  for (const scenario of SCENARIO_NAMES) {
    const twin = new Twin({ scenario, start: 'ready', timings: TEST_TIMINGS });
    twins.set(scenario, { twin, binding: await TwinPtyBinding.attach(twin, { link: join(dir, linkName(scenario)) }) });
  }
});

afterAll(async () => {
  for (const { twin, binding } of twins.values()) {
    await binding.close();
    twin.dispose();
  }
  await rm(dir, { recursive: true, force: true });
});

const portOf = (s: ScenarioName) => twins.get(s)!.binding.link;
const golden = (name: string) => join(import.meta.dirname, 'golden', name);
const widest = (text: string) => Math.max(...stripAnsi(text).split('\n').map((l) => [...l].length));

async function reportFor(scenario: ScenarioName): Promise<DoctorReport> {
  const modemId = await modemFor(cli.api, { port: portOf(scenario) });
  const r = await runOperation<DoctorReport>(cli.api, () => cli.api.runDoctor({ modemId: modemId!, noProbes: true }), () => {});
  expect(r.ok, r.error?.message).toBe(true);
  return r.result!;
}

// The in-process service holds the ports it attached: it is closed before the bin runs open them.
async function withApiOpen(fn: () => Promise<void>): Promise<void> {
  cli = await openApi();
  try {
    await fn();
  } finally {
    await cli.close();
  }
}

describe('doctor text from the Api report (renderDoctor, 80 columns)', () => {
  it.each(SCENARIO_NAMES)('%s', (scenario) => withApiOpen(async () => {
    const report = await reportFor(scenario);
    const text = renderDoctor({ ...report, modem: report.modem && { ...report.modem, atPort: '/dev/ttyUSB2' } });
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).not.toContain(ESC);
    // One line per problem or group, not one per check: at most 2/3 of the old 38 lines.
    expect(text.split('\n').length).toBeLessThanOrEqual(32);
    await expect(text).toMatchFileSnapshot(golden(`doctor-${scenario}.txt`));
  }));
});

describe('doctor --verbose', () => {
  it('seed: every check on its own line with its detail and evidence, prose within 80 columns', () =>
    withApiOpen(async () => {
      const report = await reportFor('seed');
      const text = renderDoctor({ ...report, modem: report.modem && { ...report.modem, atPort: '/dev/ttyUSB2' } }, { verbose: true });
      for (const c of report.checks) expect(text).toMatch(new RegExp(`^\\[(FAIL|warn|ok|skip)\\] +${c.id.replace('.', '\\.')}: `, 'm'));
      // Evidence is the modem's own output, shown as it came ("> AT+CGDCONT?" then its lines).
      expect(text).toMatch(/^ {7}> AT\+CGDCONT\?$/m);
      const prose = text.split('\n').filter((l) => !/^ {7}(> | {2})/.test(l));
      expect(widest(prose.join('\n'))).toBeLessThanOrEqual(80);
      // The details name the port: its path has one length on every run (see linkName), so only its name changes.
      await expect(text.split(portOf('seed')).join(PORT)).toMatchFileSnapshot(golden('doctor-seed.verbose.txt'));
    }));
});

describe('simhat doctor, the built bin', () => {
  it.each(SCENARIO_NAMES)('%s on a pipe: the golden text, no colour', async (scenario) => {
    const r = await runBin(['doctor', '--port', portOf(scenario), '--no-probes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(scenario === 'good' ? 0 : 1);
    expect(r.stdout).not.toContain(ESC);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    await expect(r.stdout.split(portOf(scenario)).join(PORT)).toMatchFileSnapshot(golden(`doctor-${scenario}.bin.txt`));
  });

  it.each(SCENARIO_NAMES)('%s on an 80-column terminal: symbols and colour, the same golden lines', async (scenario) => {
    const r = await runOnPty(['doctor', '--port', portOf(scenario), '--no-probes'], { cols: 80 });
    expect(r.code).toBe(scenario === 'good' ? 0 : 1);
    expect(r.output).toContain(ESC);
    expect(r.output).toMatch(scenario === 'good' ? /\x1b\[32m/ : /\x1b\[31m/);
    expect(widest(r.output)).toBeLessThanOrEqual(80);
    await expect(stripAnsi(r.output).split(portOf(scenario)).join(PORT)).toMatchFileSnapshot(golden(`doctor-${scenario}.tty.txt`));
  });
});

describe('no colour where it does not belong', () => {
  it('NO_COLOR and TERM=dumb on a terminal: words instead of symbols, no escape codes', async () => {
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
      const r = await runOnPty(['doctor', '--port', portOf('seed'), '--no-probes'], { cols: 80, env });
      expect(r.output, JSON.stringify(env)).not.toContain(ESC);
      expect(r.output).toContain('[FAIL] apn.set: APN set in PDP context 1');
    }
  });

  it('--json on a terminal: the JSON report, no colour', async () => {
    const r = await runOnPty(['doctor', '--port', portOf('seed'), '--no-probes', '--json'], { cols: 80 });
    expect(r.output).not.toContain(ESC);
    expect((JSON.parse(r.output) as DoctorReport).verdict?.checkId).toBe('apn.set');
  });

  it('a narrower terminal gets narrower lines', async () => {
    const r = await runOnPty(['doctor', '--port', portOf('seed'), '--no-probes'], { cols: 60 });
    expect(widest(r.output)).toBeLessThanOrEqual(60);
    expect(stripAnsi(r.output)).toMatch(/Verdict: the first broken link is apn\.set\./);
  });

  it('the renderer with a forced terminal style paints the same words the pipe shows', () => withApiOpen(async () => {
    const report = await reportFor('pin-locked');
    const tty = renderDoctor(report, { style: styleFor({ isTTY: true, columns: 120 }, {}) });
    expect(tty).toMatch(/\x1b\[31m✗\x1b\[39m/);
    expect(widest(tty)).toBeLessThanOrEqual(80);
    const plain = renderDoctor(report, { style: styleFor({ isTTY: false }, {}) });
    expect(plain).toContain('[FAIL] sim.ready: SIM card ready');
    // The same words in the same order; only the markers and where lines break differ.
    const words = (t: string) => t.split(/\s+/).filter((w) => w && !/^(\[(FAIL|warn|ok|skip)\]|[✗✓!–])$/.test(w));
    expect(words(stripAnsi(tty))).toEqual(words(plain));
  }));
});
