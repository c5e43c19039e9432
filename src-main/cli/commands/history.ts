// `simhat history`: what happened to the link (issue 11) — samples, events, outages with their cause and
// the stage that fixed them, and the uptime — from the daemon, or from its database when none runs.
import { parseArgs } from 'node:util';
import type { HistoryWindow } from '../../api/contract.js';
import { renderHistoryText } from '../../core/history/render.js';
import { parseSince } from '../../core/history/since.js';
import { withApi } from '../api-session.js';
import { EXIT_OK, UsageError, type CliCommand } from '../command.js';

const usage = `Usage: simhat history [--since 1h|24h|7d] [--json] [--db PATH]

The link's history as the daemon recorded it: a short table of samples (signal, technology, operator,
latency) and one line per outage ("14:02–14:03 data session dropped; back after radio cycle in 8.4 s").

  --since <w>   the window: a count and a unit (s, m, h, d), e.g. 10m, 24h, 7d; default 24h
  --json        {"from","to","samples":[...],"events":[...],"outages":[...],"uptimePercent","file"}
  --db PATH     the database to read when no daemon runs (default: the daemon's)

Exit: 0 shown (also when nothing was recorded yet), 2 usage error.`;

export const command: CliCommand = {
  summary: 'Show the link history: samples, outages and what fixed them, uptime.',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { since: { type: 'string' }, json: { type: 'boolean', default: false }, db: { type: 'string' } }, allowPositionals: false, strict: true });
    let sinceMs = 86_400_000;
    if (values.since !== undefined) {
      try {
        sinceMs = parseSince(values.since);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    if (values.db !== undefined && (!values.db.startsWith('/') || /[\x00-\x1f]/.test(values.db))) throw new UsageError('--db is an absolute path');
    return withApi({ history: values.db ?? true }, async ({ api, via }) => {
      const h: HistoryWindow = await api.getHistory({ sinceMs });
      if (values.json) io.stdout(JSON.stringify({ ...h, via }, null, 2) + '\n');
      else if (!h.file) io.stdout('No history yet: it is recorded while simhat daemon runs (sudo simhat daemon --enable).\n');
      else io.stdout(renderHistoryText({ window: { from: h.from, to: h.to }, samples: h.samples, eventCount: h.events.length, outages: h.outages, uptimePercent: h.uptimePercent }));
      return EXIT_OK;
    });
  },
};
