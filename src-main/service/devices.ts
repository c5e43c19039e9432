// The device registry: the current set of modems from a DeviceSource, as events for every face.
// - modem-added / modem-removed / modem-changed carry the full description.
// - modem-reappeared: the same modem after a mode switch (AT+CUSBPIDSWITCH re-enumerates with a new
//   PID and new tty numbers, sim7600.md §2). Before the IMEI is known the USB port path is the only
//   identity (every SIM7600 has the same USB serial, sim7600.md §1); once AT+CGSN answered, the IMEI.
//   A modem that left less than `reappearWindowMs` ago (default 120 s: reboots take "a few seconds to
//   a minute") and comes back on the same port path, or answers with the same IMEI, reappeared.
import { refineIdentity } from '../core/devices/identity.js';
import type { DeviceList, DeviceSource, ModemDescription } from '../core/devices/types.js';

export type DeviceEvent =
  | { type: 'modem-added'; modem: ModemDescription }
  | { type: 'modem-removed'; modem: ModemDescription }
  | { type: 'modem-changed'; modem: ModemDescription; previous: ModemDescription }
  | { type: 'modem-reappeared'; modem: ModemDescription; previous: ModemDescription };

export interface DeviceRegistryOptions {
  /** How long a departed modem can come back as "reappeared"; default 120000 ms. */
  reappearWindowMs?: number;
  /** Confirms identity on the AT port (AT+CGMM/AT+CGSN) for new modems; default none. */
  identify?: (modem: ModemDescription) => Promise<ModemDescription>;
  now?: () => number;
}

interface Identity {
  model?: string;
  imei?: string;
}

export class DeviceRegistry {
  private readonly modems = new Map<string, ModemDescription>(); // by port path
  private readonly identities = new Map<string, Identity>(); // by port path
  private readonly departed: { modem: ModemDescription; at: number }[] = [];
  private readonly listeners = new Set<(e: DeviceEvent) => void>();
  private unwatch: (() => void) | undefined;
  private lastReason: string | undefined;
  private readonly window: number;
  private readonly now: () => number;
  private readyResolve: (() => void) | undefined;
  /** Resolves after the first snapshot was applied. */
  readonly ready: Promise<void>;

  constructor(
    private readonly source: DeviceSource,
    private readonly options: DeviceRegistryOptions = {},
  ) {
    this.window = options.reappearWindowMs ?? 120_000;
    this.now = options.now ?? Date.now;
    this.ready = new Promise((r) => (this.readyResolve = r));
  }

  start(): void {
    if (this.unwatch) return;
    this.unwatch = this.source.watch((snap) => {
      this.apply(snap);
      this.readyResolve?.();
    });
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  list(): ModemDescription[] {
    return [...this.modems.values()].sort((a, b) => a.portPath.localeCompare(b.portPath));
  }

  get reason(): string | undefined {
    return this.lastReason;
  }

  on(listener: (e: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: DeviceEvent): void {
    for (const l of this.listeners) l(e);
  }

  private withIdentity(m: ModemDescription): ModemDescription {
    const id = this.identities.get(m.portPath);
    return id && (id.model || id.imei) ? refineIdentity(m, id) : m;
  }

  /** Applies one snapshot of the source; emits the differences. */
  apply(snap: DeviceList): void {
    this.lastReason = snap.reason;
    const t = this.now();
    this.pruneDeparted(t);
    const incoming = new Map(snap.modems.map((m) => [m.portPath, m]));
    for (const [port, old] of this.modems) {
      if (incoming.has(port)) continue;
      this.modems.delete(port);
      this.departed.push({ modem: old, at: t });
      this.emit({ type: 'modem-removed', modem: old });
    }
    for (const [port, fresh] of incoming) {
      const old = this.modems.get(port);
      if (old) {
        if (old.vid !== fresh.vid || old.pid !== fresh.pid) {
          // Switched between two polls without a visible gap.
          const modem = this.withIdentity(fresh);
          this.modems.set(port, modem);
          this.emit({ type: 'modem-reappeared', modem, previous: old });
          this.probe(modem);
        } else {
          const modem = this.withIdentity(fresh);
          if (JSON.stringify(modem) !== JSON.stringify(old)) {
            this.modems.set(port, modem);
            this.emit({ type: 'modem-changed', modem, previous: old });
          }
        }
        continue;
      }
      const idx = this.departed.findIndex((d) => d.modem.portPath === port);
      // A new arrival inherits nothing from whatever used this port before.
      if (idx < 0) this.identities.delete(port);
      const modem = this.withIdentity(fresh);
      this.modems.set(port, modem);
      if (idx >= 0) {
        const [{ modem: previous }] = this.departed.splice(idx, 1) as [{ modem: ModemDescription; at: number }];
        this.emit({ type: 'modem-reappeared', modem, previous });
      } else {
        this.emit({ type: 'modem-added', modem });
      }
      this.probe(modem);
    }
  }

  /**
   * Records what the AT port said (model, IMEI). Emits modem-changed; when the IMEI belongs to a modem
   * that departed from another port path, emits modem-reappeared as well.
   */
  setIdentity(portPath: string, identity: Identity): void {
    const merged = { ...this.identities.get(portPath), ...identity };
    this.identities.set(portPath, merged);
    const old = this.modems.get(portPath);
    if (!old) return;
    const modem = refineIdentity(old, merged);
    this.modems.set(portPath, modem);
    if (JSON.stringify(modem) !== JSON.stringify(old)) this.emit({ type: 'modem-changed', modem, previous: old });
    if (merged.imei) {
      const idx = this.departed.findIndex((d) => d.modem.imei === merged.imei && d.modem.portPath !== portPath);
      if (idx >= 0) {
        const [{ modem: previous }] = this.departed.splice(idx, 1) as [{ modem: ModemDescription; at: number }];
        this.emit({ type: 'modem-reappeared', modem, previous });
      }
    }
  }

  private probe(modem: ModemDescription): void {
    const identify = this.options.identify;
    if (!identify || !modem.atPort) return;
    void identify(modem)
      .then((r) => {
        const cur = this.modems.get(modem.portPath);
        // Only if the same composition is still there (it may have switched meanwhile).
        if (!cur || cur.pid !== modem.pid || cur.vid !== modem.vid) return;
        const id: Identity = {};
        if (r.model) id.model = r.model;
        if (r.imei) id.imei = r.imei;
        if (id.model || id.imei) this.setIdentity(modem.portPath, id);
      })
      .catch(() => {});
  }

  private pruneDeparted(t: number): void {
    for (let i = this.departed.length - 1; i >= 0; i--) {
      const d = this.departed[i];
      if (d && t - d.at > this.window) {
        this.departed.splice(i, 1);
        if (!this.modems.has(d.modem.portPath)) this.identities.delete(d.modem.portPath);
      }
    }
  }
}
