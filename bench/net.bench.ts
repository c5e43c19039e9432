// bench:net — time for `simhat net up` (lease + failover policy) and `simhat net check` in the
// namespace harness (issue 4). Runs the built CLI inside the host namespace like a user would;
// also times the in-process operations to separate Node start-up from the network work.
// Needs root (namespaces). Usage: npm run bench:net [-- <rounds>]   (default 5)
import { createNetns, ensureBuilt, INTERNET_IP, TEST_DNS_NAME } from '../test/helpers/netns.js';

const rounds = Number(process.argv[2] ?? 5);

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const med = s[Math.floor(s.length / 2)] ?? NaN;
  return `median ${med.toFixed(0)} ms, min ${(s[0] ?? NaN).toFixed(0)} ms, max ${(s[s.length - 1] ?? NaN).toFixed(0)} ms (n=${s.length})`;
}

async function main(): Promise<void> {
  await ensureBuilt();
  const h = await createNetns({ eth0: true });
  const up: number[] = [];
  const check: number[] = [];
  const down: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      const u = await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--lease-timeout', '10', '--root', h.root, '--json']);
      up.push(performance.now() - t);
      if (u.code !== 0) throw new Error(`up failed: ${u.stdout}${u.stderr}`);
      t = performance.now();
      const c = await h.cli(['check', '--iface', 'usb0', '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME, '--root', h.root, '--json']);
      check.push(performance.now() - t);
      if (c.code !== 0) throw new Error(`check failed: ${c.stdout}`);
      t = performance.now();
      const d = await h.cli(['down', '--iface', 'usb0', '--root', h.root, '--json']);
      down.push(performance.now() - t);
      if (d.code !== 0) throw new Error(`down failed: ${d.stdout}`);
    }
    // Node start-up alone, to read the figures above.
    const idle: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await h.exec(h.host, [process.execPath, '-e', '0']);
      idle.push(performance.now() - t);
    }
    process.stdout.write(
      [
        `bench:net (${rounds} rounds, CLI in a network namespace, dhclient stack, dnsmasq as the modem)`,
        `  up (lease + failover policy): ${stats(up)}`,
        `  check (gateway + 1 target + DNS): ${stats(check)}`,
        `  down (release): ${stats(down)}`,
        `  node start-up alone (ip netns exec node -e 0): ${stats(idle)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await h.close();
  }
}

await main();
