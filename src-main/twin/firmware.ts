// The twin's AT firmware: one command line in, the exact SIMCom answer out (formats from
// shared/docs/transcripts.md and sim7600.md). Pure over TwinState: no timers and no IO. What needs
// time or the USB bus (resets, radio search, the slow AT+COPS=? scan, AUTOCSQ) comes back as
// `effects` for the Twin (./twin.ts) to carry out.
import { intParam, parseCommandLine, type Param, type ParsedCommand } from './at-syntax.js';
import { crsmAnswer, cspnAnswer, type SimFileAnswer } from './sim-files.js';
import {
  MAX_CID,
  USB_PIDS,
  ZERO_V4,
  ZERO_V6,
  actOf,
  activationRefusal,
  currentRat,
  currentRssi,
  ipv4Of,
  ipv6Of,
  isRegistered,
  registrationStat,
  settleNetwork,
  type PdpType,
  type TwinState,
  type UsbPid,
} from './state.js';

export type ResetReason = 'creset' | 'cfun' | 'pid-switch';

export type Effect =
  /** Answer first, then the module reboots (the port vanishes). */
  | { kind: 'reset'; reason: ResetReason }
  /** CFUN changed: the radio goes off, or starts searching. */
  | { kind: 'radio' }
  /** A correct PIN/PUK was entered: the SIM finishes starting (SMS DONE, PB DONE follow). */
  | { kind: 'sim-unlocked' }
  /** AUTOCSQ changed. */
  | { kind: 'autocsq' }
  /** The answer takes a network scan (AT+COPS=?): the twin delays it. */
  | { kind: 'slow'; what: 'cops-scan' };

export interface FirmwareResult {
  /** Information lines in order (no framing). */
  lines: string[];
  /** The final result line: OK, ERROR or +CME ERROR: ... */
  final: string;
  effects: Effect[];
}

/** 27.007 §9.2 texts of the codes the twin raises (AT+CMEE=2 prints them verbatim, T-13). */
const CME_TEXT: Readonly<Record<number, string>> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  14: 'SIM busy',
  16: 'incorrect password',
  30: 'no network service',
  50: 'incorrect parameters',
  100: 'unknown',
  148: 'unspecified GPRS error',
  149: 'PDP authentication failure',
};

class CmeError extends Error {
  constructor(readonly code: number) {
    super(CME_TEXT[code] ?? 'unknown');
  }
}
/** Plain ERROR: a syntax the firmware does not know (unknown command, malformed parameters). */
class SyntaxError_ extends Error {}

/** Formats +CME ERROR per AT+CMEE (0 plain ERROR, 1 numeric, 2 verbose). */
export function cmeLine(cmee: 0 | 1 | 2, code: number): string {
  if (cmee === 0) return 'ERROR';
  if (cmee === 1) return `+CME ERROR: ${code}`;
  return `+CME ERROR: ${CME_TEXT[code] ?? 'unknown'}`;
}

/**
 * Frames an answer the way the module puts it on the wire: `\r\n<line>\r\n` for the information
 * block (lines back to back, as in T-13's +CGDCONT table), then `\r\n<final>\r\n`.
 */
export function frameResponse(lines: readonly string[], final: string): string {
  const body = lines.length > 0 ? `\r\n${lines.join('\r\n')}\r\n` : '';
  return `${body}\r\n${final}\r\n`;
}

/** An unsolicited line on the wire (T-32 hex dump: `\r\nRDY\r\n\r\n+CPIN: READY\r\n`). */
export function frameUrc(line: string): string {
  return `\r\n${line}\r\n`;
}

type Handler = (cmd: ParsedCommand, s: TwinState, out: string[], effects: Effect[]) => void;

/**
 * Runs one command line (without its CR) against the state, mutating it. Returns undefined for
 * a line that does not start with AT: the module ignores it (no answer).
 */
export function executeLine(s: TwinState, line: string): FirmwareResult | undefined {
  const trimmed = line.trim();
  if (!/^AT/i.test(trimmed)) return undefined;
  const effects: Effect[] = [];
  const lines: string[] = [];
  const commands = parseCommandLine(trimmed);
  if (!commands) return { lines: [], final: 'ERROR', effects };
  for (const cmd of commands) {
    const handler = HANDLERS.get(cmd.name);
    try {
      if (!handler) throw new SyntaxError_(cmd.name);
      handler(cmd, s, lines, effects);
    } catch (err) {
      settleNetwork(s);
      // A failed command ends the line: later commands are not run (V.250 §5.3).
      if (err instanceof CmeError) return { lines, final: cmeLine(s.runtime.cmee, err.code), effects };
      if (err instanceof SyntaxError_) return { lines, final: 'ERROR', effects };
      throw err;
    }
  }
  settleNetwork(s);
  return { lines, final: 'OK', effects };
}

// ---- helpers -------------------------------------------------------------------------------

function only(cmd: ParsedCommand, ...kinds: ParsedCommand['kind'][]): void {
  if (!kinds.includes(cmd.kind)) throw new SyntaxError_(cmd.name);
}

function int(p: Param | undefined, min: number, max: number): number {
  const n = intParam(p, min, max);
  if (n === undefined) throw new SyntaxError_('param');
  return n;
}

/** The SIM must be readable (IMSI, ICCID, SPIC...): busy window, absent card, and (optionally) the PIN lock raise the CME code. */
function requireSim(s: TwinState, unlocked: boolean): void {
  if (s.sim.status === 'absent') throw new CmeError(10);
  if (s.runtime.simBusy) throw new CmeError(14);
  if (unlocked && s.sim.status === 'pin') throw new CmeError(11);
  if (unlocked && s.sim.status === 'puk') throw new CmeError(12);
}

function hex(n: number, width = 4): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

function regLine(name: '+CREG' | '+CGREG' | '+CEREG', n: 0 | 1 | 2, s: TwinState): string {
  const stat = registrationStat(s);
  const rat = currentRat(s);
  if (n === 2 && (stat === 1 || stat === 5) && rat) {
    return `${name}: ${n},${stat},"${hex(s.network.tac)}","${hex(s.network.cellId, 7)}",${actOf(rat)}`;
  }
  return `${name}: ${n},${stat}`;
}

/** The URC a +CxREG mode prints when the stat changes (27.007 §7.2 / §10.1.19 / §10.1.22). */
export function registrationUrc(name: '+CREG' | '+CGREG' | '+CEREG', n: 0 | 1 | 2, s: TwinState): string | undefined {
  if (n === 0) return undefined;
  const stat = registrationStat(s);
  const rat = currentRat(s);
  if (n === 2 && (stat === 1 || stat === 5) && rat) {
    return `${name}: ${stat},"${hex(s.network.tac)}","${hex(s.network.cellId, 7)}",${actOf(rat)}`;
  }
  return `${name}: ${stat}`;
}

/** +CPSI? per RAT (vendor manual AT+CPSI; LTE line shape from T-13, WCDMA from T-37). */
export function cpsiLine(s: TwinState): string {
  if (s.runtime.cfun !== 1) return '+CPSI: NO SERVICE,Low Power Mode';
  const rat = currentRat(s);
  const stat = registrationStat(s);
  if (!rat || !(stat === 1 || stat === 5 || stat === 3)) return '+CPSI: NO SERVICE,Online';
  const n = s.network;
  const plmn = `${n.mcc}-${n.mnc}`;
  const rssiDbm = -113 + 2 * n.rssi;
  if (rat === 'LTE') {
    // RSRQ, RSRP, RSSI in tenths (T-13: -83,-835,-552 at CSQ 31).
    const rsrp = (rssiDbm - 28) * 10 - 5;
    return `+CPSI: LTE,Online,${plmn},0x${hex(n.tac)},${n.cellId},${n.pci},EUTRAN-BAND${n.band},${n.earfcn},5,5,-83,${rsrp},${rssiDbm * 10},15`;
  }
  if (rat === 'WCDMA') {
    return `+CPSI: WCDMA,Online,${plmn},0x${hex(n.tac)},${n.cellId},WCDMA IMT 2000,279,10663,0,1.5,62,33,52,500`;
  }
  return `+CPSI: GSM,Online,${plmn},0x${hex(n.tac)},${n.cellId},27 EGSM 900,${rssiDbm},2110,42-42`;
}

function cgdcontLine(cid: number, type: PdpType, apn: string, emergency: boolean): string {
  const addr = type === 'IP' ? ZERO_V4 : ZERO_V6;
  return `+CGDCONT: ${cid},"${type}","${apn}","${addr}",0,0,0,${emergency ? 1 : 0}`;
}

function cgpaddrLine(s: TwinState, cid: number): string {
  const ctx = s.nv.contexts.get(cid);
  const active = s.runtime.active.has(cid);
  const v4 = active ? ipv4Of(s, cid) : ZERO_V4;
  const v6 = active ? ipv6Of(cid) : ZERO_V6;
  if (ctx?.type === 'IPV6') return `+CGPADDR: ${cid},${v6}`;
  if (ctx?.type === 'IPV4V6') return `+CGPADDR: ${cid},${v4},${v6}`;
  return `+CGPADDR: ${cid},${v4}`;
}

function activate(s: TwinState, cid: number): void {
  const refusal = activationRefusal(s, cid);
  if (refusal === undefined) {
    s.runtime.active.add(cid);
    return;
  }
  switch (refusal) {
    case 'not-defined':
      throw new CmeError(3);
    case 'not-attached':
      throw new CmeError(30);
    case 'auth-failed':
      throw new CmeError(149);
    case 'apn-rejected':
    case 'cid6-missing':
    case 'network-barred':
      // SIMCom gives no reason for either (sim7600.md §2): the doctor has to look at CGDCONT.
      throw new CmeError(148);
  }
}

const CNMP_MODES = new Set([2, 9, 10, 13, 14, 19, 22, 38, 39, 48, 51, 54, 59, 60, 63, 67, 71]);

// ---- the command table ---------------------------------------------------------------------

const HANDLERS = new Map<string, Handler>([
  [
    'I',
    (cmd, s, out) => {
      if (cmd.value !== undefined && cmd.value !== 0) throw new SyntaxError_('I');
      // Transcripts T-13.
      out.push(
        `Manufacturer: ${s.identity.manufacturer}`,
        `Model: ${s.identity.model}`,
        `Revision: ${s.identity.revision}`,
        `IMEI: ${s.identity.imei}`,
        '+GCAP: +CGSM',
      );
    },
  ],
  [
    'E',
    (cmd, s) => {
      if (cmd.value !== undefined && cmd.value > 1) throw new SyntaxError_('E');
      s.runtime.echo = cmd.value === 1;
    },
  ],
  [
    'Z',
    (_cmd, s) => {
      s.runtime.echo = true;
      s.runtime.cmee = 2;
    },
  ],
  ['&F', (_cmd, s) => {
    s.runtime.echo = true;
    s.runtime.cmee = 2;
  }],
  [
    'V',
    (cmd) => {
      // Only verbose result codes are modelled (V1, the default).
      if (cmd.value !== undefined && cmd.value !== 1) throw new SyntaxError_('V');
    },
  ],
  [
    '+CGMI',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'exec') out.push(s.identity.manufacturer);
    },
  ],
  [
    '+CGMM',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'exec') out.push(s.identity.model);
    },
  ],
  [
    '+CGMR',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'exec') out.push(`+CGMR: ${s.identity.cgmr}`);
    },
  ],
  ['+CGSN', imeiHandler],
  ['+GSN', imeiHandler],
  [
    '+CIMI',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'test') return;
      requireSim(s, true);
      out.push(s.sim.imsi);
    },
  ],
  [
    '+CICCID',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'test') return;
      // The ICCID is readable without the PIN.
      requireSim(s, false);
      out.push(`+ICCID: ${s.sim.iccid}`);
    },
  ],
  [
    '+CPIN',
    (cmd, s, out, effects) => {
      if (cmd.kind === 'test') return;
      if (cmd.kind === 'exec') throw new SyntaxError_('+CPIN');
      requireSim(s, false);
      if (cmd.kind === 'read') {
        out.push(`+CPIN: ${s.sim.status === 'ready' ? 'READY' : s.sim.status === 'pin' ? 'SIM PIN' : 'SIM PUK'}`);
        return;
      }
      const code = cmd.params[0]?.value ?? '';
      if (s.sim.status === 'ready') throw new CmeError(3);
      if (s.sim.status === 'pin') {
        if (code === s.sim.pin) {
          s.sim.status = 'ready';
          s.sim.pinAttempts = 3;
          effects.push({ kind: 'sim-unlocked' });
          return;
        }
        s.sim.pinAttempts = Math.max(0, s.sim.pinAttempts - 1);
        if (s.sim.pinAttempts === 0) s.sim.status = 'puk';
        throw new CmeError(16);
      }
      // PUK state: AT+CPIN="<puk>","<new pin>".
      const newPin = cmd.params[1]?.value;
      if (newPin === undefined || !/^\d{4,8}$/.test(newPin)) throw new CmeError(12);
      if (code === s.sim.puk) {
        s.sim.status = 'ready';
        s.sim.pin = newPin;
        s.sim.pinAttempts = 3;
        s.sim.pukAttempts = 10;
        effects.push({ kind: 'sim-unlocked' });
        return;
      }
      s.sim.pukAttempts = Math.max(0, s.sim.pukAttempts - 1);
      throw new CmeError(16);
    },
  ],
  [
    '+SPIC',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'test') return;
      requireSim(s, false);
      // <pin1>,<puk1>,<pin2>,<puk2> remaining attempts.
      out.push(`+SPIC: ${s.sim.pinAttempts},${s.sim.pukAttempts},3,10`);
    },
  ],
  [
    '+CSQ',
    (cmd, s, out) => {
      only(cmd, 'exec', 'test');
      out.push(cmd.kind === 'test' ? '+CSQ: (0-31,99),(0-7,99)' : `+CSQ: ${currentRssi(s)},99`);
    },
  ],
  [
    '+AUTOCSQ',
    (cmd, s, out, effects) => {
      if (cmd.kind === 'test') out.push('+AUTOCSQ: (0-1),(0-1)');
      else if (cmd.kind === 'read') out.push(`+AUTOCSQ: ${s.runtime.autoCsq.enabled ? 1 : 0},${s.runtime.autoCsq.onChange ? 1 : 0}`);
      else if (cmd.kind === 'write') {
        const auto = int(cmd.params[0], 0, 1);
        const mode = cmd.params[1] ? int(cmd.params[1], 0, 1) : 0;
        s.runtime.autoCsq = { enabled: auto === 1, onChange: mode === 1 };
        effects.push({ kind: 'autocsq' });
      } else throw new SyntaxError_('+AUTOCSQ');
    },
  ],
  ['+CREG', regHandler('+CREG', 'creg')],
  ['+CGREG', regHandler('+CGREG', 'cgreg')],
  ['+CEREG', regHandler('+CEREG', 'cereg')],
  [
    '+COPS',
    (cmd, s, out, effects) => {
      if (cmd.kind === 'read') {
        const rat = currentRat(s);
        out.push(isRegistered(s) && rat ? `+COPS: 0,0,"${s.network.operatorName}",${actOf(rat)}` : '+COPS: 0');
      } else if (cmd.kind === 'test') {
        if (s.runtime.cfun !== 1) throw new CmeError(3);
        effects.push({ kind: 'slow', what: 'cops-scan' });
        const n = s.network;
        const cells =
          n.coverage === 'none'
            ? []
            : (n.rats.map(
                (r) => `(${n.coverage === 'denied' ? 3 : 2},"${n.operatorName}","${n.operatorShortName}","${n.mcc}${n.mnc}",${actOf(r)})`,
              ) as string[]);
        out.push(`+COPS: ${[...cells, '', '(0,1,2,3,4)', '(0,1,2)'].join(',')}`);
      } else if (cmd.kind === 'write') {
        // Automatic selection only; manual selection is not modelled.
        const mode = int(cmd.params[0], 0, 4);
        if (mode !== 0) throw new CmeError(4);
      } else throw new SyntaxError_('+COPS');
    },
  ],
  [
    '+CPSI',
    (cmd, s, out) => {
      only(cmd, 'read', 'test');
      if (cmd.kind === 'read' && !s.runtime.cpsiReady) {
        // The first AT+CPSI? after boot answers a plain ERROR (sim7600.md §2); later ones the real line.
        s.runtime.cpsiReady = true;
        throw new SyntaxError_('+CPSI');
      }
      out.push(cmd.kind === 'test' ? '+CPSI: (0-255)' : cpsiLine(s));
    },
  ],
  [
    '+CFUN',
    (cmd, s, out, effects) => {
      if (cmd.kind === 'read') out.push(`+CFUN: ${s.runtime.cfun}`);
      else if (cmd.kind === 'test') out.push('+CFUN: (0,1,4),(0-1)');
      else if (cmd.kind === 'write') {
        const fun = int(cmd.params[0], 0, 4);
        if (fun !== 0 && fun !== 1 && fun !== 4) throw new CmeError(50);
        const rst = cmd.params[1] ? int(cmd.params[1], 0, 1) : 0;
        // AT+CFUN=1,1 resets the module (sim7600.md §2 Power).
        if (rst === 1) {
          effects.push({ kind: 'reset', reason: 'cfun' });
          return;
        }
        if (s.runtime.cfun !== fun) {
          s.runtime.cfun = fun;
          s.runtime.radio = 'off';
          effects.push({ kind: 'radio' });
        }
      } else throw new SyntaxError_('+CFUN');
    },
  ],
  [
    '+CRESET',
    (cmd, _s, _out, effects) => {
      only(cmd, 'exec', 'test');
      if (cmd.kind === 'exec') effects.push({ kind: 'reset', reason: 'creset' });
    },
  ],
  [
    '+CNMP',
    (cmd, s, out) => {
      if (cmd.kind === 'read') out.push(`+CNMP: ${s.nv.cnmp}`);
      else if (cmd.kind === 'test') out.push(`+CNMP: (${[...CNMP_MODES].join(',')})`);
      else if (cmd.kind === 'write') {
        const mode = int(cmd.params[0], 0, 255);
        if (!CNMP_MODES.has(mode)) throw new SyntaxError_('+CNMP');
        s.nv.cnmp = mode;
      } else throw new SyntaxError_('+CNMP');
    },
  ],
  [
    '+CUSBPIDSWITCH',
    (cmd, s, out, effects) => {
      if (cmd.kind === 'read') out.push(`+CUSBPIDSWITCH: ${s.nv.usbPid}`);
      else if (cmd.kind === 'test') out.push(`+CUSBPIDSWITCH: (${USB_PIDS.join(',')}),(0-1),(0-1)`);
      else if (cmd.kind === 'write') {
        // AT+CUSBPIDSWITCH=<pid>,<reboot>,<reset> (vendor manual §4.23): the PID is stored in NV at
        // once; the module re-enumerates only when the PID changes and reboot is asked for.
        const pid = Number(cmd.params[0]?.value);
        if (!USB_PIDS.includes(pid as UsbPid) || cmd.params[0]?.quoted) throw new SyntaxError_('+CUSBPIDSWITCH');
        const reboot = int(cmd.params[1], 0, 1);
        int(cmd.params[2], 0, 1);
        if (pid === s.nv.usbPid) return;
        s.nv.usbPid = pid as UsbPid;
        if (reboot === 1) effects.push({ kind: 'reset', reason: 'pid-switch' });
      } else throw new SyntaxError_('+CUSBPIDSWITCH');
    },
  ],
  [
    '+CGDCONT',
    (cmd, s, out) => {
      if (cmd.kind === 'read') {
        for (const [cid, c] of [...s.nv.contexts].sort((a, b) => a[0] - b[0])) out.push(cgdcontLine(cid, c.type, c.apn, c.emergency));
      } else if (cmd.kind === 'test') {
        for (const t of ['IP', 'IPV6', 'IPV4V6']) out.push(`+CGDCONT: (1-${MAX_CID}),"${t}",,,(0-2),(0-4),(0-1),(0-1)`);
      } else if (cmd.kind === 'write') {
        const cid = int(cmd.params[0], 1, MAX_CID);
        if (cmd.params.length === 1) {
          // AT+CGDCONT=<cid> deletes the context (27.007 §10.1.1).
          s.nv.contexts.delete(cid);
          s.runtime.active.delete(cid);
          return;
        }
        const type = (cmd.params[1]?.value ?? '').toUpperCase();
        if (type !== 'IP' && type !== 'IPV6' && type !== 'IPV4V6') throw new SyntaxError_('+CGDCONT');
        const apn = cmd.params[2]?.value ?? '';
        if (apn.length > 100 || /[\x00-\x1f]/.test(apn)) throw new CmeError(50);
        s.nv.contexts.set(cid, { type, apn, emergency: cmd.params[7]?.value === '1' });
      } else throw new SyntaxError_('+CGDCONT');
    },
  ],
  [
    '+CGAUTH',
    (cmd, s, out) => {
      if (cmd.kind === 'read') {
        // Read form is user before password: +CGAUTH: <cid>,<type>,<user>,<passwd> (sim7600.md §2).
        for (const cid of [...s.nv.contexts.keys()].sort((a, b) => a - b)) {
          const a = s.nv.auth.get(cid) ?? { type: 0, user: '', password: '' };
          out.push(`+CGAUTH: ${cid},${a.type},"${a.user}","${a.password}"`);
        }
      } else if (cmd.kind === 'test') {
        out.push(`+CGAUTH: (1-${MAX_CID}),(0-3),127,127`);
      } else if (cmd.kind === 'write') {
        // Write form is password before user on SIMCom: AT+CGAUTH=<cid>,<type>,"<passwd>","<user>".
        const cid = int(cmd.params[0], 1, MAX_CID);
        if (cmd.params.length === 1) {
          s.nv.auth.delete(cid);
          return;
        }
        const type = int(cmd.params[1], 0, 3) as 0 | 1 | 2 | 3;
        const password = cmd.params[2]?.value ?? '';
        const user = cmd.params[3]?.value ?? '';
        if (password.length > 127 || user.length > 127) throw new CmeError(50);
        s.nv.auth.set(cid, { type, user, password });
      } else throw new SyntaxError_('+CGAUTH');
    },
  ],
  [
    '+CGACT',
    (cmd, s, out) => {
      if (cmd.kind === 'read') {
        for (const cid of [...s.nv.contexts.keys()].sort((a, b) => a - b)) out.push(`+CGACT: ${cid},${s.runtime.active.has(cid) ? 1 : 0}`);
      } else if (cmd.kind === 'test') {
        out.push('+CGACT: (0,1)');
      } else if (cmd.kind === 'write') {
        const state = int(cmd.params[0], 0, 1);
        const cids =
          cmd.params.length > 1 ? cmd.params.slice(1).map((p) => int(p, 1, MAX_CID)) : [...s.nv.contexts.keys()].sort((a, b) => a - b);
        for (const cid of cids) {
          if (state === 0) s.runtime.active.delete(cid);
          else if (!s.runtime.active.has(cid)) activate(s, cid);
        }
      } else throw new SyntaxError_('+CGACT');
    },
  ],
  [
    '+CGPADDR',
    (cmd, s, out) => {
      if (cmd.kind === 'test') {
        out.push(`+CGPADDR: (${[...s.nv.contexts.keys()].sort((a, b) => a - b).join(',')})`);
      } else if (cmd.kind === 'exec') {
        for (const cid of [...s.nv.contexts.keys()].sort((a, b) => a - b)) out.push(cgpaddrLine(s, cid));
      } else if (cmd.kind === 'write') {
        for (const p of cmd.params) {
          const cid = int(p, 1, MAX_CID);
          if (!s.nv.contexts.has(cid)) throw new CmeError(3);
          out.push(cgpaddrLine(s, cid));
        }
      } else throw new SyntaxError_('+CGPADDR');
    },
  ],
  [
    '+CGATT',
    (cmd, s, out) => {
      if (cmd.kind === 'read') out.push(`+CGATT: ${s.runtime.attached ? 1 : 0}`);
      else if (cmd.kind === 'test') out.push('+CGATT: (0,1)');
      else if (cmd.kind === 'write') {
        const state = int(cmd.params[0], 0, 1);
        if (state === 0) {
          s.runtime.attachWanted = false;
          settleNetwork(s);
          return;
        }
        if (!isRegistered(s)) throw new CmeError(30);
        s.runtime.attachWanted = true;
      } else throw new SyntaxError_('+CGATT');
    },
  ],
  // SIM identity (issue 13): the answers come from ./sim-files.ts.
  ['+CSPN', (cmd, s, out) => simFile(cspnAnswer(cmd.kind, s), out)],
  ['+CRSM', (cmd, s, out) => simFile(crsmAnswer(cmd.kind, cmd.params, s), out)],
  [
    '+CMEE',
    (cmd, s, out) => {
      if (cmd.kind === 'read') out.push(`+CMEE: ${s.runtime.cmee}`);
      else if (cmd.kind === 'test') out.push('+CMEE: (0-2)');
      else if (cmd.kind === 'write') s.runtime.cmee = int(cmd.params[0], 0, 2) as 0 | 1 | 2;
      else throw new SyntaxError_('+CMEE');
    },
  ],
]);

function simFile(answer: SimFileAnswer, out: string[]): void {
  if (answer.kind === 'cme') throw new CmeError(answer.code);
  if (answer.kind === 'syntax') throw new SyntaxError_('sim-file');
  out.push(...answer.lines);
}

function imeiHandler(cmd: ParsedCommand, s: TwinState, out: string[]): void {
  only(cmd, 'exec', 'test');
  if (cmd.kind === 'exec') out.push(s.identity.imei);
}

function regHandler(name: '+CREG' | '+CGREG' | '+CEREG', key: 'creg' | 'cgreg' | 'cereg'): Handler {
  return (cmd, s, out) => {
    if (cmd.kind === 'read') out.push(regLine(name, s.runtime[key], s));
    else if (cmd.kind === 'test') out.push(`${name}: (0-2)`);
    else if (cmd.kind === 'write') s.runtime[key] = (cmd.params[0] ? int(cmd.params[0], 0, 2) : 0) as 0 | 1 | 2;
    else throw new SyntaxError_(name);
  };
}
