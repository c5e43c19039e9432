// The Home screen's verdict (issue 14): online or not, why, in words and a colour, and the ONE next step.
// Pure and cheap: it reads what the renderer already has (the modem list, getStatus, networkStatus,
// getMode, the last connectivity check), so it is recomputed on every modem, status or network event
// without running the full doctor. The order of the rules is the order of the chain: USB and port ->
// SIM -> radio registration -> USB mode -> APN / data session -> host interface -> internet.
import type { ConnectivityCheck, ModeInfo, ModemStatus, ModemSummary, NetworkStatus } from '../../../src-main/api/contract.js';
import { modeLabel, policyLabel } from './format.js';

export type HomeTone = 'ok' | 'bad' | 'warn' | 'busy';

/** What the primary button does. */
export type HomeActionId = 'get-online' | 'enter-pin' | 'switch-mode' | 'set-apn' | 'retry' | 'fix';

export interface HomeAction {
  id: HomeActionId;
  label: string;
  /** For 'fix': the fix id the service applies (free-port, serial-driver...). */
  fixId?: string;
}

export interface HomeView {
  tone: HomeTone;
  /** "Online via LTE as backup", "Offline: the APN is empty", ... */
  title: string;
  detail: string;
  action: HomeAction | null;
  online: boolean;
}

export interface HomeInputs {
  loaded: boolean;
  modem: ModemSummary | null;
  status: ModemStatus | null;
  statusError: string | null;
  /** A workflow holds the port (the status read was refused as busy). */
  busy: string | null;
  network: NetworkStatus | null;
  mode: ModeInfo | null;
  /** The last connectivity check of this link (null when none ran since it changed). */
  checks: ConnectivityCheck[] | null;
  /** A mode switch or connect is running and the modem may be off the bus meanwhile. */
  restarting?: boolean;
}

const RETRY: HomeAction = { id: 'retry', label: 'Retry' };
const GET_ONLINE: HomeAction = { id: 'get-online', label: 'Get online' };

const view = (tone: HomeTone, title: string, detail: string, action: HomeAction | null = null): HomeView => ({ tone, title, detail, action, online: false });

function modemProblem(m: ModemSummary): HomeView | null {
  const fix = m.fix ? { id: 'fix' as const, label: m.fix.label, fixId: m.fix.id } : null;
  switch (m.state) {
    case 'ready':
      return null;
    case 'switching':
      return view('busy', 'Switching the USB mode…', 'The modem restarts in its new mode; this takes up to a minute.');
    case 'port-busy':
      return view('bad', 'Offline: another program holds the AT port', `${m.heldBy ?? 'Another program'} has ${m.atPort ?? 'the AT port'} open, so simhat cannot talk to the modem.`, fix ?? RETRY);
    case 'no-driver':
      return view('bad', 'Offline: no driver for the AT port', `No serial driver is bound to ${m.vid}:${m.pid}, so there is no AT port.`, fix ?? RETRY);
    case 'no-at-port':
      return view('bad', 'Offline: this USB mode has no AT port', `${m.vid}:${m.pid} (${modeLabel(m.mode)}) offers no AT port; re-plug the modem or switch its mode with the vendor's tool.`, RETRY);
    case 'gone':
      return view('bad', 'Offline: the modem went away', 'It left the USB bus. Check the cable and the power supply.', RETRY);
  }
}

function simProblem(s: ModemStatus): HomeView | null {
  switch (s.sim) {
    case 'ready':
      return null;
    case 'busy':
      return view('warn', 'Offline: the SIM is starting', 'The SIM answers "busy", as it does for a few seconds after the modem starts. Press Retry in a moment.', RETRY);
    case 'not-inserted':
      return view('bad', 'Offline: no SIM card', 'The modem reads no SIM. Power it off, insert the SIM (contacts down, cut corner first), then press Retry.', RETRY);
    case 'pin':
      return view('bad', 'Offline: the SIM is locked', 'The SIM needs its PIN before it can join a network.', { id: 'enter-pin', label: 'Enter SIM PIN' });
    case 'puk':
      return view('bad', 'Offline: the SIM is blocked', 'Three wrong PINs blocked the SIM: it needs its PUK (from the card the SIM came on, or your carrier).', { id: 'enter-pin', label: 'Enter the PUK' });
    default:
      return view('warn', 'Offline: the SIM cannot be read', 'The modem could not read the SIM. Re-seat it with the power off, then press Retry.', RETRY);
  }
}

function radioProblem(s: ModemStatus): HomeView | null {
  if (s.registration === 'home' || s.registration === 'roaming') return null;
  if (s.registration === 'denied') {
    return view('bad', 'Offline: the network refused this SIM', 'Registration denied: the SIM may not be activated, or its plan has no data. Ask your carrier, then press Retry.', RETRY);
  }
  if (s.signalDbm === null) return view('bad', 'Offline: no signal', 'The modem finds no network. Check that both antennas are screwed on (main and diversity) and try another spot.', RETRY);
  return view('warn', 'Offline: searching for a network', `Signal ${s.signalDbm} dBm, not registered yet. This usually settles within a minute.`, RETRY);
}

/** The APN of context 1 (the one the data session uses, sim7600.md §2). */
const apnOf = (s: ModemStatus): string | undefined => s.contexts.find((c) => c.cid === 1)?.apn.trim();

export function homeView(i: HomeInputs): HomeView {
  if (!i.loaded) return view('busy', 'Looking for the modem…', 'Reading the USB bus.');
  if (!i.modem) {
    if (i.restarting) return view('busy', 'The modem is restarting…', 'It left the USB bus for the mode switch and comes back in its new mode.');
    return view('bad', 'Offline: no modem found', 'Plug the HAT in (USB cable to the Pi, power on), then press Retry.', RETRY);
  }
  const usb = modemProblem(i.modem);
  if (usb) return usb;
  const s = i.status;
  if (!s) {
    if (i.busy) return view('busy', 'Working…', i.busy);
    if (i.statusError) return view('warn', 'Status unavailable', i.statusError, RETRY);
    return view('busy', 'Reading the modem…', 'Asking the modem for its SIM, network and data state.');
  }
  const sim = simProblem(s);
  if (sim) return sim;
  const radio = radioProblem(s);
  if (radio) return radio;
  const apn = apnOf(s);
  if (i.mode && i.mode.current !== i.mode.recommended) {
    const target = modeLabel(i.mode.recommended);
    return apn
      ? view('bad', `Offline: the modem is in ${modeLabel(i.mode.current)} mode`, `simhat needs ${target} for the network interface. The APN "${apn}" is already set.`, { id: 'switch-mode', label: `Switch to ${target}` })
      : view('bad', `Offline: the modem is in ${modeLabel(i.mode.current)} mode`, `simhat needs ${target} for the network interface, and no APN is set yet. Get online switches the mode, then sets your carrier's APN.`, GET_ONLINE);
  }
  const where = `${s.operator ?? 'the network'}${s.rat ? ` (${s.rat})` : ''}`;
  if (!apn) {
    return view('bad', 'Offline: the APN is empty', `Registered on ${where}, but PDP context 1 has no APN, so there is no data session. Get online sets your carrier's APN.`, GET_ONLINE);
  }
  if (!s.pdpAddress) {
    return view('bad', 'Offline: no data session', `Registered on ${where}, but the network gave no data address for the APN "${apn}". It may not be your carrier's APN.`, { id: 'set-apn', label: 'Set the APN' });
  }
  const n = i.network;
  const iface = n?.iface ?? s.iface ?? 'the network interface';
  if (!n?.iface || !n.up || !n.lease) {
    return view('bad', `Offline: ${iface} is not connected`, `The modem has a data session (${s.pdpAddress}), but ${iface} has no address on this computer yet.`, GET_ONLINE);
  }
  const route = n.routes.find((r) => r.iface === n.iface && r.destination === 'default');
  if (!route) return view('bad', `Offline: no route through ${iface}`, `${iface} has ${n.lease.address}, but no default route uses it.`, GET_ONLINE);
  const failed = i.checks?.find((c) => !c.ok && c.id !== 'dns');
  if (failed) return view('bad', `Offline: no internet through ${iface}`, `${failed.detail} (${failed.id} ${failed.target}).`, RETRY);
  const policy = n.policy ? policyLabel(n.policy) : `LTE, route metric ${route.metric}`;
  const reach = i.checks?.find((c) => c.id === 'internet' && c.ok);
  return {
    tone: 'ok',
    title: `Online via ${policy}`,
    detail: `${iface} ${n.lease.address} · ${where}${s.signalDbm !== null ? ` · ${s.signalDbm} dBm` : ''}${reach ? ` · ${reach.target} answered${reach.rttMs !== undefined ? ` in ${Math.round(reach.rttMs)} ms` : ''}` : ''}.`,
    action: null,
    online: true,
  };
}
