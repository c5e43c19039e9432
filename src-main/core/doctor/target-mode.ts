// Which USB composition simhat aims for on this host, and why (issue 6, sim7600.md §3):
// Linux and Windows have an in-box RNDIS driver (rndis_host / Windows RNDIS); macOS has none
// that works (HoRNDIS fails on Apple Silicon), so ECM there.
export type TargetMode = 'rndis' | 'ecm';

export interface TargetChoice {
  mode: TargetMode;
  reason: string;
}

export function targetModeFor(platform: string): TargetChoice {
  if (platform === 'darwin') {
    return { mode: 'ecm', reason: 'macOS has no working RNDIS driver (HoRNDIS fails on Apple Silicon); ECM uses the built-in CDC Ethernet driver' };
  }
  if (platform === 'win32') {
    return { mode: 'rndis', reason: 'Windows has an in-box RNDIS driver: the modem appears as a network adapter with no extra software' };
  }
  return { mode: 'rndis', reason: 'Linux binds rndis_host to it: usb0 appears and the modem serves DHCP on it, no dialer needed' };
}
