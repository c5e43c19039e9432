// The transport-neutral request handling (src-main/api/wire-server.ts) and the line framing of the
// daemon socket (src-main/api/line-framing.ts), against the real service on the in-process twin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWireServer, jsonDataProblem, LOG_BUDGET, MAX_REQUEST_BYTES, type WireServer } from '../../../src-main/api/wire-server.js';
import { decodeUtf8Line, LineSplitter } from '../../../src-main/api/line-framing.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

let service: Service;
let wire: WireServer;
const logged: string[] = [];

beforeAll(() => {
  service = createService(createDemoEnv({ scenario: 'seed', version: 'test', timings: TEST_TIMINGS, netStepMs: 5 }));
  wire = createWireServer({ api: service, log: (_l, m) => logged.push(m), peer: 'test' });
});
afterAll(async () => {
  await service.close();
});

describe('handleText never throws and answers every message', () => {
  it.each<[string, string, { id: unknown; code: string; message?: RegExp }]>([
    ['null', 'null', { id: null, code: 'invalid-argument', message: /JSON object/ }],
    ['true', 'true', { id: null, code: 'invalid-argument' }],
    ['a list holding a request', '[{"id":1,"method":"appInfo"}]', { id: null, code: 'invalid-argument' }],
    ['empty text', '', { id: null, code: 'invalid-argument', message: /not JSON/ }],
    ['a lone surrogate escape is still JSON', '{"id":"\\ud800","method":"appInfo"}', { id: '\ud800', code: 'never' }],
    ['no id', '{"method":"appInfo"}', { id: null, code: 'invalid-argument', message: /needs an id/ }],
    ['a fractional id', '{"id":1.5,"method":"appInfo"}', { id: null, code: 'invalid-argument' }],
    ['an unsafe integer id', '{"id":9007199254740993,"method":"appInfo"}', { id: null, code: 'invalid-argument' }],
    ['an id of 65 characters', `{"id":"${'i'.repeat(65)}","method":"appInfo"}`, { id: null, code: 'invalid-argument' }],
    ['an id with a newline', '{"id":"a\\nb","method":"appInfo"}', { id: null, code: 'invalid-argument' }],
    ['an extra field', '{"id":3,"method":"appInfo","jsonrpc":"2.0"}', { id: 3, code: 'invalid-argument', message: /unknown request field "jsonrpc"/ }],
    ['an own __proto__ field on the request', '{"id":4,"method":"appInfo","__proto__":{"method":"atSend"}}', { id: 4, code: 'invalid-argument', message: /unknown request field "__proto__"/ }],
    ['no method', '{"id":5}', { id: 5, code: 'invalid-argument', message: /unknown method/ }],
    ['hasOwnProperty as method', '{"id":6,"method":"hasOwnProperty"}', { id: 6, code: 'invalid-argument', message: /unknown method/ }],
    ['params a string', '{"id":7,"method":"listModems","params":"x"}', { id: 7, code: 'invalid-argument', message: /must be an object/ }],
  ])('%s', async (_name, text, expected) => {
    const r = await wire.handleText(text);
    expect(r.id).toEqual(expected.id);
    if (expected.code === 'never') {
      expect(r.error).toBeUndefined();
      return;
    }
    expect(r.error?.code).toBe(expected.code);
    if (expected.message) expect(r.error?.message).toMatch(expected.message);
  });

  it('answers a good request with its id', async () => {
    expect(await wire.handleText('{"id":"a-1","method":"listModems","params":{}}')).toEqual({ id: 'a-1', result: [expect.objectContaining({ id: 'usb:1-1.3' })] });
    expect(await wire.handleText('{"id":2,"method":"listModems"}')).toMatchObject({ id: 2, result: expect.any(Array) });
  });

  it('refuses a request over the limit with a clear error and its id, whatever its content', async () => {
    const text = JSON.stringify({ id: 11, method: 'atSend', params: { modemId: 'usb:1-1.3', command: 'AT' + 'Z'.repeat(MAX_REQUEST_BYTES) } });
    const r = await wire.handleText(text);
    expect(r).toEqual({ id: 11, error: { code: 'request-too-large', message: expect.stringMatching(/^The request is 64 KB; simhat accepts at most 64 KB$/), hint: expect.any(String) } });
    // Multi-byte characters count as the bytes they cost.
    const wide = JSON.stringify({ id: 12, method: 'validateApn', params: { settings: { apn: 'é'.repeat(40_000), ipType: 'IP', username: '', password: '', auth: 'none' } } });
    expect(wide.length).toBeLessThan(MAX_REQUEST_BYTES);
    expect((await wire.handleText(wide)).error?.code).toBe('request-too-large');
    expect(logged.some((l) => /^test: refused a request of \d+ KB \(limit 64 KB\)$/.test(l))).toBe(true);
    // Never ran: the console logs every command it sends.
    expect((await service.getLogs({})).some((l) => l.message.includes('ZZZZ'))).toBe(false);
  });

  it('an answer that is an error of the service crosses as { code, message, hint }', async () => {
    expect(await wire.handleText('{"id":1,"method":"getStatus","params":{"modemId":"usb:9-9"}}')).toEqual({ id: 1, error: { code: 'no-modem', message: 'No modem usb:9-9', hint: expect.any(String) } });
  });
});

describe('logging', () => {
  it('a client sending garbage in a loop gets answers, but only LOG_BUDGET log lines', async () => {
    const lines: string[] = [];
    const w = createWireServer({ api: service, log: (_l, m) => lines.push(m), peer: 'flood' });
    for (let i = 0; i < 500; i++) expect((await w.handleText('not json')).error?.code).toBe('invalid-argument');
    expect(lines).toHaveLength(LOG_BUDGET + 1);
    expect(lines.at(-1)).toBe('flood: further refused requests are not logged');
  });
});

describe('call (decoded params, as Electron IPC hands them over)', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  it.each<[string, unknown, RegExp]>([
    ['a Map', new Map([['modemId', 'usb:1-1.3']]), /Map, not JSON data/],
    ['a Date inside', { limit: new Date() }, /Date, not JSON data/],
    ['a BigInt', { limit: 10n }, /bigint, not JSON data/],
    ['a typed array', { modemId: new Uint8Array(4) }, /Uint8Array, not JSON data/],
    ['a cycle', cyclic, /nested deeper than 16/],
    ['NaN', { limit: Number.NaN }, /not finite/],
    ['an accessor property', Object.defineProperty({}, 'modemId', { get: () => 'usb:1-1.3', enumerable: true }), /accessor/],
    ['a symbol key', { [Symbol('x')]: 1 }, /symbol/],
  ])('refuses %s without calling the service', async (_name, params, message) => {
    const r = await wire.call('getLogs', params);
    expect(r.error?.code).toBe('invalid-argument');
    expect(r.error?.message).toMatch(message);
  });

  it('refuses 200 KB of strings as request-too-large, like the socket transports', async () => {
    expect((await wire.call('validateApn', { settings: { apn: 'x'.repeat(200_000) } })).error).toEqual({ code: 'request-too-large', message: 'The request is over 64 KB, the most simhat accepts', hint: expect.stringContaining('shorten') });
  });

  it('passes the service a null-prototype copy holding only the known keys', async () => {
    let seen: unknown;
    const spy = createWireServer({
      api: Object.assign(Object.create(service) as Service, {
        getStatus: async (p: unknown) => {
          seen = p;
          return null;
        },
      }),
    });
    const params = { modemId: 'usb:1-1.3' };
    expect(await spy.call('getStatus', params)).toEqual({ result: null });
    expect(seen).not.toBe(params);
    expect(Object.getPrototypeOf(seen)).toBeNull();
    expect({ ...(seen as object) }).toEqual(params);
  });
});

describe('jsonDataProblem', () => {
  it('accepts JSON data and measures it as JSON would', () => {
    expect(jsonDataProblem({ a: [1, 'x', null, true, { b: 2 }] })).toBeNull();
    expect(jsonDataProblem(JSON.parse('{"__proto__":{"x":1}}'))).toBeNull(); // own keys are judged by validateCall
    expect(jsonDataProblem({ s: 'x'.repeat(1000) }, { maxBytes: 1000 })?.code).toBe('request-too-large');
  });
  it('does not recurse: a list 100000 deep is refused, not a stack overflow', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDataProblem(deep)?.message).toMatch(/nested deeper/);
  });
});

describe('LineSplitter (the daemon socket framing)', () => {
  const text = (lines: Buffer[]) => lines.map((l) => l.toString());

  it('splits across chunk boundaries, strips CR, skips empty lines', () => {
    const s = new LineSplitter(100);
    expect(text(s.push(Buffer.from('{"id":1}\n{"i')).lines)).toEqual(['{"id":1}']);
    expect(s.pending).toBe(3);
    expect(text(s.push(Buffer.from('d":2}\r\n\n\n{"id":3}\n')).lines)).toEqual(['{"id":2}', '{"id":3}']);
    expect(s.pending).toBe(0);
  });

  it('byte by byte', () => {
    const s = new LineSplitter(100);
    const out: string[] = [];
    for (const b of Buffer.from('ab\ncd\n')) out.push(...text(s.push(Uint8Array.of(b)).lines));
    expect(out).toEqual(['ab', 'cd']);
  });

  it('garbage without a newline never holds more than the limit', () => {
    const s = new LineSplitter(1000);
    let overflow = false;
    for (let i = 0; i < 100 && !overflow; i++) {
      overflow = s.push(Buffer.alloc(64, 0x41)).overflow;
      expect(s.pending).toBeLessThanOrEqual(1000);
    }
    expect(overflow).toBe(true);
    expect(s.pending).toBe(0);
    // Once broken, nothing more is taken.
    expect(s.push(Buffer.from('x\n'))).toEqual({ lines: [], overflow: true });
  });

  it('a complete line over the limit is overflow too; lines before it in the chunk are kept', () => {
    const s = new LineSplitter(10);
    const r = s.push(Buffer.from(`ok\n${'x'.repeat(11)}\n`));
    expect(text(r.lines)).toEqual(['ok']);
    expect(r.overflow).toBe(true);
  });

  it('a half-sent line is dropped at the end of the stream, never handed on', () => {
    const s = new LineSplitter(100);
    const half = '{"id":1,"method":"atSend","params":{"modemId":"usb:1-1.3","command":"AT+CFUN=0"}';
    expect(s.push(Buffer.from(half)).lines).toEqual([]);
    expect(s.end()).toBe(half.length);
    expect(s.pending).toBe(0);
  });

  it('decodeUtf8Line refuses what is not UTF-8', () => {
    expect(decodeUtf8Line(Buffer.from('{"a":"é"}'))).toBe('{"a":"é"}');
    expect(decodeUtf8Line(Uint8Array.of(0xc3, 0x28))).toBeNull();
    expect(decodeUtf8Line(Uint8Array.of(0xed, 0xa0, 0x80))).toBeNull(); // encoded surrogate
    expect(decodeUtf8Line(Uint8Array.of(0xc0, 0xaf))).toBeNull(); // overlong
  });
});
