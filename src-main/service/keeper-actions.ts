// What the watchdog (issue 11, ./watchdog.ts) asks of the service: the link check through the interface,
// the modem's own view, the doctor's verdict, and the recovery stages cheapest first — host (interface, DHCP,
// route policy), modem data (radio cycle, then DHCP), modem reset (CFUN=1,1, then wait for it to come back,
// re-found by IMEI or its stable port), USB re-bind through the privileged helper (and the hub port power
// cycle when allowed). Every stage re-applies what the user chose (policy, APN, mode): it never chooses.
import type { HostStep, UsbStep } from '../core/watchdog/policy.js';
import type { LinkCheck, ModemFacts, Verdict } from '../core/watchdog/types.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { AtEngineApi } from '../core/at/engine-api.js';
import { abortableSleep } from '../core/abortable-sleep.js';

const sleep = (ms: number, signal: AbortSignal) => abortableSleep(ms, signal, () => new Error('cancelled'));
import type { PolicyName } from '../core/net/types.js';
import { reattachCommands, resolveProfile, type VendorProfile } from '../core/vendors/index.js';
import type { ModemRef } from './modems.js';
import type { Parts } from './parts.js';
import type { RecoveryActions, WatchdogChecks } from './watchdog.js';

export interface KeeperTarget {
  /** The modem kept online now (re-found after a reset); undefined while it is gone. */
  modem(): ModemRef | undefined;
  /** The interface to keep up (the modem's, or the one named for the daemon). */
  iface(): string | null;
  policy(): PolicyName;
  targets(): { pingTargets: string[]; dnsName: string };
  /** How long a stage may wait for the modem to come back or register; default 90 s. */
  comebackMs: number;
}

const WHAT = "the watchdog's recovery";

export class KeeperActions implements WatchdogChecks, RecoveryActions {
  constructor(
    private readonly p: Parts,
    private readonly t: KeeperTarget,
  ) {}

  // ---- checks --------------------------------------------------------------------------------

  async link(signal: AbortSignal): Promise<LinkCheck> {
    const iface = this.t.iface();
    const at = Date.now();
    if (!iface) return { classification: 'interface-missing', summary: 'no network interface is known for the modem', at };
    const { pingTargets, dnsName } = this.t.targets();
    const r = await this.p.env.network.check(this.p.net({ iface, pingTargets, dnsName, probeTimeoutMs: 1500, signal }));
    const ping = r.probes.find((x) => x.kind === 'ping' && x.ok && x.ms !== undefined);
    return { classification: r.classification, summary: r.summary, ...(ping ? { latencyMs: ping.ms } : {}), at };
  }

  async modem(signal: AbortSignal): Promise<ModemFacts> {
    const ref = this.t.modem();
    if (ref && !this.t.iface() && !ref.usb) return { portPresent: true, answers: true, ifaceKnown: false };
    if (!ref?.atPort) return { portPresent: false, answers: false };
    const engine = await this.p.sessions.engineIfFree(ref.id);
    if (!engine) return { portPresent: false, answers: false };
    const m = new ModemAt(engine);
    const o = { signal, timeoutMs: 3000 };
    const answers = await engine.send('AT', { ...o, allowError: true }).then((r) => r.final.kind === 'ok', () => false);
    if (!answers) return { portPresent: true, answers: false };
    const reg = await m.registration('cereg', o).catch(() => m.registration('cgreg', o)).catch(() => undefined);
    const addrs = await m.pdpAddresses(o).catch(() => undefined);
    const mode = ref.usb?.mode;
    return {
      portPresent: true,
      answers: true,
      ...(reg ? { registered: reg.registered } : {}),
      ...(addrs ? { pdpAddress: addrs.some((a) => a.cid === 1 && !!(a.ipv4 || a.ipv6)) } : {}),
      // A composition whose link simhat does not bring up by DHCP (QMI, MBIM, serial) is the user's choice:
      // the watchdog says offline and never switches it back.
      ...(mode && mode !== 'unknown' ? { netCapable: mode === 'rndis' || mode === 'ecm' } : {}),
    };
  }

  async verdict(signal: AbortSignal): Promise<Verdict | null> {
    const ref = this.t.modem();
    const { runDoctor } = await import('./doctor.js');
    const iface = this.t.iface();
    const shared = ref ? await this.p.sessions.engineIfFree(ref.id) : undefined;
    const report = await runDoctor(
      this.p.doctorDeps(),
      {
        ...(ref?.atPort ? { port: ref.atPort } : {}),
        ...(iface ? { iface } : {}),
        ...this.t.targets(),
        policy: this.t.policy(),
        platform: this.p.env.platform,
        ...(this.p.env.netRoot !== undefined ? { netRoot: this.p.env.netRoot } : {}),
        signal,
      },
      shared ? { engine: shared } : {},
    );
    const v = report.verdict;
    return v ? { checkId: v.checkId, summary: v.summary, fixId: v.fix?.id ?? null } : null;
  }

  // ---- recovery ------------------------------------------------------------------------------

  /** Runs a stage holding the modem's writer lock (one writer per modem, issue 15 item 4). */
  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const ref = this.t.modem();
    const release = ref ? this.p.sessions.claim(ref.id, WHAT) : () => {};
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private needIface(): string {
    const iface = this.t.iface();
    if (!iface) throw new Error('no network interface is known for the modem');
    return iface;
  }

  async host(steps: HostStep[], signal: AbortSignal): Promise<string[]> {
    const done: string[] = [];
    for (const step of steps) {
      const iface = this.needIface();
      if (step === 'wait-interface') await this.waitIface(iface, signal);
      else if (step === 'link-up' || step === 'renew-dhcp') await this.p.env.network.up(this.p.net({ iface, policy: this.t.policy(), signal }));
      else await this.p.env.network.policy(this.p.net({ iface, policy: this.t.policy(), signal }));
      done.push(step);
    }
    return done;
  }

  /** The kept modem's vendor profile (re-attach method, reset command): core/vendors. */
  private profile(): VendorProfile {
    const ref = this.t.modem();
    return resolveProfile({ family: ref?.usb?.family ?? null, model: ref?.usb?.model ?? null, vid: ref?.usb?.vid ?? null }).profile;
  }

  async modemData(signal: AbortSignal): Promise<string[]> {
    const reattach = this.profile().reattach;
    await this.locked(async () => {
      const engine = await this.engine();
      // Re-attach per the vendor: a radio cycle (CFUN=0 detaches, CFUN=1 attaches with the contexts as
      // they are) or the context down and up (CGACT).
      for (const command of reattachCommands(reattach)) await engine.send(command, { signal, timeoutMs: 30_000 });
      await this.waitData(engine, signal);
    });
    await this.dhcp(signal);
    return [reattach.method, 'dhcp'];
  }

  async modemReset(signal: AbortSignal): Promise<string[]> {
    const before = this.t.modem();
    if (!before) throw new Error('the modem is not there to reset');
    const steps: string[] = [];
    await this.locked(async () => {
      const engine = await this.p.sessions.engine(before.id).catch(() => undefined);
      if (engine) {
        // The OK may not arrive: the module drops off the bus while answering.
        const reset = this.profile().reset.command;
        await engine.send(reset, { signal, timeoutMs: 5000, allowError: true }).catch(() => undefined);
        this.p.events.log('info', 'watchdog', `${before.id}: modem reset (${reset})`);
        steps.push('reset');
        await this.p.sessions.drop(before.id);
        await sleep(2000, signal);
      }
      // Its port is gone (rebooting, re-enumerating) or it was just reset: wait for it, re-found by IMEI
      // or its stable port, to answer again.
      const back = await this.waitBack(signal);
      steps.push('wait-back');
      await this.waitData(back, signal);
    });
    await this.dhcp(signal);
    return [...steps, 'dhcp'];
  }

  async usb(steps: UsbStep[], signal: AbortSignal): Promise<string[]> {
    const ref = this.t.modem();
    const usbPath = ref?.usb?.portPath;
    if (!usbPath) throw new Error('the modem has no USB device simhat can re-bind (given by its port only)');
    const done: string[] = [];
    await this.locked(async () => {
      for (const step of steps) {
        if (step === 'rebind') {
          if (!this.p.env.privileged) throw new Error('the privileged helper is not available to re-bind the USB device');
          await this.p.env.privileged('usb-rebind', { device: usbPath });
        } else {
          if (!this.p.env.hubPowerCycle) throw new Error('uhubctl is not installed');
          await this.p.env.hubPowerCycle(usbPath);
        }
        done.push(step);
        await this.p.sessions.drop(ref.id);
      }
      const back = await this.waitBack(signal);
      await this.waitData(back, signal);
    });
    await this.dhcp(signal);
    return [...done, 'dhcp'];
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async engine(): Promise<AtEngineApi> {
    const ref = this.t.modem();
    if (!ref) throw new Error('the modem is gone');
    return this.p.sessions.engine(ref.id);
  }

  private async dhcp(signal: AbortSignal): Promise<void> {
    const iface = this.needIface();
    await this.waitIface(iface, signal);
    await this.p.env.network.up(this.p.net({ iface, policy: this.t.policy(), signal }));
  }

  private async waitIface(iface: string, signal: AbortSignal): Promise<void> {
    const end = Date.now() + this.t.comebackMs;
    while (Date.now() < end) {
      const s = await this.p.env.network.status(this.p.net({ iface, signal })).catch(() => null);
      if (s?.exists) return;
      await sleep(500, signal);
    }
    throw new Error(`${iface} did not come back within ${Math.round(this.t.comebackMs / 1000)} s`);
  }

  /** Waits until the modem (re-found by the keeper's target) answers AT again; returns its engine. */
  private async waitBack(signal: AbortSignal): Promise<AtEngineApi> {
    const end = Date.now() + this.t.comebackMs;
    let last = 'not back yet';
    while (Date.now() < end) {
      const ref = this.t.modem();
      if (ref?.atPort) {
        try {
          const engine = await this.p.sessions.engine(ref.id);
          const r = await engine.send('AT', { signal, timeoutMs: 1500, allowError: true });
          if (r.final.kind === 'ok') return engine;
        } catch (err) {
          last = (err as Error).message;
          await this.p.sessions.drop(ref.id);
        }
      }
      await sleep(500, signal);
    }
    throw new Error(`the modem did not come back within ${Math.round(this.t.comebackMs / 1000)} s (${last})`);
  }

  /** Waits for registration and a data address on cid 1 (the contexts the user set stay as they are). */
  private async waitData(engine: AtEngineApi, signal: AbortSignal): Promise<void> {
    const m = new ModemAt(engine);
    const end = Date.now() + this.t.comebackMs;
    while (Date.now() < end) {
      const reg = await m.registration('cereg', { signal }).catch(() => undefined);
      const addrs = reg?.registered ? await m.pdpAddresses({ signal }).catch(() => undefined) : undefined;
      if (addrs?.some((a) => a.cid === 1 && !!(a.ipv4 || a.ipv6))) return;
      await sleep(500, signal);
    }
    throw new Error('the modem did not get a data session back');
  }
}
