// Device catalog as data: per VID:PID the composition, the role and expected driver of each interface,
// and per family the mode-switch strategy. Sources: sim7600.md §1 (vendor manual §4.23, Linux
// option.c / qmi_wwan.c / rndis_host.c, ModemManager rules) and transcripts.md T-5, T-6, T-12, T-25.
// A PID is not a model (sim7600.md §1): `families` lists every family seen on a PID, the first is the
// guess until AT+CGMM confirms (see identity.ts).
import type { Composition, InterfaceRole, ModeSwitchStrategy, ModemFamily } from './types.js';

export const VID_SIMCOM = 0x1e0e;
export const VID_QUECTEL = 0x2c7c;

export interface InterfaceSpec {
  role: InterfaceRole;
  /** Drivers that are right for this interface (first = the usual one). Empty: none expected. */
  drivers: string[];
}

export interface CompositionSpec {
  vid: number;
  pid: number;
  mode: Composition;
  /** Human name of the composition, e.g. "RNDIS (9011)". */
  name: string;
  families: ModemFamily[];
  /**
   * Interface number -> class triple "cc/ss/pp" (hex) that must match to pick this variant when one
   * PID carries several layouts (Quectel keeps its PID across AT+QCFG="usbnet" modes).
   */
  signature?: Record<number, string>;
  interfaces: Record<number, InterfaceSpec>;
  /** False for compositions without an AT port: never offer them (sim7600.md §1). */
  keepsAtPort: boolean;
  /** PDP contexts the APN must be written to; default [1]. */
  apnContexts: number[];
  /** Known quirks, turned into warnings when they apply (see describe.ts). */
  quirks?: CompositionQuirk[];
}

export type CompositionQuirk =
  /** Mainline option.c has no entry for this PID: serial ports vanish unless new_id is written (sim7600.md §1, 9018). */
  'needs-new-id';

export interface FamilySpec {
  family: ModemFamily;
  vendor: 'simcom' | 'quectel';
  label: string;
  strategy: ModeSwitchStrategy;
  /** Matches the AT+CGMM / ATI model string (after upper-casing and stripping "SIMCOM_"). */
  model: RegExp;
}

export const FAMILIES: readonly FamilySpec[] = [
  { family: 'sim7600', vendor: 'simcom', label: 'SIMCom SIM7600', strategy: 'simcom-cusbpidswitch', model: /^SIM7[56]\d\d/ },
  { family: 'sim7000', vendor: 'simcom', label: 'SIMCom SIM7000', strategy: 'simcom-cusbpidswitch', model: /^SIM7000/ },
  { family: 'sim7100', vendor: 'simcom', label: 'SIMCom SIM7100', strategy: 'simcom-cusbpidswitch', model: /^SIM7100/ },
  // SIM7070/7080/7090 share the 9205/9206 compositions, switched with AT+CUSBSELNV (sim7600.md §1).
  { family: 'sim7080', vendor: 'simcom', label: 'SIMCom SIM7070/SIM7080/SIM7090', strategy: 'simcom-cusbselnv', model: /^SIM70[789]0/ },
  // 5G: AT+CUSBCFG=usbid,1e0e,<pid> then AT+CFUN=1,1 (sim7600.md §1).
  { family: 'sim8200', vendor: 'simcom', label: 'SIMCom SIM8200/SIM8262', strategy: 'simcom-cusbcfg', model: /^SIM82\d\d/ },
  // ASR-based, RNDIS look-alike on 9011 with another layout and AT+DIALMODE (sim7600.md §1).
  { family: 'a76xx', vendor: 'simcom', label: 'SIMCom A76xx', strategy: 'none', model: /^A76\d\d/ },
  { family: 'ec25', vendor: 'quectel', label: 'Quectel EC25', strategy: 'quectel-qcfg-usbnet', model: /^EC25/ },
  { family: 'ec21', vendor: 'quectel', label: 'Quectel EC21', strategy: 'quectel-qcfg-usbnet', model: /^EC21/ },
  { family: 'eg95', vendor: 'quectel', label: 'Quectel EG95', strategy: 'quectel-qcfg-usbnet', model: /^EG95/ },
  { family: 'bg96', vendor: 'quectel', label: 'Quectel BG96', strategy: 'quectel-qcfg-usbnet', model: /^BG96/ },
  { family: 'ep06', vendor: 'quectel', label: 'Quectel EP06', strategy: 'quectel-qcfg-usbnet', model: /^EP06/ },
];

const SERIAL = ['option'];
// 9018 ports only appear through usbserial generic + new_id (sim7600.md §1), so both are right there.
const SERIAL_9018 = ['option', 'usbserial_generic', 'generic'];
const QMI = ['qmi_wwan', 'simcom_wwan']; // T-12: the vendor simcom_wwan driver on if5 is fine too
const RNDIS = ['rndis_host'];
const ECM = ['cdc_ether'];
const MBIM = ['cdc_mbim'];

const at = (drivers = SERIAL): InterfaceSpec => ({ role: 'at', drivers });
const r = (role: InterfaceRole, drivers: string[]): InterfaceSpec => ({ role, drivers });

/** SIM7600 serial block if0..if4: Diag, NMEA, AT, AT/PPP, Audio (sim7600.md §1, T-11, T-12). */
function simcomSerialBlock(drivers = SERIAL): Record<number, InterfaceSpec> {
  return { 0: r('diag', drivers), 1: r('nmea', drivers), 2: at(drivers), 3: r('ppp', drivers), 4: r('audio', drivers) };
}

const SIM7600_PIDS_WITHOUT_AT = [0x9016, 0x9019, 0x9021, 0x9022, 0x9023, 0x9025, 0x9026, 0x9027, 0x9028, 0x9029];

/** Quectel layouts by AT+QCFG="usbnet" mode; the PID stays the same (sim7600.md §1, T-25, T-27). */
function quectel(pid: number, family: ModemFamily): CompositionSpec[] {
  const serial = { 0: r('diag', SERIAL), 1: r('nmea', SERIAL), 2: at(), 3: r('ppp', SERIAL) };
  const hex = pid.toString(16).padStart(4, '0');
  const base = { vid: VID_QUECTEL, pid, families: [family], keepsAtPort: true, apnContexts: [1] };
  return [
    { ...base, mode: 'qmi', name: `QMI (${hex}, usbnet 0)`, signature: { 4: 'ff/ff/ff' }, interfaces: { ...serial, 4: r('net-data', ['qmi_wwan']) } },
    { ...base, mode: 'ecm', name: `ECM (${hex}, usbnet 1)`, signature: { 4: '02/06/00' }, interfaces: { ...serial, 4: r('net-control', ECM), 5: r('net-data', ECM) } },
    { ...base, mode: 'mbim', name: `MBIM (${hex}, usbnet 2)`, signature: { 4: '02/0e/00' }, interfaces: { ...serial, 4: r('net-control', MBIM), 5: r('net-data', MBIM) } },
    // RNDIS moves AT to if4; the RNDIS control interface is e0/01/03 (reported, sim7600.md §1).
    {
      ...base,
      mode: 'rndis',
      name: `RNDIS (${hex}, usbnet 3)`,
      signature: { 0: 'e0/01/03' },
      interfaces: { 0: r('net-control', RNDIS), 1: r('net-data', RNDIS), 2: r('diag', SERIAL), 3: r('nmea', SERIAL), 4: at(), 5: r('ppp', SERIAL) },
    },
  ];
}

export const COMPOSITIONS: readonly CompositionSpec[] = [
  {
    vid: VID_SIMCOM,
    pid: 0x9001,
    mode: 'qmi',
    name: 'QMI (9001: Diag, NMEA, AT, Modem, Audio, RmNet)',
    families: ['sim7600', 'sim7100', 'sim7000', 'sim8200'],
    interfaces: { ...simcomSerialBlock(), 5: r('net-data', QMI) },
    keepsAtPort: true,
    apnContexts: [1],
  },
  {
    vid: VID_SIMCOM,
    pid: 0x9011,
    mode: 'rndis',
    name: 'RNDIS (9011: RNDIS, Diag, NMEA, AT, Modem, Audio)',
    families: ['sim7600', 'sim8200', 'a76xx'],
    // T-5: if0 02/02/ff + if1 0a/00/00 rndis_host, if2..if6 option, if7 ff/42/01 ADB without driver.
    interfaces: {
      0: r('net-control', RNDIS),
      1: r('net-data', RNDIS),
      2: r('diag', SERIAL),
      3: r('nmea', SERIAL),
      4: at(),
      5: r('ppp', SERIAL),
      6: r('audio', SERIAL),
      7: r('adb', []),
    },
    keepsAtPort: true,
    // RNDIS needs the APN in cid 1 and cid 6 (sim7600.md §2).
    apnContexts: [1, 6],
  },
  {
    vid: VID_SIMCOM,
    pid: 0x9018,
    mode: 'ecm',
    name: 'ECM (9018: Diag, NMEA, AT, Modem, Audio, ECM)',
    families: ['sim7600'],
    interfaces: { ...simcomSerialBlock(SERIAL_9018), 5: r('net-control', ECM), 6: r('net-data', ECM) },
    keepsAtPort: true,
    apnContexts: [1, 6],
    quirks: ['needs-new-id'],
  },
  {
    vid: VID_SIMCOM,
    pid: 0x9003,
    mode: 'mbim',
    name: 'MBIM (9003: Diag, NMEA, AT, Modem, Audio, MBIM)',
    families: ['sim7600'],
    interfaces: { ...simcomSerialBlock(), 5: r('net-control', MBIM), 6: r('net-data', MBIM) },
    keepsAtPort: true,
    apnContexts: [1],
  },
  ...SIM7600_PIDS_WITHOUT_AT.map(
    (pid): CompositionSpec => ({
      vid: VID_SIMCOM,
      pid,
      mode: 'unknown',
      name: `${pid.toString(16)} (no AT port)`,
      families: ['sim7600'],
      interfaces: {},
      keepsAtPort: false,
      apnContexts: [1],
    }),
  ),
  {
    // T-6: four option ports (AT on if2) + ECM on if4/if5.
    vid: VID_SIMCOM,
    pid: 0x9205,
    mode: 'ecm',
    name: 'ECM (9205: 4 serial + ECM)',
    families: ['sim7080'],
    interfaces: { 0: r('diag', SERIAL), 1: r('unknown', SERIAL), 2: at(), 3: r('unknown', SERIAL), 4: r('net-control', ECM), 5: r('net-data', ECM) },
    keepsAtPort: true,
    apnContexts: [1],
  },
  {
    // option.c lists 9206 as the AT-only mode of SIM7070/7080/7090.
    vid: VID_SIMCOM,
    pid: 0x9206,
    mode: 'serial',
    name: 'Serial only (9206)',
    families: ['sim7080'],
    interfaces: { 0: r('diag', SERIAL), 1: r('unknown', SERIAL), 2: at(), 3: r('unknown', SERIAL) },
    keepsAtPort: true,
    apnContexts: [1],
  },
  ...quectel(0x0125, 'ec25'),
  ...quectel(0x0121, 'ec21'),
  ...quectel(0x0195, 'eg95'),
  ...quectel(0x0296, 'bg96'),
  ...quectel(0x0306, 'ep06'),
];

/**
 * The A76xx look-alike on 9011 has another interface layout (sim7600.md §1). Which serial interface
 * carries AT is not in our sources, so only RNDIS is mapped; the AT port is whichever answers AT+CGMM.
 */
export const A76XX_9011: CompositionSpec = {
  vid: VID_SIMCOM,
  pid: 0x9011,
  mode: 'rndis',
  name: 'RNDIS (9011, A76xx layout)',
  families: ['a76xx'],
  interfaces: { 0: r('net-control', RNDIS), 1: r('net-data', RNDIS) },
  keepsAtPort: true,
  apnContexts: [1],
};

export function familySpec(family: ModemFamily): FamilySpec | undefined {
  return FAMILIES.find((f) => f.family === family);
}

export function isModemVendor(vid: number): boolean {
  return vid === VID_SIMCOM || vid === VID_QUECTEL;
}

/** Every catalog composition for this VID:PID (several for Quectel: one per usbnet mode). */
export function compositionsFor(vid: number, pid: number): CompositionSpec[] {
  return COMPOSITIONS.filter((c) => c.vid === vid && c.pid === pid);
}

/** "ff/ff/ff" style key of a class triple. */
export function classKey(t: { class: number; subclass: number; protocol: number }): string {
  const h = (n: number) => n.toString(16).padStart(2, '0');
  return `${h(t.class)}/${h(t.subclass)}/${h(t.protocol)}`;
}
