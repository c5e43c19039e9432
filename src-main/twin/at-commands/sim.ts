// The twin's SIM commands (issue 2; SIM identity issue 13): +CIMI, +CICCID, +CPIN (PIN and PUK with
// their attempt counters), +SPIC, and +CSPN / +CRSM answered from ../sim-files.ts.
import { crsmAnswer, cspnAnswer, type SimFileAnswer } from '../sim-files.js';
import { CmeError, only, requireSim, SyntaxError_, type Handler } from './handler.js';

function simFile(answer: SimFileAnswer, out: string[]): void {
  if (answer.kind === 'cme') throw new CmeError(answer.code);
  if (answer.kind === 'syntax') throw new SyntaxError_('sim-file');
  out.push(...answer.lines);
}

/** The SIM card. */
export const SIM_COMMANDS: ReadonlyArray<readonly [string, Handler]> = [
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
  // SIM identity (issue 13): the answers come from ../sim-files.ts.
  ['+CSPN', (cmd, s, out) => simFile(cspnAnswer(cmd.kind, s), out)],
  ['+CRSM', (cmd, s, out) => simFile(crsmAnswer(cmd.kind, cmd.params, s), out)],
];
