// Api methods of the USB mode (issue 6): what the modem is in, the switch with its steps as progress
// (each step also carries the workflow's own event), and the revert from the persisted memory.
import type { ModeSwitchOutcome, UsbMode } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { usbModeOf } from './contract-map.js';
import type { ModemRef } from './modems.js';
import { MODE_STEP_LABELS, MODE_STEP_ORDER, ModeSwitchError, modeSwitchSteps, revertOptions, type ModeSwitchEvent, type ModeSwitchOptions, type ModeSwitchResult } from './mode-switch.js';
import type { OpContext } from './operations.js';
import type { Impl, Parts } from './parts.js';

type ModeMethods = Pick<Impl, 'getMode' | 'switchMode' | 'revertMode'>;

/** The mode switch's steps in order, with their labels (issue 6): one table, shared with the CLI. */
export const SWITCH_STEPS = MODE_STEP_ORDER.map((step) => ({ step, label: MODE_STEP_LABELS[step] }));

export function switchDetail(e: ModeSwitchEvent): string | undefined {
  switch (e.step) {
    case 'checked':
      return `${e.currentId ?? e.current ?? 'unknown'} → ${e.target.toUpperCase()}: ${e.reason}`;
    case 'command-sent':
      return e.commands.join('; ');
    case 'left-bus':
      return `after ${e.afterMs} ms`;
    case 'back':
      return `${e.usbId ?? ''} ${e.port}`.trim();
    case 'at-answering':
      return e.port;
    case 'sim-ready':
      return e.sim ?? undefined;
    case 'iface-present':
      return e.iface ? `${e.iface}: ${e.note}` : e.note;
    case 'done':
      return e.alreadyInTarget ? 'already in this mode: nothing sent' : `${e.afterMs} ms`;
  }
}

const CONTRACT_MODE: Record<string, UsbMode> = { rndis: 'rndis', ecm: 'ecm', qmi: 'qmi', mbim: 'mbim' };

export function outcomeOf(r: ModeSwitchResult): ModeSwitchOutcome {
  const from: UsbMode = r.previous && r.previous !== 'other' ? (CONTRACT_MODE[r.previous] ?? 'unknown') : 'unknown';
  const to: UsbMode = CONTRACT_MODE[r.target] ?? 'unknown';
  return { from, to, changed: r.previous !== r.target, detail: r };
}

/** Runs the switch workflow on a modem whose port it holds alone; remembers it (persisted) for revert. */
export async function runSwitch(p: Parts, ctx: OpContext, ref: ModemRef, options: ModeSwitchOptions): Promise<ModeSwitchOutcome> {
  return p.sessions.handOver(ref.id, 'switching mode', async () => {
    const it = modeSwitchSteps(
      { openEngine: (path) => p.sessions.openEngineOn(path, ref.baudRate), devices: p.env.devices, ...(p.env.ifaceExists ? { ifaceExists: p.env.ifaceExists } : {}) },
      // With one modem the workflow re-finds it by USB port path + VID through the device source (a tty name
      // may change across the reset); with several, or one given by hand, name its port.
      { platform: p.env.platform, signal: ctx.signal, ...(ref.atPort && (!ref.usb || p.modems.list().length > 1) ? { port: ref.atPort } : {}), ...(ref.iface && !ref.usb ? { iface: ref.iface } : {}), ...options },
    );
    let index = 0;
    ctx.step(SWITCH_STEPS[0]!.step, SWITCH_STEPS[0]!.label, 'running');
    for (;;) {
      let n: IteratorResult<ModeSwitchEvent, ModeSwitchResult>;
      try {
        n = await it.next();
      } catch (err) {
        if (err instanceof ModeSwitchError) throw new ApiCallError({ code: err.code, message: err.message, hint: err.fix ? `${err.hint} Fix: ${err.fix.label}.` : err.hint });
        throw err;
      }
      if (n.done) {
        const r = n.value;
        if (r.previous !== r.target) await p.modeMemory.remember({ imei: ref.usb?.imei ?? null, usbPath: ref.usb?.portPath ?? null, port: ref.atPort }, r);
        p.events.log('info', 'mode', `${ref.id}: ${r.previous ?? 'unknown'} → ${r.target}`);
        return outcomeOf(r);
      }
      const e = n.value;
      const at = SWITCH_STEPS.findIndex((s) => s.step === e.step);
      // Steps the workflow skipped (already in the target mode) are shown as skipped.
      for (let k = index; k < at; k++) ctx.step(SWITCH_STEPS[k]!.step, SWITCH_STEPS[k]!.label, 'skipped');
      ctx.step(e.step, SWITCH_STEPS[at]!.label, 'done', switchDetail(e), e);
      index = at + 1;
      const next = SWITCH_STEPS[index];
      if (next) ctx.step(next.step, next.label, 'running');
    }
  });
}

export function modeMethods(p: Parts): ModeMethods {
  const keysOf = (ref: ModemRef) => ({ imei: ref.usb?.imei ?? null, usbPath: ref.usb?.portPath ?? null, port: ref.atPort });

  return {
    async getMode({ modemId }) {
      await p.modems.ready();
      const ref = p.modems.get(modemId);
      const recommended: UsbMode = p.env.platform === 'darwin' ? 'ecm' : 'rndis';
      const last = (await p.modeMemory.last(keysOf(ref)))?.result;
      const prev = last?.previous;
      return {
        modemId,
        current: ref.usb ? usbModeOf(ref.usb) : 'unknown',
        pid: ref.usb?.pid ?? '',
        recommended,
        reason:
          recommended === 'ecm'
            ? 'macOS has no working RNDIS driver (HoRNDIS fails on Apple Silicon): ECM uses the built-in CDC Ethernet driver.'
            : 'Linux and Windows bind RNDIS out of the box: a network interface appears and the modem serves DHCP on it, no dialer needed.',
        offered: !ref.usb || ref.usb.keepsAtPort ? ['rndis', 'ecm', 'qmi'] : [],
        previous: prev && prev !== 'other' && last.previous !== last.target ? prev : null,
      };
    },

    async switchMode({ modemId, target, timeoutMs }) {
      await p.modems.ready();
      const ref = p.modems.get(modemId);
      if (target && target !== 'rndis' && target !== 'ecm' && target !== 'qmi') {
        throw new ApiCallError({ code: 'invalid-argument', message: `simhat does not switch to ${target}`, hint: 'Choose RNDIS, ECM or QMI: compositions without an AT port are never offered.', field: 'target' });
      }
      return p.ops.start('mode-switch', (ctx) => runSwitch(p, ctx, ref, { ...(target ? { target } : {}), ...(timeoutMs ? { timeoutMs } : {}) }), { writes: { modemId, what: 'a mode switch' } });
    },

    async revertMode({ modemId, timeoutMs }) {
      await p.modems.ready();
      let ref = modemId ? p.modems.get(modemId) : undefined;
      const entry = await p.modeMemory.last(ref ? keysOf(ref) : undefined);
      if (!entry) throw new ApiCallError({ code: 'nothing-to-revert', message: 'No earlier mode switch to revert', hint: 'simhat remembers the switches it made (simhat mode, the Mode screen, connect).' });
      let options: ModeSwitchOptions;
      try {
        options = revertOptions(entry.result, timeoutMs ? { timeoutMs } : {});
      } catch (err) {
        if (err instanceof ModeSwitchError) throw new ApiCallError({ code: err.code, message: err.message, hint: err.hint });
        throw err;
      }
      // The memory names the port the modem came back on: a modem given by hand is found there again.
      ref ??= p.modems.list().find((r) => (entry.imei && r.usb?.imei === entry.imei) || (entry.usbPath && r.usb?.portPath === entry.usbPath)) ?? (await p.modems.attach(entry.port));
      const target = ref;
      return p.ops.start('mode-revert', (ctx) => runSwitch(p, ctx, target, options), { writes: { modemId: target.id, what: 'a mode switch' } });
    },
  };
}
