// Typed facade over the engine: one method per command, each a builder (validated) + send + the
// command's pure parser. Used by the APN apply workflow, doctor and status. Every value is
// validated before send(), so a refused value never reaches the port.
import type { AtEngineApi, AtResponse, SendOptions } from './engine-api.js';
import { AtError } from './errors.js';
import { parseAtiExec, parseCgmiExec, parseCgmmExec, parseCgmrExec, parseCgsnExec, parseCiccidExec, parseCimiExec, type AtiInfo } from './commands/identity.js';
import { buildCpinWrite, parseCpinRead, type CpinState } from './commands/sim.js';
import { parseCpsiRead, parseCsqExec, type ServingCell, type SignalQuality } from './commands/signal.js';
import { parseQengServingCell } from './commands/qeng.js';
import { parseCopsRead, parseRegistration, type Operator, type Registration, type RegistrationKind } from './commands/registration.js';
import {
  buildCfunWrite,
  buildCmeeWrite,
  buildCnmpWrite,
  buildCresetExec,
  buildCusbpidswitchWrite,
  buildEchoOff,
  parseCfunRead,
  parseCnmpRead,
  parseCusbpidswitchRead,
} from './commands/power.js';
import {
  buildCgauthWrite,
  buildCgdcontDelete,
  buildCgdcontWrite,
  parseCgactRead,
  parseCgattRead,
  parseCgauthRead,
  parseCgdcontRead,
  parseCgpaddrExec,
  type PdpActivation,
  type PdpAddress,
  type PdpAuth,
  type PdpContext,
} from './commands/pdp.js';
import type { AuthType, PdpType } from './validate.js';
import { EF_AD, EF_GID1, buildCrsmReadBinary, gid1FromCrsm, mncLengthFromEfAd, parseCrsmWrite, parseCspnRead, type CrsmResult, type ServiceProviderName } from './commands/sim-identity.js';

export type { AtiInfo, CpinState, ServingCell, SignalQuality, Operator, Registration, RegistrationKind, PdpActivation, PdpAddress, PdpAuth, PdpContext };

/** Options every facade method accepts (timeout override, cancellation). */
export type CallOptions = Pick<SendOptions, 'timeoutMs' | 'signal'>;

/** Wait before repeating an AT+CPSI? that answered ERROR (the module needs a moment after boot). */
export const CPSI_RETRY_MS = 300;

/**
 * The serving-cell queries simhat reads, in the order they are tried: SIMCom's, then Quectel's. A modem
 * answers one of them; which one is remembered per engine (one open port), so later reads ask it directly.
 */
export const SERVING_CELL_QUERIES = ['AT+CPSI?', 'AT+QENG="servingcell"'] as const;
export type ServingCellQuery = (typeof SERVING_CELL_QUERIES)[number];
const servingCellQueryOf = new WeakMap<AtEngineApi, ServingCellQuery>();

/** A command the modem refused (ERROR, +CME ERROR): it does not know it, or not now. */
const refused = (err: unknown): boolean => err instanceof AtError && err.code === 'command-failed';

/** setTimeout that an AbortSignal cuts short (rejects with AtError 'cancelled', like engine.send). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AtError('cancelled', 'cancelled'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AtError('cancelled', 'cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class ModemAt {
  constructor(readonly engine: AtEngineApi) {}

  private async lines(command: string, options?: CallOptions): Promise<string[]> {
    return (await this.engine.send(command, options)).lines;
  }

  private run(command: string, options?: CallOptions): Promise<AtResponse> {
    return this.engine.send(command, options);
  }

  info(o?: CallOptions): Promise<AtiInfo> {
    return this.lines('ATI', o).then(parseAtiExec);
  }
  manufacturer(o?: CallOptions): Promise<string> {
    return this.lines('AT+CGMI', o).then(parseCgmiExec);
  }
  model(o?: CallOptions): Promise<string> {
    return this.lines('AT+CGMM', o).then(parseCgmmExec);
  }
  revision(o?: CallOptions): Promise<string> {
    return this.lines('AT+CGMR', o).then(parseCgmrExec);
  }
  imei(o?: CallOptions): Promise<string> {
    return this.lines('AT+CGSN', o).then(parseCgsnExec);
  }
  imsi(o?: CallOptions): Promise<string> {
    return this.lines('AT+CIMI', o).then(parseCimiExec);
  }
  iccid(o?: CallOptions): Promise<string> {
    return this.lines('AT+CICCID', o).then(parseCiccidExec);
  }
  pinStatus(o?: CallOptions): Promise<CpinState> {
    return this.lines('AT+CPIN?', o).then(parseCpinRead);
  }
  /** Enters the SIM PIN (or PUK + new PIN). */
  async enterPin(pin: string, newPin?: string, o?: CallOptions): Promise<void> {
    await this.run(buildCpinWrite(pin, newPin), o);
  }
  signal(o?: CallOptions): Promise<SignalQuality> {
    return this.lines('AT+CSQ', o).then(parseCsqExec);
  }
  registration(kind: RegistrationKind, o?: CallOptions): Promise<Registration> {
    if (kind !== 'creg' && kind !== 'cgreg' && kind !== 'cereg') return Promise.reject(new TypeError(`registration kind must be creg, cgreg or cereg`));
    return this.lines(`AT+${kind.toUpperCase()}?`, o).then((l) => parseRegistration(kind, l));
  }
  operator(o?: CallOptions): Promise<Operator> {
    return this.lines('AT+COPS?', o).then(parseCopsRead);
  }
  /**
   * The serving cell: AT+CPSI? (SIMCom) or AT+QENG="servingcell" (Quectel), whichever this modem answers
   * (remembered for the engine). The first AT+CPSI? after boot can answer a plain ERROR (sim7600.md §2),
   * so a plain ERROR is retried once after CPSI_RETRY_MS before the next query is tried; timeouts and a
   * vanished port are not retried.
   */
  async servingCell(o?: CallOptions): Promise<ServingCell> {
    const known = servingCellQueryOf.get(this.engine);
    if (known) return this.askServingCell(known, o);
    let last: unknown;
    for (const query of SERVING_CELL_QUERIES) {
      try {
        const cell = await this.askServingCell(query, o);
        servingCellQueryOf.set(this.engine, query);
        return cell;
      } catch (err) {
        if (!refused(err)) throw err;
        last = err;
      }
    }
    throw last;
  }
  private async askServingCell(query: ServingCellQuery, o?: CallOptions): Promise<ServingCell> {
    if (query === 'AT+QENG="servingcell"') return parseQengServingCell(await this.lines(query, o));
    try {
      return parseCpsiRead(await this.lines(query, o));
    } catch (err) {
      if (!(err instanceof AtError && err.code === 'command-failed' && err.final?.kind === 'error')) throw err;
      await pause(CPSI_RETRY_MS, o?.signal);
      return parseCpsiRead(await this.lines(query, o));
    }
  }
  functionality(o?: CallOptions): Promise<number> {
    return this.lines('AT+CFUN?', o).then(parseCfunRead);
  }
  async setFunctionality(fun: number, reset = false, o?: CallOptions): Promise<void> {
    await this.run(buildCfunWrite(fun, reset), o);
  }
  /** AT+CRESET: the module answers OK, then the port disappears while it reboots. */
  async reset(o?: CallOptions): Promise<void> {
    await this.run(buildCresetExec(), o);
  }
  networkMode(o?: CallOptions): Promise<number> {
    return this.lines('AT+CNMP?', o).then(parseCnmpRead);
  }
  async setNetworkMode(mode: number, o?: CallOptions): Promise<void> {
    await this.run(buildCnmpWrite(mode), o);
  }
  /** The USB composition, e.g. 0x9011. */
  usbPid(o?: CallOptions): Promise<number> {
    return this.lines('AT+CUSBPIDSWITCH?', o).then(parseCusbpidswitchRead);
  }
  /** Switches the USB composition; if the PID changes the module resets after OK (port vanishes). */
  async setUsbPid(pid: number, o?: CallOptions): Promise<void> {
    await this.run(buildCusbpidswitchWrite(pid), o);
  }
  contexts(o?: CallOptions): Promise<PdpContext[]> {
    return this.lines('AT+CGDCONT?', o).then(parseCgdcontRead);
  }
  async setContext(cid: number, pdpType: PdpType | string, apn: string, o?: CallOptions): Promise<void> {
    await this.run(buildCgdcontWrite(cid, pdpType, apn), o);
  }
  async deleteContext(cid: number, o?: CallOptions): Promise<void> {
    await this.run(buildCgdcontDelete(cid), o);
  }
  auths(o?: CallOptions): Promise<PdpAuth[]> {
    return this.lines('AT+CGAUTH?', o).then(parseCgauthRead);
  }
  /** SIMCom order: password before user (see buildCgauthWrite). */
  async setAuth(cid: number, authType: AuthType | number, password: string, user: string, o?: CallOptions): Promise<void> {
    await this.run(buildCgauthWrite(cid, authType, password, user), o);
  }
  activeContexts(o?: CallOptions): Promise<PdpActivation[]> {
    return this.lines('AT+CGACT?', o).then(parseCgactRead);
  }
  pdpAddresses(o?: CallOptions): Promise<PdpAddress[]> {
    return this.lines('AT+CGPADDR', o).then(parseCgpaddrExec);
  }
  attached(o?: CallOptions): Promise<boolean> {
    return this.lines('AT+CGATT?', o).then(parseCgattRead);
  }
  async setErrorMode(n: number, o?: CallOptions): Promise<void> {
    await this.run(buildCmeeWrite(n), o);
  }
  async echoOff(o?: CallOptions): Promise<void> {
    await this.run(buildEchoOff(), o);
  }

  // ---- SIM identity for the APN decider (issue 13); appended here, builders/parsers in commands/sim-identity.ts.

  /** AT+CSPN? (SIMCom, Quectel): the SIM's service provider name. Rejects (command-failed) when the module or SIM has none. */
  serviceProviderName(o?: CallOptions): Promise<ServiceProviderName> {
    return this.lines('AT+CSPN?', o).then(parseCspnRead);
  }
  /**
   * AT+CRSM READ BINARY of a transparent SIM file (27.007 §8.18). The SIM's own status words come
   * back in the result (a missing file is `sw1 106, sw2 130`, not an error); a module without
   * AT+CRSM answers ERROR (AtError command-failed). Slow SIMs: 10 s unless the caller says otherwise
   * (ModemManager waits 20 s for EF_AD on A76xx).
   */
  readSimFile(fileId: number, length = 0, o?: CallOptions): Promise<CrsmResult> {
    return this.lines(buildCrsmReadBinary(fileId, length), { timeoutMs: 10_000, ...o }).then(parseCrsmWrite);
  }
  /** EF_GID1 as hex, undefined when the SIM has none. */
  async gid1(o?: CallOptions): Promise<string | undefined> {
    return gid1FromCrsm(await this.readSimFile(EF_GID1, 0, o));
  }
  /** The MNC length EF_AD states (2 or 3), undefined when the SIM does not say. */
  async simMncLength(o?: CallOptions): Promise<2 | 3 | undefined> {
    return mncLengthFromEfAd(await this.readSimFile(EF_AD, 0, o));
  }
}
