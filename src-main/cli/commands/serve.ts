// `simhat serve`: the web face for headless Pis (issue 7). Prints the URL with its token as the very
// first stdout line (scripts and the e2e suite read it), then serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { UsageError, type CliCommand } from '../command.js';

const USAGE = `Usage: simhat serve [--host 127.0.0.1] [--port N] [--demo <scenario> [--sim <profile>]]

Serves the simhat UI and its Api over HTTP + WebSocket. Open the printed URL (it carries the access token).
  --host <addr>      address to bind (default 127.0.0.1; 0.0.0.0 exposes it to your network, token required)
  --port <n>         TCP port (default 0 = any free port)
  --demo <scenario>  run on the simulated modem instead of hardware (default scenario: seed;
                     scenarios: seed, fresh, good, no-sim, pin-locked, no-signal, denied)
  --sim <profile>    with --demo: the SIM in the simulated modem and the network it is on (default: the
                     scenario's own; profiles: t-mobile, metropcs, giffgaff, tim-italy, roaming, us-mobile, no-crsm)`;

const HOST = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+|localhost)$/;

export const command: CliCommand = {
  summary: 'Serve the web UI (token-protected) for a browser, e.g. a headless Pi.',
  usage: USAGE,
  async run(argv, io) {
    // `--demo` may come without a value: peel it off first so parseArgs sees `--demo seed`.
    const args = [...argv];
    const di = args.indexOf('--demo');
    if (di >= 0 && (args[di + 1] === undefined || args[di + 1]!.startsWith('--'))) args.splice(di + 1, 0, 'seed');
    const { values, positionals } = parseArgs({
      args,
      options: { host: { type: 'string' }, port: { type: 'string' }, demo: { type: 'string' }, sim: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const host = values.host ?? '127.0.0.1';
    if (!HOST.test(host)) throw new UsageError(`--host: not an address: ${host}`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${values.port}`);
    if (values.sim !== undefined && values.demo === undefined) throw new UsageError('--sim goes with --demo (a real modem has its own SIM)');

    const staticDir = fileURLToPath(new URL('../../../renderer/', import.meta.url));
    if (!existsSync(staticDir)) {
      io.stderr(`simhat serve: the UI is not built (${staticDir} missing): run \`npm run build\`.\n`);
      return 2;
    }
    // Loaded after the options are checked: a usage mistake answers at once.
    const [{ startWebServer }, { attachOrOpen }] = await Promise.all([import('../../web/server.js'), import('../../compose/open-service.js')]);
    // With the daemon running, the web UI is one more client of it (issue 11); else it runs its own service.
    const face = await attachOrOpen({ demo: values.demo ?? null, ...(values.sim !== undefined ? { sim: values.sim } : {}) }).catch((err: Error & { code?: string; hint?: string; name?: string }) => {
      if (err.code === 'invalid-argument') throw new UsageError(`${err.name === 'DemoSimError' ? '--sim' : '--demo'}: ${err.message}${err.hint ? ` (${err.hint})` : ''}`);
      throw err;
    });
    const service = { close: () => face.close() };
    const env = { demo: values.demo ?? null };
    if (face.daemon) io.stderr(`simhat serve: attached to the simhat daemon on ${face.daemon.socket}.\n`);
    const server = await startWebServer({ host, port, staticDir, api: face.api });
    io.stdout(`${server.url}\n`);
    io.stderr((await import('../ssh-hint.js')).sshTunnelHint(host, server.port));
    if (host === '0.0.0.0' || host === '::' || !['127.0.0.1', '::1', 'localhost'].includes(host)) {
      const lan = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && !a.internal && a.family === 'IPv4')
        .map((a) => `http://${a!.address}:${server.port}/?token=${server.token}`);
      io.stderr(
        `simhat serve: WARNING: listening on ${host}: anyone on your network who has the token can drive this modem.\n` +
          (lan.length ? `  From another machine: ${lan.join('  ')}\n` : ''),
      );
    }
    if (env.demo) io.stderr(`simhat serve: demo mode on the simulated modem (scenario ${env.demo}${values.sim ? `, SIM ${values.sim}` : ''}).\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    await service.close();
    return 0;
  },
};
