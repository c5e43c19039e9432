// `simhat serve` over SSH (issue 14 item 9): the web UI listens on the Pi's loopback, so the user needs
// a tunnel from their own computer. When sshd started this shell (SSH_CONNECTION, or the older
// SSH_CLIENT), say the exact `ssh -L` line to run there; the token URL printed first then works as is.
import { hostname, userInfo } from 'node:os';

export interface SshLogin {
  user: string;
  /** The address the user reached this machine at (SSH_CONNECTION's server side), else its host name. */
  host: string;
  /** sshd's port when it is not 22. */
  port?: number;
}

const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)$/;
const NAME = /^[A-Za-z0-9._-]{1,253}$/;

/** Who logged in how, from sshd's environment; null when this is not an SSH session. */
export function sshLogin(env: NodeJS.ProcessEnv, user: string = currentUser(env), host: string = hostname()): SshLogin | null {
  const connection = env.SSH_CONNECTION?.trim().split(/\s+/);
  const client = env.SSH_CLIENT?.trim().split(/\s+/);
  if (connection?.length === 4) {
    const [, , serverIp, serverPort] = connection;
    return withPort({ user, host: ADDRESS.test(serverIp!) ? serverIp! : host }, serverPort);
  }
  if (client?.length === 3) return withPort({ user, host }, client[2]);
  return null;
}

function withPort(login: SshLogin, port: string | undefined): SshLogin {
  const n = Number(port);
  return Number.isInteger(n) && n > 0 && n < 65536 && n !== 22 ? { ...login, port: n } : login;
}

function currentUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'pi';
  }
}

/**
 * The lines to print after the URL ("" when not over SSH). `bindHost` is what serve listens on: the
 * tunnel ends there, or on 127.0.0.1 when serve listens on every address.
 */
export function sshTunnelHint(bindHost: string, port: number, env: NodeJS.ProcessEnv = process.env, login: SshLogin | null = sshLogin(env)): string {
  if (!login || !NAME.test(login.user) || !(ADDRESS.test(login.host) || NAME.test(login.host))) return '';
  const anyAddress = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === 'localhost';
  const target = anyAddress ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const sshPort = login.port ? `-p ${login.port} ` : '';
  return (
    'simhat serve: you are on SSH. On your own computer, open a tunnel:\n' +
    `  ssh ${sshPort}-L ${port}:${target}:${port} ${login.user}@${login.host}\n` +
    '  then open the URL above there (the tunnel must stay open).\n'
  );
}
