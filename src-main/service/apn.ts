// Apply an APN to the contexts a modem needs, prove data comes up, and put everything back if it
// does not (issue 5). An async iterable of typed progress events, cancellable with an AbortSignal:
//
//   for await (const ev of applyApn(modem, { targets: [{ apn, ipType: 'IPV4V6', auth: 'none' }] })) ...
//
// Steps: validate (nothing is sent when a value is refused) → identify the device and the contexts
// it needs (catalog: SIM7600 RNDIS/ECM = 1 and 6, sim7600.md §2) → save the current contexts and
// auth (and journal them) → per candidate APN: write APN + IP type + auth (SIMCom: password before
// user; Quectel: AT+CGDCONT=1 + AT+QICSGP, user first; ./pdp-dialect.ts) → read back and verify
// every field → re-attach (AT+CFUN=0, AT+CFUN=1, +CPIN: READY, registration, a PDP address from
// AT+CGPADDR, each with a timeout; ./apn-reattach.ts) → done. On a failure or cancel: restore the
// saved contexts and auth, verify the restore (./apn-restore.ts), and report what failed and what
// was restored. The types of events and results are in ./apn-apply-types.ts.
import type { ApnTarget, Mismatch, SavedContext, Snapshot } from '../core/apn/apply-plan.js';
import { savedContexts, validateApplyInput, verifyWritten } from '../core/apn/apply-plan.js';
import { authTypeOf } from '../core/apn/preset.js';
import type { CallOptions, ModemAt, PdpAddress } from '../core/at/modem-at.js';
import { StepError, throwIfAborted, toErrorInfo } from './apn-apply-errors.js';
import { DEFAULT_APPLY_TIMEOUTS, type ApplyApnOptions, type ApplyEvent, type ApplyResult, type ApplyStep, type ApplyTimeouts, type RestoreReport } from './apn-apply-types.js';
import { waitAddress, waitRegistered, waitSimReady } from './apn-reattach.js';
import { restoreSaved } from './apn-restore.js';
import { identifyModem } from './modem-identity.js';
import { dialectOf, type PdpDialect } from './pdp-dialect.js';

// The workflow's types stay importable from here (the contract, the faces and the tests use them).
export { DEFAULT_APPLY_TIMEOUTS, type ApplyApnOptions, type ApplyErrorCode, type ApplyErrorInfo, type ApplyEvent, type ApplyResult, type ApplyStep, type ApplyTimeouts, type ReattachPhase, type RestoreReport } from './apn-apply-types.js';
export { toErrorInfo } from './apn-apply-errors.js';

type Events<T> = AsyncGenerator<ApplyEvent, T, void>;

/** What a run has done so far: the step it is in, and what the failure path needs to restore. */
interface ApplyRun {
  modem: ModemAt;
  options: ApplyApnOptions;
  o: CallOptions;
  t: ApplyTimeouts;
  step: ApplyStep;
  cids: number[];
  dialect: PdpDialect | undefined;
  saved: SavedContext[] | undefined;
  functionality: number;
  imei: string | undefined;
  wrote: boolean;
  radioCycled: boolean;
}

function maskSaved(saved: SavedContext[]): SavedContext[] {
  return saved.map((s) => (s.auth && s.auth.password ? { ...s, auth: { ...s.auth, password: '***' } } : s));
}

function mismatchText(m: Mismatch[]): string {
  return m.map((x) => `context ${x.cid} ${x.field}: wrote ${x.expected}, reads ${x.actual}`).join('; ');
}

const labelOf = (target: ApnTarget) => (target.label !== undefined ? { label: target.label } : {});

/** The apply workflow (see the top of this file). The last event is always `finished`. */
export async function* applyApn(modem: ModemAt, options: ApplyApnOptions): Events<ApplyResult> {
  const { signal, targets } = options;
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

  const run: ApplyRun = {
    modem,
    options,
    o: signal ? { signal } : {},
    t: { ...DEFAULT_APPLY_TIMEOUTS, ...options.timeouts },
    step: 'identify',
    cids: [],
    dialect: undefined,
    saved: undefined,
    functionality: 1,
    imei: undefined,
    wrote: false,
    radioCycled: false,
  };
  try {
    throwIfAborted(signal);
    yield* identify(run, result);
    yield* save(run);
    return yield* tryCandidates(run, result);
  } catch (err) {
    return yield* failed(run, result, err);
  }
}

/** 2. The device and the contexts its composition needs (the vendor profile's rule). */
async function* identify(run: ApplyRun, result: ApplyResult): Events<void> {
  const device = await identifyModem(run.modem, run.options.contexts, run.o);
  run.imei = device.imei;
  run.cids = device.contexts;
  result.contexts = device.contexts;
  run.dialect = dialectOf(device.profile.profile, run.modem);
  yield {
    type: 'device',
    vendor: device.vendor,
    ...(device.model !== undefined ? { model: device.model } : {}),
    ...(device.imei !== undefined ? { imei: device.imei } : {}),
    ...(device.pid !== undefined ? { pid: device.pid } : {}),
    contexts: device.contexts,
    contextsSource: device.source,
  };
}

/** 3. Saves the current contexts, auth and CFUN (an interrupted earlier run's journal wins), and journals them. */
async function* save(run: ApplyRun): Events<void> {
  const { modem, options, o } = run;
  const { journal, targets } = options;
  run.step = 'save';
  const current = await (run.dialect as PdpDialect).read(run.cids, o);
  run.functionality = await modem.functionality(o);
  const snapshot: Snapshot = { ...current, functionality: run.functionality };
  let saved = savedContexts(snapshot, run.cids);
  run.saved = saved;
  const pending = run.imei && journal ? await journal.read(run.imei) : undefined;
  if (pending) {
    // A previous apply was interrupted (port vanished): its saved state is the real "before".
    const byCid = new Map(pending.saved.map((s) => [s.cid, s]));
    saved = saved.map((s) => byCid.get(s.cid) ?? s);
    run.functionality = pending.functionality;
    yield {
      type: 'journal-found',
      startedAt: pending.startedAt,
      applying: pending.applying,
      message: `An apply of "${pending.applying}" started ${pending.startedAt} did not finish; its saved settings are used as the state to restore.`,
    };
  }
  run.saved = saved;
  yield { type: 'saved', saved: maskSaved(saved), functionality: run.functionality };
  if (run.imei && journal) {
    await journal.write({ version: 1, imei: run.imei, port: options.port ?? modem.engine.path, startedAt: pending?.startedAt ?? new Date().toISOString(), applying: targets[0]?.apn ?? '', functionality: run.functionality, saved });
  }
}

/** 4. Each candidate in turn until one brings data up; only "the network did not take this APN" moves on. */
async function* tryCandidates(run: ApplyRun, result: ApplyResult): Events<ApplyResult> {
  const { targets, journal } = run.options;
  for (let index = 0; index < targets.length; index++) {
    const target = targets[index] as ApnTarget;
    yield { type: 'candidate', index, total: targets.length, apn: target.apn, ...labelOf(target) };
    try {
      const addresses = yield* writeAndAttach(run, target);
      result.ok = true;
      result.apn = target.apn;
      result.ipType = target.ipType;
      if (target.label !== undefined) result.label = target.label;
      result.addresses = addresses;
      if (run.imei && journal) await journal.clear(run.imei);
      yield { type: 'finished', result };
      return result;
    } catch (err) {
      const info = toErrorInfo(err, run.step);
      const retryable = info.code === 'no-address' || info.code === 'verify-failed';
      result.failedCandidates.push({ apn: target.apn, ...labelOf(target), error: info });
      if (!retryable || index === targets.length - 1) throw err;
      yield { type: 'candidate-failed', index, apn: target.apn, error: info };
    }
  }
  throw new Error('unreachable: no candidate left');
}

/** Writes one candidate to every context, verifies the read-back, and re-attaches until it has an address. */
async function* writeAndAttach(run: ApplyRun, target: ApnTarget): Events<PdpAddress[]> {
  const { modem, o, cids, t } = run;
  const { signal } = run.options;
  const dialect = run.dialect as PdpDialect;
  run.step = 'write';
  throwIfAborted(signal);
  run.wrote = true;
  for (const cid of cids) {
    await dialect.write(cid, target, o);
    yield { type: 'context-written', cid, apn: target.apn, ipType: target.ipType };
    yield { type: 'auth-written', cid, authType: authTypeOf(target.auth) };
  }
  run.step = 'verify';
  const back = await dialect.read(cids, o);
  const mismatches = verifyWritten(target, cids, back.contexts, back.auths);
  if (mismatches.length) throw new StepError({ code: 'verify-failed', message: `Read-back differs: ${mismatchText(mismatches)}`, step: 'verify' });
  yield { type: 'verified', cids: [...cids] };

  run.step = 'radio-off';
  run.radioCycled = true;
  await modem.setFunctionality(0, false, o);
  yield { type: 'reattach', phase: 'radio-off', message: 'AT+CFUN=0: radio off' };
  run.step = 'radio-on';
  await modem.setFunctionality(1, false, o);
  yield { type: 'reattach', phase: 'radio-on', message: 'AT+CFUN=1: radio on' };
  run.step = 'sim-ready';
  await waitSimReady(modem, t, signal);
  yield { type: 'reattach', phase: 'sim-ready', message: '+CPIN: READY' };
  run.step = 'registered';
  const reg = await waitRegistered(modem, t, signal);
  yield { type: 'reattach', phase: 'registered', message: reg };
  run.step = 'address';
  const addresses = await waitAddress(modem, cids, t, signal, target.apn);
  const shown = addresses.map((a) => `cid ${a.cid}: ${[a.ipv4, a.ipv6].filter(Boolean).join(', ') || 'none'}`).join('; ');
  yield { type: 'reattach', phase: 'address', message: shown };
  return addresses;
}

/** 5. A failure or cancel: restore what was written (when the port is still there) and report it. */
async function* failed(run: ApplyRun, result: ApplyResult, err: unknown): Events<ApplyResult> {
  const { modem, saved, dialect, imei } = run;
  const { journal } = run.options;
  result.error = toErrorInfo(err, run.step);
  const report: RestoreReport = { attempted: false, ok: false, exact: false, cids: saved?.map((s) => s.cid) ?? [], mismatches: [], errors: [] };
  if (!run.wrote || !saved || !dialect) {
    report.ok = true;
    report.exact = true;
    // Nothing written in this run: a journal from an earlier interrupted run stays for the next one.
    report.reason = 'nothing was written';
  } else if (result.error.code === 'port-closed' || !modem.engine.isOpen) {
    report.reason = 'the port is gone: the saved settings stay in the journal and are restored or re-applied by the next run';
  } else {
    yield { type: 'restoring', reason: result.error.message };
    await restoreSaved(modem, dialect, saved, run.functionality, run.radioCycled, run.t, report);
    if (report.exact && imei && journal) await journal.clear(imei).catch(() => {});
  }
  result.restore = report;
  if (report.attempted) yield { type: 'restored', report };
  yield { type: 'finished', result };
  return result;
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
