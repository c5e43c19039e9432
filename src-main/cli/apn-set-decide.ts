// `simhat apn set --port <p>` without an APN (issue 13): the APN decider chooses — on a terminal after
// showing the SIM and the ranked candidates with their reasons and asking (a number, "try them", or a typed
// APN); with --yes, --json or no terminal by rank — and tries with verification and rollback between tries.
import type { ApnApplyResult, ApnChoiceParam, ApplyResult, DecideResult, IpType } from '../api/contract.js';
import type { ApplyEvent } from '../service/apn.js';
import { asUsage, runOperation } from './api-session.js';
import { askApnChoice, interactive } from './apn-prompt.js';
import { json, withModem } from './apn-shared.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from './command.js';
import { decideLine, decisionText, isDecideEvent } from './render-apn-decide.js';
import { eventLine } from './render-apn-apply.js';

export interface DecideSetOptions {
  json: boolean;
  yes: boolean;
  contexts?: number[] | undefined;
  timeoutMs?: number | undefined;
  ipType?: IpType | undefined;
}

export async function setByDecider(port: string, io: CliIo, o: DecideSetOptions): Promise<number> {
  return withModem(port, io, o.json, async (api, modemId) => {
    let choice: ApnChoiceParam | undefined;
    if (interactive(o)) {
      const answer = await askApnChoice(api, modemId, io);
      if (answer === 'cancel') {
        io.stdout('Cancelled: nothing was changed.\n');
        return EXIT_FAILED;
      }
      choice = answer;
    }
    const events: unknown[] = [];
    const r = await runOperation<ApnApplyResult | { apply?: ApplyResult; decision?: DecideResult }>(
      api,
      () =>
        asUsage(() =>
          api.applyApn({
            modemId,
            ...(choice ? { choice } : {}),
            ...(o.contexts ? { contexts: o.contexts } : {}),
            ...(o.ipType ? { overrides: { ipType: o.ipType } } : {}),
            ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
          }),
        ),
      (e) => {
        const ev = e.data as { type: string } | undefined;
        if (!ev) return;
        events.push(ev);
        if (o.json) return;
        const line = isDecideEvent(ev) ? decideLine(ev) : eventLine(ev as ApplyEvent);
        if (line) io.stdout(line + '\n');
      },
      io.signal,
    );
    const decision = r.result?.decision;
    if (!decision) throw Object.assign(new Error(r.error?.message ?? 'the APN decider failed'), r.error ?? {});
    if (o.json) io.stdout(json({ ...decision, events }));
    else io.stdout(decisionText(decision));
    if (decision.ok) return EXIT_OK;
    return decision.tries.at(-1)?.error?.code === 'port-closed' ? EXIT_USAGE : EXIT_FAILED;
  });
}
