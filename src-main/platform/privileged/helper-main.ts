#!/usr/bin/env node
// simhat's privileged network helper (issue 4, sim7600.md §5). Installed at a fixed path
// (HELPER_INSTALL_PATH, a link to this file) and run by pkexec or `sudo -n`:
//   simhat-net-helper <verb> key=value ...
// pkexec validates no arguments, so every one is validated here again (core/net/verbs.ts);
// no root prefix is accepted from outside; the interface must be a modem's, as /sys says
// (core/net/modem-iface.ts, issue 15); programs run by absolute path with a cleared
// environment and a timeout (platform/net/run.ts). Answers one JSON line on stdout.
import { NetError } from '../../core/net/types.js';
import { isVerb, parseKeyValues, VERBS } from '../../core/net/verbs.js';
import { executeRaw } from './execute.js';

async function helperMain(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) throw new NetError('not-permitted', 'the helper must run as root (through pkexec or sudo)');
    if (!isVerb(verb)) throw new NetError('invalid-argument', `unknown verb ${JSON.stringify(verb)}; allowed: ${VERBS.join(', ')}`);
    const result = await executeRaw(verb, parseKeyValues(rest), { allowRoot: false, modemOnly: { sysfsRoot: '/sys' } });
    process.stdout.write(JSON.stringify({ ok: true, result }) + '\n');
    return 0;
  } catch (err) {
    const e = err instanceof NetError ? err : new NetError('command-failed', (err as Error).message);
    process.stdout.write(JSON.stringify({ ok: false, error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } }) + '\n');
    return e.code === 'invalid-argument' ? 2 : 1;
  }
}

// Keep nothing from the caller's environment (pkexec already clears most of it; sudo may not).
for (const k of Object.keys(process.env)) delete process.env[k];
// Exit when the parent goes away (Etcher's pattern): the app never leaves a root child behind.
process.on('SIGHUP', () => process.exit(129));
process.exitCode = await helperMain(process.argv.slice(2));
