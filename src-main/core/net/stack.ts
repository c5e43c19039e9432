// Choosing the stack that owns the interface (sim7600.md §3): NetworkManager if it manages the
// interface (a second DHCP client there fights NM), else a running dhcpcd (Pi OS up to Bullseye),
// else a running systemd-networkd, else a one-shot dhclient (ifupdown), else busybox udhcpc.
import type { StackChoice, StackDetection, StackFacts, StackName } from './types.js';

/** nmcli device states in which NM does not touch the device. */
const NM_HANDS_OFF = new Set(['unmanaged', 'unavailable']);

export function nmManages(facts: StackFacts): boolean {
  return facts.nmRunning && facts.nmDeviceState !== undefined && !NM_HANDS_OFF.has(facts.nmDeviceState.replace(/ \(.*\)$/, ''));
}

export function decideStack(facts: StackFacts, choice: StackChoice = 'auto'): StackDetection {
  const nmManaged = nmManages(facts);
  const pick = (stack: StackName, reason: string): StackDetection => ({ stack, reason, nmManaged, facts });
  if (choice !== 'auto') return pick(choice, `chosen with --stack ${choice}`);
  if (nmManaged) return pick('nm', `NetworkManager is running and manages the interface (state "${facts.nmDeviceState}")`);
  if (facts.dhcpcdRunning && facts.dhcpcdPath) return pick('dhcpcd', 'dhcpcd is running');
  if (facts.networkdRunning && facts.networkctlPath) return pick('networkd', 'systemd-networkd is running');
  if (facts.dhclientPath) return pick('dhclient', `no network manager owns the interface; using ${facts.dhclientPath} (ifupdown style)`);
  if (facts.udhcpcPath) return pick('udhcpc', `only busybox udhcpc is available (${facts.udhcpcPath})`);
  return pick('none', 'no DHCP client found: install isc-dhcp-client (or dhcpcd / NetworkManager)');
}
