// The one status reader (issue 10): the GUI's Connection screen, `simhat status` and the daemon all read
// a modem through the doctor's own gathering (one set of queries, one AcT table, one SIM-state mapping:
// core/doctor/at-facts.ts), then map the facts to the contract's ModemStatus here.
import type { ModemStatus, RegistrationState, SignalSample, UsbMode } from '../api/contract.js';
import type { DoctorFacts } from '../core/doctor/facts.js';
import { modeOfFacts } from '../core/doctor/evaluate.js';
import type { SimIdentityView } from '../core/apn/sim-facts.js';
import { ApiCallError } from '../api/validate.js';
import { bars } from './contract-map.js';
import { gatherFacts, type DoctorDeps } from './doctor.js';
import type { SimFiles } from './doctor-apn.js';
import type { EventHub } from './events.js';
import type { ModemRef } from './modems.js';
import type { SessionPool } from './sessions.js';

const SIGNAL_LIMIT = 720;

/** 27.007 <stat> -> the contract's registration (SMS-only and "CSFB not preferred" still carry data). */
const REG: Record<number, RegistrationState> = { 0: 'not-searching', 1: 'home', 2: 'searching', 3: 'denied', 4: 'unknown', 5: 'roaming', 6: 'home', 7: 'roaming', 9: 'home', 10: 'roaming' };

/** The USB view, else the vendor profile's reading of the firmware's answer (core/doctor/evaluate.ts). */
function modeOf(f: DoctorFacts): UsbMode {
  const m = modeOfFacts(f);
  return m === null || m === 'other' ? 'unknown' : m;
}

/** The facts of one look -> ModemStatus (pure). */
export function statusOf(f: DoctorFacts & { simIdentity?: SimIdentityView | null }, modemId: string | null, now = Date.now()): ModemStatus {
  const at = f.at;
  const reg = at?.registrations.find((r) => r.stat === 1 || r.stat === 5) ?? at?.registrations[0];
  const addr = (cid: number) => {
    const a = at?.addresses?.find((x) => x.cid === cid)?.address;
    return a && !/^0(\.0)*$/.test(a) ? a : null;
  };
  const h = f.host;
  const mine = h?.defaultRoutes.filter((r) => r.dev === h.iface) ?? [];
  const best = mine.length ? mine.reduce((a, b) => (a.metric <= b.metric ? a : b)) : null;
  const others = h?.defaultRoutes.filter((r) => r.dev !== h.iface) ?? [];
  const contexts = (at?.contexts ?? []).map((c) => ({ cid: c.cid, type: c.type, apn: c.apn, active: at?.active?.find((a) => a.cid === c.cid)?.active ?? null, address: addr(c.cid) }));
  const [address, prefix] = (h?.address ?? '').split('/');
  const dbm = at?.signal?.dbm ?? null;
  return {
    modemId,
    port: at?.port ?? null,
    answered: at?.answered ?? false,
    problem: at ? (at.openFailure ? `${at.openFailure.code}: ${at.openFailure.message}` : null) : 'no AT port known (give --port)',
    manufacturer: at?.manufacturer ?? null,
    model: at?.model ?? f.usb?.name ?? null,
    revision: at?.revision ?? null,
    imei: at?.imei ?? null,
    imsi: at?.imsi ?? null,
    iccid: at?.iccid ?? null,
    sim: at?.sim?.state ?? 'unknown',
    registration: reg ? (REG[reg.stat] ?? 'unknown') : 'unknown',
    operator: at?.operator ?? null,
    rat: at?.rat ?? null,
    signalDbm: dbm,
    csq: at?.signal?.rssi ?? null,
    signalBars: bars(dbm),
    mode: modeOf(f),
    usbId: f.usb?.present && f.usb.vid ? `${f.usb.vid}:${f.usb.pid}` : null,
    contexts,
    pdpAddress: addr(1) ?? contexts.find((c) => c.address)?.address ?? null,
    iface: h?.iface ?? null,
    lease: address ? { address, ...(prefix ? { prefix: Number(prefix) } : {}), ...(h?.gateway ? { gateway: h.gateway } : {}), dns: h?.dnsServers ?? [] } : null,
    route: best ? { metric: best.metric, via: best.via, wins: others.every((o) => o.metric > best.metric) } : null,
    at: now,
    // The SIM as the APN decider reads it (issue 13), IMSI/ICCID masked; imsi/iccid above stay as they were.
    simIdentity: f.simIdentity ?? null,
  };
}

export class StatusReader {
  private readonly history = new Map<string, SignalSample[]>();
  /** A SIM's name and files, read once per ICCID (they do not change while the SIM stays in). */
  private readonly simFiles = new Map<string, SimFiles>();

  constructor(
    private readonly deps: () => DoctorDeps,
    private readonly sessions: SessionPool,
    private readonly events: EventHub,
    private readonly netRoot: string | undefined,
  ) {}

  /** Reads a modem (or, with none, says why there is none); emits status and signal events. */
  async read(ref: ModemRef | undefined, options: { iface?: string; signal?: AbortSignal } = {}): Promise<ModemStatus> {
    // A workflow holds the port (mode switch, connect): reading it now would fight that workflow.
    const holder = ref ? this.sessions.handedOverTo(ref.id) : undefined;
    if (holder) throw new ApiCallError({ code: 'busy', message: `The modem is busy: ${holder}`, hint: 'Wait for it to finish (see its progress).' });
    const shared = ref?.atPort ? await this.sessions.engineIfFree(ref.id) : undefined;
    const iface = options.iface ?? ref?.iface ?? undefined;
    // Status never probes the internet: it is a look, not a test.
    const facts = await gatherFacts(
      this.deps(),
      {
        ...(ref?.atPort ? { port: ref.atPort } : {}),
        ...(iface ? { iface } : {}),
        pingTargets: [],
        ...(this.netRoot ? { netRoot: this.netRoot } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      { ...(shared ? { engine: shared } : {}), simFiles: this.simFiles },
    );
    const status = statusOf(facts, ref?.id ?? null);
    if (ref) {
      const sample: SignalSample = { at: status.at, dBm: status.signalDbm };
      const hist = this.history.get(ref.id) ?? [];
      hist.push(sample);
      if (hist.length > SIGNAL_LIMIT) hist.splice(0, hist.length - SIGNAL_LIMIT);
      this.history.set(ref.id, hist);
      this.events.emit({ type: 'signal', modemId: ref.id, sample });
      this.events.emit({ type: 'status', status });
    }
    return status;
  }

  signalHistory(modemId: string): SignalSample[] {
    return this.history.get(modemId) ?? [];
  }
}
