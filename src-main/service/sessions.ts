// The AT sessions (one engine per modem, opened on first use and shared by every face) and the two
// locks on a modem (issue 15 item 4):
// - the writer lock: one operation that changes the modem at a time (mode switch, APN, PIN, radio,
//   connect, fixes, the watchdog's recovery). A second one is refused with "busy: <what> is running";
//   it never interleaves its writes with the first.
// - the port handover: a workflow that opens the port itself (mode switch, connect, report) gets it
//   alone; the shared session is closed meanwhile and no new one opens.
import type { ModemState } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import type { AtEngineApi } from '../core/at/engine-api.js';
import { AtEngine } from '../core/at/engine.js';
import type { ServiceEnv } from './env.js';
import type { EventHub } from './events.js';
import type { ModemBook } from './modems.js';

interface Session {
  engine: AtEngineApi;
  offs: (() => void)[];
}

export class SessionPool {
  private readonly sessions = new Map<string, Promise<Session>>();
  /** Modems whose port a workflow holds: no shared session meanwhile. */
  private readonly handedOver = new Map<string, string>();
  /** The one operation changing each modem. */
  private readonly writers = new Map<string, string>();
  /** Set after construction (the modem book needs the pool's hooks first). */
  modems!: ModemBook;
  /** Told when a modem's port closes by itself (unplugged, reset): the watchdog checks at once. */
  private readonly closedWatchers = new Set<(modemId: string) => void>();
  /** Sessions being closed on purpose (drop): their close is no news. */
  private readonly dropping = new Set<AtEngineApi>();

  onPortClosed(fn: (modemId: string) => void): () => void {
    this.closedWatchers.add(fn);
    return () => {
      this.closedWatchers.delete(fn);
    };
  }

  constructor(
    private readonly env: ServiceEnv,
    private readonly events: EventHub,
  ) {}

  /** A fresh engine on a path (workflows that re-find the port across a reset open their own). */
  async openEngineOn(path: string, baudRate?: number): Promise<AtEngineApi> {
    const e = new AtEngine(this.env.openTransport(path, baudRate ? { baudRate } : {}));
    await e.open();
    return e;
  }

  private async open(modemId: string): Promise<Session> {
    const ref = this.modems.get(modemId);
    const d = ref.usb;
    if (!ref.atPort) {
      throw new ApiCallError({ code: 'no-at-port', message: 'This modem has no AT port right now', hint: d?.busy ? d.busy.fix : 'Switch to a mode with an AT port, or bind the serial driver.' });
    }
    // Two programs on one AT port interleave their commands and answers (sim7600.md §3: ModemManager).
    if (d?.busy) throw new ApiCallError({ code: 'port-busy', message: d.busy.fix.split('\n')[0] ?? 'The AT port is held by another program', hint: d.busy.fix });
    const e = await this.openEngineOn(ref.atPort, ref.baudRate);
    const offs = [
      e.onUrc((u) => this.events.emit({ type: 'urc', modemId, line: u.line, at: u.at })),
      e.onClose(() => {
        this.sessions.delete(modemId);
        this.events.log('info', 'at', `AT port of ${modemId} closed`);
        if (this.dropping.delete(e)) return;
        for (const w of this.closedWatchers) w(modemId);
      }),
    ];
    this.events.log('info', 'at', `opened ${ref.atPort}`);
    return { engine: e, offs };
  }

  /** The shared engine of a modem (opened on first use). */
  engine(modemId: string): Promise<AtEngineApi> {
    const holder = this.handedOver.get(modemId);
    if (holder) return Promise.reject(new ApiCallError({ code: 'busy', message: `The modem is busy: ${holder}`, hint: 'Wait for it to finish (see its progress).' }));
    let s = this.sessions.get(modemId);
    if (!s) {
      s = this.open(modemId);
      this.sessions.set(modemId, s);
      s.catch(() => this.sessions.delete(modemId));
    }
    return s.then((x) => x.engine);
  }

  /** The shared engine if it can be had without waiting on a handover; undefined otherwise. */
  async engineIfFree(modemId: string): Promise<AtEngineApi | undefined> {
    if (this.handedOver.has(modemId)) return undefined;
    return this.engine(modemId).catch(() => undefined);
  }

  async drop(modemId: string): Promise<void> {
    const s = this.sessions.get(modemId);
    this.sessions.delete(modemId);
    if (!s) return;
    try {
      const { engine: e, offs } = await s;
      for (const off of offs) off();
      this.dropping.add(e);
      await e.close();
      this.dropping.delete(e);
    } catch {
      // it never opened
    }
  }

  /** Takes the writer lock of a modem, or refuses at once naming what holds it. Returns the release. */
  claim(modemId: string, what: string): () => void {
    const holder = this.writers.get(modemId);
    if (holder) throw new ApiCallError({ code: 'busy', message: `The modem is busy: ${holder} is running`, hint: 'Wait for it to finish (its progress is shown to every window), or cancel it.' });
    this.writers.set(modemId, what);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.writers.get(modemId) === what) this.writers.delete(modemId);
    };
  }

  /** What changes the modem right now, if anything. */
  writer(modemId: string): string | undefined {
    return this.writers.get(modemId);
  }

  /** Runs `fn` with the modem's port handed over to a workflow that opens it itself. */
  async handOver<T>(modemId: string, why: string, fn: () => Promise<T>): Promise<T> {
    if (this.handedOver.has(modemId)) throw new ApiCallError({ code: 'busy', message: `The modem is busy: ${this.handedOver.get(modemId)}` });
    this.handedOver.set(modemId, why);
    await this.drop(modemId);
    this.modems.publish('changed', modemId);
    try {
      return await fn();
    } finally {
      this.handedOver.delete(modemId);
      this.modems.publish('changed', modemId);
    }
  }

  /** Why a workflow holds this modem's port right now, if one does. */
  handedOverTo(modemId: string): string | undefined {
    return this.handedOver.get(modemId);
  }

  stateOf(modemId: string): ModemState | undefined {
    return this.handedOver.get(modemId) === 'switching mode' ? 'switching' : undefined;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.drop(id)));
  }
}
