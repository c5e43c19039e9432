// Device catalog as data: per VID:PID the composition, the role and expected driver of each interface,
// and the vendor profile (core/vendors) that knows the rest: the families and their mode switch,
// the APN contexts, the vendor queries. Sources: sim7600.md §1 (vendor manual §4.23, Linux
// option.c / qmi_wwan.c / rndis_host.c, ModemManager rules) and transcripts.md T-5, T-6, T-12, T-25.
// A PID is not a model (sim7600.md §1): `families` lists every family seen on a PID, the first is the
// guess until AT+CGMM confirms (see identity.ts).
import { VENDOR_PROFILES, familyOfUsbStrings, isModemVid, profileById, type VendorId } from '../vendors/index.js';
import { VID_QUECTEL } from '../vendors/quectel/index.js';
import { VID_SIMCOM } from '../vendors/simcom/index.js';
import { VID_TELIT } from '../vendors/telit/index.js';
import type { UsbMode } from '../vendors/profile.js';
import type { Composition, InterfaceRole, ModeSwitchStrategy, ModemFamily } from './types.js';

export { VID_QUECTEL, VID_SIMCOM, VID_TELIT };

export interface InterfaceSpec {
  role: InterfaceRole;
  /** Drivers that are right for this interface (first = the usual one). Empty: none expected. */
  drivers: string[];
}

/** One catalog row as written: the APN contexts are the profile's to decide (CompositionSpec). */
export interface CompositionRow {
  vid: number;
  pid: number;
  /** The vendor profile that knows this device (core/vendors). */
  profile: VendorId;
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
  /** Known quirks, turned into warnings when they apply (see describe.ts). */
  quirks?: CompositionQuirk[];
}

export interface CompositionSpec extends CompositionRow {
  /** PDP contexts the APN must be written to: the profile's rule for the row's first family and mode. */
  apnContexts: number[];
}

export type CompositionQuirk =
  /** Mainline option.c has no entry for this PID: serial ports vanish unless new_id is written (sim7600.md §1, 9018). */
  'needs-new-id';

export interface FamilySpec {
  family: ModemFamily;
  vendor: VendorId;
  label: string;
  strategy: ModeSwitchStrategy;
  /** Matches the AT+CGMM / ATI model string (after upper-casing and stripping "SIMCOM_"). */
  model: RegExp;
  /** Matches the USB strings "<manufacturer>|<product>" when they name the family. */
  usbStrings?: RegExp;
}

/** Every family of every vendor profile, flattened (the profiles own them: core/vendors/<vendor>/families.ts). */
export const FAMILIES: readonly FamilySpec[] = VENDOR_PROFILES.flatMap((p) =>
  p.families.map((f): FamilySpec => ({ family: f.family, vendor: p.id, label: f.label, strategy: f.modeSwitch.strategy, model: f.model, ...('usbStrings' in f ? { usbStrings: f.usbStrings } : {}) })),
);

/** The composition in the profile's words ('serial' has no network function; 'unknown' is not known). */
export function usbModeOfComposition(mode: Composition): UsbMode | null {
  return mode === 'unknown' ? null : mode === 'serial' ? 'other' : mode;
}

/** A row with its APN contexts from its vendor profile (issue 10: one rule, the profile's). */
function withContexts(row: CompositionRow): CompositionSpec {
  const profile = profileById(row.profile);
  if (!profile) throw new Error(`catalog row ${row.vid.toString(16)}:${row.pid.toString(16)} names no known profile (${row.profile})`);
  return { ...row, apnContexts: profile.apnContexts(row.families[0], usbModeOfComposition(row.mode)) };
}

const SERIAL = ['option'];
// 9018 ports only appear through usbserial generic + new_id (sim7600.md §1), so both are right there.
const SERIAL_9018 = ['option', 'usbserial_generic', 'generic'];
const QMI = ['qmi_wwan', 'simcom_wwan', 'qmi_wwan_simcom']; // T-12, SIM8230C thread: vendor drivers on the rmnet interface are fine too
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
function quectel(pid: number, family: ModemFamily): CompositionRow[] {
  const serial = { 0: r('diag', SERIAL), 1: r('nmea', SERIAL), 2: at(), 3: r('ppp', SERIAL) };
  const hex = pid.toString(16).padStart(4, '0');
  const base = { vid: VID_QUECTEL, pid, profile: 'quectel' as const, families: [family], keepsAtPort: true };
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

const ROWS: readonly CompositionRow[] = [
  {
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9001,
    mode: 'qmi',
    name: 'QMI (9001: Diag, NMEA, AT, Modem, Audio, RmNet)',
    families: ['sim7600', 'sim7100', 'sim7000', 'sim8200'],
    interfaces: { ...simcomSerialBlock(), 5: r('net-data', QMI) },
    keepsAtPort: true,
  },
  {
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9011,
    mode: 'rndis',
    name: 'RNDIS (9011: RNDIS, Diag, NMEA, AT, Modem, Audio)',
    families: ['sim7600', 'sim8200', 'a76xx'],
    signature: { 0: '02/02/ff' },
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
  },
  {
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9018,
    mode: 'ecm',
    name: 'ECM (9018: Diag, NMEA, AT, Modem, Audio, ECM)',
    families: ['sim7600'],
    interfaces: { ...simcomSerialBlock(SERIAL_9018), 5: r('net-control', ECM), 6: r('net-data', ECM) },
    keepsAtPort: true,
    quirks: ['needs-new-id'],
  },
  {
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9003,
    mode: 'mbim',
    name: 'MBIM (9003: Diag, NMEA, AT, Modem, Audio, MBIM)',
    families: ['sim7600'],
    interfaces: { ...simcomSerialBlock(), 5: r('net-control', MBIM), 6: r('net-data', MBIM) },
    keepsAtPort: true,
  },
  ...SIM7600_PIDS_WITHOUT_AT.map(
    (pid): CompositionRow => ({
      vid: VID_SIMCOM,
      profile: 'simcom',
      pid,
      mode: 'unknown',
      name: `${pid.toString(16)} (no AT port)`,
      families: ['sim7600'],
      interfaces: {},
      keepsAtPort: false,
    }),
  ),
  {
    // T-6: four option ports (AT on if2) + ECM on if4/if5.
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9205,
    mode: 'ecm',
    name: 'ECM (9205: 4 serial + ECM)',
    families: ['sim7080'],
    interfaces: { 0: r('diag', SERIAL), 1: r('unknown', SERIAL), 2: at(), 3: r('unknown', SERIAL), 4: r('net-control', ECM), 5: r('net-data', ECM) },
    keepsAtPort: true,
  },
  {
    // option.c lists 9206 as the AT-only mode of SIM7070/7080/7090.
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9206,
    mode: 'serial',
    name: 'Serial only (9206)',
    families: ['sim7080'],
    interfaces: { 0: r('diag', SERIAL), 1: r('unknown', SERIAL), 2: at(), 3: r('unknown', SERIAL) },
    keepsAtPort: true,
  },
  ...sim82xxCompositions(),
  ...quectel(0x0125, 'ec25'),
  ...quectel(0x0121, 'ec21'),
  ...quectel(0x0191, 'eg91'),
  ...quectel(0x0195, 'eg95'),
  ...quectel(0x0296, 'bg96'),
  ...quectel(0x0306, 'ep06'),
  // RM500Q-AE in QMI mode: if0 ff/ff/30 DM, if1 NMEA, if2 AT, if3 modem, if4 ff/ff/ff qmi_wwan
  // (Linux commit 06f22cd6635b "add Quectel RM500Q R13 firmware support", usb-devices in its message).
  ...quectel(0x0800, 'rm50x'),
  ...quectel(0x0801, 'rm520'),
  ...telitLe910cx(),
];

export const COMPOSITIONS: readonly CompositionSpec[] = ROWS.map(withContexts);

/**
 * A7670E/A7672 on 9011 with an ECM (cdc_ether) network function instead of RNDIS (issue 12): kernel log
 * "cdc_ether 1-2.1:1.0 usb0: register" and "option 1-2.1:1.2: GSM modem (1-port) converter detected",
 * USB product "A76XX Series LTE Module" (journalctl of an A7670E, a public write-up). if2..if5 are
 * option ports; the AT port used by a public A7672 USB host driver is if4 ("cmd1", REG_DEV a7672x).
 * The port that answers AT is confirmed by probing (identify-probe.ts).
 */
function A76XX_9011_ECM(): CompositionRow {
  return {
    vid: VID_SIMCOM,
    profile: 'simcom',
    pid: 0x9011,
    mode: 'ecm',
    name: 'ECM (9011, A76xx: CDC Ethernet, Diag, AT)',
    families: ['a76xx'],
    signature: { 0: '02/06/00' },
    interfaces: { 0: r('net-control', ECM), 1: r('net-data', ECM), 2: r('diag', SERIAL), 3: r('unknown', SERIAL), 4: at(), 5: r('unknown', SERIAL) },
    keepsAtPort: true,
  };
}

/**
 * SIM82xx 5G. SIM8262E-M2: AT+CUSBCFG=? lists 9001, 9003, 9011, 901e; 9001 is the default and 901e
 * (MBIM only) has no tty at all (StackOverflow 75840041, transcripts T-23). SIM8230C (SDX35), from the
 * usb-devices listings of Linux commit 0b39b055b5b4 and the linux-usb thread "add SIMCom 8230C
 * compositions": 9071 DM + NMEA + AT (if2) + rmnet (if3) + ADB; 9078 DM + NMEA + AT + ECM (if3/if4)
 * + ADB; 907b RNDIS (if0/if1) + DM + NMEA + AT (if4) + ADB.
 */
function sim82xxCompositions(): CompositionRow[] {
  const base = { vid: VID_SIMCOM, profile: 'simcom' as const, families: ['sim8200'] as ModemFamily[], keepsAtPort: true };
  return [
    { ...base, pid: 0x901e, mode: 'mbim', name: 'MBIM only (901e: no AT port)', interfaces: {}, keepsAtPort: false },
    { ...base, pid: 0x9071, mode: 'qmi', name: 'QMI (9071: DM, NMEA, AT, rmnet)', interfaces: { 0: r('diag', SERIAL), 1: r('nmea', SERIAL), 2: at(), 3: r('net-data', QMI), 4: r('adb', []) } },
    {
      ...base,
      pid: 0x9078,
      mode: 'ecm',
      name: 'ECM (9078: DM, NMEA, AT, ECM)',
      interfaces: { 0: r('diag', SERIAL), 1: r('nmea', SERIAL), 2: at(), 3: r('net-control', ECM), 4: r('net-data', ECM), 5: r('adb', []) },
    },
    {
      ...base,
      pid: 0x907b,
      mode: 'rndis',
      name: 'RNDIS (907b: RNDIS, DM, NMEA, AT)',
      interfaces: { 0: r('net-control', RNDIS), 1: r('net-data', RNDIS), 2: r('diag', SERIAL), 3: r('nmea', SERIAL), 4: at(), 5: r('adb', []) },
    },
  ];
}

/**
 * Telit LE910Cx (issue 10: the third vendor, from public sources only).
 * - 0x1201, its default composition: option.c `TELIT_PRODUCT_LE910 0x1201` NCTRL(0) | RSVD(1) | RSVD(2);
 *   qmi_wwan.c `QMI_QUIRK_SET_DTR(0x1bc7, 0x1201, 2)`; ModemManager 77-mm-telit-port-types.rules
 *   "LE910C1 with default usb cfg": if0 QCDM, if3 GPS, if4 AT primary, if5 AT secondary, if6 ignored.
 * - 0x1251 RNDIS, 0x1253 ECM, 0x1255 serial only: usb-devices listings of an LE910C1-EU in the Linux patch
 *   "USB: serial: option: add Telit Cinterion LE910Cx compositions" (2026): "RNDIS + tty (AT/NMEA) +
 *   tty (AT) + tty (AT) + tty (SAP)"; 0x1252 MBIM (AT#USBCFG=7, commit 8af4274ab599): "MBIM +
 *   tty(NMEA) + tty(MODEM) + tty(MODEM) + SAP". The AT interface is the first one named plain AT/MODEM.
 */
function telitLe910cx(): CompositionRow[] {
  const base = { vid: VID_TELIT, profile: 'telit' as const, families: ['le910cx'] as ModemFamily[], keepsAtPort: true };
  const ttys = (first: number) => ({ [first]: r('nmea', SERIAL), [first + 1]: at(), [first + 2]: r('unknown', SERIAL), [first + 3]: r('unknown', SERIAL) });
  return [
    {
      ...base,
      pid: 0x1201,
      mode: 'qmi',
      name: 'QMI (1201: DIAG, rmnet, NMEA, AT, AT, SAP)',
      interfaces: { 0: r('diag', SERIAL), 1: r('unknown', []), 2: r('net-data', ['qmi_wwan']), 3: r('nmea', SERIAL), 4: at(), 5: r('unknown', SERIAL), 6: r('unknown', SERIAL) },
    },
    { ...base, pid: 0x1251, mode: 'rndis', name: 'RNDIS (1251: RNDIS, AT/NMEA, AT, AT, SAP)', interfaces: { 0: r('net-control', RNDIS), 1: r('net-data', RNDIS), ...ttys(2) } },
    { ...base, pid: 0x1252, mode: 'mbim', name: 'MBIM (1252: MBIM, NMEA, AT, AT, SAP)', interfaces: { 0: r('net-control', MBIM), 1: r('net-data', MBIM), ...ttys(2) } },
    { ...base, pid: 0x1253, mode: 'ecm', name: 'ECM (1253: ECM, AT/NMEA, AT, AT, SAP)', interfaces: { 0: r('net-control', ECM), 1: r('net-data', ECM), ...ttys(2) } },
    { ...base, pid: 0x1255, mode: 'serial', name: 'Serial only (1255: AT/NMEA, AT, AT, SAP)', interfaces: ttys(0) },
  ];
}

/**
 * Other layouts a PID can carry that belong to a family not first on that PID (the A76xx on 9011 with
 * ECM): chosen by signature and USB strings only, never listed as the PID's own compositions.
 */
export const ALTERNATE_LAYOUTS: readonly CompositionSpec[] = [withContexts(A76XX_9011_ECM())];

/** Every layout to choose from for this VID:PID: its compositions, then the alternates. */
export function layoutsFor(vid: number, pid: number): CompositionSpec[] {
  return [...compositionsFor(vid, pid), ...ALTERNATE_LAYOUTS.filter((c) => c.vid === vid && c.pid === pid)];
}

/** Known PIDs whose interfaces are not mapped: their option/ACM ports are probed for AT (issue 12). */
export const PROBE_FOR_AT: readonly { vid: number; pid: number; families: ModemFamily[] }[] = [{ vid: VID_QUECTEL, pid: 0x0900, families: ['rm500u'] }];

/**
 * The A76xx look-alike on 9011 has another interface layout (sim7600.md §1). Which serial interface
 * carries AT is not in our sources, so only RNDIS is mapped; the AT port is whichever answers AT+CGMM.
 */
export const A76XX_9011: CompositionSpec = withContexts({
  vid: VID_SIMCOM,
  pid: 0x9011,
  profile: 'simcom',
  mode: 'rndis',
  name: 'RNDIS (9011, A76xx layout)',
  families: ['a76xx'],
  interfaces: { 0: r('net-control', RNDIS), 1: r('net-data', RNDIS) },
  keepsAtPort: true,
});

/**
 * Families with their own interface layout on a PID whose row describes another family (sim7600.md
 * §1: the A76xx look-alike on 9011). Detection switches to it once the USB strings or AT+CGMM name the
 * family, instead of testing for that family by name.
 */
const FAMILY_LAYOUTS: readonly CompositionSpec[] = [A76XX_9011];

/** The family's own layout on this VID:PID (in this mode, when given), if it has one. */
export function familyLayout(vid: number, pid: number, mode: Composition | null, family: ModemFamily): CompositionSpec | undefined {
  return FAMILY_LAYOUTS.find((c) => c.vid === vid && c.pid === pid && c.families.includes(family) && (mode === null || c.mode === mode));
}

/** The family the USB strings name, when they name one (A76xx, SIM82xx); undefined otherwise. */
export function familyFromUsbStrings(manufacturer: string | undefined, product: string | undefined): ModemFamily | undefined {
  return familyOfUsbStrings(manufacturer, product)?.family.family as ModemFamily | undefined;
}

export function familySpec(family: ModemFamily): FamilySpec | undefined {
  return FAMILIES.find((f) => f.family === family);
}

/** A USB vendor id of a vendor profile (core/vendors/index.ts). */
export function isModemVendor(vid: number): boolean {
  return isModemVid(vid);
}

/** The catalog knows this quirk for this VID:PID (e.g. 9018 needs new_id). */
export function hasQuirk(vid: number, pid: number, quirk: CompositionQuirk): boolean {
  return layoutsFor(vid, pid).some((c) => c.quirks?.includes(quirk));
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
