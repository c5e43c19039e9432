// The APN decider in the built CLI (issue 13), against the twin with SIM profiles on a real PTY:
// `apn suggest` prints the ranking with reasons; `apn set` without an APN goes by rank without a
// terminal (and with --yes), and on a terminal (the CLI's stdin and stdout on a second PTY) shows the
// ranked list and takes the user's pick; `connect` on a terminal asks first; `status` masks the IMSI
// and ICCID and shows the SIM identity; `twin --sim` and `serve --demo --sim` take a profile.
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openPty, type PtyPair } from '../../../src-main/platform/serial/pty.js';
import { SIM_PROFILES, simProfileState, type SimProfileName } from '../../../src-main/twin/sim-profiles.js';
import { twinRig, type TwinRig } from './twin-pty.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function simhat(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/simhat.js', ...args], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

/** The CLI with its stdin and stdout on a terminal (a PTY): `answers` are typed when `prompt` shows. */
async function onTerminal(args: string[], env: Record<string, string>, answers: string[]): Promise<{ code: number; out: string }> {
  const pty: PtyPair = await openPty();
  terminals.push(pty);
  const fd = openSync(pty.slavePath, 'r+');
  let out = '';
  const pending = [...answers];
  pty.onData((chunk) => {
    out += chunk.toString('utf8');
    // Each prompt ends with "> " and no newline: answer it once.
    if (out.endsWith('> ') && pending.length) pty.write(`${pending.shift()!}\n`);
  });
  const child = spawn(process.execPath, ['bin/simhat.js', ...args], { stdio: [fd, fd, 'pipe'], env: { ...process.env, ...env } });
  closeSync(fd);
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 99)));
  await new Promise((r) => setTimeout(r, 50));
  return { code, out };
}

let rig: TwinRig | undefined;
const terminals: PtyPair[] = [];
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  for (const t of terminals.splice(0)) await t.close();
});

async function rigFor(profile: SimProfileName): Promise<TwinRig> {
  rig = await twinRig({ state: simProfileState(profile, 'seed') });
  return rig;
}

const apnOf = (r: TwinRig, cid: number) => r.twin.snapshot().nv.contexts.get(cid)?.apn;

describe('simhat apn suggest (text)', () => {
  it('prints the SIM identity masked and the ranking with each candidate\'s reasons', async () => {
    const r = await rigFor('metropcs');
    const text = await simhat(['apn', 'suggest', '--port', r.port]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('SIM: IMSI ***********4321 (home network 310-260); ICCID ****************098F; SPN "MetroPCS"; GID1 6D38FFFF; MNC length 3 (EF_AD)');
    expect(text.stdout).toMatch(/Ranked for this SIM \(what connect and doctor --fix try, in this order\):\n {2}1\. fast\.metropcs\.com +MetroPCS 260 \[sim-match, android, IPV4V6\]\n {7}- GID1 '6D' matches \(Android entry "MetroPCS 260"\)/);
    expect(text.stdout).toContain(`Let simhat choose and verify: simhat apn set --port ${r.port}`);
    expect(text.stdout).not.toContain(SIM_PROFILES.metropcs.sim.imsi);
  });
});

describe('simhat apn set without an APN', () => {
  it('no terminal: by rank; the first fails and is rolled back, the second wins (JSON)', async () => {
    const r = await rigFor('us-mobile');
    const run = await simhat(['apn', 'set', '--port', r.port, '--timeout', '1', '--json'], { SIMHAT_CONFIG_DIR: r.configDir });
    expect(run.code, run.stderr).toBe(0);
    const d = JSON.parse(run.stdout) as { outcome: string; apn: string; tries: { candidate: { apn: string }; ok: boolean; rolledBack?: boolean }[]; events: { type: string }[] };
    expect(d).toMatchObject({ outcome: 'applied', apn: 'PWG' });
    expect(d.tries.map((t) => [t.candidate.apn, t.ok, t.rolledBack ?? null])).toEqual([
      ['fast.t-mobile.com', false, true],
      ['PWG', true, null],
    ]);
    expect(d.events.map((e) => e.type)).toEqual(expect.arrayContaining(['sim', 'ranked', 'plan', 'try', 'try-failed', 'restored', 'won', 'remembered']));
    expect([apnOf(r, 1), apnOf(r, 6)]).toEqual(['PWG', 'PWG']);
  });

  it('on a terminal: shows the ranked list with reasons, the user picks 2, only that one is tried', async () => {
    const r = await rigFor('us-mobile');
    const { code, out } = await onTerminal(['apn', 'set', '--port', r.port], { SIMHAT_CONFIG_DIR: r.configDir }, ['2']);
    expect(code, out).toBe(0);
    expect(out).toMatch(/APN candidates for this SIM \(best first\):\r?\n {2}1\. fast\.t-mobile\.com .*\r?\n {7}- host network of 310-260 \(Android entry "T-Mobile US"\)/);
    expect(out).toMatch(/ {2}2\. PWG +US Mobile/);
    expect(out).toContain('Enter: try them in this order; 1-');
    expect(out).toMatch(/APN "PWG" \(US Mobile\) brings data up/);
    expect(r.twin.receivedCommands).not.toContain('AT+CGDCONT=1,"IPV4V6","fast.t-mobile.com"');
    expect(apnOf(r, 1)).toBe('PWG');
  });

  it('on a terminal: a typed APN that is not valid is refused and asked again; q cancels and nothing is written', async () => {
    const r = await rigFor('t-mobile');
    const { code, out } = await onTerminal(['apn', 'set', '--port', r.port], { SIMHAT_CONFIG_DIR: r.configDir }, ['bad apn', 'q']);
    expect(code).toBe(1);
    expect(out).toMatch(/APN "bad apn" is not allowed/);
    expect(out).toContain('Cancelled: nothing was changed.');
    expect(r.twin.receivedCommands.some((c) => /^AT\+(CGDCONT|CFUN)=/.test(c))).toBe(false);
  });

  it('--yes on a terminal: no question, by rank', async () => {
    const r = await rigFor('t-mobile');
    const { code, out } = await onTerminal(['apn', 'set', '--port', r.port, '--yes'], { SIMHAT_CONFIG_DIR: r.configDir }, []);
    expect(code, out).toBe(0);
    expect(out).not.toContain('Enter: try them');
    expect(out).toMatch(/plan: "fast\.t-mobile\.com" stands out/);
    expect(apnOf(r, 1)).toBe('fast.t-mobile.com');
  });

  it('no SIM: said before any APN talk, exit 1, nothing written', async () => {
    const r = (rig = await twinRig({ state: simProfileState('t-mobile', 'no-sim') }));
    const run = await simhat(['apn', 'set', '--port', r.port], { SIMHAT_CONFIG_DIR: r.configDir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No SIM card is inserted (or the modem cannot read it).');
    expect(run.stdout).not.toMatch(/candidate|APN "/);
    expect(r.twin.receivedCommands.some((c) => /^AT\+(CGDCONT|CFUN)=/.test(c))).toBe(false);
  });
});

describe('simhat connect on a terminal', () => {
  it('asks which APN before touching the modem; q cancels', async () => {
    const r = await rigFor('metropcs');
    const { code, out } = await onTerminal(['connect', '--port', r.port, '--iface', 'usb0', '--no-probes'], { SIMHAT_CONFIG_DIR: r.configDir }, ['q']);
    expect(code).toBe(1);
    expect(out).toMatch(/ {2}1\. fast\.metropcs\.com +MetroPCS 260/);
    expect(out).toContain('Cancelled: nothing was changed.');
    expect(r.twin.receivedCommands.some((c) => /^AT\+(CGDCONT|CFUN|CUSBPIDSWITCH)=/.test(c))).toBe(false);
  });
});

describe('simhat status', () => {
  it('text masks IMSI and ICCID to the last 4 digits and shows the SIM identity; JSON keeps imsi and adds simIdentity', async () => {
    const r = await rigFor('giffgaff');
    const text = await simhat(['status', '--port', r.port]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/IMSI: +\*{11}7890\n/);
    expect(text.stdout).toMatch(/ICCID: +\*{16}901F\n/);
    expect(text.stdout).toContain('SIM identity:\n  home network 234-10\n  SPN "giffgaff"\n  GID1: none on this SIM\n  MNC length 2 (EF_AD)\n');
    expect(text.stdout).not.toContain(SIM_PROFILES.giffgaff.sim.imsi);
    const json = JSON.parse((await simhat(['status', '--port', r.port, '--json'])).stdout) as { imsi: string; simIdentity: { spn: string; imsi: string } };
    expect(json.imsi).toBe(SIM_PROFILES.giffgaff.sim.imsi);
    expect(json.simIdentity).toMatchObject({ spn: 'giffgaff', imsi: '***********7890' });
  });
});

describe('SIM profiles in the twin and the demo', () => {
  it('simhat twin --sim metropcs: the modem on the printed port has that SIM', async () => {
    const child = spawn(process.execPath, ['bin/simhat.js', 'twin', '--sim', 'metropcs', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const first = await new Promise<{ port: string; sim: string }>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString('utf8').split('\n')[0]!) as { port: string; sim: string }));
        child.once('exit', (c) => reject(new Error(`twin exited ${c}`)));
      });
      expect(first.sim).toBe('metropcs');
      // `simhat twin` starts as a module just powered on: the SIM is busy for a moment (T-13).
      let at = await simhat(['at', '--port', first.port, 'AT+CSPN?', 'AT+CIMI']);
      for (let i = 0; i < 20 && at.stdout.includes('SIM busy'); i++) {
        await new Promise((r) => setTimeout(r, 250));
        at = await simhat(['at', '--port', first.port, 'AT+CSPN?', 'AT+CIMI']);
      }
      expect(at.stdout).toContain('+CSPN: "MetroPCS"');
      expect(at.stdout).toContain(SIM_PROFILES.metropcs.sim.imsi);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('refuses an unknown profile, and --sim without --demo', async () => {
    expect((await simhat(['twin', '--sim', 'nope'])).stderr).toMatch(/unknown SIM profile "nope" \(one of: t-mobile, metropcs/);
    const serve = await simhat(['serve', '--sim', 'metropcs']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/--sim goes with --demo/);
  });
});
