// `simhat mode`: switch the modem's USB composition in one step and watch it come back (issue 6).
import { parseArgs } from 'node:util';
import type { ApiError, ModeSwitchOutcome } from '../../api/contract.js';
import type { ModeSwitchEvent } from '../../service/mode-switch.js';
import { modemFor, runOperation, withApi } from '../api-session.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../command.js';
import { ifaceOption, portOption } from '../option-values.js';
import { describeModeStep } from '../render-mode.js';
import { fitLines } from '../terminal-style.js';

const usage = `Usage: simhat mode [rndis|ecm|qmi|revert] [--port <p>] [--iface <if>] [--timeout <s>] [--json]

Switches the modem's USB composition and waits until it is back: command sent, device left the
bus, back in the new mode, AT port answering, SIM ready, network interface present.
Without a mode: RNDIS on Linux and Windows, ECM on macOS (and says why). Already in that mode:
nothing is sent. Only compositions that keep an AT port are offered.

  revert          go back to the composition before the last switch
  --port <p>      AT port; a stable path (/dev/serial/by-id/...) is reopened once the modem is back
                  (default: the modem found on USB, re-found by VID:PID:interface)
  --iface <if>    network interface to wait for (default: the one found on USB)
  --timeout <s>   give up after this many seconds; default 90
  --json          one JSON object per step; the last has "step":"done" or "error"

Exit: 0 done, 1 the switch failed or timed out, 2 usage error or no answering modem.`;

const TARGETS = ['rndis', 'ecm', 'qmi'] as const;

export const command: CliCommand = {
  summary: 'Switch the USB composition (RNDIS/ECM/QMI) and wait until the modem is back.',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, iface: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) throw new UsageError('one mode at a time');
    const what = positionals[0];
    if (what !== undefined && what !== 'revert' && !(TARGETS as readonly string[]).includes(what)) throw new UsageError(`unknown mode "${what}" (rndis, ecm, qmi or revert)`);
    let timeoutMs = 90_000;
    if (values.timeout !== undefined) {
      const s = Number(values.timeout);
      if (!Number.isFinite(s) || s <= 0 || s > 600) throw new UsageError('--timeout is seconds, 1..600');
      timeoutMs = Math.round(s * 1000);
    }
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    const emit = (obj: object, textLine: string) => io.stdout(values.json ? JSON.stringify(obj) + '\n' : fitLines(textLine) + '\n');
    const failed = (e: ApiError): number => {
      const [hint, fix] = (e.hint ?? '').split(' Fix: ');
      emit({ step: 'error', code: e.code, message: e.message, hint, ...(fix ? { fix: { label: fix.replace(/\.$/, '') } } : {}) }, `Failed: ${e.message}\n  ${hint ?? ''}${fix ? `\n  Fix: ${fix}` : ''}`);
      return e.code === 'no-answer' || e.code === 'no-modem' ? EXIT_USAGE : EXIT_FAILED;
    };

    return withApi({}, async ({ api }) => {
      const modemId = port || what !== 'revert' ? await modemFor(api, { port, iface }) : undefined;
      if (what === 'revert') {
        try {
          const r = await runOperation<ModeSwitchOutcome>(api, () => api.revertMode({ ...(modemId ? { modemId } : {}), timeoutMs }), (e) => {
            if (e.data) emit(e.data as object, `${e.label}: ${describeModeStep(e.data as ModeSwitchEvent)}`);
          }, io.signal);
          return r.ok ? EXIT_OK : failed(r.error!);
        } catch (err) {
          if ((err as ApiError).code !== 'nothing-to-revert') throw err;
          io.stderr('simhat mode: no earlier switch to revert.\n');
          return EXIT_FAILED;
        }
      }
      if (!modemId) return failed({ code: 'no-modem', message: 'No modem found on USB.', hint: 'Plug the modem in (or give its AT port with --port).' });
      const target = what as (typeof TARGETS)[number] | undefined;
      const r = await runOperation<ModeSwitchOutcome>(api, () => api.switchMode({ modemId, ...(target ? { target } : {}), timeoutMs }), (e) => {
        if (e.data) emit(e.data as object, `${e.label}: ${describeModeStep(e.data as ModeSwitchEvent)}`);
      }, io.signal);
      return r.ok ? EXIT_OK : failed(r.error!);
    });
  },
};
