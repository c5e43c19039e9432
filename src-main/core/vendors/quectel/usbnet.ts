// Quectel keeps one PID per model across its network functions: AT+QCFG="usbnet",<n> chooses the
// function (0 QMI, 1 ECM, 2 MBIM, 3 RNDIS; sim7600.md §1) and takes effect after a reset.
import type { ModeReading, ModeSwitch, ModeTarget, UsbMode, VendorQuery } from '../profile.js';

const USBNET_TARGETS: Record<ModeTarget, number> = { qmi: 0, ecm: 1, rndis: 3 };
const USBNET_MODES: Record<number, UsbMode> = { 0: 'qmi', 1: 'ecm', 2: 'mbim', 3: 'rndis' };

/** `+QCFG: "usbnet",3` -> 3. */
export function parseQcfgUsbnet(lines: readonly string[]): number | null {
  for (const l of lines) {
    const m = /^\+QCFG:\s*"usbnet",\s*(\d)/i.exec(l.trim());
    if (m) return Number(m[1]);
  }
  return null;
}

/** The switch target a usbnet value stands for; null for MBIM (2) and unknown values. */
export function modeOfUsbnet(n: number): ModeTarget | null {
  return (Object.keys(USBNET_TARGETS) as ModeTarget[]).find((k) => USBNET_TARGETS[k] === n) ?? null;
}

export function readingOfUsbnet(n: number): ModeReading {
  return { mode: USBNET_MODES[n] ?? 'other', id: `usbnet ${n}`, command: 'AT+QCFG="usbnet"', via: `AT+QCFG="usbnet" says ${n}`, usbnet: n };
}

export const USBNET_QUERY: VendorQuery<ModeReading> = {
  command: 'AT+QCFG="usbnet"',
  read(lines) {
    const n = parseQcfgUsbnet(lines);
    return n === null ? null : readingOfUsbnet(n);
  },
};

export const QCFG_USBNET: ModeSwitch = {
  strategy: 'quectel-qcfg-usbnet',
  plan(target) {
    const n = USBNET_TARGETS[target];
    return { commands: [`AT+QCFG="usbnet",${n}`, 'AT+CFUN=1,1'], expect: `usbnet ${n}`, usbPid: null };
  },
};
