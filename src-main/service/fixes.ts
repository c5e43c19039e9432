// The executable half of the doctor's fix registry (issue 10): each fix of core/doctor/fix-registry.ts
// (id, label, order) has its runner here under the same id — `FIXES` is a Record over every FixId, so a
// fix without a runner fails to compile. Every face applies fixes through it — the service's applyFix /
// runFixes operations and `runDoctorFixes` (doctor --fix) alike. A runner gets what the diagnosis saw and
// the capabilities of the place it runs in (a shared AT session, the mode switch, the APN apply, the
// network layer, the helper).
import type { AtEngineApi } from '../core/at/engine-api.js';
import { buildCfunWrite } from '../core/at/commands/power.js';
import { buildCpinWrite } from '../core/at/commands/sim.js';
import { parseCgpaddrExec } from '../core/at/commands/pdp.js';
import { parseRegistration } from '../core/at/commands/registration.js';
import { validatePin } from '../core/at/validate.js';
import type { DoctorFacts } from '../core/doctor/facts.js';
import { describeHolders, isModemManager, MM_REPROBE, MM_STOP_FOR_SESSION, portHolderAdvice } from '../core/doctor/port-advice.js';
import type { Fix, FixId } from '../core/doctor/report.js';
import type { NetworkOps, PolicyName } from '../core/net/types.js';
import type { PrivilegedVerb } from './env.js';

export interface FixOutcome {
  ok: boolean;
  message: string;
  /** Structured result for the Api (a mode switch's outcome, the network status after dhcp-up...). */
  result?: unknown;
}

/** Where a fix runs: the diagnosis it answers, the user's inputs and the capabilities at hand. */
export interface FixContext {
  fix: Fix;
  facts: DoctorFacts;
  port: string | undefined;
  iface: string | undefined;
  policy: PolicyName;
  /** SIM PIN for enter-pin (never guessed). */
  pin?: string;
  /** APN for apply-apn; default the SIM carrier's suggestion. */
  apn?: string;
  /** How long to wait for registration / data after a modem fix. */
  settleMs: number;
  netRoot?: string;
  signal?: AbortSignal;
  progress(step: string, label: string, state: 'running' | 'done' | 'failed', detail?: string): void;
  /** Runs fn on the modem's AT port (shared session or one opened for the fix). */
  withEngine?: <T>(fn: (engine: AtEngineApi) => Promise<T>) => Promise<T>;
  switchMode?: (target: 'rndis' | 'ecm') => Promise<unknown>;
  /**
   * Applies an APN (the APN workflow: write, verify, re-attach, restore on failure); undefined = the APN
   * chosen for this SIM. Returns what it did.
   */
  applyApn?: (apn: string | undefined) => Promise<{ message: string; result?: unknown }>;
  network?: NetworkOps | null;
  privileged?: ((verb: PrivilegedVerb, args: Record<string, string>) => Promise<void>) | null;
  portHolders?: ((path: string) => Promise<{ pid: number; command: string }[]>) | null;
  /** Host fixes of a simulated host (demo: free-port clears the simulated holder). */
  hostFix?: ((id: FixId) => Promise<unknown>) | undefined;
}

export type FixRunner = (ctx: FixContext) => Promise<FixOutcome>;

const noPort: FixOutcome = { ok: false, message: 'no AT port' };

async function onModem(ctx: FixContext, fn: (engine: AtEngineApi) => Promise<FixOutcome>): Promise<FixOutcome> {
  if (!ctx.port || !ctx.withEngine) return noPort;
  return ctx.withEngine(fn);
}

/** Waits until registered (and, when asked, cid 1 holds an address) or the time is up. */
export async function settle(engine: AtEngineApi, ms: number, data: boolean, signal?: AbortSignal): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end && !signal?.aborted) {
    const reg = await engine.send('AT+CEREG?', { allowError: true }).catch(() => null);
    const stat = reg?.final.kind === 'ok' ? registration(reg.lines) : null;
    if (stat === 1 || stat === 5) {
      if (!data) return;
      const p = await engine.send('AT+CGPADDR', { allowError: true }).catch(() => null);
      if (p?.final.kind === 'ok' && cid1Address(p.lines)) return;
    }
    if (stat === 3) return; // denied: waiting does not help
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cid1Address(lines: readonly string[]): boolean {
  try {
    return parseCgpaddrExec(lines).some((a) => a.cid === 1 && (a.ipv4 || a.ipv6));
  } catch {
    return false;
  }
}

function registration(lines: readonly string[]): number | null {
  try {
    return parseRegistration('cereg', lines).stat;
  } catch {
    return null;
  }
}

const switchTo =
  (target: 'rndis' | 'ecm'): FixRunner =>
  async (ctx) => {
    if (!ctx.switchMode) return { ok: false, message: 'mode switching is not available here' };
    const result = await ctx.switchMode(target);
    return { ok: true, message: `switched to ${target === 'rndis' ? 'RNDIS' : 'ECM'}`, result };
  };

/**
 * udev-rule: installs the rule that keeps ModemManager off SIMCom/Quectel modems (the privileged helper's
 * `udev-rule` verb, which also reloads udev). ModemManager keeps a modem it already holds until it sees it
 * again, so the result says whether it still holds the port and what to do then.
 */
async function installMmRule(ctx: FixContext): Promise<FixOutcome> {
  if (!ctx.privileged) return { ok: false, message: `the privileged helper is not available, so simhat cannot install the udev rule (run \`sudo simhat doctor --fix\`). ${MM_STOP_FOR_SESSION}` };
  try {
    await ctx.privileged('udev-rule', { action: 'install' });
  } catch (err) {
    return { ok: false, message: `could not install the udev rule: ${(err as Error).message}. ${MM_STOP_FOR_SESSION}` };
  }
  const installed = 'udev rule installed (ENV{ID_MM_DEVICE_IGNORE}="1" for SIMCom/Quectel modems) and udev reloaded.';
  const after = ctx.port && ctx.portHolders ? await ctx.portHolders(ctx.port).catch(() => null) : null;
  if (after === null) return { ok: true, message: `${installed} If ModemManager still holds the port: ${MM_REPROBE}` };
  const mm = after.filter(isModemManager);
  if (mm.length === 0) return { ok: true, message: `${installed} ModemManager no longer holds ${ctx.port}.` };
  return { ok: false, message: `${installed} ${describeHolders(mm)} still holds ${ctx.port}: ${MM_REPROBE} ${MM_STOP_FOR_SESSION}` };
}

/**
 * free-port: who holds the port NOW (the diagnosis may be older, or could not name the holder). For
 * ModemManager the udev rule through the privileged helper; anyone else is named, never killed
 * (core/doctor/port-advice.ts says what the user can do, and why simhat does no more).
 */
async function freePort(ctx: FixContext): Promise<FixOutcome> {
  if (ctx.hostFix) {
    await ctx.hostFix('free-port');
    return { ok: true, message: 'the port is free' };
  }
  const port = ctx.port;
  if (!port) return { ok: false, message: 'no AT port known' };
  const before = ctx.facts.at?.holders ?? [];
  const now = ctx.portHolders ? await ctx.portHolders(port).catch(() => null) : null;
  const holders = now ?? before;
  if (now && now.length === 0 && before.length > 0) return { ok: true, message: `${describeHolders(before)} no longer hold${before.length > 1 ? '' : 's'} ${port}` };
  if (holders.some(isModemManager)) return installMmRule(ctx);
  if (holders.length === 0) return { ok: false, message: `${port} is locked by a program simhat cannot name. ${portHolderAdvice(port, [])}` };
  return { ok: false, message: `${describeHolders(holders)} hold${holders.length > 1 ? '' : 's'} ${port}. ${portHolderAdvice(port, holders)}` };
}

/** Every fix id, one entry each (a missing id fails to compile). */
export const FIXES: Record<FixId, FixRunner> = {
  'switch-rndis': switchTo('rndis'),
  'switch-ecm': switchTo('ecm'),
  'enter-pin': async (ctx) => {
    if (!ctx.pin) return { ok: false, message: 'give the SIM PIN with --pin (simhat never guesses it: three wrong tries block the SIM)' };
    const pin = validatePin(ctx.pin);
    return onModem(ctx, async (engine) => {
      await engine.send(buildCpinWrite(pin));
      await settle(engine, ctx.settleMs, false, ctx.signal);
      return { ok: true, message: 'PIN accepted' };
    });
  },
  'radio-on': (ctx) =>
    onModem(ctx, async (engine) => {
      await engine.send(buildCfunWrite(1));
      ctx.progress('radio-on', 'Radio switched on (AT+CFUN=1)', 'done');
      await settle(engine, ctx.settleMs, false, ctx.signal);
      return { ok: true, message: 'radio on' };
    }),
  'apply-apn': async (ctx) => {
    if (!ctx.applyApn) return { ok: false, message: 'the APN workflow is not available here' };
    const r = await ctx.applyApn(ctx.apn);
    return { ok: true, message: r.message, result: r.result };
  },
  'dhcp-up': async (ctx) => {
    if (!ctx.network || !ctx.iface) return { ok: false, message: 'no network layer or interface' };
    const r = await ctx.network.up({
      iface: ctx.iface,
      policy: ctx.policy,
      ...(ctx.netRoot !== undefined ? { root: ctx.netRoot } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (p) => ctx.progress(p.step, p.message, 'done', p.command?.join(' ')),
    });
    return { ok: true, message: `${ctx.iface} has ${r.address ?? 'no address'} (metric ${r.metric})`, result: r };
  },
  'route-policy': async (ctx) => {
    if (!ctx.network || !ctx.iface) return { ok: false, message: 'no network layer or interface' };
    const r = await ctx.network.policy({
      iface: ctx.iface,
      policy: ctx.policy,
      ...(ctx.netRoot !== undefined ? { root: ctx.netRoot } : {}),
      onProgress: (p) => ctx.progress(p.step, p.message, 'done', p.command?.join(' ')),
    });
    return { ok: true, message: `${ctx.iface} default route metric ${r.metric} (${ctx.policy})`, result: r };
  },
  'udev-rule': installMmRule,
  'serial-driver': async (ctx) => {
    if (!ctx.privileged) return { ok: false, message: 'the privileged helper is not available' };
    // The device the diagnosis saw without a serial driver (the catalog's needs-new-id quirk: SIMCom 9018).
    const vid = ctx.facts.usb?.vid;
    const pid = ctx.facts.usb?.pid;
    if (!vid || !pid) return { ok: false, message: 'no USB view of the modem, so simhat does not know which VID:PID needs the serial driver (run the doctor without --port)' };
    await ctx.privileged('usb-serial-new-id', { vid, pid });
    return { ok: true, message: `generic serial driver bound to ${vid}:${pid}` };
  },
  'free-port': freePort,
};

/** A fix id of the core registry (which FIXES covers entirely). */
export { isFixId } from '../core/doctor/fix-registry.js';
