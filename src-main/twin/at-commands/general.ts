// The twin's identification and V.250 settings commands (issue 2; answers as in transcripts T-13):
// ATI, ATE, ATZ, AT&F, ATV, +CGMI, +CGMM, +CGMR, +CGSN/+GSN, +CMEE.
import type { ParsedCommand } from '../at-syntax.js';
import type { TwinState } from '../state.js';
import { int, only, SyntaxError_, type Handler } from './handler.js';

function imeiHandler(cmd: ParsedCommand, s: TwinState, out: string[]): void {
  only(cmd, 'exec', 'test');
  if (cmd.kind === 'exec') out.push(s.identity.imei);
}

/** Identification and settings. */
export const GENERAL_COMMANDS: ReadonlyArray<readonly [string, Handler]> = [
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
    '+CMEE',
    (cmd, s, out) => {
      if (cmd.kind === 'read') out.push(`+CMEE: ${s.runtime.cmee}`);
      else if (cmd.kind === 'test') out.push('+CMEE: (0-2)');
      else if (cmd.kind === 'write') s.runtime.cmee = int(cmd.params[0], 0, 2) as 0 | 1 | 2;
      else throw new SyntaxError_('+CMEE');
    },
  ],
];
