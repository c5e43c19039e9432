// Doctor checks of the modem's radio side: SIM, radio, registration, signal (issue 6, issue 12).
import { REGISTERED_STATS } from '../../at/commands/registration.js';
import { check, fail, fix, pass, pick, warn } from './entry.js';

const simReady = check({
  id: 'sim.ready',
  title: 'SIM card ready',
  requires: ['port.at'],
  gathers: { at: ['AT+CPIN?'] },
  fixes: ['enter-pin'],
  judge({ facts }) {
    const at = facts.at!;
    const ev = pick(at.evidence, 'AT+CPIN?');
    const s = at.sim;
    if (!s) return fail('The modem did not say whether the SIM is ready (AT+CPIN? gave no answer).', ev);
    switch (s.state) {
      case 'ready':
        return pass('The SIM is inserted and unlocked (+CPIN: READY).', ev);
      case 'pin':
        return fail('The SIM is locked with a PIN: it must be entered after every power-up before the modem can register.', ev, fix('enter-pin'));
      case 'puk':
        return fail('The SIM is blocked after three wrong PINs and needs the PUK from your carrier (AT+CPIN="<puk>","<new pin>"). simhat will not guess it.', ev);
      case 'ph-pin':
        return fail('The modem asks for a phone-lock code (PH-SIM PIN): it is locked to another SIM or carrier.', ev);
      case 'not-inserted':
        return fail('The SIM is not inserted (or not detected): power off, seat the SIM card in the slot (contacts down, cut corner as marked), power on.', ev);
      case 'busy':
        return warn('The SIM is busy: normal for a few seconds after power-up. Run the doctor again in a moment.', ev);
      case 'failure':
        return fail('The SIM failed (SIM failure): clean the contacts, re-seat it, or try another SIM.', ev);
      default:
        return fail(`The SIM is not ready (${s.raw}).`, ev);
    }
  },
});

const radioOn = check({
  id: 'radio.on',
  title: 'Radio switched on',
  requires: ['port.at'],
  gathers: { at: ['AT+CFUN?'] },
  fixes: ['radio-on'],
  judge({ facts }) {
    const at = facts.at!;
    const ev = pick(at.evidence, 'AT+CFUN?');
    const f = at.functionality;
    if (f === null) return warn('The modem did not report its radio state (AT+CFUN?).', ev);
    if (f === 1) return pass('The radio is on (full functionality, +CFUN: 1).', ev);
    if (f === 0) return fail('The radio is off (minimum functionality, +CFUN: 0): the modem cannot register.', ev, fix('radio-on'));
    if (f === 4) return fail('The radio is off (flight mode, +CFUN: 4): the modem cannot register.', ev, fix('radio-on'));
    return fail(`The radio is not in full functionality (+CFUN: ${f}).`, ev, fix('radio-on'));
  },
});

const REG_STATES: Record<number, string> = {
  0: 'not registered and not searching',
  1: 'registered on its home network',
  2: 'searching for a network',
  3: 'registration denied',
  4: 'in an unknown registration state',
  5: 'registered, roaming',
  6: 'registered for SMS only (home)',
  7: 'registered for SMS only (roaming)',
  8: 'attached for emergency services only',
  9: 'registered on its home network (CSFB not preferred)',
  10: 'registered, roaming (CSFB not preferred)',
  11: 'attached for restricted local operator services only',
};
/** 27.007 stat values that carry data: home and roaming, also "CSFB not preferred" (9, 10). */
const DATA_REGISTERED = REGISTERED_STATS.filter((s) => s !== 6 && s !== 7);

const netRegistered = check({
  id: 'net.registered',
  title: 'Registered on a mobile network',
  requires: ['sim.ready', 'radio.on'],
  gathers: { at: ['AT+CEREG?', 'AT+CGREG?', 'AT+CREG?', 'AT+COPS?'] },
  fixes: [],
  judge({ facts }) {
    const at = facts.at!;
    const ev = pick(at.evidence, 'AT+CEREG?', 'AT+CGREG?', 'AT+CREG?', 'AT+COPS?', 'AT+CSQ');
    const regs = at.registrations;
    if (regs.length === 0) return fail('The modem did not report a registration state (AT+CEREG?/CGREG?/CREG?).', ev);
    const ok = regs.find((r) => DATA_REGISTERED.includes(r.stat));
    if (!ok && regs.some((r) => r.stat === 6 || r.stat === 7)) {
      const r = regs.find((x) => x.stat === 6 || x.stat === 7)!;
      return warn(`Registered for SMS only (${r.kind} ${REG_STATES[r.stat]}): the network gives this SIM no data service here.`, ev);
    }
    if (ok) return pass(`Registered${at.operator ? ` on ${at.operator}` : ''} (${ok.kind} ${REG_STATES[ok.stat]}).`, ev);
    if (regs.some((r) => r.stat === 3)) {
      return fail(
        'The network refused the SIM (registration denied). The radio works, but the carrier does not let this SIM on: the plan is not active yet, has run out, roaming is not allowed, or the IMEI is barred. Contact the carrier; nothing on this computer fixes it.',
        ev,
      );
    }
    const noSignal = at.signal?.dbm === null || at.signal?.rssi === 99;
    const searching = regs.some((r) => r.stat === 2);
    if (noSignal) {
      return fail(
        `No network: the modem hears no cell (signal unknown, +CSQ: 99) and is ${searching ? 'still searching' : 'not registered'}. Connect the antenna to the MAIN connector, move to a window, and check the carrier covers this place on the bands of this module.`,
        ev,
      );
    }
    if (searching) {
      return fail(
        `The modem is searching for a network but has not registered (signal ${at.signal?.dbm ?? '?'} dBm). This is normal for up to a minute after power-up; if it lasts, the SIM's carrier has no coverage or no roaming agreement here.`,
        ev,
      );
    }
    return fail(`Not registered: the modem is ${REG_STATES[regs[0]!.stat] ?? `in state ${regs[0]!.stat}`}. Check the network mode (AT+CNMP=2 for automatic) and operator selection (AT+COPS=0).`, ev);
  },
});

const netSignal = check({
  id: 'net.signal',
  title: 'Signal strength',
  requires: ['sim.ready', 'radio.on'],
  gathers: { at: ['AT+CSQ'] },
  fixes: [],
  judge({ facts }) {
    const at = facts.at!;
    const ev = pick(at.evidence, 'AT+CSQ');
    const s = at.signal;
    if (!s) return warn('The modem did not report signal strength (AT+CSQ).', ev);
    if (s.dbm === null) return fail('Signal unknown (+CSQ: 99): no cell heard. Check the antenna on the MAIN connector.', ev);
    if (s.dbm <= -105) return warn(`Weak signal: ${s.dbm} dBm (CSQ ${s.rssi}). Expect drops; move the antenna or the device.`, ev);
    return pass(`${s.dbm} dBm (CSQ ${s.rssi}).`, ev);
  },
});

export const NETWORK_CHECKS = [simReady, radioOn, netRegistered, netSignal] as const;
