// The twin's packet-data commands (issue 2): PDP contexts (+CGDCONT), their auth (+CGAUTH, SIMCom
// write order), activation (+CGACT, refused the way the real module refuses), addresses (+CGPADDR) and
// attach (+CGATT).
import { MAX_CID, activationRefusal, isRegistered, settleNetwork, type TwinState } from '../state.js';
import { cgdcontLine, cgpaddrLine } from './answers.js';
import { CmeError, int, SyntaxError_, type Handler } from './handler.js';

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

/** Packet data: contexts, auth, activation, addresses, attach. */
export const PDP_COMMANDS: ReadonlyArray<readonly [string, Handler]> = [
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
];
