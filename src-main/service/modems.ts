// The modems the service knows: the ones the device registry finds on USB (issue 3), and the ones a user
// names by their AT port (a UART HAT, the twin on a PTY, `--port` on the CLI), which have no USB view.
// The registry starts on first need, so a command that never touches a modem (apn search) never scans USB.
import { realpath } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModemState, ModemSummary } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { refineIdentity } from '../core/devices/identity.js';
import type { ModemDescription } from '../core/devices/types.js';
import { manualIdOf, modemIdOf, summaryOf } from './contract-map.js';
import { DeviceRegistry, type DeviceEvent } from './devices.js';
import type { ServiceEnv } from './env.js';
import type { EventHub } from './events.js';

/** One modem as the workflows need it: where its AT port and interface are, and its USB view if any. */
export interface ModemRef {
  id: string;
  /** The detection view; null for a modem given by its port. */
  usb: ModemDescription | null;
  atPort: string | null;
  iface: string | null;
  baudRate?: number;
}

interface Manual {
  port: string;
  iface: string | null;
  baudRate?: number;
  model?: string;
  imei?: string;
}

export interface ModemBookHooks {
  /** Confirms model and IMEI on the AT port (the registry's identify step); absent = no probing on arrival. */
  identify?: (desc: ModemDescription) => Promise<{ model?: string; imei?: string; revision?: string }>;
  /** A modem left or its AT port moved: its session must go. */
  onGone(modemId: string): void;
  /** What the session layer says of a modem right now (switching while a workflow holds its port). */
  stateOf(modemId: string): ModemState | undefined;
}

export async function samePath(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [ra, rb] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return ra === rb;
}

export class ModemBook {
  private readonly registry: DeviceRegistry;
  private started: Promise<void> | undefined;
  private readonly manual = new Map<string, Manual>();
  /** Interfaces named by hand for USB modems (`--iface`). */
  private readonly ifaceOverride = new Map<string, string>();
  /** AT ports found by probing a device whose layout names none (issue 12), with the probed description. */
  private readonly probed = new Map<string, ModemDescription>();
  private readonly revisions = new Map<string, string>();
  private offRegistry: (() => void) | undefined;
  private reasonTimer: ReturnType<typeof setInterval> | undefined;
  private lastReason: string | undefined;

  constructor(
    private readonly env: ServiceEnv,
    private readonly events: EventHub,
    private readonly hooks: ModemBookHooks,
  ) {
    const identify = hooks.identify;
    this.registry = new DeviceRegistry(env.devices, {
      ...(identify
        ? {
            identify: async (desc: ModemDescription) => {
              const r = await identify(desc);
              if (r.revision) this.revisions.set(modemIdOf(desc), r.revision);
              return refineIdentity(desc, { ...(r.model ? { model: r.model } : {}), ...(r.imei ? { imei: r.imei } : {}) });
            },
          }
        : {}),
    });
  }

  /** Starts watching the bus (once) and waits for the first snapshot. */
  ready(): Promise<void> {
    if (!this.started) {
      this.offRegistry = this.registry.on((e) => this.onDevice(e));
      this.registry.start();
      this.started = this.registry.ready.then(() => {
        this.lastReason = this.registry.reason;
        this.publish('initial');
      });
      // Why the list may be incomplete changes without a modem event (USB access lost or regained).
      this.reasonTimer = setInterval(() => {
        if (this.registry.reason === this.lastReason) return;
        this.lastReason = this.registry.reason;
        this.events.emit({ type: 'device', change: 'reason', reason: this.lastReason ?? null });
      }, 200);
      this.reasonTimer.unref?.();
    }
    return this.started;
  }

  private onDevice(e: DeviceEvent): void {
    const id = modemIdOf(e.modem);
    const change = e.type === 'modem-added' ? 'added' : e.type === 'modem-removed' ? 'removed' : e.type === 'modem-reappeared' ? 'reappeared' : 'changed';
    this.events.log('info', 'devices', `${e.type} ${id} (${e.modem.vid}:${e.modem.pid} ${e.modem.modeName})`);
    if (e.type === 'modem-removed' || e.type === 'modem-reappeared' || (e.type === 'modem-changed' && e.previous.atPort !== e.modem.atPort)) {
      this.probed.delete(id);
      this.hooks.onGone(id);
    }
    if ((e.type === 'modem-added' || e.type === 'modem-reappeared') && this.hooks.identify) void this.probeAtPort(e.modem);
    this.events.emit({
      type: 'device',
      change: e.type,
      modem: e.modem,
      ...('previous' in e ? { previous: { id: e.previous.id, pid: e.previous.pid, mode: e.previous.mode } } : {}),
    });
    this.publish(change, id);
  }

  /** Probes a device with no AT port in its layout for one (a known vendor with an unknown PID). */
  async probeAtPort(d: ModemDescription): Promise<ModemDescription> {
    const id = modemIdOf(d);
    const known = this.probed.get(id);
    if (known) return known;
    if (d.atPort || d.busy || !this.env.findAtPort) return d;
    const found = await this.env.findAtPort(d).catch(() => d);
    if (found.atPort && this.registry.list().some((x) => modemIdOf(x) === id)) {
      this.probed.set(id, found);
      this.publish('changed', id);
    }
    return found;
  }

  /** A USB description with what probing found. */
  private view(d: ModemDescription): ModemDescription {
    return this.probed.get(modemIdOf(d)) ?? d;
  }

  get reason(): string | undefined {
    return this.registry.reason;
  }

  /** The USB view (after ready()). */
  usbModems(): ModemDescription[] {
    return this.registry.list().map((d) => this.view(d));
  }

  list(): ModemRef[] {
    const usb = this.usbModems().map((d) => this.refOfUsb(d));
    const manual = [...this.manual.entries()].map(([id, m]) => this.refOfManual(id, m));
    return [...usb, ...manual];
  }

  private refOfUsb(d: ModemDescription): ModemRef {
    const id = modemIdOf(d);
    return { id, usb: d, atPort: d.atPort, iface: this.ifaceOverride.get(id) ?? d.netIface };
  }

  private refOfManual(id: string, m: Manual): ModemRef {
    return { id, usb: null, atPort: m.port, iface: m.iface, ...(m.baudRate ? { baudRate: m.baudRate } : {}) };
  }

  find(modemId: string): ModemRef | undefined {
    return this.list().find((r) => r.id === modemId);
  }

  /** The modem with this id (after ready()); refused with no-modem when it is not there. */
  get(modemId: string): ModemRef {
    const r = this.find(modemId);
    if (!r) throw new ApiCallError({ code: 'no-modem', message: `No modem ${modemId}`, hint: 'Plug the modem in, or pick another one on the Modem screen.' });
    return r;
  }

  /** The named modem, else the first one; undefined when there is none. */
  async pick(modemId?: string): Promise<ModemRef | undefined> {
    await this.ready();
    return modemId ? this.get(modemId) : this.list()[0];
  }

  /**
   * A modem by its AT port: the USB modem whose AT port this is (same file after symlinks), else a modem
   * known only by the port. An interface given here is used for this modem from now on.
   */
  async attach(port: string, options: { iface?: string; baudRate?: number } = {}): Promise<ModemRef> {
    await this.ready();
    for (const d of this.usbModems()) {
      if (d.atPort && (await samePath(d.atPort, port))) {
        if (options.iface) this.ifaceOverride.set(modemIdOf(d), options.iface);
        return this.refOfUsb(d);
      }
    }
    // The same port under another name (a symlink such as /dev/serial/by-id/...): the same modem.
    for (const [known, m] of this.manual) {
      if (known !== manualIdOf(port) && (await samePath(m.port, port))) return this.attach(m.port, options);
    }
    const id = manualIdOf(port);
    const old = this.manual.get(id);
    const m: Manual = { ...old, port, iface: options.iface ?? old?.iface ?? null, ...(options.baudRate ? { baudRate: options.baudRate } : {}) };
    this.manual.set(id, m);
    if (!old) {
      this.events.log('info', 'devices', `using ${port} by hand (${id})`);
      this.publish('added', id);
    }
    return this.refOfManual(id, m);
  }

  /** What the AT port said of a modem given by hand (its summary shows the model). */
  noteIdentity(modemId: string, identity: { model?: string; imei?: string; revision?: string }): void {
    if (identity.revision) this.revisions.set(modemId, identity.revision);
    const m = this.manual.get(modemId);
    if (m) Object.assign(m, identity.model ? { model: identity.model } : {}, identity.imei ? { imei: identity.imei } : {});
  }

  summaries(): ModemSummary[] {
    const usb = this.usbModems().map((d) => {
      const id = modemIdOf(d);
      const s = summaryOf(d, { ...(this.revisions.has(id) ? { revision: this.revisions.get(id)! } : {}), simulated: this.env.demo !== null });
      const iface = this.ifaceOverride.get(id);
      if (iface) s.iface = iface;
      const state = this.hooks.stateOf(id);
      if (state) s.state = state;
      return s;
    });
    const manual = [...this.manual.entries()].map(([id, m]): ModemSummary => {
      const s: ModemSummary = { id, vid: '', pid: '', model: m.model ?? basename(m.port), mode: 'unknown', drivers: [], atPort: m.port, state: this.hooks.stateOf(id) ?? 'ready', manual: true };
      if (m.iface) s.iface = m.iface;
      if (m.imei) s.imei = m.imei;
      const rev = this.revisions.get(id);
      if (rev) s.revision = rev;
      return s;
    });
    return [...usb, ...manual];
  }

  publish(change: 'added' | 'removed' | 'changed' | 'reappeared' | 'initial', modemId?: string): void {
    this.events.emit({ type: 'modems', modems: this.summaries(), change, ...(modemId ? { modemId } : {}) });
  }

  stop(): void {
    if (this.reasonTimer) clearInterval(this.reasonTimer);
    this.offRegistry?.();
    this.registry.stop();
  }
}
