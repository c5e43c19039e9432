// The SIM PIN dialog's Api (issue 14): lock state and tries left, entering the PIN (never through the
// console), the PUK path, and refusals. The service runs on the twin (pin-locked scenario: PIN 1234,
// PUK 12345678, SIM7600 answering AT+SPIC); the Quectel and 3GPP dialects run on a table-driven modem on
// a real PTY opened by the real serialport.
import { afterEach, describe, expect, it } from 'vitest';
import { validateCall } from '../../../src-main/api/validate.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { readSimPin, enterSimPin, pinVendorOf } from '../../../src-main/service/sim-pin.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { engineOnResponder } from '../../helpers/at-engine-fixture.js';

const MODEM = 'usb:1-1.3';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function start(scenario: string): { service: Service; env: ReturnType<typeof createDemoEnv> } {
  const env = createDemoEnv({ scenario, version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
  const service = createService(env);
  cleanups.push(() => service.close());
  return { service, env };
}

describe('simPin / enterPin on the twin', () => {
  it('reads the lock and the tries left with AT+SPIC, refuses a wrong PIN with the tries now left, then unlocks', async () => {
    const { service, env } = start('pin-locked');
    await service.listModems({});
    expect(await service.simPin({ modemId: MODEM })).toEqual({ state: 'pin', triesLeft: 3, pukTriesLeft: 10, source: 'AT+SPIC' });
    expect(env.twin.receivedCommands).toContain('AT+SPIC');

    const wrong = await service.enterPin({ modemId: MODEM, pin: '0000' });
    expect(wrong).toMatchObject({ accepted: false, state: 'pin', triesLeft: 2, message: 'Wrong PIN: 2 tries left before the SIM asks for its PUK.' });

    const right = await service.enterPin({ modemId: MODEM, pin: HOME_NETWORK.pin });
    expect(right).toMatchObject({ accepted: true, state: 'ready', triesLeft: 3, message: 'PIN accepted: the SIM is unlocked.' });
    expect((await service.getStatus({ modemId: MODEM })).sim).toBe('ready');
    // One PIN command per user action, and the PIN never reaches the log.
    expect(env.twin.receivedCommands.filter((c) => c.startsWith('AT+CPIN='))).toEqual(['AT+CPIN="0000"', `AT+CPIN="${HOME_NETWORK.pin}"`]);
    expect(JSON.stringify(await service.getLogs({}))).not.toContain(HOME_NETWORK.pin);
  });

  it('three wrong PINs block the SIM; the PUK path asks for the PUK, counts wrong PUKs and sets the new PIN', async () => {
    const { service } = start('pin-locked');
    await service.listModems({});
    await service.enterPin({ modemId: MODEM, pin: '1111' });
    await service.enterPin({ modemId: MODEM, pin: '2222' });
    const third = await service.enterPin({ modemId: MODEM, pin: '3333' });
    expect(third).toMatchObject({ accepted: false, state: 'puk', triesLeft: 0, pukTriesLeft: 10, message: 'Wrong PIN. The SIM is now blocked and asks for its PUK.' });

    await expect(service.enterPin({ modemId: MODEM, pin: '4321' })).rejects.toMatchObject({ code: 'invalid-argument', field: 'puk' });
    const badPuk = await service.enterPin({ modemId: MODEM, pin: '4321', puk: '00000000' });
    expect(badPuk).toMatchObject({ accepted: false, state: 'puk', pukTriesLeft: 9, message: 'Wrong PUK: 9 tries left before the SIM is blocked for good.' });
    const ok = await service.enterPin({ modemId: MODEM, pin: '4321', puk: HOME_NETWORK.puk });
    expect(ok).toMatchObject({ accepted: true, state: 'ready', message: 'PUK accepted: the SIM is unblocked and uses the new PIN.' });
  });

  it('says ready on a good SIM (entering a PIN sends nothing) and absent without a SIM', async () => {
    const good = start('good');
    await good.service.listModems({});
    expect(await good.service.simPin({ modemId: MODEM })).toMatchObject({ state: 'ready', triesLeft: 3 });
    expect(await good.service.enterPin({ modemId: MODEM, pin: '1234' })).toMatchObject({ accepted: true, message: 'The SIM is already unlocked.' });
    expect(good.env.twin.receivedCommands.some((c) => c.startsWith('AT+CPIN='))).toBe(false);

    const none = start('no-sim');
    await none.service.listModems({});
    expect(await none.service.simPin({ modemId: MODEM })).toEqual({ state: 'absent' });
    await expect(none.service.enterPin({ modemId: MODEM, pin: '1234' })).rejects.toMatchObject({ code: 'no-sim' });
  });

  it('refuses malformed PINs at the boundary and in the service, before any byte is sent', async () => {
    for (const pin of ['123', '123456789', '12a4', '1234"', '']) {
      expect(() => validateCall('enterPin', { modemId: MODEM, pin })).toThrow(/pin/);
    }
    expect(() => validateCall('enterPin', { modemId: MODEM, pin: '1234', puk: '1234567' })).toThrow(/puk/);
    expect(() => validateCall('enterPin', { modemId: MODEM, pin: '1234', extra: 1 })).toThrow(/not a known parameter/);
    expect(validateCall('enterPin', { modemId: MODEM, pin: '12345678', puk: '12345678' }).params).toEqual({ modemId: MODEM, pin: '12345678', puk: '12345678' });
    const { service, env } = start('pin-locked');
    await service.listModems({});
    await service.simPin({ modemId: MODEM }); // the AT session is open: what follows would be the PIN command
    const before = env.twin.receivedCommands.length;
    await expect(service.enterPin({ modemId: MODEM, pin: '12;AT+CRESET' })).rejects.toMatchObject({ code: 'invalid-argument', field: 'pin' });
    expect(env.twin.receivedCommands.length).toBe(before);
  });
});

describe('tries-left dialects on a table-driven modem (real PTY)', () => {
  it('Quectel: AT+QPINC="SC" first', async () => {
    const { engine, responder, cleanup } = await engineOnResponder({
      'AT+CPIN?': ['+CPIN: SIM PIN', 'OK'],
      'AT+QPINC="SC"': ['+QPINC: "SC",2,10', 'OK'],
    });
    cleanups.push(cleanup);
    expect(pinVendorOf('2c7c')).toBe('quectel');
    expect(await readSimPin(engine, 'quectel')).toEqual({ state: 'pin', triesLeft: 2, pukTriesLeft: 10, source: 'AT+QPINC="SC"' });
    expect(responder.received).toEqual(['AT+CPIN?', 'AT+QPINC="SC"']);
  });

  it('other vendors: AT+CPINR, and a modem that knows none of them gives no counter', async () => {
    const { engine, cleanup } = await engineOnResponder({
      'AT+CPIN?': ['+CPIN: SIM PIN', 'OK'],
      'AT+CPINR="SIM*"': ['+CPINR: SIM PIN,1,3', '+CPINR: SIM PUK,10,10', 'OK'],
    });
    cleanups.push(cleanup);
    expect(await readSimPin(engine, 'other')).toEqual({ state: 'pin', triesLeft: 1, pukTriesLeft: 10, source: 'AT+CPINR="SIM*"' });
    const bare = await engineOnResponder({ 'AT+CPIN?': ['+CPIN: SIM PIN', 'OK'], 'AT+CPIN="1234"': ['+CME ERROR: incorrect password'] });
    cleanups.push(bare.cleanup);
    expect(await readSimPin(bare.engine, 'simcom')).toEqual({ state: 'pin' });
    expect(await enterSimPin(bare.engine, 'simcom', { pin: '1234' })).toEqual({ state: 'pin', accepted: false, message: 'Wrong PIN.' });
    expect(bare.responder.received).toEqual(['AT+CPIN?', 'AT+SPIC', 'AT+CPINR="SIM*"', 'AT+CPIN?', 'AT+SPIC', 'AT+CPINR="SIM*"', 'AT+CPIN="1234"', 'AT+CPIN?', 'AT+SPIC', 'AT+CPINR="SIM*"']);
  });
});
