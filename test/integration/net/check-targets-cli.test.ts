// The CLI probes the targets the user saved in the app (settings.json in SIMHAT_CONFIG_DIR, the file
// the service writes) unless a flag is given, and those beat SIMHAT_PING_TARGETS / SIMHAT_DNS_NAME
// (core/net/check-targets.ts). Runs in the netns harness without eth0: the host namespace's only
// route is usb0 into the modem namespace, so every probe (whichever target wins) stays inside the
// namespaces created here. Only probe.simhat.test resolves there, and 10.254.0.1 / 192.168.225.1
// both answer pings, so which target was used is visible in the results.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../src-main/core/doctor/report.js';
import type { CheckResult } from '../../../src-main/core/net/types.js';
import { createNetns, ensureBuilt, INTERNET_IP, MODEM_IP, REPO, sh, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';

let h: NetnsHarness;
let saved: string;
let empty: string;

/** A deployment's environment defaults: a pingable address and a name nobody serves. */
const ENV = { SIMHAT_PING_TARGETS: MODEM_IP, SIMHAT_DNS_NAME: 'env.simhat.test' };

beforeAll(async () => {
  await ensureBuilt();
  saved = await mkdtemp(join(tmpdir(), 'simhat-targets-saved-'));
  empty = await mkdtemp(join(tmpdir(), 'simhat-targets-empty-'));
  // What the Settings screen writes (service.updateSettings -> platform/files/settings-store.ts).
  await writeFile(join(saved, 'settings.json'), JSON.stringify({ pingTargets: [INTERNET_IP], dnsName: TEST_DNS_NAME, theme: 'dark' }, null, 2) + '\n');
  h = await createNetns({ eth0: false });
  const up = await h.cli(['up', '--iface', 'usb0', '--lease-timeout', '10', '--root', h.root, '--json']);
  if (up.code !== 0) throw new Error(`net up failed: ${up.stdout}${up.stderr}`);
});
afterAll(async () => {
  await h?.close();
  await rm(saved, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

async function netCheck(configDir: string, flags: string[] = []) {
  // --verbose: the progress lines (stderr with --json) name the DNS name resolved.
  const r = await h.cli(['check', '--iface', 'usb0', '--root', h.root, '--json', '--verbose', ...flags], 30_000, { ...ENV, SIMHAT_CONFIG_DIR: configDir });
  const result = (r.json as { result: CheckResult }).result;
  return { code: r.code, stderr: r.stderr, result, pinged: result.probes.filter((p) => p.kind === 'ping').map((p) => p.target) };
}

async function doctor(configDir: string, flags: string[] = []) {
  const r = await sh('ip', ['netns', 'exec', h.host, process.execPath, join(REPO, 'bin/simhat.js'), 'doctor', '--iface', 'usb0', '--root', h.root, '--json', ...flags], 60_000, { ...ENV, SIMHAT_CONFIG_DIR: configDir });
  if (r.stdout.trim() === '') throw new Error(`doctor printed nothing (exit ${r.code}): ${r.stderr}`);
  const report = JSON.parse(r.stdout) as DoctorReport;
  const check = (id: string) => report.checks.find((c) => c.id === id)!;
  return { internet: check('host.internet'), dns: check('host.dns') };
}

describe('check targets on the command line: flag > saved settings > environment > default', () => {
  it('simhat net check probes the saved targets, not the environment', async () => {
    const r = await netCheck(saved);
    expect(r.pinged).toEqual([INTERNET_IP]);
    expect(r.stderr).toContain(`resolve ${TEST_DNS_NAME} via ${MODEM_IP}`);
    expect(r.result.classification).toBe('ok');
    expect(r.code).toBe(0);
  });

  it('a flag wins over the saved target for that run; the unflagged name still comes from the settings', async () => {
    const r = await netCheck(saved, ['--ping-target', MODEM_IP]);
    expect(r.pinged).toEqual([MODEM_IP]);
    expect(r.stderr).toContain(`resolve ${TEST_DNS_NAME} via`);
    const named = await netCheck(saved, ['--dns-name', 'flag.simhat.test']);
    expect(named.pinged).toEqual([INTERNET_IP]);
    expect(named.stderr).toContain('resolve flag.simhat.test via');
    expect(named.result.classification).toBe('dns-broken');
  });

  it('without saved settings the environment decides', async () => {
    const r = await netCheck(empty);
    expect(r.pinged).toEqual([MODEM_IP]);
    expect(r.stderr).toContain('resolve env.simhat.test via');
    expect(r.result.classification).toBe('dns-broken');
  });

  it('simhat doctor probes the saved targets unless a flag is given', async () => {
    const d = await doctor(saved);
    expect(d.internet).toMatchObject({ status: 'pass', detail: `${INTERNET_IP} answered through usb0.` });
    expect(d.dns.status).toBe('pass');
    expect(d.dns.evidence.map((e) => e.output).join('\n')).toContain(`${TEST_DNS_NAME} -> ${INTERNET_IP}`);

    const flagged = await doctor(saved, ['--ping-target', MODEM_IP, '--dns-name', 'flag.simhat.test']);
    expect(flagged.internet).toMatchObject({ status: 'pass', detail: `${MODEM_IP} answered through usb0.` });
    expect(flagged.dns.status).toBe('fail');
    expect(flagged.dns.evidence.map((e) => e.output).join('\n')).not.toContain(TEST_DNS_NAME);
  }, 60_000);
});
