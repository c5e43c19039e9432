// How to change the USB composition, per strategy of the device catalog (issue 6, sim7600.md §1/§2):
// SIMCom SIM7600 `AT+CUSBPIDSWITCH=<pid>,1,1` (resets itself, only if the PID changes);
// SIM8200 `AT+CUSBCFG=usbid,1e0e,<pid>` then `AT+CFUN=1,1`; Quectel `AT+QCFG="usbnet",<n>` then a
// reset (the PID stays the same). Only compositions that keep an AT port are ever offered.
import { buildCusbpidswitchWrite } from '../at/commands/power.js';
import type { ModeSwitchStrategy } from '../devices/types.js';

export type ModeTarget = 'rndis' | 'ecm' | 'qmi';
export const MODE_TARGETS: readonly ModeTarget[] = ['rndis', 'ecm', 'qmi'];

/** SIMCom PIDs per composition (vendor manual §4.23); all three keep the AT port. */
const SIMCOM_PIDS: Record<ModeTarget, number> = { rndis: 0x9011, ecm: 0x9018, qmi: 0x9001 };
/** Quectel AT+QCFG="usbnet" values (sim7600.md §1). */
const QUECTEL_USBNET: Record<ModeTarget, number> = { qmi: 0, ecm: 1, rndis: 3 };

export interface SwitchPlan {
  /** Commands in order; the last one makes the module reset. */
  commands: string[];
  /** What the device should look like afterwards, e.g. "1e0e:9011" or "2c7c:0125 usbnet 3". */
  expect: { pid: string | null; usbnet: number | null };
}

export class UnsupportedSwitch extends Error {
  override name = 'UnsupportedSwitch';
}

export function planSwitch(strategy: ModeSwitchStrategy, target: ModeTarget): SwitchPlan {
  switch (strategy) {
    case 'simcom-cusbpidswitch': {
      const pid = SIMCOM_PIDS[target];
      return { commands: [buildCusbpidswitchWrite(pid)], expect: { pid: pid.toString(16), usbnet: null } };
    }
    case 'simcom-cusbcfg': {
      const pid = SIMCOM_PIDS[target].toString(16);
      return { commands: [`AT+CUSBCFG=usbid,1e0e,${pid}`, 'AT+CFUN=1,1'], expect: { pid, usbnet: null } };
    }
    case 'quectel-qcfg-usbnet': {
      const n = QUECTEL_USBNET[target];
      return { commands: [`AT+QCFG="usbnet",${n}`, 'AT+CFUN=1,1'], expect: { pid: null, usbnet: n } };
    }
    default:
      throw new UnsupportedSwitch(`simhat cannot change the USB composition of this modem (strategy ${strategy}); use the vendor's tool.`);
  }
}

/** The composition a SIMCom PID stands for, null when none of the targets. */
export function modeOfSimcomPid(pid: string): ModeTarget | null {
  const n = Number.parseInt(pid, 16);
  return (Object.keys(SIMCOM_PIDS) as ModeTarget[]).find((k) => SIMCOM_PIDS[k] === n) ?? null;
}

export function pidOfMode(target: ModeTarget): string {
  return SIMCOM_PIDS[target].toString(16);
}

/** `+QCFG: "usbnet",3` -> 3. */
export function parseQcfgUsbnet(lines: readonly string[]): number | null {
  for (const l of lines) {
    const m = /^\+QCFG:\s*"usbnet",\s*(\d)/i.exec(l.trim());
    if (m) return Number(m[1]);
  }
  return null;
}

export function modeOfUsbnet(n: number): ModeTarget | null {
  return (Object.keys(QUECTEL_USBNET) as ModeTarget[]).find((k) => QUECTEL_USBNET[k] === n) ?? null;
}
