// `doctor --fix` (issue 6, issue 10): diagnose, apply the first fix of a failing check through the fix
// registry (core/doctor/fix-registry.ts: the order; ./fixes.ts: the runners), diagnose again, and so on.
import type { AtEngineApi } from '../core/at/engine-api.js';
import { validateApn } from '../core/at/validate.js';
import type { DoctorFacts } from '../core/doctor/facts.js';
import { fixesToApply } from '../core/doctor/fix-order.js';
import type { DoctorReport, Fix, FixId } from '../core/doctor/report.js';
import type { IpType } from '../core/apn/db-types.js';
import type { ApplyTimeouts } from './apn.js';
import { decidedApn } from './doctor-apn.js';
import { diagnose, type DoctorDeps, type DoctorOptions } from './doctor.js';
import type { PrivilegedVerb } from './env.js';
import { FIXES, type FixContext, type FixOutcome } from './fixes.js';

export interface FixDeps extends DoctorDeps {
  /** Mode switch for switch-rndis / switch-ecm (service/mode-switch.ts). */
  switchMode?: ((target: 'rndis' | 'ecm', port: string | undefined) => Promise<unknown>) | null;
  /**
   * Applies an APN (undefined: the one chosen for this SIM); default: the APN workflow (write, verify,
   * re-attach, restore on failure) with the given APN or the carrier's suggestion.
   */
  applyApn?: ((apn: string | undefined, port: string, engine: AtEngineApi, ipType: IpType | undefined) => Promise<{ message: string; result?: unknown }>) | null;
  /** Privileged host actions (the helper's verbs udev-rule / usb-serial-new-id). */
  privileged?: ((verb: PrivilegedVerb, args: Record<string, string>) => Promise<void>) | null;
  /** Runs fn on an AT port; default: opened with openEngine for the fix and closed after. */
  withEngine?: (<T>(port: string, fn: (engine: AtEngineApi) => Promise<T>) => Promise<T>) | null;
  /** Host fixes of a simulated host (demo). */
  hostFix?: ((id: FixId) => Promise<unknown>) | null;
  /** The AT session the diagnoses between fixes reuse (the service's shared one); default: open the port each time. */
  sharedEngine?: (() => Promise<AtEngineApi | undefined>) | null;
}

export interface FixOptions {
  /** Ask before each fix; returns true to apply. Default: apply (the CLI passes a prompt unless --yes). */
  confirm?: (fix: Fix) => Promise<boolean>;
  /** Only these fix ids are applied (the ones the user accepted); others are skipped as declined. */
  only?: readonly string[];
  /** SIM PIN for enter-pin. */
  pin?: string;
  /** APN for apply-apn when the SIM's carrier gives no suggestion. */
  apn?: string;
  /** How long to wait for registration / data after a modem fix; default 20 s. */
  settleMs?: number;
  /** apply-apn's waits per APN try (registration, address); default the APN workflow's (apn.ts). */
  apnTimeouts?: Partial<ApplyTimeouts>;
  onEvent?: (e: FixEvent) => void;
  /** Progress inside one fix (a mode switch's steps, the APN apply's). */
  onProgress?: FixContext['progress'];
}

export type FixEvent =
  | { type: 'fix-start'; fix: Fix }
  | { type: 'fix-done'; fix: Fix; ok: boolean; message: string }
  | { type: 'fix-skipped'; fix: Fix; message: string };

export interface FixRun {
  before: DoctorReport;
  applied: { fix: Fix; ok: boolean; message: string }[];
  after: DoctorReport;
}

export { fixesToApply };

/**
 * `doctor --fix`: diagnose, apply the first fix of a failing check (FIX_IDS order, asking first),
 * diagnose again, and so on: a fix changes the facts the next one depends on (after a switch to
 * RNDIS the APN also goes to context 6). Each fix id is tried once.
 */
export async function runDoctorFixes(deps: FixDeps, options: DoctorOptions, fixOptions: FixOptions = {}): Promise<FixRun> {
  const look = async () => {
    const engine = deps.sharedEngine ? await deps.sharedEngine() : undefined;
    return diagnose(deps, options, engine ? { engine } : {});
  };
  const first = await look();
  let current = first;
  const applied: FixRun['applied'] = [];
  const tried = new Set<string>();
  for (;;) {
    const fix = fixesToApply(current.report).find((f) => !tried.has(f.id));
    if (!fix || options.signal?.aborted) break;
    tried.add(fix.id);
    const declined = (fixOptions.only && !fixOptions.only.includes(fix.id)) || (fixOptions.confirm && !(await fixOptions.confirm(fix)));
    if (declined) {
      fixOptions.onEvent?.({ type: 'fix-skipped', fix, message: 'declined' });
      continue;
    }
    fixOptions.onEvent?.({ type: 'fix-start', fix });
    let outcome: { ok: boolean; message: string };
    try {
      outcome = await applyOneFix(deps, options, fixOptions, fix, current.facts);
    } catch (err) {
      outcome = { ok: false, message: (err as Error).message };
    }
    applied.push({ fix, ok: outcome.ok, message: outcome.message });
    fixOptions.onEvent?.({ type: 'fix-done', fix, ok: outcome.ok, message: outcome.message });
    // A failed fix leaves the rest of the chain as it was: stop rather than pile changes on top.
    if (!outcome.ok) break;
    current = await look();
  }
  // A failed fix may have changed part of the state: look once more.
  const after = applied.length > 0 && !applied.at(-1)!.ok ? (await look()).report : current.report;
  return { before: first.report, applied, after };
}

/** One fix of the registry (./fixes.ts), with the capabilities these deps give. */
export function applyOneFix(deps: FixDeps, options: DoctorOptions, fo: FixOptions, fix: Fix, facts: DoctorFacts): Promise<FixOutcome> {
  const port = options.port ?? facts.at?.port ?? undefined;
  const iface = options.iface ?? facts.host?.iface ?? undefined;
  const withEngine = <T>(fn: (e: AtEngineApi) => Promise<T>): Promise<T> => {
    if (!port) throw new Error('no AT port');
    if (deps.withEngine) return deps.withEngine(port, fn);
    return openedFor(deps, port, fn);
  };
  // Keep the PDP type the modem already uses in cid 1 (an IPv4-only network refuses IPV4V6 on some firmware).
  const existing = facts.at?.contexts?.find((c) => c.cid === 1)?.type;
  const ipType = existing === 'IP' || existing === 'IPV6' || existing === 'IPV4V6' ? existing : undefined;
  const ctx: FixContext = {
    fix,
    facts,
    port,
    iface,
    policy: options.policy ?? 'failover',
    ...(fo.pin ? { pin: fo.pin } : {}),
    ...(fo.apn !== undefined ? { apn: fo.apn } : {}),
    settleMs: fo.settleMs ?? 20_000,
    ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    progress: fo.onProgress ?? (() => {}),
    ...(port && (deps.withEngine || deps.openEngine) ? { withEngine } : {}),
    ...(deps.switchMode ? { switchMode: (target: 'rndis' | 'ecm') => deps.switchMode!(target, port) } : {}),
    ...(port && (deps.withEngine || deps.openEngine)
      ? {
          applyApn: (given: string | undefined) => {
            // A caller's own applyApn chooses the APN itself when none was given (the service: its decider operation).
            if (deps.applyApn) return withEngine((engine) => deps.applyApn!(given === undefined ? undefined : validateApn(given), port, engine, ipType));
            if (given !== undefined) return withEngine((engine) => defaultApplyApn(validateApn(given), port, engine, ipType ?? 'IPV4V6'));
            // The one APN decider (issue 13), as connect and the UI use it: the same APN for the same SIM.
            return withEngine((engine) => decidedApn(deps, port, engine, { ipType, progress: ctx.progress, signal: options.signal, timeouts: fo.apnTimeouts }));
          },
        }
      : {}),
    network: deps.network ?? null,
    privileged: deps.privileged ?? null,
    portHolders: deps.portHolders ?? null,
    hostFix: deps.hostFix ?? undefined,
  };
  return FIXES[fix.id](ctx);
}

async function openedFor<T>(deps: DoctorDeps, port: string, fn: (e: AtEngineApi) => Promise<T>): Promise<T> {
  if (!deps.openEngine) throw new Error('no AT port');
  const engine = await deps.openEngine(port);
  try {
    return await fn(engine);
  } finally {
    await engine.close().catch(() => {});
  }
}

/** The APN workflow of issue 5 (write, verify, re-attach, restore on failure) with one target. */
async function defaultApplyApn(apn: string, port: string, engine: AtEngineApi, ipType: 'IP' | 'IPV6' | 'IPV4V6'): Promise<{ message: string; result?: unknown }> {
  const { runApplyApn } = await import('./apn.js');
  const { ModemAt } = await import('../core/at/modem-at.js');
  // The contexts come from the device catalog (core/apn/apply-plan.ts contextsForDevice): one rule.
  const result = await runApplyApn(new ModemAt(engine), { targets: [{ apn, ipType, auth: 'none', label: 'doctor --fix' }], port });
  if (!result.ok) throw new Error(`${result.error?.message ?? 'the APN did not bring data up'}${result.restore?.ok ? ' (the previous contexts were restored)' : ''}`);
  return { message: `APN "${apn}" set in context${result.contexts.length > 1 ? 's' : ''} ${result.contexts.join(' and ')}`, result };
}
