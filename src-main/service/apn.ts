// Apply an APN to the contexts a modem needs, prove data comes up, and put everything back if it
// does not (issue 5). An async iterable of typed progress events, cancellable with an AbortSignal:
//
//   for await (const ev of applyApn(modem, { targets: [{ apn, ipType: 'IPV4V6', auth: 'none' }] })) ...
//
// Steps: validate (nothing is sent when a value is refused) → identify the device and the contexts
// it needs (catalog: SIM7600 RNDIS/ECM = 1 and 6, sim7600.md §2) → save the current contexts and
// auth (and journal them) → per candidate APN: write APN + IP type + auth (SIMCom: password before
// user; Quectel: AT+CGDCONT=1 + AT+QICSGP, user first) → read back and verify every field →
// re-attach (AT+CFUN=0, AT+CFUN=1, +CPIN: READY, registration, a PDP address from AT+CGPADDR, each
// with a timeout) → done. On a failure or cancel: restore the saved contexts and auth, verify the
// restore, and report what failed and what was restored.
import { abortableSleep } from '../core/abortable-sleep.js';
import type { ApnTarget, Mismatch, ModemVendor, SavedContext, Snapshot } from '../core/apn/apply-plan.js';
import { restoreMismatches, savedContexts, validateApplyInput, verifyWritten } from '../core/apn/apply-plan.js';
import type { IpType } from '../core/apn/db-types.js';
import { authTypeOf } from '../core/apn/preset.js';
import { buildQicsgpRead, buildQicsgpWrite, parseQicsgpRead } from '../core/apn/quectel.js';
import { buildCgauthWrite27007 } from '../core/apn/cgauth.js';
import { AtError } from '../core/at/errors.js';
import { validateCid } from '../core/at/validate.js';
import type { CallOptions, ModemAt, PdpAddress, PdpAuth, PdpContext } from '../core/at/modem-at.js';
import type { VendorProfile } from '../core/vendors/profile.js';
import type { ApplyJournal } from './apn-journal.js';
import { identifyModem } from './modem-identity.js';

export interface ApplyTimeouts {
  /** After AT+CFUN=1, until AT+CPIN? says READY; default 20000 ms. */
  simReadyMs: number;
  /** Until AT+CEREG?/CGREG?/CREG? says registered (home or roaming); default 90000 ms. */
  registrationMs: number;
  /** Until AT+CGPADDR shows an address on the first context; default 30000 ms. */
  addressMs: number;
  /** Poll period of the waits above; default 500 ms. */
  pollMs: number;
}

export const DEFAULT_APPLY_TIMEOUTS: Readonly<ApplyTimeouts> = { simReadyMs: 20_000, registrationMs: 90_000, addressMs: 30_000, pollMs: 500 };

export interface ApplyApnOptions {
  /** APNs to try in order (one, or several for "try candidates"): the first that yields a PDP address wins. */
  targets: ApnTarget[];
  /** Contexts to write; default from the device catalog (AT+CGMM + AT+CUSBPIDSWITCH?). */
  contexts?: number[];
  timeouts?: Partial<ApplyTimeouts>;
  signal?: AbortSignal;
  /** Persists the saved state while the apply runs (recovery after a vanished port). */
  journal?: ApplyJournal;
  /** Port path, for the journal and messages. */
  port?: string;
}

export type ApplyErrorCode =
  | 'invalid-argument'
  | 'port-closed'
  | 'cancelled'
  | 'timeout'
  | 'command-failed'
  | 'parse'
  | 'verify-failed'
  | 'no-sim'
  | 'sim-locked'
  | 'sim-timeout'
  | 'registration-denied'
  | 'registration-timeout'
  | 'no-address';

export interface ApplyErrorInfo {
  code: ApplyErrorCode;
  message: string;
  hint?: string;
  /** The step that failed. */
  step: ApplyStep;
  /** For invalid-argument: the refused field. */
  field?: string;
}

export type ApplyStep = 'validate' | 'identify' | 'save' | 'write' | 'verify' | 'radio-off' | 'radio-on' | 'sim-ready' | 'registered' | 'address' | 'restore';

export type ReattachPhase = 'radio-off' | 'radio-on' | 'sim-ready' | 'registered' | 'address';

export interface RestoreReport {
  /** False when restoring was impossible (the port is gone) or not needed (nothing written). */
  attempted: boolean;
  /** Every restore command was accepted. */
  ok: boolean;
  /** The read-back equals the saved state for every touched context. */
  exact: boolean;
  cids: number[];
  mismatches: string[];
  errors: string[];
  /** Why it was not attempted. */
  reason?: string;
}

export interface ApplyResult {
  ok: boolean;
  /** The APN that brought data up. */
  apn?: string;
  label?: string;
  ipType?: IpType;
  contexts: number[];
  addresses: PdpAddress[];
  error?: ApplyErrorInfo;
  /** APNs tried before the one that worked (or all, on failure), with why each failed. */
  failedCandidates: { apn: string; label?: string; error: ApplyErrorInfo }[];
  restore?: RestoreReport;
}

export type ApplyEvent =
  | { type: 'validated'; targets: number }
  | { type: 'device'; vendor: ModemVendor; model?: string; imei?: string; pid?: number; contexts: number[]; contextsSource: string }
  | { type: 'journal-found'; startedAt: string; applying: string; message: string }
  | { type: 'saved'; saved: SavedContext[]; functionality: number }
  | { type: 'candidate'; index: number; total: number; apn: string; label?: string }
  | { type: 'context-written'; cid: number; apn: string; ipType: IpType }
  | { type: 'auth-written'; cid: number; authType: number }
  | { type: 'verified'; cids: number[] }
  | { type: 'reattach'; phase: ReattachPhase; message: string }
  | { type: 'candidate-failed'; index: number; apn: string; error: ApplyErrorInfo }
  | { type: 'restoring'; reason: string }
  | { type: 'restored'; report: RestoreReport }
  | { type: 'finished'; result: ApplyResult };

class StepError extends Error {
  constructor(readonly info: ApplyErrorInfo) {
    super(info.message);
  }
}

/** Turns anything thrown in a step into the error record the faces show. */
export function toErrorInfo(err: unknown, step: ApplyStep): ApplyErrorInfo {
  if (err instanceof StepError) return err.info;
  if (err instanceof AtError) {
    const hints: Partial<Record<string, string>> = {
      'port-closed': 'The modem port vanished (unplugged or reset). Reconnect it and run the command again: the saved settings are restored or re-applied then.',
      cancelled: undefined,
      timeout: 'The modem stopped answering. Check the cable and power, then try again.',
    };
    const info: ApplyErrorInfo = {
      code: err.code === 'invalid-argument' ? 'invalid-argument' : err.code,
      message: err.message,
      step,
    };
    // Ours first for a vanished port: it also says what happens to the half-applied settings.
    const hint = hints[err.code] ?? err.hint;
    if (hint) info.hint = hint;
    if (err.field) info.field = err.field;
    return info;
  }
  return { code: 'command-failed', message: err instanceof Error ? err.message : String(err), step };
}

/** Poll wait of the re-attach loops (shared helper: removes its abort listener when it ends). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return abortableSleep(ms, signal, () => new AtError('cancelled', 'cancelled'));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AtError('cancelled', 'cancelled');
}

/** Reading and writing PDP settings differs per vendor: SIMCom CGDCONT + CGAUTH, Quectel CGDCONT + QICSGP. */
interface PdpDialect {
  read(cids: readonly number[], o: CallOptions): Promise<{ contexts: PdpContext[]; auths: PdpAuth[] }>;
  write(cid: number, target: ApnTarget, o: CallOptions): Promise<void>;
  restore(saved: SavedContext, o: CallOptions): Promise<void>;
}

/** The vendor profile's APN dialect (core/vendors/<vendor>/index.ts `apn`). */
function dialectOf(profile: VendorProfile, modem: ModemAt): PdpDialect {
  return profile.apn.kind === 'qicsgp' ? quectelDialect(modem) : cgauthDialect(modem, profile.apn.order);
}

function cgauthDialect(modem: ModemAt, order: 'password-first' | 'user-first'): PdpDialect {
  const auth = async (cid: number, type: number, password: string, user: string, o: CallOptions): Promise<void> => {
    if (order === 'password-first') await modem.setAuth(cid, type, password, user, o);
    else await modem.engine.send(buildCgauthWrite27007(cid, type, user, password), o);
  };
  return {
    async read(_cids, o) {
      return { contexts: await modem.contexts(o), auths: await modem.auths(o) };
    },
    async write(cid, t, o) {
      await modem.setContext(cid, t.ipType, t.apn, o);
      // SIMCom: password BEFORE user (sim7600.md §2, ModemAt.setAuth); others: 27.007 order (buildCgauthWrite27007).
      await auth(cid, authTypeOf(t.auth), t.password ?? '', t.username ?? '', o);
    },
    async restore(s, o) {
      if (s.auth && s.auth.authType !== 0) await auth(s.cid, s.auth.authType, s.auth.password, s.auth.user, o);
      else {
        // 27.007 §10.1.31: AT+CGAUTH=<cid> makes the auth undefined again (what "none" was before we
        // wrote type 0). Firmware without that form answers ERROR: then type 0 is the same thing.
        const r = await modem.engine.send(`AT+CGAUTH=${validateCid(s.cid)}`, { ...o, allowError: true });
        if (r.final.kind !== 'ok') await modem.setAuth(s.cid, 0, '', '', o);
      }
      if (s.context) await modem.setContext(s.cid, s.context.pdpType, s.context.apn, o);
      else await modem.deleteContext(s.cid, o);
    },
  };
}

function quectelDialect(modem: ModemAt): PdpDialect {
  const send = (cmd: string, o: CallOptions) => modem.engine.send(cmd, o);
  return {
    async read(cids, o) {
      const contexts = await modem.contexts(o);
      const auths: PdpAuth[] = [];
      for (const cid of cids) {
        const q = parseQicsgpRead((await send(buildQicsgpRead(cid), o)).lines);
        auths.push({ cid, authType: q.authType, user: q.user, password: q.password });
      }
      return { contexts, auths };
    },
    async write(cid, t, o) {
      await modem.setContext(cid, t.ipType, t.apn, o);
      // Quectel order: user BEFORE password (AT+QICSGP).
      await send(buildQicsgpWrite(cid, t.ipType, t.apn, t.username ?? '', t.password ?? '', authTypeOf(t.auth)), o);
    },
    async restore(s, o) {
      if (s.context) await modem.setContext(s.cid, s.context.pdpType, s.context.apn, o);
      else await modem.deleteContext(s.cid, o);
      const pdpType = s.context?.pdpType ?? 'IP';
      await send(buildQicsgpWrite(s.cid, pdpType, s.context?.apn ?? '', s.auth?.user ?? '', s.auth?.password ?? '', s.auth?.authType ?? 0), o);
    },
  };
}

async function waitSimReady(modem: ModemAt, t: ApplyTimeouts, signal: AbortSignal | undefined): Promise<void> {
  const deadline = Date.now() + t.simReadyMs;
  let last = 'no answer';
  for (;;) {
    throwIfAborted(signal);
    try {
      const state = await modem.pinStatus({ ...(signal ? { signal } : {}) });
      if (state === 'READY') return;
      if (state === 'NOT INSERTED') throw new StepError({ code: 'no-sim', message: 'No SIM card is inserted.', hint: 'Insert the SIM card and try again.', step: 'sim-ready' });
      if (state !== 'NOT READY') {
        throw new StepError({ code: 'sim-locked', message: `The SIM asks for ${state}.`, hint: 'Unlock the SIM (simhat at --port <p> AT+CPIN=<pin>) and try again.', step: 'sim-ready' });
      }
      last = state;
    } catch (err) {
      if (!(err instanceof AtError) || err.code !== 'command-failed') throw err;
      // +CME ERROR: 14 SIM busy is normal right after the radio comes on (sim7600.md §2); 10 = no SIM.
      if (err.final?.code === 10) throw new StepError({ code: 'no-sim', message: 'No SIM card is inserted (+CME ERROR: 10).', hint: 'Insert the SIM card and try again.', step: 'sim-ready' });
      last = err.final?.line ?? err.message;
    }
    if (Date.now() >= deadline) {
      throw new StepError({ code: 'sim-timeout', message: `The SIM was not ready within ${t.simReadyMs} ms (last answer: ${last}).`, step: 'sim-ready' });
    }
    await sleep(t.pollMs, signal);
  }
}

async function waitRegistered(modem: ModemAt, t: ApplyTimeouts, signal: AbortSignal | undefined): Promise<string> {
  const deadline = Date.now() + t.registrationMs;
  let deniedInARow = 0;
  const o = signal ? { signal } : {};
  for (;;) {
    throwIfAborted(signal);
    let denied = false;
    for (const kind of ['cereg', 'cgreg', 'creg'] as const) {
      try {
        const reg = await modem.registration(kind, o);
        if (reg.registered) return `${kind.toUpperCase()} ${reg.state}`;
        if (reg.stat === 3) denied = true;
      } catch (err) {
        if (!(err instanceof AtError) || (err.code !== 'command-failed' && err.code !== 'parse')) throw err;
      }
    }
    // Registration denied twice in a row: the network refuses this SIM; waiting will not help.
    deniedInARow = denied ? deniedInARow + 1 : 0;
    if (deniedInARow >= 2) {
      throw new StepError({ code: 'registration-denied', message: 'The network denies registration (stat 3).', hint: 'The SIM is not allowed on this network: check the plan with the provider.', step: 'registered' });
    }
    if (Date.now() >= deadline) throw new StepError({ code: 'registration-timeout', message: `Not registered within ${t.registrationMs} ms.`, hint: 'Check the antenna and coverage.', step: 'registered' });
    await sleep(t.pollMs, signal);
  }
}

async function waitAddress(modem: ModemAt, cids: readonly number[], t: ApplyTimeouts, signal: AbortSignal | undefined, apn: string): Promise<PdpAddress[]> {
  const deadline = Date.now() + t.addressMs;
  const first = cids[0];
  for (;;) {
    throwIfAborted(signal);
    const all = await modem.pdpAddresses(signal ? { signal } : {});
    const mine = all.filter((a) => cids.includes(a.cid));
    if (mine.some((a) => a.cid === first && (a.ipv4 || a.ipv6))) return mine;
    if (Date.now() >= deadline) {
      throw new StepError({
        code: 'no-address',
        message: `No PDP address on context ${first} within ${t.addressMs} ms: the network did not accept APN "${apn}".`,
        hint: 'Check the APN (and user/password) with your provider, or try another candidate.',
        step: 'address',
      });
    }
    await sleep(t.pollMs, signal);
  }
}

function maskSaved(saved: SavedContext[]): SavedContext[] {
  return saved.map((s) => (s.auth && s.auth.password ? { ...s, auth: { ...s.auth, password: '***' } } : s));
}

function mismatchText(m: Mismatch[]): string {
  return m.map((x) => `context ${x.cid} ${x.field}: wrote ${x.expected}, reads ${x.actual}`).join('; ');
}

/** The apply workflow (see the top of this file). The last event is always `finished`. */
export async function* applyApn(modem: ModemAt, options: ApplyApnOptions): AsyncGenerator<ApplyEvent, ApplyResult, void> {
  const t: ApplyTimeouts = { ...DEFAULT_APPLY_TIMEOUTS, ...options.timeouts };
  const { signal, journal, targets } = options;
  const o: CallOptions = signal ? { signal } : {};
  const result: ApplyResult = { ok: false, contexts: options.contexts ? [...options.contexts] : [], addresses: [], failedCandidates: [] };

  // 1. Validate everything before the first byte goes out.
  try {
    validateApplyInput(targets, options.contexts);
  } catch (err) {
    result.error = toErrorInfo(err, 'validate');
    yield { type: 'finished', result };
    return result;
  }
  yield { type: 'validated', targets: targets.length };

  let step: ApplyStep = 'identify';
  let dialect: PdpDialect | undefined;
  let saved: SavedContext[] | undefined;
  let functionality = 1;
  let wrote = false;
  let radioCycled = false;
  let imei: string | undefined;
  try {
    throwIfAborted(signal);
    const device = await identifyModem(modem, options.contexts, o);
    imei = device.imei;
    result.contexts = device.contexts;
    dialect = dialectOf(device.profile.profile, modem);
    yield {
      type: 'device',
      vendor: device.vendor,
      ...(device.model !== undefined ? { model: device.model } : {}),
      ...(device.imei !== undefined ? { imei: device.imei } : {}),
      ...(device.pid !== undefined ? { pid: device.pid } : {}),
      contexts: device.contexts,
      contextsSource: device.source,
    };

    step = 'save';
    const cids = device.contexts;
    const current = await dialect.read(cids, o);
    functionality = await modem.functionality(o);
    const snapshot: Snapshot = { ...current, functionality };
    saved = savedContexts(snapshot, cids);
    const pending = imei && journal ? await journal.read(imei) : undefined;
    if (pending) {
      // A previous apply was interrupted (port vanished): its saved state is the real "before".
      const byCid = new Map(pending.saved.map((s) => [s.cid, s]));
      saved = saved.map((s) => byCid.get(s.cid) ?? s);
      functionality = pending.functionality;
      yield {
        type: 'journal-found',
        startedAt: pending.startedAt,
        applying: pending.applying,
        message: `An apply of "${pending.applying}" started ${pending.startedAt} did not finish; its saved settings are used as the state to restore.`,
      };
    }
    yield { type: 'saved', saved: maskSaved(saved), functionality };
    if (imei && journal) {
      await journal.write({ version: 1, imei, port: options.port ?? modem.engine.path, startedAt: pending?.startedAt ?? new Date().toISOString(), applying: targets[0]?.apn ?? '', functionality, saved });
    }

    for (let index = 0; index < targets.length; index++) {
      const target = targets[index] as ApnTarget;
      yield { type: 'candidate', index, total: targets.length, apn: target.apn, ...(target.label !== undefined ? { label: target.label } : {}) };
      try {
        step = 'write';
        throwIfAborted(signal);
        wrote = true;
        for (const cid of cids) {
          await dialect.write(cid, target, o);
          yield { type: 'context-written', cid, apn: target.apn, ipType: target.ipType };
          yield { type: 'auth-written', cid, authType: authTypeOf(target.auth) };
        }
        step = 'verify';
        const back = await dialect.read(cids, o);
        const mismatches = verifyWritten(target, cids, back.contexts, back.auths);
        if (mismatches.length) throw new StepError({ code: 'verify-failed', message: `Read-back differs: ${mismatchText(mismatches)}`, step: 'verify' });
        yield { type: 'verified', cids: [...cids] };

        step = 'radio-off';
        radioCycled = true;
        await modem.setFunctionality(0, false, o);
        yield { type: 'reattach', phase: 'radio-off', message: 'AT+CFUN=0: radio off' };
        step = 'radio-on';
        await modem.setFunctionality(1, false, o);
        yield { type: 'reattach', phase: 'radio-on', message: 'AT+CFUN=1: radio on' };
        step = 'sim-ready';
        await waitSimReady(modem, t, signal);
        yield { type: 'reattach', phase: 'sim-ready', message: '+CPIN: READY' };
        step = 'registered';
        const reg = await waitRegistered(modem, t, signal);
        yield { type: 'reattach', phase: 'registered', message: reg };
        step = 'address';
        const addresses = await waitAddress(modem, cids, t, signal, target.apn);
        const shown = addresses.map((a) => `cid ${a.cid}: ${[a.ipv4, a.ipv6].filter(Boolean).join(', ') || 'none'}`).join('; ');
        yield { type: 'reattach', phase: 'address', message: shown };

        result.ok = true;
        result.apn = target.apn;
        result.ipType = target.ipType;
        if (target.label !== undefined) result.label = target.label;
        result.addresses = addresses;
        if (imei && journal) await journal.clear(imei);
        yield { type: 'finished', result };
        return result;
      } catch (err) {
        const info = toErrorInfo(err, step);
        // Only "the network did not take this APN" moves on to the next candidate; anything else stops.
        const retryable = info.code === 'no-address' || info.code === 'verify-failed';
        result.failedCandidates.push({ apn: target.apn, ...(target.label !== undefined ? { label: target.label } : {}), error: info });
        if (!retryable || index === targets.length - 1) throw err;
        yield { type: 'candidate-failed', index, apn: target.apn, error: info };
      }
    }
    throw new Error('unreachable: no candidate left');
  } catch (err) {
    result.error = toErrorInfo(err, step);
    const report: RestoreReport = { attempted: false, ok: false, exact: false, cids: saved?.map((s) => s.cid) ?? [], mismatches: [], errors: [] };
    if (!wrote || !saved || !dialect) {
      report.ok = true;
      report.exact = true;
      // Nothing written in this run: a journal from an earlier interrupted run stays for the next one.
      report.reason = 'nothing was written';
    } else if (result.error.code === 'port-closed' || !modem.engine.isOpen) {
      report.reason = 'the port is gone: the saved settings stay in the journal and are restored or re-applied by the next run';
    } else {
      yield { type: 'restoring', reason: result.error.message };
      await restore(modem, dialect, saved, functionality, radioCycled, t, report);
      if (report.exact && imei && journal) await journal.clear(imei).catch(() => {});
    }
    result.restore = report;
    if (report.attempted) yield { type: 'restored', report };
    yield { type: 'finished', result };
    return result;
  }
}

/**
 * Puts the saved contexts and auth back, cycles the radio so the modem attaches with them again,
 * and reads back. Runs without the caller's AbortSignal: a cancel must still leave the modem as
 * it was. Every command keeps its own timeout.
 */
async function restore(modem: ModemAt, dialect: PdpDialect, saved: SavedContext[], functionality: number, radioCycled: boolean, t: ApplyTimeouts, report: RestoreReport): Promise<void> {
  report.attempted = true;
  const o: CallOptions = {};
  for (const s of saved) {
    try {
      await dialect.restore(s, o);
    } catch (err) {
      report.errors.push(`context ${s.cid}: ${err instanceof Error ? err.message : String(err)}`);
      if (err instanceof AtError && err.code === 'port-closed') break;
    }
  }
  if (radioCycled && modem.engine.isOpen) {
    try {
      // The old APN takes effect on the next attach (sim7600.md §2): cycle back to the saved CFUN.
      await modem.setFunctionality(0, false, o);
      await modem.setFunctionality(functionality === 0 ? 0 : functionality, false, o);
      if (functionality === 1) await waitSimReady(modem, { ...t, simReadyMs: Math.min(t.simReadyMs, 10_000) }, undefined).catch(() => {});
    } catch (err) {
      report.errors.push(`radio: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  report.ok = report.errors.length === 0;
  if (!modem.engine.isOpen) return;
  try {
    const back = await dialect.read(
      saved.map((s) => s.cid),
      o,
    );
    report.mismatches = restoreMismatches(saved, back.contexts, back.auths);
    report.exact = report.mismatches.length === 0;
  } catch (err) {
    report.errors.push(`read-back: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Collects every event of an apply (for callers that only want the result, e.g. tests and the API). */
export async function runApplyApn(modem: ModemAt, options: ApplyApnOptions, onEvent?: (ev: ApplyEvent) => void): Promise<ApplyResult> {
  const it = applyApn(modem, options);
  for (;;) {
    const next = await it.next();
    if (next.done) return next.value;
    onEvent?.(next.value);
  }
}
