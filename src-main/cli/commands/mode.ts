// `simhat mode`: switch the modem's USB composition in one step and watch it come back (issue 6).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODE_TARGETS, type ModeTarget } from '../../core/doctor/mode-strategy.js';
import { configDir } from '../../platform/files/config-dir.js';
import { readJsonFile, writeJsonFile } from '../../platform/files/json-file.js';
import { serialEngineOpener, systemDeps } from '../../service/doctor.js';
import { describeModeStep, MODE_STEP_LABELS, ModeSwitchError, modeSwitchSteps, revertOptions, type ModeSwitchOptions, type ModeSwitchResult } from '../../service/mode-switch.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../command.js';
import { ifaceOption, portOption } from '../option-values.js';

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

function historyPath(): string {
  return join(configDir(), 'last-mode-switch.json');
}

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
    if (what !== undefined && what !== 'revert' && !(MODE_TARGETS as readonly string[]).includes(what)) throw new UsageError(`unknown mode "${what}" (rndis, ecm, qmi or revert)`);
    let timeoutMs = 90_000;
    if (values.timeout !== undefined) {
      const s = Number(values.timeout);
      if (!Number.isFinite(s) || s <= 0 || s > 600) throw new UsageError('--timeout is seconds, 1..600');
      timeoutMs = Math.round(s * 1000);
    }
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    let options: ModeSwitchOptions = {
      ...(port ? { port } : {}),
      ...(iface ? { iface } : {}),
      ...(what && what !== 'revert' ? { target: what as ModeTarget } : {}),
      timeoutMs,
      signal: io.signal,
    };
    if (what === 'revert') {
      const last = await readJsonFile(historyPath());
      if (last.kind !== 'ok') {
        io.stderr('simhat mode: no earlier switch to revert.\n');
        return EXIT_FAILED;
      }
      options = revertOptions(last.value as ModeSwitchResult, options);
    }
    const deps = await systemDeps({ network: false });
    const emit = (obj: object, textLine: string) => io.stdout(values.json ? JSON.stringify(obj) + '\n' : textLine + '\n');
    try {
      for await (const e of modeSwitchSteps({ openEngine: serialEngineOpener, devices: deps.devices ?? null }, options)) {
        emit(e, `${MODE_STEP_LABELS[e.step]}: ${describeModeStep(e)}`);
        if (e.step === 'done' && !e.alreadyInTarget) await writeJsonFile(historyPath(), e.result).catch(() => {});
      }
      return EXIT_OK;
    } catch (err) {
      if (!(err instanceof ModeSwitchError)) throw err;
      emit({ step: 'error', code: err.code, message: err.message, hint: err.hint, fix: err.fix }, `Failed: ${err.message}\n  ${err.hint}${err.fix ? `\n  Fix: ${err.fix.label} (fix id ${err.fix.id})` : ''}`);
      return err.code === 'no-answer' || err.code === 'no-modem' ? EXIT_USAGE : EXIT_FAILED;
    }
  },
};

