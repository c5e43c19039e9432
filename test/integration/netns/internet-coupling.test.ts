// The netns harness coupled to the twin (issue 11): the "internet" test host behind the modem
// namespace answers only while the twin holds a data session, and the modem's DNS forwards to it,
// so a dead data session looks dead from the host side too (ping, DNS, and simhat's classifier).
import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createNetns, INTERNET_IP, MODEM_IP, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';
import { TwinFaults } from '../../../src-main/twin/faults.js';
import { TwinControlClient } from '../../../src-main/twin/control-client.js';
import { SerialClient } from '../twin/serial-client.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { REPO } from '../../helpers/netns.js';

let h: NetnsHarness | undefined;
let twin: Twin | undefined;
let unfollow: (() => void) | undefined;
let child: ChildProcess | undefined;
let serial: SerialClient | undefined;
afterEach(async () => {
  unfollow?.();
  await serial?.close();
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  child = undefined;
  serial = undefined;
  twin?.dispose();
  await h?.close();
  h = undefined;
  twin = undefined;
  unfollow = undefined;
});

interface CheckJson {
  result: { classification: string };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function reach(harness: NetnsHarness) {
  await harness.coupled();
  const ping = await harness.exec(harness.host, ['ping', '-n', '-c', '1', '-W', '1', '-I', 'usb0', INTERNET_IP]);
  // getent resolves through the namespace's resolv.conf (the lease's DNS: the modem).
  const dns = await harness.exec(harness.host, ['getent', 'ahostsv4', TEST_DNS_NAME], 10_000);
  const gateway = await harness.exec(harness.host, ['ping', '-n', '-c', '1', '-W', '1', MODEM_IP]);
  const check = await harness.cli(['check', '--iface', 'usb0', '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME, '--root', harness.root, '--json']);
  return { ping: ping.code === 0, dns: dns.code === 0 && dns.stdout.includes(INTERNET_IP), gateway: gateway.code === 0, classification: (check.json as CheckJson | undefined)?.result.classification };
}

describe('netns harness coupled to the twin', () => {
  it('data up: ping and DNS through usb0 work; data session dropped: both fail while the modem still answers; radio cycle: both work again', async () => {
    h = await createNetns({ internetHost: true });
    twin = new Twin({ scenario: 'good', timings: TEST_TIMINGS, start: 'ready' });
    unfollow = await h.followTwin(twin);
    const up = await h.cli(['up', '--iface', 'usb0', '--lease-timeout', '10', '--root', h.root, '--json']);
    expect(up.code).toBe(0);
    // The resolv.conf `ip netns exec` mounts for the host namespace (dhclient-script may leave it as it was).
    await writeFile(`/etc/netns/${h.host}/resolv.conf`, `nameserver ${MODEM_IP}\n`);

    expect(await reach(h)).toEqual({ ping: true, dns: true, gateway: true, classification: 'ok' });

    new TwinFaults(twin).apply({ kind: 'drop-data' });
    expect(await reach(h)).toEqual({ ping: false, dns: false, gateway: true, classification: 'no-data-session' });

    // The radio cycle a watchdog would do (the SIM7600 profile's re-attach).
    twin.input('AT+CFUN=0\r');
    twin.input('AT+CFUN=1\r');
    await until(() => twin!.dataUp);
    expect(await reach(h)).toEqual({ ping: true, dns: true, gateway: true, classification: 'ok' });
  });

  it('the module rebooting takes the carrier of usb0 and the internet away until it is back with a data session', async () => {
    h = await createNetns({ internetHost: true });
    twin = new Twin({ scenario: 'good', timings: { ...TEST_TIMINGS, resetDelayMs: 600 }, start: 'ready' });
    unfollow = await h.followTwin(twin);
    await h.exec(h.host, ['ip', 'link', 'set', 'usb0', 'up']);
    await h.coupled();
    twin.reset();
    await h.coupled();
    const link = await h.exec(h.host, ['ip', '-j', 'link', 'show', 'usb0']);
    expect((JSON.parse(link.stdout) as { flags: string[] }[])[0]!.flags).toContain('NO-CARRIER');
    const during = await h.exec(h.host, ['ping', '-n', '-c', '1', '-W', '1', INTERNET_IP]);
    expect(during.code).not.toBe(0);
    await until(() => twin!.dataUp, 5000);
    await h.coupled();
    const after = await h.exec(h.host, ['ip', '-j', 'link', 'show', 'usb0']);
    expect((JSON.parse(after.stdout) as { flags: string[] }[])[0]!.flags).toContain('LOWER_UP');
  });

  it('follows a twin in another process (simhat twin --control): a fault injected there kills the internet here, a radio cycle on its port brings it back', async () => {
    h = await createNetns({ internetHost: true });
    child = spawn(process.execPath, [join(REPO, 'bin/simhat.js'), 'twin', '--scenario', 'good', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
    const ready = JSON.parse(first.value as string) as { port: string; control: string };
    const control = new TwinControlClient(ready.control);
    unfollow = await h.followTwin(control);
    // The bin's twin boots (default timings): wait for its data session.
    const deadline = Date.now() + 10_000;
    while (!(await control.status()).dataSession) {
      if (Date.now() > deadline) throw new Error('the twin never got a data session');
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.exec(h.host, ['ip', 'addr', 'add', '192.168.225.78/24', 'dev', 'usb0']);
    await h.exec(h.host, ['ip', 'link', 'set', 'usb0', 'up']);
    await h.exec(h.host, ['ip', 'route', 'add', 'default', 'via', MODEM_IP, 'dev', 'usb0']);
    const ping = async () => {
      await h!.coupled();
      return (await h!.exec(h!.host, ['ping', '-n', '-c', '1', '-W', '1', '-I', 'usb0', INTERNET_IP])).code === 0;
    };
    // The twin's events cross a socket: poll until the harness has applied them.
    const eventually = async (want: boolean) => {
      const deadline = Date.now() + 5000;
      while ((await ping()) !== want) {
        if (Date.now() > deadline) throw new Error(`ping through usb0 still ${want ? 'fails' : 'works'}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await eventually(true);
    await control.fault({ kind: 'drop-data' });
    await eventually(false);
    serial = await SerialClient.open(ready.port);
    await serial.send('AT+CFUN=0');
    await serial.send('AT+CFUN=1');
    await eventually(true);
  });

  it('without a twin to follow the internet host stays unreachable (no data session yet)', async () => {
    h = await createNetns({ internetHost: true });
    await h.exec(h.host, ['ip', 'addr', 'add', '192.168.225.77/24', 'dev', 'usb0']);
    await h.exec(h.host, ['ip', 'link', 'set', 'usb0', 'up']);
    await h.exec(h.host, ['ip', 'route', 'add', 'default', 'via', MODEM_IP, 'dev', 'usb0']);
    const ping = await h.exec(h.host, ['ping', '-n', '-c', '1', '-W', '1', '-I', 'usb0', INTERNET_IP]);
    expect(ping.code).not.toBe(0);
    const gateway = await h.exec(h.host, ['ping', '-n', '-c', '1', '-W', '2', MODEM_IP]);
    expect(gateway.code).toBe(0);
  });
});
