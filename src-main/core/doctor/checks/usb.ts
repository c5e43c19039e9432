// Doctor checks of the USB side: the modem on the bus, its composition, its drivers (issue 6).
import { UnsupportedSwitch, type ModeTarget } from '../../vendors/profile.js';
import type { UsbFacts } from '../facts.js';
import type { Evidence, Fix } from '../report.js';
import { targetModeFor, type TargetChoice } from '../target-mode.js';
import { check, fail, fix, MODE_NAMES, NO_USB_VIEW, pass, pick, skip, warn, type JudgeInput, type Judgement } from './entry.js';

const usbPresent = check({
  id: 'usb.present',
  title: 'Modem on the USB bus',
  requires: [],
  gathers: { host: ['usb-view'] },
  fixes: [],
  judge({ facts }) {
    const usb = facts.usb;
    if (!usb) return skip(NO_USB_VIEW);
    const ev = usb.evidence;
    if (!usb.present) {
      return fail(
        'No modem of a vendor simhat knows is on the USB bus. Check the USB cable (a data cable, not charge-only), that the HAT has power (its PWR LED), and that it is switched on (some HATs need the PWRKEY pressed).',
        ev,
      );
    }
    const id = `${usb.vid ?? '?'}:${usb.pid ?? '?'}`;
    return pass(`${usb.name ?? 'Modem'} found as ${id}${usb.mode ? ` in ${MODE_NAMES[usb.mode] ?? usb.mode} mode` : ''}.`, ev);
  },
});

/** The switch fix for this modem, or why there is none (a family the vendor profile cannot switch). */
function switchFix(input: JudgeInput, target: ModeTarget): { fix: Fix | null; why: string } {
  const id = target === 'rndis' ? 'switch-rndis' : 'switch-ecm';
  const family = input.vendor.family;
  if (!family) return { fix: fix(id), why: '' };
  try {
    const plan = family.modeSwitch.plan(target);
    const iface = target === 'rndis' ? 'a usb0 network interface' : 'a CDC Ethernet interface';
    return { fix: fix(id, `Switch the modem to ${MODE_NAMES[target]} (${plan.expect}): it resets and comes back with ${iface}`), why: '' };
  } catch (err) {
    if (err instanceof UnsupportedSwitch) return { fix: null, why: err.message };
    throw err;
  }
}

function wrongMode(input: JudgeInput, what: string, target: TargetChoice, ev: Evidence[]): Judgement {
  const s = switchFix(input, target.mode);
  if (s.fix) return fail(`${what} Switch it to ${MODE_NAMES[target.mode]}: ${target.reason}.`, ev, s.fix);
  return fail(`${what} ${MODE_NAMES[target.mode]} would be right here (${target.reason}), but ${s.why}`, ev);
}

function inQmi(where: string): string {
  return `The modem is in QMI mode (${where}): it only gives a wwan interface that needs a dialer (qmicli/ModemManager), not a plug-and-play network interface.`;
}

/**
 * usb.mode with only a port (issue 12): the composition is still known from the vendor's AT query
 * (AT+CUSBPIDSWITCH?, AT+QCFG="usbnet"). A wrong one fails with the switch (so it comes before
 * apn.set); a right or unknown one stays a skip, since there is no USB view to check it against.
 */
function usbModeFromAt(input: JudgeInput): Judgement {
  const at = input.facts.at;
  const m = at?.answered ? input.mode : null;
  if (!at || !m || m.via === null) return skip(NO_USB_VIEW);
  const target = targetModeFor(input.facts.platform);
  const ev = pick(at.evidence, m.command ?? '');
  if (m.mode === target.mode) return skip(`No USB view, but ${m.via}: ${MODE_NAMES[m.mode]} is the right mode here.`);
  if (m.mode === 'other') return skip(`No USB view; ${m.via}, a composition simhat does not judge.`);
  return wrongMode(input, m.mode === 'qmi' ? inQmi(m.via) : `The modem is in ${MODE_NAMES[m.mode] ?? m.mode} mode (${m.via}).`, target, ev);
}

const usbMode = check({
  id: 'usb.mode',
  title: 'USB composition suits this computer',
  requires: ['usb.present'],
  gathers: { host: ['usb-view'], vendorModeQuery: true },
  fixes: ['switch-rndis', 'switch-ecm'],
  first: (input) => (input.facts.usb === null ? usbModeFromAt(input) : undefined),
  judge(input) {
    const usb = input.facts.usb!;
    const target = targetModeFor(input.facts.platform);
    const ev = usb.evidence;
    if (!usb.mode) return warn(`The USB composition ${usb.vid}:${usb.pid} is not in simhat's catalog; cannot tell whether it gives a network interface.`, ev);
    if (!usb.hasAtPort) {
      return fail(
        `The modem is in a composition without an AT port (${usb.vid}:${usb.pid}), so no software can talk to it. Recover it with the vendor's Windows tool or by its diagnostic port.`,
        ev,
      );
    }
    if (usb.mode === target.mode) return pass(`${MODE_NAMES[usb.mode]} (${usb.pid}) is the right mode here: ${target.reason}.`, ev);
    return wrongMode(input, usb.mode === 'qmi' ? inQmi(usb.pid ?? '?') : `The modem is in ${MODE_NAMES[usb.mode] ?? usb.mode} mode (${usb.pid}).`, target, ev);
  },
});

/** usb.drivers; `atHint` is what the vendor knows about a missing serial driver (SIMCom: 9018). */
export function usbDriversJudgement(usb: UsbFacts, atHint?: string): Judgement {
  const ev = usb.evidence;
  const atIfs = usb.interfaces.filter((i) => i.role === 'at');
  const netIfs = usb.interfaces.filter((i) => i.role === 'net');
  const atMissing = atIfs.filter((i) => !i.driver);
  const netMissing = netIfs.filter((i) => !i.driver);
  if (atMissing.length > 0) {
    const n = atMissing.map((i) => i.number).join(', ');
    const hint = atHint ?? 'The kernel serial driver does not know this PID: simhat can add new_id for the generic driver.';
    return fail(`No driver is bound to the AT interface (${n}) of ${usb.vid}:${usb.pid}, so no ttyUSB port appears. ${hint}`, ev, fix('serial-driver'));
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

const usbDrivers = check({
  id: 'usb.drivers',
  title: 'Kernel drivers bound to the AT and network interfaces',
  requires: ['usb.present'],
  gathers: { host: ['usb-view'] },
  fixes: ['serial-driver'],
  judge: ({ facts }) => usbDriversJudgement(facts.usb!),
});

export const USB_CHECKS = [usbPresent, usbMode, usbDrivers] as const;
