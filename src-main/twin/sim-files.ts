// The twin's answers to the SIM identity commands (issue 13): AT+CSPN? and AT+CRSM READ BINARY of
// EF_GID1, EF_AD and EF_SPN, shaped as a SIM7600 prints them (`+CSPN: "<spn>",<display mode>`,
// `+CRSM: <sw1>,<sw2>,"<hex>"`, shared/data/README.md). Pure over TwinState; at-commands/sim.ts turns an
// answer into lines or a final result.
import type { Param } from './at-syntax.js';
import type { TwinState } from './state.js';

export type SimFileAnswer = { kind: 'lines'; lines: string[] } | { kind: 'cme'; code: number } | { kind: 'syntax' };

const EF_GID1 = 28478;
const EF_AD = 28589;
const EF_SPN = 28486;

/** The SIM must be readable: no card 10, busy after boot 14, PIN 11, PUK 12 (27.007 §9.2). */
function simProblem(s: TwinState): SimFileAnswer | undefined {
  if (s.sim.status === 'absent') return { kind: 'cme', code: 10 };
  if (s.runtime.simBusy) return { kind: 'cme', code: 14 };
  if (s.sim.status === 'pin') return { kind: 'cme', code: 11 };
  if (s.sim.status === 'puk') return { kind: 'cme', code: 12 };
  return undefined;
}

/** AT+CSPN? -> `+CSPN: "<name>",0`; a SIM without a name gives an empty one. */
export function cspnAnswer(kind: 'exec' | 'read' | 'write' | 'test', s: TwinState): SimFileAnswer {
  if (s.identity.cspn === false) return { kind: 'syntax' };
  if (kind === 'test') return { kind: 'lines', lines: [] };
  if (kind !== 'read') return { kind: 'syntax' };
  return simProblem(s) ?? { kind: 'lines', lines: [`+CSPN: "${s.sim.spn ?? ''}",0`] };
}

/** EF_SPN as stored (TS 51.011 §10.3.11): display byte, then the name (ASCII = GSM 7-bit for letters and digits), FF-padded to 17 bytes. */
function efSpnHex(spn: string): string {
  const bytes = [0, ...[...spn.slice(0, 16)].map((ch) => ch.charCodeAt(0) & 0x7f)];
  while (bytes.length < 17) bytes.push(0xff);
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
}

function fileHex(s: TwinState, fileId: number): string | undefined {
  if (fileId === EF_GID1) return s.sim.gid1;
  if (fileId === EF_AD) return s.sim.efAd;
  if (fileId === EF_SPN) return s.sim.spn === undefined ? undefined : efSpnHex(s.sim.spn);
  return undefined;
}

/**
 * AT+CRSM=176,<fileid>,<p1>,<p2>,<p3>: READ BINARY, p3 = 0 reads the whole file. A file the SIM
 * lacks is `+CRSM: 106,130` (6A 82); commands other than READ BINARY are `+CRSM: 109,0` (6D 00,
 * instruction not supported). Firmware without the command (identity.crsm false) says ERROR.
 */
export function crsmAnswer(kind: 'exec' | 'read' | 'write' | 'test', params: readonly Param[], s: TwinState): SimFileAnswer {
  if (s.identity.crsm === false) return { kind: 'syntax' };
  if (kind === 'test') return { kind: 'lines', lines: [] };
  if (kind !== 'write') return { kind: 'syntax' };
  const nums = params.map((p: Param | undefined) => (!p || p.quoted || !/^\d{1,5}$/.test(p.value) ? NaN : Number(p.value)));
  const [command, fileId, , , length = 0] = nums;
  if (command === undefined || Number.isNaN(command) || nums.slice(0, 5).some((n) => Number.isNaN(n))) return { kind: 'syntax' };
  const problem = simProblem(s);
  if (problem) return problem;
  if (command !== 176) return { kind: 'lines', lines: ['+CRSM: 109,0'] };
  const hex = fileId === undefined ? undefined : fileHex(s, fileId);
  if (hex === undefined) return { kind: 'lines', lines: ['+CRSM: 106,130'] };
  const data = length > 0 ? hex.slice(0, length * 2) : hex;
  return { kind: 'lines', lines: [`+CRSM: 144,0,"${data}"`] };
}
