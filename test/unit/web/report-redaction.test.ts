// Issue 15 (Low, Redaction): credentials are found by parsing the AT parameter list (quoted fields
// whole), not by splitting on commas; host MAC addresses are masked. Each row names its source.
import { describe, expect, it } from 'vitest';
import { atFields, redactText, removePasswords, REMOVED } from '../../../src-main/core/doctor/redact.js';

const R = `"${REMOVED}"`;

describe('AT credential fields, commas inside quotes', () => {
  it.each<[string, string, string, string[]]>([
    // The attack: a user name with a comma used to shift the fields, the whole password stayed.
    ['twin read form, user with a comma (firmware.ts +CGAUTH, sim7600.md §2)', '+CGAUTH: 1,1,"us,er","pw,with,comma"', `+CGAUTH: 1,1,"us,er",${R}`, ['pw', 'with', 'comma']],
    ['twin read form, password with commas', '+CGAUTH: 1,2,"alice","pw,with,comma"', `+CGAUTH: 1,2,"alice",${R}`, ['with', 'comma']],
    ['SIMCom write form: password before user (sim7600.md §2)', 'AT+CGAUTH=1,1,"pw,with,comma","us,er"', `AT+CGAUTH=1,1,${R},"us,er"`, ['pw', 'with,comma']],
    ['read form without quotes (other firmware)', '+CGAUTH: 1,2,alice,hunter2', `+CGAUTH: 1,2,alice,${R}`, ['hunter2']],
    ['Quectel write: user before password (core/apn/quectel.ts)', 'AT+QICSGP=1,1,"internet","us,er","pw,with,comma",1', `AT+QICSGP=1,1,"internet","us,er",${R},1`, ['pw,with', 'comma']],
    ['Quectel read form has no context id (EC25 manual, parseQicsgpRead)', '+QICSGP: 1,"internet","us,er","pw,with,comma",1', `+QICSGP: 1,"internet","us,er",${R},1`, ['pw,with', 'comma']],
    ['console log line (service atSend log)', 'AT+CGAUTH=1,1,"pw,x","u" → OK', `AT+CGAUTH=1,1,${R},"u" → OK`, ['pw,x']],
    ['a cut-off answer: unterminated quote runs to the end of the line', '+CGAUTH: 1,1,"us,er","pw,with', `+CGAUTH: 1,1,"us,er",${R}`, ['pw,with']],
    ['three contexts in one answer (AT+CGAUTH? on the twin)', '+CGAUTH: 1,1,"us,er","pw,with,comma"\r\n+CGAUTH: 2,0,"",""\r\nOK', `+CGAUTH: 1,1,"us,er",${R}\r\n+CGAUTH: 2,0,"",${R}\r\nOK`, ['pw,with']],
    ['no auth set: nothing to remove', 'AT+CGAUTH=1,0', 'AT+CGAUTH=1,0', []],
  ])('%s', (_name, input, expected, gone) => {
    const out = removePasswords(input);
    expect(out).toBe(expected);
    for (const g of gone) expect(out).not.toContain(g);
    expect(redactText(input)).toBe(expected);
  });

  it('key=value passwords are removed whole, commas and quotes included', () => {
    expect(redactText('password=pw,with,comma user=u')).toBe(`password=${REMOVED} user=u`);
    expect(redactText('psk="my secret phrase"\nssid="home"')).toBe(`psk=${REMOVED}\nssid="home"`);
    expect(redactText("secret: 'a b'")).toBe(`secret: ${REMOVED}`);
  });

  it('atFields keeps quoted fields whole', () => {
    expect(atFields('+CGAUTH: 1,1,"us,er","pw,with,comma"', 9).map((f) => f.value)).toEqual(['1', '1', 'us,er', 'pw,with,comma']);
    expect(atFields('1,,"",x y', 0).map((f) => f.value)).toEqual(['1', '', '', 'x']);
  });
});

describe('host MAC addresses', () => {
  it.each<[string, string, string, string[]]>([
    ['ip address (iproute2), Pi eth0', '    link/ether b8:27:eb:12:34:56 brd ff:ff:ff:ff:ff:ff', '    link/ether b8:27:eb:**:**:** brd ff:ff:ff:ff:ff:ff', ['12:34:56']],
    ['rndis_host register line (transcripts T-31)', "rndis_host 1-2:1.0 usb0: register 'rndis_host' at usb-0000:04:00.3-2, RNDIS device, 2a:85:da:41:eb:f9", "rndis_host 1-2:1.0 usb0: register 'rndis_host' at usb-0000:04:00.3-2, RNDIS device, 2a:85:da:**:**:**", ['41:eb:f9']],
    ['MAC-based interface name (transcripts T-31)', 'rndis_host 1-2:1.0 enx2a85da41ebf9: renamed from usb0', 'rndis_host 1-2:1.0 enx2a85da******: renamed from usb0', ['41ebf9']],
    ['EUI-64 link-local address (ip address)', '    inet6 fe80::ba27:ebff:fe12:3456/64 scope link', '    inet6 fe80::ba27:ebff:fe**:****/64 scope link', ['fe12:3456']],
    ['upper case with dashes (Windows ipconfig)', 'Physical Address. . . : B8-27-EB-12-34-56', 'Physical Address. . . : B8-27-EB-**-**-**', ['12-34-56']],
  ])('%s', (_name, input, expected, gone) => {
    const out = redactText(input);
    expect(out).toBe(expected);
    for (const g of gone) expect(out).not.toContain(g);
  });

  it('leaves what is no MAC alone: USB IDs, times, IPv6 addresses, all-zero and broadcast', () => {
    const text = '1e0e:9011\n12:34:56\ninet6 2001:db8::1/64\ninet6 fe80::1/64\nlink/none 00:00:00:00:00:00 brd ff:ff:ff:ff:ff:ff\n[   13.058396] usb 1-1.3: new high-speed USB device number 3';
    expect(redactText(text)).toBe(text);
  });
});
