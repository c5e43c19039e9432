import { describe, expect, it } from 'vitest';
import { DEFAULT_DNS_NAME, DEFAULT_PING_TARGETS, resolveCheckTargets } from '../../../src-main/core/net/check-targets.js';
import { buildDnsQuery, parseDnsResponse } from '../../../src-main/core/net/dns-packet.js';
import { chooseElevation, elevationFailure, type ElevationFacts } from '../../../src-main/core/net/elevation.js';
import { validateDnsName, validateIfaceName, validateRootPrefix } from '../../../src-main/core/net/validate.js';
import { DNS_ANSWER_HEX, DNS_REFUSED_HEX } from './fixtures/harness-captures.js';

describe('DNS packet', () => {
  it('query for probe.simhat.test is byte-identical to the one dnsmasq answered', () => {
    // The captured answer echoes the question section: header(12) + qname + type/class.
    const answer = Buffer.from(DNS_ANSWER_HEX, 'hex');
    const q = Buffer.from(buildDnsQuery(0x1234, 'probe.simhat.test'));
    expect(q.subarray(12).toString('hex')).toBe(answer.subarray(12, q.length).toString('hex'));
  });
  it.each([
    ['dnsmasq A answer', DNS_ANSWER_HEX, { id: 0x1234, rcode: 0, addresses: ['10.254.0.1'] }],
    ['dnsmasq REFUSED', DNS_REFUSED_HEX, { id: 0x1234, rcode: 5, addresses: [] }],
  ])('%s', (_n, hex, want) => expect(parseDnsResponse(Buffer.from(hex, 'hex'))).toEqual(want));
  it.each([
    ['short', '1234'],
    ['a query, not a response', Buffer.from(buildDnsQuery(1, 'a.b')).toString('hex')],
    ['truncated answer', DNS_ANSWER_HEX.slice(0, -10)],
  ])('malformed: %s', (_n, hex) => {
    expect(() => parseDnsResponse(Buffer.from(hex, 'hex'))).toThrow();
  });
});

describe('check targets: flag > env > settings > product default', () => {
  it('defaults are public anycast resolvers', () => {
    expect(resolveCheckTargets({})).toEqual({ pingTargets: [...DEFAULT_PING_TARGETS], dnsName: DEFAULT_DNS_NAME });
  });
  it.each([
    ['flag wins', { flagTargets: ['10.254.0.1'], env: { SIMHAT_PING_TARGETS: '10.0.0.9' }, settings: { pingTargets: ['10.0.0.8'] } }, ['10.254.0.1']],
    ['env next (comma or space separated)', { env: { SIMHAT_PING_TARGETS: '10.0.0.9, 10.0.0.7' }, settings: { pingTargets: ['10.0.0.8'] } }, ['10.0.0.9', '10.0.0.7']],
    ['settings next', { settings: { pingTargets: ['10.0.0.8'] } }, ['10.0.0.8']],
  ])('%s', (_n, src, want) => expect(resolveCheckTargets(src).pingTargets).toEqual(want));
  it('DNS name from env, validated', () => {
    expect(resolveCheckTargets({ env: { SIMHAT_DNS_NAME: 'probe.simhat.test' } }).dnsName).toBe('probe.simhat.test');
    expect(() => resolveCheckTargets({ flagDnsName: 'a b' })).toThrow(/DNS name/);
    expect(() => resolveCheckTargets({ flagTargets: ['8.8.8.8;id'] })).toThrow(/ping target/);
  });
});

const f = (over: Partial<ElevationFacts>): ElevationFacts => ({ isRoot: false, helperInstalled: true, helperPath: '/usr/lib/simhat/simhat-net-helper', pkexecPath: undefined, sudoPath: undefined, graphicalSession: false, ...over });

describe('elevation (sim7600.md §5)', () => {
  it.each([
    ['root: in-process', f({ isRoot: true, helperInstalled: false }), 'in-process'],
    ['desktop with pkexec', f({ pkexecPath: '/usr/bin/pkexec', sudoPath: '/usr/bin/sudo', graphicalSession: true }), 'pkexec'],
    ['headless: sudo -n first', f({ pkexecPath: '/usr/bin/pkexec', sudoPath: '/usr/bin/sudo' }), 'sudo'],
    ['headless without sudo: pkexec (text agent)', f({ pkexecPath: '/usr/bin/pkexec' }), 'pkexec'],
  ])('%s', (_n, facts, kind) => expect(chooseElevation(facts).kind).toBe(kind));
  it('neither pkexec nor sudo: says what to install', () => {
    expect(() => chooseElevation(f({}))).toThrow(/neither pkexec nor sudo/);
    try {
      chooseElevation(f({}));
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/apt-get install pkexec/);
    }
  });
  it('helper not installed: says how to install it', () => {
    try {
      chooseElevation(f({ helperInstalled: false, sudoPath: '/usr/bin/sudo' }));
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string; hint: string }).code).toBe('no-elevation');
      expect((e as { hint: string }).hint).toMatch(/io\.github\.simhat\.net-helper\.policy/);
    }
  });
  it.each([
    ['pkexec', 126, '', /dismissed/],
    ['pkexec', 127, '', /polkit refused/],
    ['sudo', 1, 'sudo: a password is required\n', /needs a password/],
  ] as const)('%s exit %d', (kind, code, stderr, msg) => expect(elevationFailure(kind, code, stderr, '/h')?.message).toMatch(msg));
  it('ordinary helper failure is not an elevation failure', () => expect(elevationFailure('sudo', 1, '', '/h')).toBeUndefined());
});

describe('validators', () => {
  it.each(['usb0', 'enx2a85da41ebf9', 'wwp0s20f0u2u1i5', 'eth0.100', 'a:b', 'x_y-z'])('accepts %s', (n) => expect(validateIfaceName(n)).toBe(n));
  it.each(['usb0;reboot', '../x', '.', '..', '', 'a23456789012345x', 'usb0 ', 'usb0\n', '$(id)', 'a/b'])('rejects %j', (n) => expect(() => validateIfaceName(n)).toThrow(/invalid interface/));
  it.each([
    ['', ''],
    ['/', ''],
    ['/tmp/x/', '/tmp/x'],
  ])('root prefix %j', (v, want) => expect(validateRootPrefix(v)).toBe(want));
  it.each(['tmp/x', '/tmp/../etc', '/tmp/x y'])('rejects root prefix %j', (v) => expect(() => validateRootPrefix(v)).toThrow());
  it('DNS names', () => {
    expect(validateDnsName('probe.simhat.test.')).toBe('probe.simhat.test');
    expect(() => validateDnsName('-bad.example')).toThrow();
  });
});
