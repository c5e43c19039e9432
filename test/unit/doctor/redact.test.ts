// Report redaction (issue 6): no IMEI/IMSI/ICCID/phone number survives beyond its last 4 digits,
// no password survives at all.
import { describe, expect, it } from 'vitest';
import { maskKeepLast4, redactText, redactValue, REMOVED } from '../../../src-main/core/doctor/redact.js';

const IMEI = '861234567890123';
const IMSI = '302490123456789';
const ICCID = '8930249020123456789F';

describe('redaction', () => {
  it.each([
    ['ATI answer (T-13 layout)', `Manufacturer: SIMCOM INCORPORATED\nModel: SIMCOM_SIM7600G-H\nIMEI: ${IMEI}\n+GCAP: +CGSM`, [IMEI], ['***********0123']],
    ['AT+CGSN bare IMEI', `${IMEI}\nOK`, [IMEI], ['***********0123\nOK']],
    ['AT+CIMI bare IMSI', `${IMSI}\nOK`, [IMSI], ['***********6789']],
    ['AT+CICCID with hex pad', `+ICCID: ${ICCID}`, [ICCID], ['+ICCID: ****************789F']],
    ['ICCID without pad, 19 digits', '+ICCID: 8901260123456789012', ['8901260123456789012'], ['***************9012']],
    ['international phone number', 'call +15551234567 now', ['15551234567'], ['+*******4567']],
    ['+CNUM number field', '+CNUM: "","5551234567",129', ['5551234567'], ['******4567']],
    ['SIMCom CGAUTH write: password before user', 'AT+CGAUTH=1,1,"s3cr3t-pw","alice"', ['s3cr3t-pw'], [`AT+CGAUTH=1,1,"${REMOVED}","alice"`]],
    ['CGAUTH read form: password last', '+CGAUTH: 1,2,"alice","hunter2"', ['hunter2'], [`+CGAUTH: 1,2,"alice","${REMOVED}"`]],
    ['Quectel QICSGP: user first', 'AT+QICSGP=1,1,"internet","bob","pw123",1', ['pw123'], [`"bob","${REMOVED}",1`]],
    ['JSON password key', '{"apn":"x","password":"topsecret","user":"u"}', ['topsecret'], [`"password":"${REMOVED}"`]],
    ['config line', 'password=letmein\nuser=u', ['letmein'], [`password=${REMOVED}`]],
  ])('%s', (_name, input, mustNotContain, mustContain) => {
    const out = redactText(input);
    for (const s of mustNotContain) expect(out).not.toContain(s);
    for (const s of mustContain) expect(out).toContain(s);
  });

  it('leaves what is not secret alone: IPs, 13-digit ms timestamps, PIDs, APNs, dmesg', () => {
    const text = 'inet 192.168.225.44/24\nat 1764361200000\n1e0e:9011\n+CGDCONT: 1,"IP","internet.freedommobile.ca","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0\n[   13.058396] usb 1-1.3: new high-speed USB device number 3';
    expect(redactText(text)).toBe(text);
  });

  it('known values are masked even where no pattern would catch them', () => {
    const out = redactText('imsi=302-490-123456789 pw=abc', { identifiers: ['302-490-123456789'], passwords: ['abc'] });
    expect(out).not.toContain('123456789');
    expect(out).not.toContain('abc');
    expect(out).toContain('6789');
  });

  it('redacts every string in a JSON document and empties password keys', () => {
    const doc = { modem: { imei: IMEI, iccid: ICCID }, checks: [{ evidence: [{ command: 'AT+CIMI', output: `${IMSI}\nOK` }] }], apn: { username: 'u', password: 'p@ss' } };
    const out = JSON.stringify(redactValue(doc));
    for (const secret of [IMEI, IMSI, ICCID, 'p@ss']) expect(out).not.toContain(secret);
    expect(out).toContain(maskKeepLast4(IMEI));
  });
});
