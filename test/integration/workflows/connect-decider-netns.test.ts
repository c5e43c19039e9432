// Issue 13's "done when", end to end: the built bin in a network namespace (issue 4 harness), the twin
// on a real PTY as the modem with a SIM profile, and "the internet" on a test host behind the modem's
// namespace that answers only while the twin holds a data session (issue 11's coupling) — so "online"
// means the APN the decider chose really carries data. From the seed state (RNDIS, APN empty),
// `simhat connect` without --carrier ends online: a T-Mobile SIM (310-260, SPN "T-Mobile") on
// T-Mobile's APN, an MVNO SIM matched by GID1 (MetroPCS) on the MVNO's; `simhat apn suggest --json`
// gives each candidate's reasons.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, ensureBuilt, INTERNET_IP, REPO, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';
import { SIM_PROFILES, simProfileState, type SimProfileName } from '../../../src-main/twin/sim-profiles.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';

let h: NetnsHarness | undefined;
let open: TwinOnPty | undefined;
let unfollow: (() => void) | undefined;
let configDir: string | undefined;
beforeAll(async () => {
  await ensureBuilt();
});
afterEach(async () => {
  unfollow?.();
  await open?.close();
  await h?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
  unfollow = undefined;
  open = undefined;
  h = undefined;
  configDir = undefined;
});

interface Line {
  type: string;
  stage?: string;
  state?: string;
  ok?: boolean;
  apn?: string;
  address?: string;
  event?: { type: string };
  decision?: { outcome: string; winner?: { apn: string; reasons: string[] }; tries: { candidate: { apn: string }; ok: boolean }[]; sim: { imsi?: string; spn?: string; gid1?: string } };
  check?: { classification: string };
}

async function setUp(profile: SimProfileName): Promise<void> {
  h = await createNetns({ eth0: true, internetHost: true });
  open = await twinOnPty({ state: simProfileState(profile, 'seed') });
  unfollow = await h.followTwin(open.twin);
  configDir = await mkdtemp(join(tmpdir(), 'simhat-decider-netns-'));
}

function simhat(args: string[]) {
  return h!.exec(h!.host, [process.execPath, `${REPO}bin/simhat.js`, ...args], 90_000, { SIMHAT_CONFIG_DIR: configDir! });
}

async function connect(): Promise<{ code: number; lines: Line[]; stderr: string }> {
  // The command line, plus --root (the harness's network files), --lease-timeout and --json.
  const r = await simhat(['connect', '--port', open!.port, '--iface', 'usb0', '--policy', 'failover', '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME, '--root', h!.root, '--lease-timeout', '10', '--json']);
  const lines = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  if (lines.length === 0) throw new Error(`connect printed nothing (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, lines, stderr: r.stderr };
}

describe('simhat connect without --carrier: the APN decider (netns + twin over a PTY)', () => {
  it('T-Mobile SIM on 310-260 (SPN "T-Mobile"): suggest gives each candidate\'s reason; connect ends online on fast.t-mobile.com', async () => {
    await setUp('t-mobile');
    const suggest = await simhat(['apn', 'suggest', '--port', open!.port, '--json']);
    expect(suggest.code, suggest.stderr).toBe(0);
    const s = JSON.parse(suggest.stdout) as { ranking: { candidates: { apn: string; reasons: string[] }[]; standout: boolean }; simIdentity: { spn: string; imsi: string }; candidates: unknown[] };
    expect(s.ranking.candidates.length).toBeGreaterThan(1);
    for (const c of s.ranking.candidates) expect(c.reasons[0], c.apn).toMatch(/\S/);
    expect(s.ranking.candidates[0]).toMatchObject({ apn: 'fast.t-mobile.com', reasons: expect.arrayContaining(['SPN \'T-Mobile\' names provider "T-Mobile" (MBPI)']) });
    expect(s.ranking.standout).toBe(true);
    expect(s.simIdentity).toMatchObject({ spn: 'T-Mobile', imsi: '***********6789' });
    expect(suggest.stdout).not.toContain(SIM_PROFILES['t-mobile'].sim.imsi);
    expect(s.candidates.length).toBeGreaterThan(0); // issue 5's list is still there

    const { code, lines, stderr } = await connect();
    const stages = lines.filter((l) => l.type === 'stage' && l.state !== 'running').map((l) => `${l.stage}:${l.state}`);
    expect(stages, stderr).toEqual(['mode:done', 'apn:done', 'network:done', 'check:done']);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true, apn: 'fast.t-mobile.com', check: { classification: 'ok' } });
    expect(result.decision).toMatchObject({ outcome: 'applied', winner: { apn: 'fast.t-mobile.com' }, sim: { spn: 'T-Mobile' } });
    expect(result.address).toMatch(/^192\.168\.225\./);
    expect(code).toBe(0);
    expect(open!.twin.dataUp).toBe(true);
    // The SIM was read and said before the first APN write; never "will not guess".
    const order = lines.map((l) => (l.type === 'decide' ? `decide:${l.event!.type}` : l.type === 'apn' ? `apn:${l.event!.type}` : l.type));
    expect(order.indexOf('decide:sim')).toBeLessThan(order.indexOf('apn:context-written'));
    expect(JSON.stringify(lines)).not.toMatch(/will not guess/);
    // failover: usb0 is the backup route behind eth0.
    expect((await h!.hostRoutes()).find((r) => r.dev === 'usb0')?.metric).toBe(700);
  });

  it('MVNO SIM matched by GID1 (MetroPCS, 6D on 310-260): connect ends online on the MVNO\'s APN', async () => {
    await setUp('metropcs');
    const { code, lines, stderr } = await connect();
    const result = lines.at(-1)!;
    expect(result, stderr).toMatchObject({ type: 'result', ok: true, apn: 'fast.metropcs.com', check: { classification: 'ok' } });
    expect(result.decision?.winner?.reasons[0]).toBe('GID1 \'6D\' matches (Android entry "MetroPCS 260")');
    expect(result.decision?.tries.map((t) => [t.candidate.apn, t.ok])).toEqual([['fast.metropcs.com', true]]);
    expect(code).toBe(0);
    const nv = open!.twin.snapshot().nv.contexts;
    expect([nv.get(1)?.apn, nv.get(6)?.apn]).toEqual(['fast.metropcs.com', 'fast.metropcs.com']);
  });
});
