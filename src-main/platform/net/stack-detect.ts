// Gathers the facts the pure decideStack() (core/net/stack.ts) chooses from.
import { readdir, readFile } from 'node:fs/promises';
import { parseNmcliDevices, parseNmcliRunning } from '../../core/net/nmcli-parse.js';
import { decideStack } from '../../core/net/stack.js';
import type { StackChoice, StackDetection, StackFacts } from '../../core/net/types.js';
import { findProgram, run } from './run.js';

/** Names (comm) of running processes, from /proc (no `ps`, no process started). */
export async function runningProcessNames(): Promise<Set<string>> {
  const names = new Set<string>();
  let entries: string[] = [];
  try {
    entries = await readdir('/proc');
  } catch {
    return names;
  }
  await Promise.all(
    entries
      .filter((e) => /^[0-9]+$/.test(e))
      .map(async (pid) => {
        try {
          names.add((await readFile(`/proc/${pid}/comm`, 'utf8')).trim());
        } catch {
          // process ended meanwhile
        }
      }),
  );
  return names;
}

export async function gatherStackFacts(iface: string): Promise<StackFacts> {
  const procs = await runningProcessNames();
  const nmcliPath = findProgram('nmcli');
  let nmRunning = false;
  let nmDeviceState: string | undefined;
  if (nmcliPath && procs.has('NetworkManager')) {
    const g = await run(nmcliPath, ['-t', '-f', 'RUNNING', 'general'], { timeoutMs: 5000 });
    nmRunning = g.code === 0 && parseNmcliRunning(g.stdout);
    if (nmRunning) {
      const d = await run(nmcliPath, ['-t', '-f', 'DEVICE,TYPE,STATE,CONNECTION', 'device'], { timeoutMs: 5000 });
      nmDeviceState = parseNmcliDevices(d.stdout).find((x) => x.device === iface)?.state;
    }
  }
  return {
    nmRunning,
    nmDeviceState,
    dhcpcdRunning: procs.has('dhcpcd'),
    // comm is truncated to 15 chars: "systemd-network".
    networkdRunning: procs.has('systemd-network') || procs.has('systemd-networkd'),
    dhclientPath: findProgram('dhclient'),
    udhcpcPath: findProgram('udhcpc') ?? findProgram('busybox'),
    dhcpcdPath: findProgram('dhcpcd'),
    nmcliPath,
    networkctlPath: findProgram('networkctl'),
  };
}

export async function detectStack(iface: string, choice: StackChoice = 'auto'): Promise<StackDetection> {
  return decideStack(await gatherStackFacts(iface), choice);
}
