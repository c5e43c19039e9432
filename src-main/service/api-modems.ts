// Api methods about modems (issue 10): the list, modems given by their port, the detection view,
// the one status reader, signal history and the AT console.
import type { AtExchange, Params } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { AtError } from '../core/at/errors.js';
import { describeFinal, hintFor } from '../core/at/final-result.js';
import { parseImeiAnswer, parseModelAnswer, refineIdentity } from '../core/devices/identity.js';
import type { ModemDescription } from '../core/devices/types.js';
import { modemIdOf } from './contract-map.js';
import type { Impl, Parts } from './parts.js';

type ModemMethods = Pick<Impl, 'listModems' | 'attachPort' | 'listDevices' | 'getStatus' | 'signalHistory' | 'atSend'>;

/** A command that changes the modem (a write `=` that is not a test `=?`, or an action like ATZ / AT&F). */
function writesModem(command: string): boolean {
  const c = command.trim().toUpperCase();
  if (/=\?$/.test(c)) return false;
  return c.includes('=') || /^AT(Z|&F|&W|\+CRESET|\+CFUN)/.test(c);
}

/** The description refined by what its AT port says (AT+CGMM, AT+CGSN); a warning when it does not answer. */
async function probe(p: Parts, given: ModemDescription): Promise<ModemDescription> {
  const desc = given.atPort ? given : await p.modems.probeAtPort(given);
  if (!desc.atPort || desc.busy) return desc;
  const id = modemIdOf(desc);
  try {
    const engine = await p.sessions.engine(id);
    const cgmm = await engine.send('AT+CGMM', { timeoutMs: 2000, allowError: true });
    const cgsn = await engine.send('AT+CGSN', { timeoutMs: 2000, allowError: true });
    const model = parseModelAnswer(cgmm.lines.join('\r\n'));
    const imei = parseImeiAnswer(cgsn.lines.join('\r\n'));
    return refineIdentity(desc, { ...(model ? { model } : {}), ...(imei ? { imei } : {}) });
  } catch (err) {
    return { ...desc, warnings: [...desc.warnings, `AT port ${desc.atPort} did not answer: ${(err as Error).message}`] };
  }
}

async function atSend(p: Parts, { modemId, command, timeoutMs }: Params<'atSend'>): Promise<AtExchange> {
  await p.modems.ready();
  p.modems.get(modemId);
  // A write from the console while an operation changes the modem would undo part of it (issue 15 item 4).
  const writer = p.sessions.writer(modemId);
  if (writer && writesModem(command)) {
    throw new ApiCallError({ code: 'busy', message: `The modem is busy: ${writer} is running`, hint: 'Read commands still work; send the write when it is done.' });
  }
  const e = await p.sessions.engine(modemId);
  try {
    const r = await e.send(command, { allowError: true, ...(timeoutMs ? { timeoutMs } : {}) });
    p.events.log('info', 'console', `${command} → ${r.final.line}`);
    const ok = r.final.kind === 'ok' || r.final.kind === 'connect';
    const hint = ok ? undefined : hintFor(r.final);
    return {
      command: r.command,
      lines: r.lines,
      final: r.final.line || describeFinal(r.final),
      finalResult: r.final,
      ...(hint ? { hint } : {}),
      ok,
      elapsedMs: Math.round(r.elapsedMs * 1000) / 1000,
      at: Date.now(),
    };
  } catch (err) {
    if (err instanceof AtError) throw new ApiCallError({ code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
    throw err;
  }
}

export function modemMethods(p: Parts): ModemMethods {
  return {
    async listModems() {
      await p.modems.ready();
      return p.modems.summaries();
    },

    async attachPort({ port, iface, baudRate }) {
      const ref = await p.modems.attach(port, { ...(iface ? { iface } : {}), ...(baudRate ? { baudRate } : {}) });
      return p.modems.summaries().find((s) => s.id === ref.id)!;
    },

    async listDevices({ probe: wantProbe }) {
      await p.modems.ready();
      const usb = p.modems.usbModems();
      const modems = wantProbe ? await Promise.all(usb.map((d) => probe(p, d))) : usb;
      const reason = p.modems.reason;
      return { modems, ...(reason ? { reason } : {}) };
    },

    async getStatus({ modemId, iface }) {
      await p.modems.ready();
      const ref = p.modems.get(modemId);
      const status = await p.status.read(ref, { ...(iface ? { iface } : {}) });
      if (!ref.usb && (status.model || status.imei || status.revision)) {
        p.modems.noteIdentity(ref.id, { ...(status.model ? { model: status.model } : {}), ...(status.imei ? { imei: status.imei } : {}), ...(status.revision ? { revision: status.revision } : {}) });
      }
      return status;
    },

    async signalHistory({ modemId }) {
      await p.modems.ready();
      p.modems.get(modemId);
      return p.status.signalHistory(modemId);
    },

    atSend: (q) => atSend(p, q),
  };
}
