// `simhat report`: the redacted diagnostics bundle (issue 6).
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DoctorReport } from '../../api/contract.js';
import { writeFileAtomic } from '../../compose/host-files.js';
import { modemFor, withApi } from '../api-session.js';
import { EXIT_OK, UsageError, type CliCommand } from '../command.js';
import { ifaceOption, portOption } from '../option-values.js';
import { verdictLines } from '../render-doctor.js';
import { ioStyle } from '../terminal-style.js';

const usage = `Usage: simhat report [--out <file>] [--port <p>] [--iface <if>]

Writes a diagnostics bundle (JSON): the doctor report, the AT transcript, the route table, the
interface list and the kernel/USB listing. IMEI, IMSI, ICCID and phone numbers are masked except
their last 4 digits; passwords are removed. Attach it to a forum post or an issue.

  --out <file>   where to write it (default: ./simhat-report-<time>.json; a folder: that name in it;
                 "-" for stdout)
  --port <p>     AT port (default: the modem found on USB)
  --iface <if>   network interface (default: the one found on USB)

Exit: 0 written, 2 usage error.`;

export const command: CliCommand = {
  summary: 'Write a redacted diagnostics bundle to attach to a forum post.',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, port: { type: 'string' }, iface: { type: 'string' }, root: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    });
    if (values.out === '') throw new UsageError('--out needs a file name');
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    // Checked before the (slow) diagnostics run, so a typo costs nothing: a folder gets the default
    // file name inside it; a missing folder is refused rather than silently created.
    let outPath: string | undefined;
    let outIsDir = false;
    if (values.out !== undefined && values.out !== '-') {
      outPath = resolve(values.out);
      const st = await stat(outPath).catch(() => undefined);
      if (st?.isDirectory()) outIsDir = true;
      else if (st && !st.isFile()) throw new UsageError(`--out ${values.out}: not a regular file`);
      const parent = await stat(dirname(outPath)).catch(() => undefined);
      if (!parent?.isDirectory()) throw new UsageError(`--out ${values.out}: the folder ${dirname(outPath)} does not exist`);
    }
    return withApi({ ...(values.root ? { netRoot: values.root } : {}) }, async ({ api }) => {
      const modemId = await modemFor(api, { port, iface });
      const bundle = await api.exportReport({ ...(modemId ? { modemId } : {}), ...(iface ? { iface } : {}) });
      if (values.out === '-') {
        io.stdout(bundle.content);
        return EXIT_OK;
      }
      const path = outPath ? (outIsDir ? join(outPath, bundle.fileName) : outPath) : resolve(bundle.fileName);
      await writeFileAtomic(path, bundle.content, { mode: 0o600, mkdirs: false });
      const doctor = (JSON.parse(bundle.content) as { doctor?: DoctorReport }).doctor;
      const style = ioStyle(io);
      // The bundle's doctor verdict, said as `simhat doctor` says it (never "everything checks out" when a check did not run).
      io.stdout(`Wrote ${path}\n${doctor ? verdictLines(doctor, style).join('\n') : 'The bundle holds no doctor report.'}\n`);
      return EXIT_OK;
    });
  },
};
