// The `ssh -L` line `simhat serve` prints when run over SSH (issue 14 item 9).
import { describe, expect, it } from 'vitest';
import { sshLogin, sshTunnelHint } from '../../../src-main/cli/ssh-hint.js';

describe('sshLogin', () => {
  it('SSH_CONNECTION gives the address the user reached this machine at', () => {
    expect(sshLogin({ SSH_CONNECTION: '192.168.1.50 51234 192.168.1.20 22' }, 'pi', 'raspberrypi')).toEqual({ user: 'pi', host: '192.168.1.20' });
  });

  it('a non-standard sshd port is kept', () => {
    expect(sshLogin({ SSH_CONNECTION: '10.0.0.2 40000 10.0.0.1 2222' }, 'pi', 'h')).toEqual({ user: 'pi', host: '10.0.0.1', port: 2222 });
  });

  it('SSH_CLIENT alone (no server address): the host name', () => {
    expect(sshLogin({ SSH_CLIENT: '192.168.1.50 51234 22' }, 'pi', 'raspberrypi')).toEqual({ user: 'pi', host: 'raspberrypi' });
  });

  it('not over SSH: null', () => {
    expect(sshLogin({}, 'pi', 'h')).toBeNull();
    expect(sshLogin({ SSH_CONNECTION: 'garbage' }, 'pi', 'h')).toBeNull();
  });
});

describe('sshTunnelHint', () => {
  const env = { SSH_CONNECTION: '192.168.1.50 51234 192.168.1.20 22' };

  it('loopback bind: a tunnel to 127.0.0.1 on the same port', () => {
    expect(sshTunnelHint('127.0.0.1', 43117, env, { user: 'pi', host: '192.168.1.20' })).toBe(
      'simhat serve: you are on SSH. On your own computer, open a tunnel:\n  ssh -L 43117:127.0.0.1:43117 pi@192.168.1.20\n  then open the URL above there (the tunnel must stay open).\n',
    );
  });

  it('every address: still 127.0.0.1; a specific address: that one; IPv6 in brackets; sshd port with -p', () => {
    expect(sshTunnelHint('0.0.0.0', 8080, env, { user: 'pi', host: 'h' })).toContain('ssh -L 8080:127.0.0.1:8080 pi@h\n');
    expect(sshTunnelHint('192.168.1.20', 8080, env, { user: 'pi', host: 'h' })).toContain('ssh -L 8080:192.168.1.20:8080 pi@h\n');
    expect(sshTunnelHint('::1', 8080, env, { user: 'pi', host: 'h' })).toContain('ssh -L 8080:[::1]:8080 pi@h\n');
    expect(sshTunnelHint('127.0.0.1', 8080, env, { user: 'pi', host: 'h', port: 2222 })).toContain('ssh -p 2222 -L 8080:127.0.0.1:8080 pi@h\n');
  });

  it('nothing when not over SSH, or when the user or host would not be a plain word', () => {
    expect(sshTunnelHint('127.0.0.1', 8080, {})).toBe('');
    expect(sshTunnelHint('127.0.0.1', 8080, env, { user: 'a b', host: 'h' })).toBe('');
    expect(sshTunnelHint('127.0.0.1', 8080, env, { user: 'pi', host: 'h;rm' })).toBe('');
  });

  it('fits 80 columns', () => {
    const text = sshTunnelHint('127.0.0.1', 65535, env, { user: 'someone', host: '192.168.100.200', port: 22222 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
