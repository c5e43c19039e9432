// ModemAt.servingCell on a real PTY through the real serialport: a SIMCom answers AT+CPSI?, a Quectel
// refuses it and answers AT+QENG="servingcell" (its answer from test/unit/at/qeng.test.ts, 3GINFO56).
// Which query a modem answers is remembered for its open port, so later reads send only that one.
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { AtResponder, type ReplyTable } from '../../helpers/at-responder.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function rig(table: ReplyTable) {
  const responder = await AtResponder.start(table, { echo: false });
  const engine = new AtEngine(openSerialTransport(responder.path));
  await engine.open();
  cleanup = async () => {
    await engine.close().catch(() => {});
    await responder.close();
  };
  return { responder, engine };
}

const NSA = ['+QENG: "servingcell","NOCONN"', '+QENG: "LTE","FDD",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,15,20,-', '+QENG:"NR5G-NSA",515,03,832,-76,21,-11,528030,41,8,1', 'OK'];
const asked = (r: AtResponder) => r.received.filter((l) => /CPSI|QENG/i.test(l));

describe('the serving cell of a SIMCom and of a Quectel', () => {
  it('a Quectel: AT+CPSI? is refused (ERROR, retried once as for a SIMCom after boot), AT+QENG answers; the next read asks AT+QENG only', async () => {
    const { responder, engine } = await rig({ 'AT+CPSI?': ['ERROR'], 'AT+QENG="servingcell"': NSA });
    const cell = await new ModemAt(engine).servingCell();
    expect(cell).toMatchObject({ system: 'LTE', mcc: '515', mnc: '03', rsrp: -89, nr: { rsrp: -76, band: 'NR5G-BAND41' } });
    expect(asked(responder)).toEqual(['AT+CPSI?', 'AT+CPSI?', 'AT+QENG="servingcell"']);
    // A new facade on the same engine (the service makes one per call) remembers the answer.
    await new ModemAt(engine).servingCell();
    expect(asked(responder)).toEqual(['AT+CPSI?', 'AT+CPSI?', 'AT+QENG="servingcell"', 'AT+QENG="servingcell"']);
  });

  it('a SIMCom: AT+CPSI? answers and AT+QENG is never sent', async () => {
    const cpsi = ['+CPSI: LTE,Online,222-88,0x3AC9,37978126,20,EUTRAN-BAND7,3350,5,5,-130,-860,-520,15', 'OK'];
    const { responder, engine } = await rig({ 'AT+CPSI?': cpsi });
    const m = new ModemAt(engine);
    expect(await m.servingCell()).toMatchObject({ system: 'LTE', rsrp: -86 });
    await m.servingCell();
    expect(asked(responder)).toEqual(['AT+CPSI?', 'AT+CPSI?']);
  });

  it('a modem that answers neither: the refusal is thrown and nothing is remembered', async () => {
    const { responder, engine } = await rig({});
    await expect(new ModemAt(engine).servingCell()).rejects.toMatchObject({ code: 'command-failed' });
    await expect(new ModemAt(engine).servingCell()).rejects.toMatchObject({ code: 'command-failed' });
    expect(asked(responder)).toEqual(['AT+CPSI?', 'AT+CPSI?', 'AT+QENG="servingcell"', 'AT+CPSI?', 'AT+CPSI?', 'AT+QENG="servingcell"']);
  });
});
