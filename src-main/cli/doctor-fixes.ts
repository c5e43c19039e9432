// `simhat doctor --fix`: with --yes the service's "fix all" runs every fix in order. Otherwise the
// diagnosis is printed first, each distinct fix is asked about once, and the accepted ones run (again,
// when a fix uncovers a new one). enter-pin without --pin asks for the PIN itself, hidden (pin-entry.ts).
import type { Api, DoctorParams, DoctorReport, FixRef, FixRunResult } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { fixesToApply } from '../core/doctor/fix-order.js';
import type { DoctorReport as CoreReport } from '../core/doctor/report.js';
import { asUsage, runOperation } from './api-session.js';
import type { CliIo } from './command.js';
import { enterPinInteractively, waitForRegistration } from './pin-entry.js';
import { canAsk, confirm, terminalStreams, type PromptStreams } from './prompt.js';
import { renderDoctor } from './render-doctor.js';
import { wrapWithIndent, type Style } from './terminal-style.js';

export interface FixRunOptions {
  json: boolean;
  verbose: boolean;
  /** false with --yes: apply every fix without asking. */
  ask: boolean;
  pin?: string | undefined;
  apn?: string | undefined;
  style: Style;
}

type Applied = FixRunResult['applied'][number];

/** The run, or null when it was interrupted (Ctrl-C, at a question too). */
export async function fixRun(api: Api, io: CliIo, params: DoctorParams, o: FixRunOptions, diagnose: () => Promise<DoctorReport | null>): Promise<FixRunResult | null> {
  const say = (text: string, indent = '') => io.stdout(wrapWithIndent(text, o.style.width, indent).join('\n') + '\n');
  const fixOnce = async (only: string[] | undefined): Promise<FixRunResult | null> => {
    const r = await runOperation<FixRunResult>(
      api,
      () => asUsage(() => api.runFixes({ ...params, ...(only ? { only } : {}), ...(o.pin ? { pin: o.pin } : {}), ...(o.apn ? { apn: o.apn } : {}) })),
      (e) => {
        const ev = e.data as { type?: string; fix?: FixRef; ok?: boolean; message?: string } | undefined;
        if (o.json || !ev?.fix) return;
        if (ev.type === 'fix-start') say(`Fixing (${ev.fix.id}): ${ev.fix.label}...`);
        else if (ev.type === 'fix-done') say(`${ev.ok ? o.style.green('done') : o.style.red('failed')}: ${ev.message ?? ''}`, '  ');
        else if (ev.type === 'fix-skipped' && !only) say(`skipped ${ev.fix.id}: ${ev.message ?? ''}`, '  ');
      },
      io.signal,
    );
    if (io.signal.aborted || r.error?.code === 'cancelled') return null;
    if (!r.ok) throw new ApiCallError(r.error!);
    return r.result!;
  };
  if (!o.ask) return fixOnce(undefined);
  const first = await diagnose();
  if (!first) return null;
  if (!o.json) io.stdout(renderDoctor(first, { verbose: o.verbose, style: o.style }));
  return askAndFix({ api, io, params, o, first, fixOnce, diagnose, streams: terminalStreams(o.json) });
}

interface AskContext {
  api: Api;
  io: CliIo;
  params: DoctorParams;
  o: FixRunOptions;
  first: DoctorReport;
  fixOnce: (only: string[]) => Promise<FixRunResult | null>;
  diagnose: () => Promise<DoctorReport | null>;
  streams: PromptStreams;
}

async function askAndFix(c: AskContext): Promise<FixRunResult | null> {
  const { o, streams } = c;
  // With --json the questions and their explanations go to stderr: stdout stays one JSON document.
  const say = (text: string) => (o.json ? c.io.stderr : c.io.stdout)(wrapWithIndent(text, o.style.width, '').join('\n') + '\n');
  const asked = new Set<string>();
  const accepted: string[] = [];
  let last: FixRunResult = { before: c.first, applied: [], after: c.first };
  for (;;) {
    const fresh = fixesToApply(last.after as CoreReport).filter((f) => !asked.has(f.id));
    if (fresh.length === 0) break;
    let runNow = false;
    let pinApplied: Applied | undefined;
    for (const f of fresh) {
      const askPin = f.id === 'enter-pin' && !o.pin && c.params.modemId !== undefined;
      // A fix accepted before it (a mode switch, a reset) would lock the SIM again: run those first.
      if (askPin && runNow) break;
      asked.add(f.id);
      if (!canAsk(streams)) {
        c.io.stderr(askPin ? 'Not entering the SIM PIN without a terminal to ask for it: give it with --pin <pin>.\n' : `Not applying ${f.id} without a terminal to ask: add --yes to apply fixes unattended.\n`);
        continue;
      }
      if (askPin) {
        say(`Fix ${f.id}: ${f.label}`);
        const r = await enterPinInteractively(c.api, c.params.modemId!, streams, say);
        if (r) pinApplied = { fix: { id: f.id, label: f.label }, ok: r.ok, message: r.message };
        if (!r?.ok) continue;
        // Diagnose again once the modem had its chance to register: the SIM's checks now run.
        await waitForRegistration(c.api, c.params.modemId!, say, c.io.signal);
        break;
      }
      say(`Fix ${f.id}: ${f.label}`);
      if (await confirm(streams, 'Apply it?')) {
        accepted.push(f.id);
        runNow = true;
      }
    }
    if (pinApplied) {
      last = { ...last, applied: [...last.applied, pinApplied] };
      if (!pinApplied.ok) break;
    }
    if (runNow) {
      const run = await c.fixOnce(accepted);
      if (!run) return null;
      last = { before: c.first, applied: [...last.applied, ...run.applied], after: run.after };
      if (run.applied.some((a) => !a.ok)) break;
    } else if (pinApplied) {
      const after = await c.diagnose();
      if (!after) return null;
      last = { ...last, after };
    } else break;
  }
  return last;
}
