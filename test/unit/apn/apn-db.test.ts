// The committed APN database against the MBPI XML it came from (issue 5): the installed Debian
// file is parsed again here, with its own traversal, and the counts must match.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildApnDb, DEFAULT_SOURCE, serializeApnDb } from '../../../scripts/apn-db.js';
import type { ApnDb } from '../../../src-main/core/apn/db-types.js';
import { apnDbPath } from '../../../src-main/service/apn-db.js';

const xml = readFileSync(DEFAULT_SOURCE, 'utf8');
const committedText = readFileSync(apnDbPath(), 'utf8');
const db = JSON.parse(committedText) as ApnDb;

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);

// An independent count straight from the XML: every element as an array, attributes prefixed.
const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute }).parse(xml) as Node;
const root = list(parsed['serviceproviders'])[0] as Node;
const countries = list(root['country']);
const gsmProviders = countries.flatMap((c) => list(c['provider'])).filter((p) => p['gsm'] !== undefined);
const gsm = (p: Node) => list(p['gsm'])[0] ?? {};
const apns = gsmProviders.flatMap((p) => list(gsm(p)['apn']));
const internetApns = apns.filter((a) => list(a['usage']).some((u) => u['@type'] === 'internet'));
const networkIds = gsmProviders.flatMap((p) => list(gsm(p)['network-id']).map((n) => `${String(n['@mcc'])}-${String(n['@mnc'])}`));

describe('resources/apn/apn-db.json vs the installed serviceproviders.xml', () => {
  it('was generated from this very file and package version', () => {
    expect(db.source.sha256).toBe(createHash('sha256').update(xml).digest('hex'));
    const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'mobile-broadband-provider-info'], { encoding: 'utf8' }).trim();
    expect(db.source.packageVersion).toBe(version);
    expect(db.source.xmlAttributes['format']).toBe(String(root['@format']));
  });

  it('has the XML counts of countries, GSM providers, APNs, internet APNs and distinct MCC/MNC pairs', () => {
    const jsonProviders = db.countries.flatMap((c) => c.providers);
    const jsonApns = jsonProviders.flatMap((p) => p.apns);
    const jsonPairs = new Set(jsonProviders.flatMap((p) => p.networkIds));
    expect(db.countries.length).toBe(countries.length);
    expect(jsonProviders.length).toBe(gsmProviders.length);
    expect(jsonApns.length).toBe(apns.length);
    expect(jsonApns.filter((a) => a.usage === 'internet').length).toBe(internetApns.length);
    expect(jsonPairs.size).toBe(new Set(networkIds).size);
    expect(jsonProviders.reduce((n, p) => n + p.networkIds.length, 0)).toBe(networkIds.length);
    // The summary in the file says the same.
    expect(db.summary).toMatchObject({
      countries: countries.length,
      providers: gsmProviders.length,
      apns: apns.length,
      internetApns: internetApns.length,
      mccMncPairs: new Set(networkIds).size,
    });
  });

  it('keeps every provider with its network-ids and every APN value, in order', () => {
    const jsonProviders = db.countries.flatMap((c) => c.providers);
    gsmProviders.forEach((p, i) => {
      const j = jsonProviders[i]!;
      expect(j.networkIds).toEqual(list(gsm(p)['network-id']).map((n) => `${String(n['@mcc'])}-${String(n['@mnc'])}`));
      expect(j.apns.map((a) => a.value)).toEqual(list(gsm(p)['apn']).map((a) => String(a['@value']).trim()));
    });
  });

  it('keeps usage, plan, username, password, authentication and dns; every APN gets ipType IPV4V6', () => {
    const all = db.countries.flatMap((c) => c.providers).flatMap((p) => p.apns);
    expect(all.every((a) => a.ipType === 'IPV4V6')).toBe(true);
    const text = (v: unknown) => {
      const n = list(v)[0] as unknown;
      if (n === undefined) return undefined;
      return typeof n === 'string' ? n.trim() : String((n as Node)['#text'] ?? '').trim();
    };
    apns.forEach((x, i) => {
      const a = all[i]!;
      expect(a.usage).toBe(list(x['usage'])[0]?.['@type']);
      expect(a.plan ?? []).toEqual(list(x['plan']).map((p) => p['@type']));
      expect(a.username).toBe(text(x['username']));
      expect(a.password).toBe(text(x['password']));
      expect(a.auth).toBe(list(x['authentication'])[0]?.['@method']);
      expect(a.dns ?? []).toEqual(list(x['dns']).map((d) => text([d])));
    });
    // Spot checks against well-known entries (serviceproviders.xml 20230416).
    const freedom = db.countries.find((c) => c.code === 'ca')!.providers.find((p) => p.name === 'Freedom Mobile')!;
    expect(freedom.networkIds).toEqual(['302-490']);
    expect(freedom.apns[0]).toMatchObject({ value: 'internet.freedommobile.ca', usage: 'internet' });
  });

  it('is exactly what the generator produces today (regenerate with npm run apn-db)', () => {
    const fresh = serializeApnDb(buildApnDb(xml, { file: DEFAULT_SOURCE, packageVersion: db.source.packageVersion }));
    expect(fresh).toBe(committedText);
  });

  it('ships an attribution naming the public-domain source and this release', () => {
    const attribution = readFileSync(apnDbPath().replace(/apn-db\.json$/, 'ATTRIBUTION.md'), 'utf8');
    expect(attribution).toMatch(/public domain/i);
    expect(attribution).toContain('mobile-broadband-provider-info');
    expect(attribution).toContain(db.source.packageVersion!);
    expect(attribution).toContain(String(db.summary.internetApns));
  });
});
