// Doctor checks of the APN and the data session (issue 6, issue 12). Which PDP contexts must hold the
// APN is the vendor profile's rule (JudgeInput.contexts): a SIM7600 in RNDIS/ECM needs 1 and 6.
import { sameApn } from '../../at/commands/pdp.js';
import type { AtFacts, ContextFact } from '../facts.js';
import type { Evidence, Fix } from '../report.js';
import { check, fail, MODE_NAMES, pass, pick, skip, warn, type JudgeInput, type Judgement } from './entry.js';

function ctx(at: AtFacts, cid: number): ContextFact | undefined {
  return at.contexts?.find((c) => c.cid === cid);
}

function contextList(cids: readonly number[]): string {
  return cids.length > 1 ? `contexts ${cids.join(' and ')}` : `context ${cids[0] ?? 1}`;
}

/** The apply-apn fix, naming the APN the SIM's carrier suggests and the contexts it goes to. */
export function apnFix(input: JudgeInput): Fix {
  const s = input.facts.carrier?.suggested;
  const cids = contextList(input.contexts);
  if (s) return { id: 'apply-apn', label: `Set the APN "${s.apn}" (${s.label}) in ${cids}` };
  return { id: 'apply-apn', label: `Set your carrier's APN in ${cids} (simhat apn apply --apn <value>)` };
}

function leasePrefix(input: JudgeInput): string {
  const h = input.facts.host;
  if (!h?.iface || !h.address) return '';
  return `${h.iface} has an address from the modem (${h.address.split('/')[0]}) but the modem has no data session: `;
}

/** The contexts beyond 1 that this modem needs in this mode (SIMCom RNDIS/ECM: 6). */
function extras(input: JudgeInput): number[] {
  return input.contexts.filter((c) => c !== 1);
}

const apnSet = check({
  id: 'apn.set',
  title: 'APN set in PDP context 1',
  requires: ['sim.ready'],
  gathers: { at: ['AT+CGDCONT?', 'AT+CGAUTH?'] },
  fixes: ['apply-apn'],
  judge(input) {
    const at = input.facts.at!;
    const ev = pick(at.evidence, 'AT+CGDCONT?');
    if (!at.contexts) return fail('The modem did not list its PDP contexts (AT+CGDCONT?).', ev);
    const c1 = ctx(at, 1);
    if (c1 && c1.apn.trim() !== '') return pass(`Context 1 uses APN "${c1.apn}" (${c1.type}).`, ev);
    const more = extras(input);
    const emptyToo = more.length > 0 && more.every((c) => !ctx(at, c)?.apn.trim());
    const where = emptyToo ? `the APN is empty in PDP context 1 and ${more.join(' and ')}` : c1 ? 'the APN is empty in PDP context 1' : 'PDP context 1 is not defined';
    const prefix = leasePrefix(input);
    const sentence = prefix ? `${prefix}${where}.` : `${where[0]!.toUpperCase()}${where.slice(1)}.`;
    return fail(`${sentence} Without the carrier's APN the modem cannot open a data session, even though it may register and hand out a local address.`, ev, apnFix(input));
  },
});

/** One context beyond 1 the profile says needs the APN, against context 1. */
function sameAsContext1(input: JudgeInput, cid: number, ev: Evidence[]): Judgement {
  const at = input.facts.at!;
  const c1 = ctx(at, 1);
  const cx = ctx(at, cid);
  const name = MODE_NAMES[input.mode?.mode ?? ''] ?? 'this';
  const who = input.vendor.family?.label ?? 'modem';
  if (!c1 || c1.apn.trim() === '') {
    const other = !cx ? `context ${cid} is not defined` : cx.apn.trim() ? `context ${cid} has "${cx.apn}"` : `context ${cid} is empty too`;
    return fail(`In ${name} mode the ${who} needs the same APN in context 1 and context ${cid}: context 1 is empty and ${other}.`, ev, apnFix(input));
  }
  if (!cx) return fail(`In ${name} mode the ${who} needs the APN in context ${cid} too: context ${cid} is not defined (context 1 has "${c1.apn}").`, ev, apnFix(input));
  // The same network name, maybe read back with its operator suffix (`.mnc001.mcc214.gprs`, issue 12).
  if (!sameApn(cx.apn, c1.apn) && !sameApn(c1.apn, cx.apn)) {
    return fail(`Context ${cid} ("${cx.apn}", ${cx.type}) differs from context 1 ("${c1.apn}", ${c1.type}); in ${name} mode they must match.`, ev, apnFix(input));
  }
  // IP in one and IPV4V6 in the other is the same APN: a working SIM7600 has it (issue 12). A note, no failure.
  if (cx.type !== c1.type) return pass(`Context ${cid} has the same APN as context 1 ("${c1.apn}"); note: the PDP types differ (${c1.type} in 1, ${cx.type} in ${cid}), which works.`, ev);
  return pass(`Context ${cid} matches context 1 ("${c1.apn}", ${c1.type}).`, ev);
}

const apnRndisContext = check({
  id: 'apn.rndis-context',
  title: 'RNDIS/ECM context 6 matches context 1',
  requires: ['sim.ready'],
  gathers: { at: ['AT+CGDCONT?'], vendorModeQuery: true },
  fixes: ['apply-apn'],
  judge(input) {
    const at = input.facts.at!;
    const ev = pick(at.evidence, 'AT+CGDCONT?');
    const more = extras(input);
    const mode = input.mode?.mode ?? null;
    if (more.length === 0) {
      const query = input.vendor.profile.usbModeQuery?.command;
      if (mode === null) return skip(`The USB composition is unknown (no USB view${query ? ` and no ${query} answer` : ''}), so no context beyond 1 is known to need the APN.`);
      const who = input.vendor.family?.label ?? `This ${input.vendor.profile.label} modem`;
      return skip(`${who} in ${MODE_NAMES[mode] ?? mode} mode takes the APN from context 1 only; no other context needs it.`);
    }
    if (!at.contexts) return fail('The modem did not list its PDP contexts (AT+CGDCONT?).', ev);
    const results = more.map((cid) => sameAsContext1(input, cid, ev));
    return results.find((r) => r.status !== 'pass') ?? (results.length === 1 ? results[0]! : pass(results.map((r) => r.detail).join(' '), ev));
  },
});

const apnCarrierMatch = check({
  id: 'apn.carrier-match',
  title: "APN matches the SIM's carrier",
  requires: ['apn.set'],
  gathers: { at: ['AT+CIMI', 'AT+CICCID', 'AT+CGDCONT?'] },
  fixes: ['apply-apn'],
  judge(input) {
    const at = input.facts.at!;
    const ev = pick(at.evidence, 'AT+CIMI', 'AT+CGDCONT?');
    const carrier = input.facts.carrier;
    if (!carrier) return skip("The SIM's carrier is not in the APN database (or the IMSI was not readable), so there is nothing to compare with.");
    const apn = ctx(at, 1)?.apn ?? '';
    if (carrier.apns.some((a) => sameApn(apn, a))) return pass(`"${apn}" is a ${carrier.name} APN.`, ev);
    const known = carrier.apns.slice(0, 4).map((a) => `"${a}"`).join(', ');
    return warn(
      `"${apn}" matches no preset of ${carrier.name} (known: ${known || 'none'}). It may still be right (business plans, MVNOs), but if data does not work, use the preset.`,
      ev,
      carrier.suggested ? apnFix(input) : null,
    );
  },
});

function hasAddress(a: string): boolean {
  return a !== '' && !/^0(\.0)*$/.test(a) && a !== '::';
}

const dataPdp = check({
  id: 'data.pdp',
  title: 'Modem holds a data session (PDP address)',
  requires: ['net.registered', 'apn.set'],
  gathers: { at: ['AT+CGPADDR', 'AT+CGACT?'] },
  fixes: ['apply-apn'],
  judge(input) {
    const at = input.facts.at!;
    const ev = pick(at.evidence, 'AT+CGPADDR', 'AT+CGACT?');
    if (!at.addresses) return fail('The modem did not list its PDP addresses (AT+CGPADDR).', ev);
    const c1 = at.addresses.find((a) => a.cid === 1 && hasAddress(a.address));
    if (c1) return pass(`Context 1 has the address ${c1.address}: the data session is up.`, ev);
    const other = at.addresses.find((a) => hasAddress(a.address));
    const otherCtx = other ? ctx(at, other.cid) : undefined;
    const prefix = leasePrefix(input);
    if (other) {
      return fail(
        `${prefix}Context 1 has no address; only context ${other.cid}${otherCtx?.apn ? ` ("${otherCtx.apn}")` : ''} does, which is not the internet context (the modem fell back to it because context 1 was refused). Check the APN.`,
        ev,
        apnFix(input),
      );
    }
    if (input.results.get('apn.rndis-context')?.status === 'fail') return fail(`${prefix}no PDP context has an address, and context 6 does not match context 1.`, ev, apnFix(input));
    const apn = ctx(at, 1)?.apn ?? '';
    return fail(
      `${prefix || 'The modem has no data session: '}no PDP context has an address although the modem is registered and context 1 has APN "${apn}". The carrier refused the APN or the plan has no data; check the APN (and user/password if the carrier needs them).`,
      ev,
      input.facts.carrier?.suggested ? apnFix(input) : null,
    );
  },
});

export const APN_CHECKS = [apnSet, apnRndisContext, apnCarrierMatch, dataPdp] as const;
