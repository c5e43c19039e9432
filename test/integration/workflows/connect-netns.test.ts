// `simhat connect` end to end: the twin is the modem (real PTY, real serialport), a network
// namespace with dnsmasq is its NAT side (issue 4 harness). The built bin runs in the namespace.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNetns, ensureBuilt, INTERNET_IP, REPO, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';

let h: NetnsHarness | undefined;
let open: TwinOnPty | undefined;
beforeAll(async () => {
  await ensureBuilt();
});
afterEach(async () => {
  await open?.close();
  await h?.close();
  open = undefined;
  h = undefined;
});

interface Line {
  type: string;
  stage?: string;
  state?: string;
  ok?: boolean;
  apn?: string;
  address?: string;
  failure?: { stage: string; verdict: { checkId: string; fix: { id: string } | null } | null } | null;
}

async function connect(args: string[], env?: Record<string, string>): Promise<{ code: number; lines: Line[] }> {
  const r = await h!.exec(h!.host, [process.execPath, `${REPO}bin/simhat.js`, 'connect', '--port', open!.port, '--iface', 'usb0', '--root', h!.root, '--json', '--lease-timeout', '10', ...args], 90_000, env);
  const lines = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  if (lines.length === 0) throw new Error(`connect printed nothing (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, lines };
}

describe('simhat connect against the twin and a network namespace', () => {
  it('fresh modem (9001, no APN): switches to RNDIS, sets the SIM carrier\'s APN in cid 1 and 6, brings usb0 up, reaches the internet', async () => {
    h = await createNetns({ eth0: true });
    open = await twinOnPty({ scenario: 'fresh' });
    const { code, lines } = await connect(['--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME]);
    const stages = lines.filter((l) => l.type === 'stage' && l.state !== 'running').map((l) => `${l.stage}:${l.state}`);
    expect(stages).toEqual(['mode:done', 'apn:done', 'network:done', 'check:done']);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', ok: true, apn: HOME_NETWORK.apn });
    expect(result.address).toMatch(/^192\.168\.225\./);
    expect(code).toBe(0);
    expect(open.twin.pid).toBe(9011);
    expect(open.twin.dataUp).toBe(true);
    // failover policy: usb0 is the backup route behind eth0.
    const routes = await h.hostRoutes();
    expect(routes.find((r) => r.dev === 'usb0')?.metric).toBe(700);
  });

  it('without --policy uses the route policy saved in the app settings (LTE as primary: metric 50)', async () => {
    h = await createNetns({ eth0: true });
    open = await twinOnPty({ scenario: 'good' });
    const configDir = await mkdtemp(join(tmpdir(), 'simhat-connect-settings-'));
    try {
      await writeFile(join(configDir, 'settings.json'), JSON.stringify({ policy: 'primary' }));
      const { code } = await connect(['--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME], { SIMHAT_CONFIG_DIR: configDir });
      expect(code).toBe(0);
      const routes = await h.hostRoutes();
      expect(routes.find((r) => r.dev === 'usb0' && r.dst === 'default')?.metric).toBe(50);
    } finally {
      await rm(configDir, { recursive: true, force: true });
    }
  });

  it('denied SIM: stops at the APN stage and the doctor names the registration as the broken link', async () => {
    h = await createNetns({ eth0: false });
    open = await twinOnPty({ scenario: 'denied' });
    const { code, lines } = await connect(['--no-probes']);
    const result = lines.at(-1)!;
    expect(result.ok).toBe(false);
    expect(result.failure?.stage).toBe('apn');
    expect(result.failure?.verdict?.checkId).toBe('net.registered');
    expect(code).toBe(1);
  });
});
