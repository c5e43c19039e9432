// Issue 15 (Low, Redaction), performed end to end: the modem (the twin on a real PTY) holds the user
// `us,er` and the password `pw,with,comma` in cid 1; the host (a network namespace) has interfaces with
// known MAC addresses. `simhat report` and `simhat doctor --verbose` run there as users run them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioState } from '../../../src-main/twin/scenarios.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';
import { createNetns, REPO, type NetnsHarness } from '../../helpers/netns.js';

const USER = 'us,er';
const PASSWORD = 'pw,with,comma';
const USB0_MAC = '2a:85:da:41:eb:f9';
const ETH0_MAC = 'b8:27:eb:12:34:56';

let h: NetnsHarness;
let twin: TwinOnPty;
let dir: string;
let report = '';
let doctor = '';

beforeAll(async () => {
  const state = scenarioState('good');
  state.nv.auth.set(1, { type: 1, user: USER, password: PASSWORD });
  twin = await twinOnPty({ state });
  h = await createNetns({ eth0: true, dhcp: false });
  for (const [dev, mac] of [['usb0', USB0_MAC], ['eth0', ETH0_MAC]] as const) {
    const r = await h.exec(h.host, ['ip', 'link', 'set', 'dev', dev, 'address', mac]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  await h.exec(h.host, ['ip', 'link', 'set', 'usb0', 'up']);
  dir = await mkdtemp(join(tmpdir(), 'simhat-report-r-'));
  const out = join(dir, 'bundle.json');
  // The CLI inside the namespace: its `ip address show` lists these interfaces.
  const r = await h.exec(h.host, [process.execPath, join(REPO, 'bin/simhat.js'), 'report', '--port', twin.port, '--iface', 'usb0', '--out', out], 60_000);
  if (r.code !== 0) throw new Error(`report failed: ${r.stdout}${r.stderr}`);
  report = await readFile(out, 'utf8');
  const d = await h.exec(h.host, [process.execPath, join(REPO, 'bin/simhat.js'), 'doctor', '--port', twin.port, '--json', '--no-probes', '--verbose'], 60_000);
  doctor = d.stdout;
}, 120_000);

afterAll(async () => {
  await h?.close();
  await twin?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a password with commas, behind a user name with a comma', () => {
  it('never reaches the report bundle, whole or in pieces', () => {
    for (const piece of [PASSWORD, 'pw,with', 'with,comma', ',comma']) expect(report).not.toContain(piece);
  });
  it('the credential answer keeps its shape: the user field intact, the password field removed', () => {
    const bundle = JSON.parse(report) as { atTranscript: { command: string; output: string }[] };
    expect(bundle.atTranscript.find((e) => e.command === 'AT+CGAUTH?')?.output).toContain('+CGAUTH: 1,1,"us,er","[removed]"');
  });
  it("never reaches the doctor's own evidence either", () => {
    expect(JSON.parse(doctor)).toMatchObject({ ok: true, checks: expect.any(Array) });
    for (const piece of [PASSWORD, 'pw,with', 'with,comma']) expect(doctor).not.toContain(piece);
  });
});

describe('host MAC addresses in the report', () => {
  it('keep only their vendor half; broadcast stays', () => {
    const bundle = JSON.parse(report) as { host: { command: string; output: string }[] };
    const ipAddress = bundle.host.find((e) => e.command === 'ip address show')?.output ?? '';
    expect(ipAddress).toContain('link/ether 2a:85:da:**:**:** brd ff:ff:ff:ff:ff:ff');
    expect(ipAddress).toContain('link/ether b8:27:eb:**:**:** brd ff:ff:ff:ff:ff:ff');
    for (const mac of [USB0_MAC, ETH0_MAC, '41:eb:f9', '12:34:56']) expect(report).not.toContain(mac);
    // usb0 is up: its link-local address is built from the MAC (EUI-64) and masked the same way.
    expect(ipAddress).toMatch(/inet6 fe80::2885:daff:fe\*\*:\*\*\*\*\/64/);
    expect(report).not.toMatch(/fe41:ebf9/);
  });
});
