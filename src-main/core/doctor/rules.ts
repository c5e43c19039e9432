// The doctor's rules: pure judgement of the gathered facts (./facts.ts) into the checks of the
// JSON contract (./report.ts), in dependency order. A check whose prerequisite did not pass is
// `skip` with the reason; the verdict is the first failing link with the one action that fixes it.
import type { AtFacts, ContextFact, DoctorFacts, HostFacts, UsbFacts } from './facts.js';
import { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus, type DoctorModem, type DoctorReport, type Evidence, type Fix, type Verdict } from './report.js';
import { describeHolders, isModemManager, portHolderAdvice } from './port-advice.js';
import { targetModeFor } from './target-mode.js';
import { modeOfUsbnet } from './mode-strategy.js';
import { sameApn } from '../at/commands/pdp.js';
import { REGISTERED_STATS } from '../at/commands/registration.js';

const TITLES: Record<CheckId, string> = {
  'usb.present': 'Modem on the USB bus',
  'usb.mode': 'USB composition suits this computer',
  'usb.drivers': 'Kernel drivers bound to the AT and network interfaces',
  'port.at': 'AT port answers',
  'port.conflict': 'No other program holds the AT port',
  'sim.ready': 'SIM card ready',
  'radio.on': 'Radio switched on',
  'net.registered': 'Registered on a mobile network',
  'net.signal': 'Signal strength',
  'apn.set': 'APN set in PDP context 1',
  'apn.rndis-context': 'RNDIS/ECM context 6 matches context 1',
  'apn.carrier-match': "APN matches the SIM's carrier",
  'data.pdp': 'Modem holds a data session (PDP address)',
  'host.iface': 'Network interface present and up',
  'host.lease': 'Interface has an address from the modem',
  'host.route': 'Default route follows the chosen policy',
  'host.dns': 'Name resolution through the modem',
  'host.internet': 'Internet reachable past the modem',
};

/** Prerequisites: a check runs only when all of these passed (or warned). */
const REQUIRES: Partial<Record<CheckId, CheckId[]>> = {
  'usb.mode': ['usb.present'],
  'usb.drivers': ['usb.present'],
  'port.conflict': [],
  'sim.ready': ['port.at'],
  'radio.on': ['port.at'],
  'net.registered': ['sim.ready', 'radio.on'],
  'net.signal': ['sim.ready', 'radio.on'],
  'apn.set': ['sim.ready'],
  'apn.rndis-context': ['sim.ready'],
  'apn.carrier-match': ['apn.set'],
  'data.pdp': ['net.registered', 'apn.set'],
  'host.lease': ['host.iface'],
  'host.route': ['host.lease'],
  'host.dns': ['host.lease'],
  'host.internet': ['host.lease'],
};

type Partial_ = Omit<CheckResult, 'id' | 'title'>;

const FIX_LABELS = {
  'switch-rndis': 'Switch the modem to RNDIS (PID 9011): it resets and comes back with a usb0 network interface',
  'switch-ecm': 'Switch the modem to ECM (PID 9018): it resets and comes back with a CDC Ethernet interface',
  'enter-pin': 'Enter the SIM PIN',
  'radio-on': 'Switch the radio on (AT+CFUN=1)',
  'free-port': 'Stop the program holding the AT port',
  'dhcp-up': 'Bring the interface up and ask the modem for an address (DHCP)',
  'route-policy': 'Set the default-route metric for the chosen policy',
  'serial-driver': 'Bind the generic USB serial driver to this PID (new_id) so the AT port appears',
  'udev-rule': 'Install the udev rule that keeps ModemManager off the AT ports',
} as const;

function fix(id: keyof typeof FIX_LABELS | 'apply-apn', label?: string): Fix {
  return { id, label: label ?? (id === 'apply-apn' ? 'Apply the APN preset' : FIX_LABELS[id]) };
}

function pick(evidence: Evidence[] | undefined, ...commands: string[]): Evidence[] {
  if (!evidence) return [];
  const want = commands.map((c) => c.toUpperCase());
  return evidence.filter((e) => want.includes(e.command.toUpperCase()));
}

function pass(detail: string, evidence: Evidence[] = []): Partial_ {
  return { status: 'pass', detail, evidence, fix: null };
}
function fail(detail: string, evidence: Evidence[] = [], f: Fix | null = null): Partial_ {
  return { status: 'fail', detail, evidence, fix: f };
}
function warn(detail: string, evidence: Evidence[] = [], f: Fix | null = null): Partial_ {
  return { status: 'warn', detail, evidence, fix: f };
}
function skip(detail: string): Partial_ {
  return { status: 'skip', detail, evidence: [], fix: null };
}

const MODE_NAMES: Record<string, string> = { rndis: 'RNDIS', ecm: 'ECM', qmi: 'QMI', mbim: 'MBIM', other: 'a vendor composition' };

/** SIM7600-class firmware needs the APN in cid 6 too when it routes for RNDIS/ECM (sim7600.md §2). */
function isSim7600Family(facts: DoctorFacts): boolean {
  if (facts.usb?.family) return facts.usb.family === 'simcom-sim7600';
  const model = facts.at?.model ?? '';
  return /SIM7600|SIM7500|SIM7100/i.test(model);
}

/** The composition as best known: the USB view first, else the PID the firmware reports. */
function currentMode(facts: DoctorFacts): string | null {
  if (facts.usb?.mode) return facts.usb.mode;
  // Quectel keeps its PID: AT+QCFG="usbnet" tells the mode (sim7600.md §1).
  const usbnet = facts.at?.usbnet;
  if (usbnet !== undefined && usbnet !== null) return usbnet === 2 ? 'mbim' : (modeOfUsbnet(usbnet) ?? 'other');
  const pid = facts.at?.usbPid;
  if (!pid) return null;
  if (pid === '9011') return 'rndis';
  if (pid === '9018') return 'ecm';
  if (pid === '9001') return 'qmi';
  if (pid === '9003') return 'mbim';
  return 'other';
}

function apnFix(facts: DoctorFacts): Fix {
  const s = facts.carrier?.suggested;
  const cids = isSim7600Family(facts) && ['rndis', 'ecm'].includes(currentMode(facts) ?? '') ? 'contexts 1 and 6' : 'context 1';
  if (s) return { id: 'apply-apn', label: `Set the APN "${s.apn}" (${s.label}) in ${cids}` };
  return { id: 'apply-apn', label: `Set your carrier's APN in ${cids} (simhat apn apply --apn <value>)` };
}

// ---------------------------------------------------------------- USB

function usbPresent(usb: UsbFacts | null): Partial_ {
  if (!usb) return skip('No USB view: only a port was given (or USB detection is unavailable on this system), so the USB checks were not run.');
  const ev = usb.evidence;
  if (!usb.present) {
    return fail(
      'No SIMCom or Quectel modem is on the USB bus. Check the USB cable (a data cable, not charge-only), that the HAT has power (its PWR LED), and that it is switched on (some HATs need the PWRKEY pressed).',
      ev,
    );
  }
  const id = `${usb.vid ?? '?'}:${usb.pid ?? '?'}`;
  return pass(`${usb.name ?? 'Modem'} found as ${id}${usb.mode ? ` in ${MODE_NAMES[usb.mode] ?? usb.mode} mode` : ''}.`, ev);
}

function usbMode(facts: DoctorFacts, usb: UsbFacts): Partial_ {
  const target = targetModeFor(facts.platform);
  const ev = usb.evidence;
  if (!usb.mode) return warn(`The USB composition ${usb.vid}:${usb.pid} is not in simhat's catalog; cannot tell whether it gives a network interface.`, ev);
  if (!usb.hasAtPort) {
    return fail(
      `The modem is in a composition without an AT port (${usb.vid}:${usb.pid}), so no software can talk to it. Recover it with the vendor's Windows tool or by its diagnostic port.`,
      ev,
    );
  }
  if (usb.mode === target.mode) return pass(`${MODE_NAMES[usb.mode]} (${usb.pid}) is the right mode here: ${target.reason}.`, ev);
  const f = target.mode === 'rndis' ? fix('switch-rndis') : fix('switch-ecm');
  const what = usb.mode === 'qmi'
    ? `The modem is in QMI mode (${usb.pid}): it only gives a wwan interface that needs a dialer (qmicli/ModemManager), not a plug-and-play network interface.`
    : `The modem is in ${MODE_NAMES[usb.mode] ?? usb.mode} mode (${usb.pid}).`;
  return fail(`${what} Switch it to ${MODE_NAMES[target.mode]}: ${target.reason}.`, ev, f);
}

function usbDrivers(usb: UsbFacts): Partial_ {
  const ev = usb.evidence;
  const atIfs = usb.interfaces.filter((i) => i.role === 'at');
  const netIfs = usb.interfaces.filter((i) => i.role === 'net');
  const atMissing = atIfs.filter((i) => !i.driver);
  const netMissing = netIfs.filter((i) => !i.driver);
  if (atMissing.length > 0) {
    const n = atMissing.map((i) => i.number).join(', ');
    return fail(
      `No driver is bound to the AT interface (${n}) of ${usb.vid}:${usb.pid}, so no ttyUSB port appears. ${usb.pid === '9018' ? '9018 has no serial driver in mainline Linux (option.c has no entry): simhat can add new_id for the generic driver.' : 'The kernel serial driver does not know this PID: simhat can add new_id for the generic driver.'}`,
      ev,
      fix('serial-driver'),
    );
  }
  if (netMissing.length > 0) {
    const mod = usb.mode === 'rndis' ? 'rndis_host' : usb.mode === 'ecm' ? 'cdc_ether' : usb.mode === 'qmi' ? 'qmi_wwan' : 'the network driver';
    return fail(
      `No driver is bound to the network interface (${netMissing.map((i) => i.number).join(', ')}): load the kernel module ${mod} (sudo modprobe ${mod}) or install it for this kernel.`,
      ev,
    );
  }
  const list = [...atIfs, ...netIfs].map((i) => `if${i.number} ${i.driver}${[...i.ttys, ...i.netdevs].length ? ` (${[...i.ttys, ...i.netdevs].join(', ')})` : ''}`);
  return pass(list.length ? `Drivers bound: ${list.join('; ')}.` : 'No interface needs a driver check in this composition.', ev);
}

/**
 * usb.mode with only a port (issue 12): the composition is still known from AT+CUSBPIDSWITCH? or
 * AT+QCFG="usbnet". A wrong one fails with the switch (so it comes before apn.set); a right or
 * unknown one stays a skip, since there is no USB view to check it against.
 */
function usbModeFromAt(facts: DoctorFacts): Partial_ {
  const none = 'No USB view: only a port was given (or USB detection is unavailable on this system), so the USB checks were not run.';
  const at = facts.at;
  const mode = at?.answered ? currentMode(facts) : null;
  if (!at || mode === null) return skip(none);
  const target = targetModeFor(facts.platform);
  const via = at.usbnet !== undefined && at.usbnet !== null ? `AT+QCFG="usbnet" says ${at.usbnet}` : `AT+CUSBPIDSWITCH? says ${at.usbPid}`;
  const ev = pick(at.evidence, 'AT+CUSBPIDSWITCH?', 'AT+QCFG="usbnet"');
  if (mode === target.mode) return skip(`No USB view, but ${via}: ${MODE_NAMES[mode]} is the right mode here.`);
  if (mode === 'other') return skip(`No USB view; ${via}, a composition simhat does not judge.`);
  const f = target.mode === 'rndis' ? fix('switch-rndis') : fix('switch-ecm');
  const what = mode === 'qmi' ? `The modem is in QMI mode (${via}): it only gives a wwan interface that needs a dialer (qmicli/ModemManager), not a plug-and-play network interface.` : `The modem is in ${MODE_NAMES[mode] ?? mode} mode (${via}).`;
  return fail(`${what} Switch it to ${MODE_NAMES[target.mode]}: ${target.reason}.`, ev, f);
}

// ---------------------------------------------------------------- port

function portAt(facts: DoctorFacts): Partial_ {
  const at = facts.at;
  if (!at || !at.port) {
    if (facts.usb?.present) {
      return fail(
        'The modem is on the bus but no AT port was found for it. Give the port with --port (e.g. /dev/ttyUSB2), or check the serial driver.',
        facts.usb.evidence,
        facts.usb.interfaces.some((i) => i.role === 'at' && !i.driver) ? fix('serial-driver') : null,
      );
    }
    if (facts.usb && !facts.usb.present) return skip('No modem on the USB bus, so there is no AT port to try.');
    return fail('No AT port known: give it with --port (e.g. /dev/ttyUSB2 or /dev/serial/by-id/...-if02-port0).');
  }
  const ev = at.evidence.slice(0, 1);
  const f = at.openFailure;
  if (f) {
    switch (f.code) {
      case 'busy':
        return fail(`${at.port} is held by another program (${f.message}). Only one program can talk AT at a time. ${portHolderAdvice(at.port, at.holders ?? [])}`, ev, holderFix(at));
      case 'denied':
        return fail(`No permission to open ${at.port}: add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again) or run as root.`, ev);
      case 'not-found':
        return fail(`${at.port} does not exist. The modem may be resetting, unplugged, or in a composition where this port moved; run \`simhat devices\`.`, ev);
      case 'open-failed':
        return fail(`Cannot open ${at.port}: ${f.message}`, ev);
      default:
        return fail(
          `${at.port} opened but the modem did not answer AT (${f.message}). Wrong port (try the AT interface, e.g. if02/if04), the modem still booting, or another program using it.`,
          at.evidence,
        );
    }
  }
  if (!at.answered) return fail(`${at.port} did not answer AT.`, at.evidence.slice(0, 2));
  // Unplugged or reset in the middle (issue 15): the SIM and the network were never asked.
  if (at.portLost) {
    return fail(
      `${at.port} vanished during ${at.portLost.command} (${at.portLost.message}): the modem was unplugged, reset or lost power. Nothing after it was checked; plug it back in (or wait for it to reboot) and run the doctor again.`,
      pick(at.evidence, at.portLost.command),
    );
  }
  return pass(`${at.port} answers AT.`, pick(at.evidence, 'AT'));
}

/** ModemManager: the udev rule is the lasting cure; anyone else: free-port (which names them, never kills). */
function holderFix(at: AtFacts): Fix {
  return at.holders?.some(isModemManager) ? fix('udev-rule') : fix('free-port');
}

function portConflict(at: AtFacts | null): Partial_ {
  if (!at || !at.port) return skip('No AT port known.');
  const holders = at.holders ?? [];
  if (holders.length > 0) {
    const who = describeHolders(holders);
    const why = holders.some(isModemManager) ? portHolderAdvice(at.port, holders) : `Two programs on one AT port steal each other's answers. ${portHolderAdvice(at.port, holders)}`;
    return (at.openFailure?.code === 'busy' ? fail : warn)(`${at.port} is also open in ${who}. ${why}`, [], holderFix(at));
  }
  if (at.openFailure?.code === 'busy') return fail(`${at.port} is locked by another program (${at.openFailure.message}). ${portHolderAdvice(at.port, [])}`, [], fix('free-port'));
  if (at.openFailure) return skip('The port could not be opened, so who else holds it is unknown.');
  return pass(`simhat has ${at.port} to itself.`);
}

// ---------------------------------------------------------------- SIM / radio / network

function simReady(at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CPIN?');
  const s = at.sim;
  if (!s) return fail('The modem did not say whether the SIM is ready (AT+CPIN? gave no answer).', ev);
  switch (s.state) {
    case 'ready':
      return pass('The SIM is inserted and unlocked (+CPIN: READY).', ev);
    case 'pin':
      return fail('The SIM is locked with a PIN: it must be entered after every power-up before the modem can register.', ev, fix('enter-pin'));
    case 'puk':
      return fail('The SIM is blocked after three wrong PINs and needs the PUK from your carrier (AT+CPIN="<puk>","<new pin>"). simhat will not guess it.', ev);
    case 'ph-pin':
      return fail('The modem asks for a phone-lock code (PH-SIM PIN): it is locked to another SIM or carrier.', ev);
    case 'not-inserted':
      return fail('The SIM is not inserted (or not detected): power off, seat the SIM card in the slot (contacts down, cut corner as marked), power on.', ev);
    case 'busy':
      return warn('The SIM is busy: normal for a few seconds after power-up. Run the doctor again in a moment.', ev);
    case 'failure':
      return fail('The SIM failed (SIM failure): clean the contacts, re-seat it, or try another SIM.', ev);
    default:
      return fail(`The SIM is not ready (${s.raw}).`, ev);
  }
}

function radioOn(at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CFUN?');
  const f = at.functionality;
  if (f === null) return warn('The modem did not report its radio state (AT+CFUN?).', ev);
  if (f === 1) return pass('The radio is on (full functionality, +CFUN: 1).', ev);
  if (f === 0) return fail('The radio is off (minimum functionality, +CFUN: 0): the modem cannot register.', ev, fix('radio-on'));
  if (f === 4) return fail('The radio is off (flight mode, +CFUN: 4): the modem cannot register.', ev, fix('radio-on'));
  return fail(`The radio is not in full functionality (+CFUN: ${f}).`, ev, fix('radio-on'));
}

const REG_STATES: Record<number, string> = {
  0: 'not registered and not searching',
  1: 'registered on its home network',
  2: 'searching for a network',
  3: 'registration denied',
  4: 'in an unknown registration state',
  5: 'registered, roaming',
  6: 'registered for SMS only (home)',
  7: 'registered for SMS only (roaming)',
  8: 'attached for emergency services only',
  9: 'registered on its home network (CSFB not preferred)',
  10: 'registered, roaming (CSFB not preferred)',
  11: 'attached for restricted local operator services only',
};
/** 27.007 stat values that carry data: home and roaming, also "CSFB not preferred" (9, 10). */
const DATA_REGISTERED = REGISTERED_STATS.filter((s) => s !== 6 && s !== 7);

function netRegistered(at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CEREG?', 'AT+CGREG?', 'AT+CREG?', 'AT+COPS?', 'AT+CSQ');
  const regs = at.registrations;
  if (regs.length === 0) return fail('The modem did not report a registration state (AT+CEREG?/CGREG?/CREG?).', ev);
  const ok = regs.find((r) => DATA_REGISTERED.includes(r.stat));
  if (!ok && regs.some((r) => r.stat === 6 || r.stat === 7)) {
    const r = regs.find((x) => x.stat === 6 || x.stat === 7)!;
    return warn(`Registered for SMS only (${r.kind} ${REG_STATES[r.stat]}): the network gives this SIM no data service here.`, ev);
  }
  if (ok) {
    const op = at.operator ? ` on ${at.operator}` : '';
    return pass(`Registered${op} (${ok.kind} ${REG_STATES[ok.stat]}).`, ev);
  }
  if (regs.some((r) => r.stat === 3)) {
    return fail(
      'The network refused the SIM (registration denied). The radio works, but the carrier does not let this SIM on: the plan is not active yet, has run out, roaming is not allowed, or the IMEI is barred. Contact the carrier; nothing on this computer fixes it.',
      ev,
    );
  }
  const noSignal = at.signal?.dbm === null || at.signal?.rssi === 99;
  const searching = regs.some((r) => r.stat === 2);
  if (noSignal) {
    return fail(
      `No network: the modem hears no cell (signal unknown, +CSQ: 99) and is ${searching ? 'still searching' : 'not registered'}. Connect the antenna to the MAIN connector, move to a window, and check the carrier covers this place on the bands of this module.`,
      ev,
    );
  }
  if (searching) {
    return fail(
      `The modem is searching for a network but has not registered (signal ${at.signal?.dbm ?? '?'} dBm). This is normal for up to a minute after power-up; if it lasts, the SIM's carrier has no coverage or no roaming agreement here.`,
      ev,
    );
  }
  return fail(`Not registered: the modem is ${REG_STATES[regs[0]!.stat] ?? `in state ${regs[0]!.stat}`}. Check the network mode (AT+CNMP=2 for automatic) and operator selection (AT+COPS=0).`, ev);
}

function netSignal(at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CSQ');
  const s = at.signal;
  if (!s) return warn('The modem did not report signal strength (AT+CSQ).', ev);
  if (s.dbm === null) return fail('Signal unknown (+CSQ: 99): no cell heard. Check the antenna on the MAIN connector.', ev);
  if (s.dbm <= -105) return warn(`Weak signal: ${s.dbm} dBm (CSQ ${s.rssi}). Expect drops; move the antenna or the device.`, ev);
  return pass(`${s.dbm} dBm (CSQ ${s.rssi}).`, ev);
}

// ---------------------------------------------------------------- APN / data

function ctx(at: AtFacts, cid: number): ContextFact | undefined {
  return at.contexts?.find((c) => c.cid === cid);
}

function leasePrefix(facts: DoctorFacts): string {
  const h = facts.host;
  if (!h?.iface || !h.address) return '';
  return `${h.iface} has an address from the modem (${h.address.split('/')[0]}) but the modem has no data session: `;
}

function apnSet(facts: DoctorFacts, at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CGDCONT?');
  if (!at.contexts) return fail('The modem did not list its PDP contexts (AT+CGDCONT?).', ev);
  const c1 = ctx(at, 1);
  if (c1 && c1.apn.trim() !== '') return pass(`Context 1 uses APN "${c1.apn}" (${c1.type}).`, ev);
  const rndisToo = isSim7600Family(facts) && ['rndis', 'ecm'].includes(currentMode(facts) ?? '') && !(ctx(at, 6)?.apn.trim());
  const where = rndisToo ? 'the APN is empty in PDP context 1 and 6' : c1 ? 'the APN is empty in PDP context 1' : 'PDP context 1 is not defined';
  const prefix = leasePrefix(facts);
  const sentence = prefix ? `${prefix}${where}.` : `${where[0]!.toUpperCase()}${where.slice(1)}.`;
  return fail(`${sentence} Without the carrier's APN the modem cannot open a data session, even though it may register and hand out a local address.`, ev, apnFix(facts));
}

function apnRndisContext(facts: DoctorFacts, at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CGDCONT?');
  const mode = currentMode(facts);
  if (!isSim7600Family(facts)) return skip('Only SIM7600-family firmware uses context 6 for RNDIS/ECM.');
  if (mode === null) return skip('The USB composition is unknown (no USB view and no AT+CUSBPIDSWITCH? answer).');
  if (mode !== 'rndis' && mode !== 'ecm') return skip(`The modem is in ${MODE_NAMES[mode] ?? mode} mode; context 6 matters only in RNDIS/ECM.`);
  if (!at.contexts) return fail('The modem did not list its PDP contexts (AT+CGDCONT?).', ev);
  const c1 = ctx(at, 1);
  const c6 = ctx(at, 6);
  const name = MODE_NAMES[mode];
  if (!c1 || c1.apn.trim() === '') {
    const six = !c6 ? 'context 6 is not defined' : c6.apn.trim() ? `context 6 has "${c6.apn}"` : 'context 6 is empty too';
    return fail(`In ${name} mode the SIM7600 needs the same APN in context 1 and context 6: context 1 is empty and ${six}.`, ev, apnFix(facts));
  }
  if (!c6) return fail(`In ${name} mode the SIM7600 needs the APN in context 6 too: context 6 is not defined (context 1 has "${c1.apn}").`, ev, apnFix(facts));
  // The same network name, maybe read back with its operator suffix (`.mnc001.mcc214.gprs`, issue 12).
  if (!sameApn(c6.apn, c1.apn) && !sameApn(c1.apn, c6.apn)) {
    return fail(`Context 6 ("${c6.apn}", ${c6.type}) differs from context 1 ("${c1.apn}", ${c1.type}); in ${name} mode they must match.`, ev, apnFix(facts));
  }
  // IP in one and IPV4V6 in the other is the same APN: a working SIM7600 has it (issue 12). A note, no failure.
  if (c6.type !== c1.type) return pass(`Context 6 has the same APN as context 1 ("${c1.apn}"); note: the PDP types differ (${c1.type} in 1, ${c6.type} in 6), which works.`, ev);
  return pass(`Context 6 matches context 1 ("${c1.apn}", ${c1.type}).`, ev);
}

function apnCarrierMatch(facts: DoctorFacts, at: AtFacts): Partial_ {
  const ev = pick(at.evidence, 'AT+CIMI', 'AT+CGDCONT?');
  const carrier = facts.carrier;
  if (!carrier) return skip("The SIM's carrier is not in the APN database (or the IMSI was not readable), so there is nothing to compare with.");
  const apn = ctx(at, 1)?.apn ?? '';
  if (carrier.apns.some((a) => sameApn(apn, a))) return pass(`"${apn}" is a ${carrier.name} APN.`, ev);
  const known = carrier.apns.slice(0, 4).map((a) => `"${a}"`).join(', ');
  return warn(
    `"${apn}" matches no preset of ${carrier.name} (known: ${known || 'none'}). It may still be right (business plans, MVNOs), but if data does not work, use the preset.`,
    ev,
    carrier.suggested ? apnFix(facts) : null,
  );
}

function dataPdp(facts: DoctorFacts, at: AtFacts, results: Map<CheckId, Partial_>): Partial_ {
  const ev = pick(at.evidence, 'AT+CGPADDR', 'AT+CGACT?', 'AT+CGATT?');
  if (!at.addresses) return fail('The modem did not list its PDP addresses (AT+CGPADDR).', ev);
  const c1 = at.addresses.find((a) => a.cid === 1 && hasAddress(a.address));
  if (c1) return pass(`Context 1 has the address ${c1.address}: the data session is up.`, ev);
  const other = at.addresses.find((a) => hasAddress(a.address));
  const otherCtx = other ? ctx(at, other.cid) : undefined;
  const rndisFailed = results.get('apn.rndis-context')?.status === 'fail';
  const prefix = leasePrefix(facts);
  if (other) {
    return fail(
      `${prefix}Context 1 has no address; only context ${other.cid}${otherCtx?.apn ? ` ("${otherCtx.apn}")` : ''} does, which is not the internet context (the modem fell back to it because context 1 was refused). Check the APN.`,
      ev,
      apnFix(facts),
    );
  }
  if (rndisFailed) return fail(`${prefix}no PDP context has an address, and context 6 does not match context 1.`, ev, apnFix(facts));
  const apn = ctx(at, 1)?.apn ?? '';
  return fail(
    `${prefix || 'The modem has no data session: '}no PDP context has an address although the modem is registered and context 1 has APN "${apn}". The carrier refused the APN or the plan has no data; check the APN (and user/password if the carrier needs them).`,
    ev,
    facts.carrier?.suggested ? apnFix(facts) : null,
  );
}

function hasAddress(a: string): boolean {
  return a !== '' && !/^0(\.0)*$/.test(a) && a !== '::';
}

// ---------------------------------------------------------------- host

function hostIface(host: HostFacts | null): Partial_ {
  if (!host || !host.iface) return skip('No network interface known: give it with --iface, or let simhat find it from the USB view.');
  const ev = host.evidence.filter((e) => /\bip\b.*\b(link|addr)\b/.test(e.command));
  if (!host.exists) return fail(`The interface ${host.iface} does not exist. The modem may be in a mode without a network interface, or systemd renamed it (look for enx... in \`ip link\`).`, ev);
  if (!host.up) return fail(`${host.iface} exists but is down.`, ev, fix('dhcp-up', `Bring ${host.iface} up and ask the modem for an address (DHCP)`));
  return pass(`${host.iface} exists and is up.`, ev);
}

function hostLease(host: HostFacts): Partial_ {
  const ev = host.evidence.filter((e) => /\baddr\b|dhc|lease/.test(e.command));
  if (!host.address) {
    return fail(`${host.iface} has no IPv4 address: no DHCP client ran on it, or the modem did not answer.`, ev, fix('dhcp-up', `Ask the modem for an address on ${host.iface} (DHCP)`));
  }
  const gw = host.gateway ? `, gateway ${host.gateway}` : '';
  return pass(`${host.iface} has ${host.address}${gw}. (A lease proves the USB link, not the data session: the modem hands one out even with no SIM or APN.)`, ev);
}

function hostRoute(host: HostFacts): Partial_ {
  const ev = host.evidence.filter((e) => /\broute\b/.test(e.command));
  const iface = host.iface!;
  const mine = host.defaultRoutes.filter((r) => r.dev === iface);
  const others = host.defaultRoutes.filter((r) => r.dev !== iface);
  const best = mine.length ? Math.min(...mine.map((r) => r.metric)) : null;
  const othersBest = others.length ? Math.min(...others.map((r) => r.metric)) : null;
  const policyFix = (p: string) => fix('route-policy', `Set ${iface}'s default-route metric for the ${p} policy (${p === 'primary' ? 50 : 700})`);
  if (best === null) {
    if (others.length === 0) return fail(`There is no default route at all: nothing tells the computer to send internet traffic through ${iface}.`, ev, policyFix(host.policy ?? 'primary'));
    if (host.policy === 'primary') return fail(`${iface} has no default route, so the LTE link is not primary: traffic goes via ${others[0]!.dev}.`, ev, policyFix('primary'));
    if (host.policy === 'failover') return warn(`${iface} has no default route, so it cannot take over when ${others[0]!.dev} fails.`, ev, policyFix('failover'));
    return pass(`${iface} carries no default route; traffic goes via ${others[0]!.dev} (metric ${othersBest}).`, ev);
  }
  if (othersBest === null) return pass(`The only default route is via ${iface} (metric ${best}).`, ev);
  const takeover = best < othersBest;
  const other = others.find((r) => r.metric === othersBest)!;
  if (takeover) {
    const why = best === 0
      ? 'metric 0 is what a plain `dhclient` installs'
      : best === 100
        ? 'NetworkManager treats RNDIS usb0 as Ethernet, metric 100'
        : `metric ${best}`;
    const msg = `${iface} took the default route from ${other.dev}: ${why}, lower than ${other.dev}'s ${othersBest}. All traffic now goes over LTE.`;
    if (host.policy === 'primary') return pass(`${iface} is the primary default route (metric ${best} < ${other.dev} ${othersBest}), as chosen.`, ev);
    if (host.policy === 'failover') return fail(`${msg} The chosen policy is failover (LTE only as backup).`, ev, policyFix('failover'));
    return warn(`${msg} If LTE should only be a backup, set the failover policy.`, ev, policyFix('failover'));
  }
  if (host.policy === 'primary') return fail(`${other.dev} (metric ${othersBest}) wins over ${iface} (metric ${best}), but the chosen policy is LTE primary.`, ev, policyFix('primary'));
  return pass(`${iface} is the backup default route (metric ${best} > ${other.dev} ${othersBest}).`, ev);
}

function hostDns(host: HostFacts): Partial_ {
  const ev = host.evidence.filter((e) => /dns|resolv|getent|nslookup|dig/i.test(e.command));
  if (!host.dns) return skip('No name resolution test was run (give --dns-name).');
  // The name asked for, through the server asked (issue 12: it once printed the server twice).
  const server = host.dns.server ?? (host.dnsServers.length ? host.dnsServers.join(', ') : "the lease's DNS server");
  if (host.dns.ok) return pass(`${host.dns.name} resolves through ${server}${host.dns.answer ? ` (${host.dns.answer})` : ''}.`, ev);
  return fail(`${host.dns.name} does not resolve through ${server}. The modem's DNS forwards to the carrier, which needs a data session.`, ev);
}

function hostInternet(facts: DoctorFacts, host: HostFacts, results: Map<CheckId, Partial_>): Partial_ {
  const ev = host.evidence.filter((e) => /ping/.test(e.command));
  if (host.pings.length === 0) return skip('No ping target was given (--ping-target).');
  const ok = host.pings.filter((p) => p.ok);
  if (ok.length > 0) return pass(`${ok.map((p) => p.target).join(', ')} answered through ${host.iface}.`, ev);
  const targets = host.pings.map((p) => p.target).join(', ');
  const modemSide = (['apn.set', 'apn.rndis-context', 'data.pdp'] as CheckId[]).map((id) => [id, results.get(id)] as const).find(([, r]) => r?.status === 'fail');
  const gw = host.gatewayReachable ? `${host.iface} reaches the modem (${host.gateway}) but nothing past it` : `Nothing answered through ${host.iface}`;
  if (modemSide) {
    return fail(`${gw} (${targets}): the modem has no data session (see ${modemSide[0]}).`, ev, modemSide[1]!.fix);
  }
  const pdp = results.get('data.pdp');
  if (facts.at === null || pdp?.status === 'skip') {
    return fail(`${gw} (${targets}). A lease proves only the USB link: the usual cause is that the modem has no data session (empty or wrong APN). Run the doctor with --port to check the modem side.`, ev);
  }
  return fail(`${gw} (${targets}), although the modem reports a data session: the carrier may block these targets, or the session is stale (reset the modem).`, ev);
}

// ---------------------------------------------------------------- assembly

/** Judge the facts: every check id, in order. */
export function evaluate(facts: DoctorFacts): CheckResult[] {
  const results = new Map<CheckId, Partial_>();
  const judge = (id: CheckId): Partial_ => {
    if (id === 'usb.mode' && facts.usb === null) return usbModeFromAt(facts);
    const blocked = (REQUIRES[id] ?? []).map((r) => [r, results.get(r)!] as const).find(([, r]) => r.status === 'fail' || r.status === 'skip');
    if (blocked) {
      const [rid, r] = blocked;
      if (r.status === 'fail') return skip(`Not checked: "${TITLES[rid]}" (${rid}) failed first.`);
      // A skip that was itself passed down keeps the root reason instead of nesting it again.
      return skip(r.detail.startsWith('Not checked:') ? r.detail : `Not checked: ${rid} was skipped (${r.detail})`);
    }
    const at = facts.at;
    const host = facts.host;
    switch (id) {
      case 'usb.present':
        return usbPresent(facts.usb);
      case 'usb.mode':
        return usbMode(facts, facts.usb!);
      case 'usb.drivers':
        return usbDrivers(facts.usb!);
      case 'port.at':
        return portAt(facts);
      case 'port.conflict':
        return portConflict(at);
      case 'sim.ready':
        return simReady(at!);
      case 'radio.on':
        return radioOn(at!);
      case 'net.registered':
        return netRegistered(at!);
      case 'net.signal':
        return netSignal(at!);
      case 'apn.set':
        return apnSet(facts, at!);
      case 'apn.rndis-context':
        return apnRndisContext(facts, at!);
      case 'apn.carrier-match':
        return apnCarrierMatch(facts, at!);
      case 'data.pdp':
        return dataPdp(facts, at!, results);
      case 'host.iface':
        return hostIface(host);
      case 'host.lease':
        return hostLease(host!);
      case 'host.route':
        return hostRoute(host!);
      case 'host.dns':
        return hostDns(host!);
      case 'host.internet':
        return hostInternet(facts, host!, results);
    }
  };
  const out: CheckResult[] = [];
  for (const id of CHECK_IDS) {
    const r = judge(id);
    results.set(id, r);
    out.push({ id, title: TITLES[id], status: r.status, detail: r.detail, evidence: r.evidence, fix: r.fix });
  }
  return working(results) ? out.map((c) => (DATA_PATH.has(c.id) ? softened(c) : c)) : out;
}

/**
 * Checks that claim the data path is broken. While data and internet work that claim is disproved:
 * they warn at most. Checks of a choice (USB mode for this OS, route against the chosen policy) still fail.
 */
const DATA_PATH = new Set<CheckId>(['sim.ready', 'radio.on', 'net.registered', 'net.signal', 'apn.set', 'apn.rndis-context', 'apn.carrier-match', 'data.pdp', 'host.dns']);

/** The data session is up and the internet answers through it: nothing is broken (issue 12). */
function working(results: Map<CheckId, Partial_>): boolean {
  return results.get('data.pdp')?.status === 'pass' && results.get('host.internet')?.status === 'pass';
}

/** A failure while everything works is at most a warning: it names a risk, not a broken link. */
function softened(c: CheckResult): CheckResult {
  if (c.status !== 'fail') return c;
  return { ...c, status: 'warn', detail: `${c.detail} (Data and internet work right now, so this is not blocking.)` };
}

/** The first failing link (else the first warning), with the one action that fixes it. */
export function verdictOf(checks: CheckResult[]): Verdict | null {
  const first = checks.find((c) => c.status === 'fail') ?? checks.find((c) => c.status === 'warn');
  if (!first) return null;
  return { checkId: first.id, status: first.status as 'fail' | 'warn', summary: first.detail, fix: first.fix };
}

export function modemOf(facts: DoctorFacts): DoctorModem | null {
  const { usb, at, host } = facts;
  if (!usb?.present && !at?.answered) return null;
  return {
    manufacturer: at?.manufacturer ?? null,
    model: at?.model ?? usb?.name ?? null,
    revision: at?.revision ?? null,
    imei: at?.imei ?? null,
    mode: currentMode(facts),
    usbId: usb?.present && usb.vid && usb.pid ? `${usb.vid}:${usb.pid}` : null,
    atPort: at?.port ?? null,
    iface: host?.iface ?? null,
  };
}

export const statusOrder: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'skip'];
export { TITLES as CHECK_TITLES };

/** The whole report of the JSON contract from the facts and the time the gathering took. */
export function buildReport(facts: DoctorFacts, durationMs: number): DoctorReport {
  const checks = evaluate(facts);
  return { ok: !checks.some((c) => c.status === 'fail'), durationMs: Math.round(durationMs), modem: modemOf(facts), checks, verdict: verdictOf(checks) };
}
