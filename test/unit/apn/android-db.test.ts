// The Android APN table (issue 13): resources/apn/apn-android.json must be what the vendored
// apns-conf.xml says. The XML is re-parsed here with a second, independent reader (a regex over
// the one-line <apn .../> elements, not fast-xml-parser), and counts, every kept entry and named
// samples are compared with the generated table.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AndroidApnDb } from '../../../src-main/core/apn/android-types.js';
import { ANDROID_APN_SOURCE, apnDataAttribution } from '../../../src-main/core/apn/attribution.js';
import { resourcePath } from '../../../src-main/platform/files/resource-path.js';
import { buildAndroidApnDb, serializeAndroidApnDb } from '../../../scripts/apn-android.js';

const XML_PATH = resourcePath('apn', 'sources', 'apns-conf.xml');
const xml = readFileSync(XML_PATH, 'utf8');
const table = JSON.parse(readFileSync(resourcePath('apn', 'apn-android.json'), 'utf8')) as AndroidApnDb;

function decode(v: string): string {
  return v
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Second reader: every <apn .../> element's attributes, from the raw text. */
function reparse(text: string): Record<string, string>[] {
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, '');
  return [...withoutComments.matchAll(/<apn\s([^>]*?)\/>/g)].map((m) => Object.fromEntries([...(m[1] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((a) => [a[1] as string, decode(a[2] as string)])));
}

const all = reparse(xml);
const internet = all
  .map((a, index) => ({ a, index }))
  .filter(({ a }) => {
    const types = (a['type'] ?? '').trim();
    const ok = types === '' || types.split(',').some((t) => ['default', '*'].includes(t.trim().toLowerCase()));
    return ok && a['carrier_enabled'] !== 'false';
  });

describe('resources/apn/apn-android.json vs the vendored apns-conf.xml', () => {
  it('is generated from the vendored file (sha256, commit) and is up to date', () => {
    expect(table.source.sha256).toBe(ANDROID_APN_SOURCE.sha256);
    expect(table.source.commit).toBe(ANDROID_APN_SOURCE.commit);
    expect(table.source.license).toBe('Apache-2.0');
    expect(serializeAndroidApnDb(buildAndroidApnDb(xml))).toBe(readFileSync(resourcePath('apn', 'apn-android.json'), 'utf8'));
  });

  it('counts: every <apn> element, the internet-capable ones, MVNO matches by kind', () => {
    expect(all.length).toBe(3793); // shared/data/README.md
    expect(table.summary.entries).toBe(all.length);
    expect(table.summary.internetEntries).toBe(internet.length);
    expect(table.entries.length).toBe(internet.length);
    for (const kind of ['spn', 'imsi', 'gid', 'iccid'] as const) {
      const expected = internet.filter(({ a }) => a['mvno_type'] === kind && a['mvno_match_data']).length;
      expect(table.summary.mvno[kind], kind).toBe(expected);
    }
    expect(table.summary.networks).toBe(new Set(internet.map(({ a }) => `${a['mcc']}-${a['mnc']}`)).size);
  });

  it('every kept entry matches its XML element (network, carrier, APN, type, protocols, auth, credentials, MVNO match)', () => {
    table.entries.forEach((e, i) => {
      const { a, index } = internet[i] as { a: Record<string, string>; index: number };
      expect(e.index).toBe(index);
      expect(e.network).toBe(`${a['mcc']}-${a['mnc']}`);
      expect(e.carrier).toBe((a['carrier'] ?? '').trim());
      expect(e.apn).toBe((a['apn'] ?? '').trim());
      expect(e.types).toBe((a['type'] ?? '').trim() || '*');
      expect(e.protocol).toBe(a['protocol'] || undefined);
      expect(e.roamingProtocol).toBe(a['roaming_protocol'] || undefined);
      expect(e.authType).toBe(a['authtype'] ? Number(a['authtype']) : undefined);
      expect(e.user).toBe(a['user'] || undefined);
      expect(e.password).toBe(a['password'] || undefined);
      expect(e.mvno).toEqual(a['mvno_type'] ? { type: a['mvno_type'], data: a['mvno_match_data'] } : undefined);
    });
  });

  it('samples on 310-260 (T-Mobile US and the MVNOs on its network)', () => {
    const on = table.entries.filter((e) => e.network === '310-260');
    expect(on.find((e) => e.carrier === 'T-Mobile US')).toMatchObject({ apn: 'fast.t-mobile.com', protocol: 'IPV6', types: 'default,supl,ia,mms,xcap' });
    expect(on.find((e) => e.carrier === 'T-Mobile US')?.mvno).toBeUndefined();
    expect(on.find((e) => e.carrier === 'MetroPCS 260')).toMatchObject({ apn: 'fast.metropcs.com', mvno: { type: 'gid', data: '6D' }, protocol: 'IPV6', roamingProtocol: 'IP' });
    expect(on.find((e) => e.carrier === 'Ultra')).toMatchObject({ apn: 'Wholesale', mvno: { type: 'gid', data: '6132' } });
    expect(on.find((e) => e.carrier === 'US Mobile')).toMatchObject({ apn: 'PWG', protocol: 'IPV4V6' });
    // No type attribute: Android serves every type with it.
    expect(on.find((e) => e.carrier === 'Project Fi - T')).toMatchObject({ apn: 'h2g2', types: '*', mvno: { type: 'imsi', data: '31026097' }, user: 'none', password: 'none' });
    // ims / mms-only entries are not internet.
    expect(on.some((e) => e.apn === 'ims' || e.carrier === 'T-Mobile MMS')).toBe(false);
  });

  it('samples with SPN matches and credentials (France, 208-01 and 208-10)', () => {
    expect(table.entries.find((e) => e.carrier === 'Virgin' && e.network === '208-01')).toMatchObject({ apn: 'ofnew.fr', user: 'orange', password: 'orange', authType: 1, mvno: { type: 'spn', data: 'Virgin' } });
    expect(table.entries.find((e) => e.carrier === 'Internet Joe' && e.mvno)).toMatchObject({ network: '208-10', apn: 'sl2sfr', mvno: { type: 'spn', data: 'Joe' } });
    // The type="supl" ACCESS DATA entry is not internet; its type="default,supl" twin is.
    expect(table.entries.filter((e) => e.carrier === 'ACCESS DATA' && e.network === '208-10').map((e) => e.mvno)).toEqual([undefined]);
  });

  it('decodes numeric character references in carrier names', () => {
    expect(table.entries.find((e) => e.carrier === 'Nextel Navegación')).toMatchObject({ network: '334-090', apn: 'wap.nexteldata.com.mx' });
  });
});

describe('buildAndroidApnDb rules', () => {
  const one = (attrs: string) => buildAndroidApnDb(`<?xml version="1.0"?>\n<apns version="8">\n  <apn carrier="X" mcc="001" mnc="01" apn="a" ${attrs} />\n</apns>\n`);

  it('a plain spn="..." attribute is an SPN match', () => {
    const db = one('type="default" spn="Foo Mobile"');
    expect(db.entries[0]?.mvno).toEqual({ type: 'spn', data: 'Foo Mobile' });
    expect(db.summary.plainSpn).toBe(1);
  });

  it('iccid matches, absent type (= every type) and type "*" are kept; mms-only and carrier_enabled="false" are not', () => {
    expect(one('mvno_type="iccid" mvno_match_data="8901260,8901261"').entries[0]).toMatchObject({ types: '*', mvno: { type: 'iccid', data: '8901260,8901261' } });
    expect(one('type="*"').entries).toHaveLength(1);
    expect(one('type="mms"').entries).toHaveLength(0);
    const disabled = one('type="default" carrier_enabled="false"');
    expect(disabled.entries).toHaveLength(0);
    expect(disabled.summary.disabled).toBe(1);
  });

  it('refuses unknown protocols, auth types and MVNO kinds rather than guessing', () => {
    expect(() => one('type="default" protocol="PPP"')).toThrow(/protocol/);
    expect(() => one('type="default" authtype="7"')).toThrow(/authtype/);
    expect(() => one('type="default" mvno_type="pnn" mvno_match_data="x"')).toThrow(/mvno_type/);
    expect(() => buildAndroidApnDb('<other/>')).toThrow(/no <apns> root/);
  });
});

describe('attribution', () => {
  it('the NOTICE beside the vendored XML and the About text name the same source and license', () => {
    const notice = readFileSync(resourcePath('apn', 'sources', 'NOTICE'), 'utf8');
    expect(notice).toContain(ANDROID_APN_SOURCE.commit);
    expect(notice).toContain(ANDROID_APN_SOURCE.sha256);
    for (const c of ANDROID_APN_SOURCE.copyright) expect(notice).toContain(c);
    expect(readFileSync(resourcePath('apn', 'sources', 'LICENSE-Apache-2.0.txt'), 'utf8')).toContain('Apache License');
    const about = apnDataAttribution({ packageVersion: '20230416-1', release: '2023-04-16' });
    expect(about).toContain('Apache License 2.0');
    expect(about).toContain(ANDROID_APN_SOURCE.commit);
    expect(about).toContain('Copyright 2016-2024 The LineageOS Project');
    expect(about).toContain('20230416-1');
    const generated = readFileSync(resourcePath('apn', 'ANDROID-APN-NOTICE.md'), 'utf8');
    expect(generated).toContain(ANDROID_APN_SOURCE.commit);
    expect(generated).toContain(`| ${table.summary.entries} | ${table.summary.internetEntries} |`);
  });
});
