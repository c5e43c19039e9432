// Keeping the link online (issue 11): the watchdog (./watchdog.ts) on this service's modem, fed by the
// fast-path URCs and device events, paused while a user's operation changes the modem, and recorded in the
// history (samples every check; state changes, recoveries, resets, port vanishes, mode switches, APN
// changes). The daemon starts one; every face sees its state as `connection` (getConnection + events).
import type { ApiEvent, ConnectionInfo, ModeSwitchOutcome, Settings } from '../api/contract.js';
import { recoveryWords } from '../core/history/outages.js';
import type { Sample } from '../core/history/types.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { PolicyName } from '../core/net/types.js';
import { triggerForUrc } from '../core/watchdog/triggers.js';
import { STAY_ONLINE_DEFAULTS } from '../api/settings-rules.js';
import { watchdogSettings, type WatchdogSettings } from '../core/watchdog/settings.js';
import type { ApnApplyResult } from '../api/contract.js';
import { KeeperActions, type KeeperTarget } from './keeper-actions.js';
import type { ModemRef } from './modems.js';
import type { Parts } from './parts.js';
import { recordWatchdog, Watchdog, type WatchdogClock } from './watchdog.js';

export interface KeepOptions {
  /** The modem to keep online; default the first one found (re-found by IMEI after a reset). */
  modemId?: string;
  /** The interface; default the modem's. */
  iface?: string;
  /** Default: the saved route policy. */
  policy?: PolicyName;
  pingTargets?: string[];
  dnsName?: string;
  /** Given by the daemon's command line: wins over the saved settings. */
  watchdog?: Partial<WatchdogSettings>;
  /** The saved settings the watchdog and the history follow (read at start and on every change); default the service's. */
  settings?: () => Partial<Pick<Settings, KeptSettings>>;
  /** How long a stage waits for the modem or interface to come back; default 90 s (sim7600.md §2). */
  comebackMs?: number;
  clock?: WatchdogClock;
}

/** The settings of staying online (issue 11): the watchdog's, and the history's retention. */
type KeptSettings = 'checkIntervalS' | 'maxResetsPerHour' | 'hubPowerCycle' | 'historyRetentionDays' | 'historyMaxMiB';

const MIB = 1024 * 1024;

export class LinkKeeper {
  readonly watchdog: Watchdog;
  private imei: string | null = null;
  private offs: (() => void)[] = [];

  constructor(
    private readonly p: Parts,
    private readonly o: KeepOptions,
  ) {
    const target: KeeperTarget = {
      modem: () => this.modem(),
      iface: () => this.o.iface ?? this.modem()?.iface ?? null,
      policy: () => this.o.policy ?? this.p.settings.policy,
      targets: () => {
        const t = this.p.settings.checkTargets({ pingTargets: this.o.pingTargets, dnsName: this.o.dnsName });
        return { pingTargets: t.pingTargets, dnsName: t.dnsName };
      },
      comebackMs: o.comebackMs ?? 90_000,
    };
    const actions = new KeeperActions(p, target);
    this.watchdog = new Watchdog({ checks: actions, actions, ...(o.watchdog ? { settings: o.watchdog } : {}), ...(o.clock ? { clock: o.clock } : {}) });
  }

  /** The kept modem: the one named, else the one with the IMEI seen before, else the first one. */
  modem(): ModemRef | undefined {
    const all = this.p.modems.list();
    const named = this.o.modemId ? all.find((m) => m.id === this.o.modemId) : undefined;
    const found = named ?? (this.imei ? all.find((m) => m.usb?.imei === this.imei) : undefined) ?? (this.o.modemId ? undefined : all[0]);
    if (found?.usb?.imei) this.imei = found.usb.imei;
    return found;
  }

  async start(): Promise<void> {
    await this.p.modems.ready();
    await this.p.settings.loaded;
    const w = this.watchdog;
    this.applySettings(false);
    this.offs.push(this.p.settings.onChange(() => this.applySettings(true)));
    w.on('state', (status, previous) => {
      this.p.events.log(status.state === 'degraded' ? 'warn' : 'info', 'watchdog', `${previous} → ${status.state}${status.reason ? `: ${status.reason}` : ''}`);
      this.p.events.emit({ type: 'connection', connection: this.connection() });
    });
    w.on('recovery', (r) => this.p.events.log(r.outcome === 'recovered' ? 'info' : 'warn', 'watchdog', `recovery ${r.outcome}${r.fixedBy ? ` by ${r.fixedBy}` : ''} after ${Math.round(r.durationMs)} ms`));
    w.on('stage', (s) => {
      if (s.phase === 'start' && s.stage === 'modem-reset') this.p.env.history?.addEvent({ kind: 'modem-reset', at: Date.now(), reason: 'watchdog recovery' });
    });
    w.on('warning', (m) => this.p.events.log('warn', 'watchdog', m));
    w.on('check', (c) => void this.sample(c.classification === 'ok', c.latencyMs ?? null));
    if (this.p.env.history) this.offs.push(recordWatchdog(w, this.p.env.history));
    this.offs.push(this.p.events.on((e) => this.onEvent(e)));
    this.offs.push(
      this.p.sessions.onPortClosed((modemId) => {
        if (modemId !== this.modem()?.id) return;
        this.p.env.history?.addEvent({ kind: 'port-vanished', at: Date.now(), ...(this.modem()?.atPort ? { port: this.modem()!.atPort! } : {}) });
        this.watchdog.trigger('port-vanished');
      }),
    );
    // A user's operation on the modem pauses the watchdog until it ends (never fights the user).
    this.offs.push(this.p.ops.onWrite((modemId) => (modemId === this.modem()?.id ? w.pause() : () => {})));
    w.start();
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    await this.watchdog.stop();
  }

  /**
   * The saved settings into the running watchdog (interval, reset cap, hub power cycle; the daemon's own
   * options win) and the history's retention. The watchdog reads its settings at each use, so the new
   * values count from the next check; a new interval starts with a check now.
   */
  private applySettings(running: boolean): void {
    const s = { ...STAY_ONLINE_DEFAULTS, ...(this.o.settings ?? (() => this.p.settings.info()))() };
    const w = this.watchdog;
    try {
      const next = watchdogSettings({ ...w.settings, intervalS: s.checkIntervalS, maxResetsPerHour: s.maxResetsPerHour, hubPowerCycle: s.hubPowerCycle, ...this.o.watchdog });
      const intervalChanged = next.intervalS !== w.settings.intervalS;
      Object.assign(w.settings, next);
      if (running && intervalChanged) w.trigger('manual');
    } catch (err) {
      this.p.events.log('warn', 'watchdog', `settings not applied: ${(err as Error).message}`);
    }
    try {
      this.p.env.history?.setRetention?.({ retentionDays: s.historyRetentionDays, maxBytes: s.historyMaxMiB * MIB });
    } catch (err) {
      this.p.events.log('warn', 'history', `retention not applied: ${(err as Error).message}`);
    }
  }

  connection(): ConnectionInfo {
    const ref = this.modem();
    const status = this.watchdog.status;
    const words = status.lastRecovery ? { lastRecoveryWords: recoveryWords(status.lastRecovery) } : {};
    return { ...status, ...words, kept: true, modemId: ref?.id ?? null, iface: this.o.iface ?? ref?.iface ?? null };
  }

  private onEvent(e: ApiEvent): void {
    const ref = this.modem();
    const history = this.p.env.history;
    if (e.type === 'urc' && e.modemId === ref?.id) {
      const t = triggerForUrc(e.line);
      if (t) this.watchdog.trigger(t);
    } else if (e.type === 'device' && e.change === 'modem-removed' && e.modem && (e.modem.imei === this.imei || `usb:${e.modem.portPath}` === ref?.id)) {
      history?.addEvent({ kind: 'port-vanished', at: Date.now(), ...(e.modem.atPort ? { port: e.modem.atPort } : {}) });
      this.watchdog.trigger('port-vanished');
    } else if (e.type === 'operation-end' && e.ok && history) {
      if (e.kind === 'mode-switch' || e.kind === 'mode-revert') {
        const r = e.result as ModeSwitchOutcome | undefined;
        if (r?.changed) history.addEvent({ kind: 'mode-switch', at: Date.now(), from: r.from, to: r.to });
      } else if (e.kind === 'apn-apply') {
        const r = e.result as ApnApplyResult | undefined;
        if (r?.apply?.apn !== undefined) history.addEvent({ kind: 'apn-change', at: Date.now(), apn: r.apply.apn ?? '', cids: r.cids });
      }
    }
  }

  /** One history sample: signal, cell, operator, the check's result, the interface's counters. */
  private async sample(online: boolean, latencyMs: number | null): Promise<void> {
    const history = this.p.env.history;
    if (!history) return;
    const ref = this.modem();
    const s: Sample = { at: Date.now(), rssi: null, rsrp: null, rsrq: null, sinr: null, tech: null, operator: null, cellId: null, tac: null, online, latencyMs, rxBytes: null, txBytes: null };
    const engine = ref && !this.p.sessions.writer(ref.id) ? await this.p.sessions.engineIfFree(ref.id) : undefined;
    if (engine) {
      const m = new ModemAt(engine);
      const o = { timeoutMs: 2000 };
      const sig = await m.signal(o).catch(() => undefined);
      if (sig?.dbm !== undefined) s.rssi = sig.dbm;
      const op = await m.operator(o).catch(() => undefined);
      if (op?.name) s.operator = op.name;
      const cell = await m.servingCell(o).catch(() => undefined);
      // An LTE anchor with an NR leg is EN-DC (5G NSA).
      if (cell && cell.system !== 'NO SERVICE') s.tech = cell.system === 'LTE' && 'nr' in cell && cell.nr ? 'NR5G-NSA' : cell.system;
      if (cell && 'rsrp' in cell) Object.assign(s, { rsrp: cell.rsrp, rsrq: cell.rsrq, sinr: cell.rssnr, cellId: String(cell.cellId), tac: cell.tac.toString(16) });
      else if (cell && 'cellId' in cell) s.cellId = String(cell.cellId);
    }
    const iface = this.o.iface ?? ref?.iface;
    const counters = iface && this.p.env.ifaceCounters ? await this.p.env.ifaceCounters(iface).catch(() => null) : null;
    if (counters) Object.assign(s, { rxBytes: counters.rx, txBytes: counters.tx });
    try {
      history.addSample(s);
    } catch (err) {
      this.p.events.log('warn', 'history', `sample not written: ${(err as Error).message}`);
    }
  }
}
