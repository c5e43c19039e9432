// The twin's radio and USB commands (issue 2): signal (+CSQ, +AUTOCSQ), registration (+CREG, +CGREG,
// +CEREG), operator (+COPS, the slow scan), +CPSI, functionality and resets (+CFUN, +CRESET), the
// network mode (+CNMP) and the USB composition (+CUSBPIDSWITCH).
import { USB_PIDS, actOf, currentRat, currentRssi, isRegistered, type UsbPid } from '../state.js';
import { cpsiLine, regLine } from './answers.js';
import { CmeError, int, only, SyntaxError_, type Handler } from './handler.js';

const CNMP_MODES = new Set([2, 9, 10, 13, 14, 19, 22, 38, 39, 48, 51, 54, 59, 60, 63, 67, 71]);

function regHandler(name: '+CREG' | '+CGREG' | '+CEREG', key: 'creg' | 'cgreg' | 'cereg'): Handler {
  return (cmd, s, out) => {
    if (cmd.kind === 'read') out.push(regLine(name, s.runtime[key], s));
    else if (cmd.kind === 'test') out.push(`${name}: (0-2)`);
    else if (cmd.kind === 'write') s.runtime[key] = (cmd.params[0] ? int(cmd.params[0], 0, 2) : 0) as 0 | 1 | 2;
    else throw new SyntaxError_(name);
  };
}

/** Radio, registration, resets and the USB composition. */
export const RADIO_COMMANDS: ReadonlyArray<readonly [string, Handler]> = [
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
];
