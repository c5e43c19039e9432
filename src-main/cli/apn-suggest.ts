// `simhat apn suggest`: what the APN decider reads from the SIM (masked) and its ranking, each candidate
// with its reasons (issue 13) — what `connect` and `doctor --fix` will try, in this order — and the
// database carriers of the SIM's network (issue 5) with the ids `--carrier` takes.
import { parseArgs } from 'node:util';
import { usageRank, type Candidate } from '../core/apn/lookup.js';
import { carrierLine, json, maskImsi, requirePort, withModem } from './apn-shared.js';
import { EXIT_FAILED, EXIT_OK, type CliIo } from './command.js';
import { rankingText, simText } from './render-apn-decide.js';

export async function cmdSuggest(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const port = requirePort(values.port);
  return withModem(port, io, values.json ?? false, async (api, modemId) => {
    const r = await api.suggestApn({ modemId });
    const { sim: facts, suggestion } = r.detail!;
    const imsi = maskImsi(facts.imsi);
    const ranked = r.ranking?.candidates ?? [];
    if (values.json) {
      // Issue 5's fields as they were; issue 13's: the SIM identity, and the ranking with every candidate's reasons.
      io.stdout(json({ sim: { ...facts, imsi }, ...suggestion, home: suggestion.home ? { ...suggestion.home, imsi } : undefined, simIdentity: r.sim ?? null, ranking: r.ranking ?? null, message: r.message ?? null }));
      return EXIT_OK;
    }
    if (r.sim) io.stdout(simText(r.sim));
    io.stdout(
      `Network: home ${suggestion.home?.pairs.join(' or ') || 'unknown'}; ` +
        `${facts.registration ?? 'registration unknown'} on ${facts.servingNetwork ?? '?'}${facts.operatorName ? ` "${facts.operatorName}"` : ''}` +
        `${suggestion.roaming ? ' (roaming)' : ''}; IMSI ${imsi ?? 'unknown'}\n`,
    );
    if (r.ranking) {
      io.stdout(ranked.length ? `\nRanked for this SIM (what connect and doctor --fix try, in this order):\n${rankingText(r.ranking)}` : `\n${rankingText(r.ranking)}`);
      if (ranked.length) io.stdout(`Let simhat choose and verify: simhat apn set --port ${port}\n`);
    } else if (r.message) io.stdout(`${r.message}\n`);
    for (const n of suggestion.notes) io.stdout(`note: ${n}\n`);
    if (!suggestion.candidates.length) return ranked.length ? EXIT_OK : EXIT_FAILED;
    io.stdout(`\nDatabase carriers (best first, by ${suggestion.basis}):\n`);
    suggestion.candidates.forEach((c: Candidate, i) => {
      const who = `${c.provider} (${c.countryName}${c.primary === false ? ', MVNO' : ''})`;
      io.stdout(`${String(i + 1).padStart(3)}. ${carrierLine(c)}  ${who}\n`);
    });
    const best = suggestion.candidates.find((c) => usageRank(c.apn.usage) <= 1) ?? suggestion.candidates[0];
    if (best) io.stdout(`Apply with: simhat apn set --port ${port} --carrier ${best.id}\n`);
    return EXIT_OK;
  });
}
