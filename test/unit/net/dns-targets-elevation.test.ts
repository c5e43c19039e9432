import { describe, expect, it } from 'vitest';
import { DEFAULT_DNS_NAME, DEFAULT_PING_TARGETS, resolveCheckTargets, type CheckTargets, type TargetSources } from '../../../src-main/core/net/check-targets.js';
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

describe('check targets: request/flag > saved settings > environment > product default', () => {
  const env = { SIMHAT_PING_TARGETS: '10.0.0.9, 10.0.0.7', SIMHAT_DNS_NAME: 'env.simhat.test' };
  const settings = { pingTargets: ['10.0.0.8'], dnsName: 'saved.simhat.test' };
  const request = { pingTargets: ['10.254.0.1'], dnsName: 'probe.simhat.test' };
  it.each<[string, TargetSources, CheckTargets]>([
    ['nothing set: public anycast resolvers', {}, { pingTargets: [...DEFAULT_PING_TARGETS], dnsName: DEFAULT_DNS_NAME, sources: { pingTargets: 'default', dnsName: 'default' } }],
    ['request wins over everything', { request, settings, env }, { pingTargets: ['10.254.0.1'], dnsName: 'probe.simhat.test', sources: { pingTargets: 'request', dnsName: 'request' } }],
    ['saved settings beat the environment', { settings, env }, { pingTargets: ['10.0.0.8'], dnsName: 'saved.simhat.test', sources: { pingTargets: 'settings', dnsName: 'settings' } }],
    ['environment (comma or space separated) beats the default', { env }, { pingTargets: ['10.0.0.9', '10.0.0.7'], dnsName: 'env.simhat.test', sources: { pingTargets: 'env', dnsName: 'env' } }],
    ['settings alone', { settings }, { pingTargets: ['10.0.0.8'], dnsName: 'saved.simhat.test', sources: { pingTargets: 'settings', dnsName: 'settings' } }],
    ['each target decided on its own: flag for pings, settings for the name', { request: { pingTargets: ['10.254.0.1'] }, settings, env }, { pingTargets: ['10.254.0.1'], dnsName: 'saved.simhat.test', sources: { pingTargets: 'request', dnsName: 'settings' } }],
    ['empty list / empty name / blank env mean "not set here"', { request: { pingTargets: [], dnsName: '' }, settings: { pingTargets: [], dnsName: '' }, env: { SIMHAT_PING_TARGETS: ' , ', SIMHAT_DNS_NAME: '  ' } }, { pingTargets: [...DEFAULT_PING_TARGETS], dnsName: DEFAULT_DNS_NAME, sources: { pingTargets: 'default', dnsName: 'default' } }],
  ])('%s', (_n, src, want) => expect(resolveCheckTargets(src)).toEqual(want));
  it.each<[string, TargetSources, RegExp]>([
    ['bad flag name', { request: { dnsName: 'a b' } }, /invalid DNS name "a b" \(given for this run\)/],
    ['injected flag target', { request: { pingTargets: ['8.8.8.8;id'] } }, /invalid IPv4 ping target \(given for this run\) "8\.8\.8\.8;id"/],
    ['bad environment target', { env: { SIMHAT_PING_TARGETS: '10.0.0.1,example.com' } }, /ping target \(from the environment\) "example\.com"/],
    ['bad saved name', { settings: { dnsName: 'exa mple' } }, /invalid DNS name "exa mple" \(saved in the settings/],
  ])('refuses %s, naming the source', (_n, src, want) => expect(() => resolveCheckTargets(src)).toThrow(want));
  it('a bad lower source does not matter when a higher one decides', () => {
    expect(resolveCheckTargets({ settings, env: { SIMHAT_PING_TARGETS: 'bad;id', SIMHAT_DNS_NAME: 'bad name' } })).toMatchObject({ pingTargets: ['10.0.0.8'], dnsName: 'saved.simhat.test' });
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
