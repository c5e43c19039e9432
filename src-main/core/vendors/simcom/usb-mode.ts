// SIMCom USB compositions by PID and how they are switched (sim7600.md §1/§2): SIM7600/7000/7100
// `AT+CUSBPIDSWITCH=<pid>,1,1` (resets itself, only if the PID changes, vendor manual §4.23);
// SIM82xx `AT+CUSBCFG=usbid,1e0e,<pid>` then `AT+CFUN=1,1`; SIM7070/7080/7090 switch with
// AT+CUSBSELNV, whose values simhat does not know; the A76xx has no documented switch.
import { buildCusbpidswitchWrite, parseCusbpidswitchRead } from '../../at/commands/power.js';
import { unsupportedSwitch, type ModeReading, type ModeSwitch, type ModeTarget, type UsbMode, type VendorQuery } from '../profile.js';

/** SIMCom PIDs per switch target (vendor manual §4.23); all three keep the AT port. */
const TARGET_PIDS: Record<ModeTarget, number> = { rndis: 0x9011, ecm: 0x9018, qmi: 0x9001 };
/** The compositions AT+CUSBPIDSWITCH? can report that the doctor tells apart. */
const PID_MODES: Record<string, UsbMode> = { '9011': 'rndis', '9018': 'ecm', '9001': 'qmi', '9003': 'mbim' };

const hex = (pid: number) => pid.toString(16).padStart(4, '0');

/** The switch target a SIMCom PID stands for, null when none of them. */
export function modeOfSimcomPid(pid: string): ModeTarget | null {
  const n = Number.parseInt(pid, 16);
  return (Object.keys(TARGET_PIDS) as ModeTarget[]).find((k) => TARGET_PIDS[k] === n) ?? null;
}

export function pidOfMode(target: ModeTarget): string {
  return TARGET_PIDS[target].toString(16);
}

/** The composition a PID the firmware reports stands for ('other' for the rest). */
export function readingOfPid(pid: string): ModeReading {
  return { mode: PID_MODES[pid] ?? 'other', id: pid, command: 'AT+CUSBPIDSWITCH?', via: `AT+CUSBPIDSWITCH? says ${pid}`, pid };
}

/** `+CUSBPIDSWITCH: 9011` -> the RNDIS reading. */
export const CUSBPIDSWITCH_QUERY: VendorQuery<ModeReading> = {
  command: 'AT+CUSBPIDSWITCH?',
  read: (lines) => readingOfPid(hex(parseCusbpidswitchRead(lines))),
};

export const CUSBPIDSWITCH: ModeSwitch = {
  strategy: 'simcom-cusbpidswitch',
  plan(target) {
    const pid = TARGET_PIDS[target];
    return { commands: [buildCusbpidswitchWrite(pid)], expect: pid.toString(16), usbPid: pid };
  },
};

export const CUSBCFG: ModeSwitch = {
  strategy: 'simcom-cusbcfg',
  plan(target) {
    const pid = TARGET_PIDS[target];
    return { commands: [`AT+CUSBCFG=usbid,1e0e,${pid.toString(16)}`, 'AT+CFUN=1,1'], expect: pid.toString(16), usbPid: pid };
  },
};

export const CUSBSELNV = unsupportedSwitch('simcom-cusbselnv', "the AT+CUSBSELNV values are not in simhat's sources");
