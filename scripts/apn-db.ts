// `npm run apn-db`: regenerates resources/apn/apn-db.json (+ ATTRIBUTION.md) from the installed
// GNOME mobile-broadband-provider-info XML (Debian package mobile-broadband-provider-info; public
// domain, CC-PD). Issue 5. Output is deterministic (no timestamps) so a re-run without a new
// package release gives no diff.
//
// Options (defaults on one line each):
//   --source <file>   MBPI XML; default /usr/share/mobile-broadband-provider-info/serviceproviders.xml
//   --out <dir>       output folder; default resources/apn (next to this script's package)
//   --check           do not write; exit 1 when the committed JSON differs from a fresh build
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import type { ApnAuthMethod, ApnDb, ApnPlan, ApnUsage, DbApn, DbCountry, DbProvider } from '../src-main/core/apn/db-types.js';
import { writeFileAtomic } from '../src-main/platform/files/atomic-write.js';

export const DEFAULT_SOURCE = '/usr/share/mobile-broadband-provider-info/serviceproviders.xml';
const PACKAGE = 'mobile-broadband-provider-info';
const USAGES: readonly ApnUsage[] = ['internet', 'mms', 'wap', 'ia', 'mms-internet-hipri', 'mms-internet-hipri-fota'];

// Elements the DTD allows more than once: always arrays, so one and many look the same.
const ARRAY_ELEMENTS = new Set(['country', 'provider', 'name', 'network-id', 'apn', 'plan', 'dns']);

type XmlNode = Record<string, unknown>;

export function parseMbpiXml(xml: string): XmlNode {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    trimValues: true,
    parseTagValue: false, // keep "02" as "02": MNCs and passwords are strings
    parseAttributeValue: false,
    isArray: (tagName) => ARRAY_ELEMENTS.has(tagName),
  });
  return parser.parse(xml) as XmlNode;
}

function arr(v: unknown): XmlNode[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as XmlNode[];
}

/** Text of an element that may be a bare string or { '#text', '@_xml:lang' }. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && '#text' in v) return String((v as XmlNode)['#text']).trim();
  if (v === '' || (v && typeof v === 'object')) return '';
  return undefined;
}

function lang(v: unknown): string | undefined {
  return v && typeof v === 'object' ? ((v as XmlNode)['@_xml:lang'] as string | undefined) : undefined;
}

function attr(node: unknown, name: string): string | undefined {
  return node && typeof node === 'object' ? ((node as XmlNode)[`@_${name}`] as string | undefined) : undefined;
}

/** Splits <name> elements into the display name (no xml:lang) and the rest. */
function names(list: unknown): { main: string | undefined; others: { lang: string | undefined; text: string }[] } {
  const all = arr(list).map((n) => ({ lang: lang(n), text: text(n) ?? '' }));
  const mainIdx = Math.max(
    0,
    all.findIndex((n) => n.lang === undefined),
  );
  const main = all[mainIdx]?.text;
  return { main, others: all.filter((_, i) => i !== mainIdx) };
}

function convertApn(node: XmlNode): DbApn {
  const value = (attr(node, 'value') ?? '').trim();
  const apn: DbApn = { value, ipType: 'IPV4V6' };
  const usage = attr(node['usage'], 'type');
  if (usage !== undefined) {
    if (!USAGES.includes(usage as ApnUsage)) throw new Error(`unknown usage type "${usage}" on APN ${value}`);
    apn.usage = usage as ApnUsage;
  }
  const plans = arr(node['plan']).map((p) => attr(p, 'type') as ApnPlan);
  if (plans.length) apn.plan = plans;
  const n = names(node['name']);
  if (n.main) apn.name = n.main;
  const localized = n.others.filter((o) => o.lang !== undefined && o.text);
  if (localized.length) apn.names = Object.fromEntries(localized.map((o) => [o.lang as string, o.text]));
  const username = text(node['username']);
  if (username !== undefined) apn.username = username;
  const password = text(node['password']);
  if (password !== undefined) apn.password = password;
  const auth = attr(node['authentication'], 'method');
  if (auth !== undefined) apn.auth = auth as ApnAuthMethod;
  const dns = arr(node['dns'])
    .map((d) => text(d) ?? '')
    .filter(Boolean);
  if (dns.length) apn.dns = dns;
  return apn;
}

function convertProvider(node: XmlNode): DbProvider | undefined {
  const gsm = node['gsm'] as XmlNode | undefined;
  if (gsm === undefined) return undefined; // CDMA-only: no use for a GSM/LTE modem
  const n = names(node['name']);
  const provider: DbProvider = { name: n.main ?? '', networkIds: [], apns: [] };
  const aliases = n.others.map((o) => o.text).filter((t) => t && t !== n.main);
  if (aliases.length) provider.aliases = aliases;
  const primary = attr(node, 'primary');
  if (primary !== undefined) provider.primary = primary === 'true';
  const g = typeof gsm === 'object' ? gsm : {};
  provider.networkIds = arr(g['network-id']).map((id) => `${attr(id, 'mcc') ?? ''}-${attr(id, 'mnc') ?? ''}`);
  provider.apns = arr(g['apn']).map(convertApn);
  return provider;
}

export interface SourceInfo {
  file: string;
  packageVersion: string | null;
}

/** Pure: MBPI XML text -> the compact database. */
export function buildApnDb(xml: string, info: SourceInfo): ApnDb {
  const doc = parseMbpiXml(xml);
  const root = doc['serviceproviders'] as XmlNode | undefined;
  if (!root || typeof root !== 'object') throw new Error('not an MBPI file: no <serviceproviders> root');
  const xmlAttributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) if (k.startsWith('@_')) xmlAttributes[k.slice(2)] = String(v);

  const countries: DbCountry[] = arr(root['country']).map((c) => ({
    code: attr(c, 'code') ?? '',
    name: names(c['name']).main ?? '',
    providers: arr(c['provider'])
      .map(convertProvider)
      .filter((p): p is DbProvider => p !== undefined),
  }));

  const providers = countries.flatMap((c) => c.providers);
  const apns = providers.flatMap((p) => p.apns);
  const pairOwners = new Map<string, number>();
  for (const p of providers) for (const id of new Set(p.networkIds)) pairOwners.set(id, (pairOwners.get(id) ?? 0) + 1);
  const version = info.packageVersion;
  const date = version ? /^(\d{4})(\d{2})(\d{2})/.exec(version) : null;

  return {
    schema: 1,
    source: {
      package: PACKAGE,
      packageVersion: version,
      release: date ? `${date[1]}-${date[2]}-${date[3]}` : null,
      file: info.file,
      xmlAttributes,
      sha256: createHash('sha256').update(xml).digest('hex'),
      license: 'Public domain (CC-PD certification in the source file)',
    },
    summary: {
      countries: countries.length,
      providers: providers.length,
      apns: apns.length,
      internetApns: apns.filter((a) => a.usage === 'internet').length,
      networkIds: providers.reduce((n, p) => n + p.networkIds.length, 0),
      mccMncPairs: pairOwners.size,
      sharedMccMncPairs: [...pairOwners.values()].filter((n) => n > 1).length,
    },
    countries,
  };
}

/**
 * Compact but diff-friendly: one provider per line, so a new MBPI release shows up as a
 * readable git diff instead of one 150 kB line.
 */
export function serializeApnDb(db: ApnDb): string {
  const lines: string[] = ['{'];
  lines.push(`"schema":${db.schema},`);
  lines.push(`"source":${JSON.stringify(db.source)},`);
  lines.push(`"summary":${JSON.stringify(db.summary)},`);
  lines.push('"countries":[');
  db.countries.forEach((c, ci) => {
    lines.push(`{"code":${JSON.stringify(c.code)},"name":${JSON.stringify(c.name)},"providers":[`);
    c.providers.forEach((p, pi) => lines.push(JSON.stringify(p) + (pi < c.providers.length - 1 ? ',' : '')));
    lines.push(']}' + (ci < db.countries.length - 1 ? ',' : ''));
  });
  lines.push(']', '}');
  return lines.join('\n') + '\n';
}

export function attributionText(db: ApnDb): string {
  const s = db.summary;
  return `# APN database attribution

\`apn-db.json\` in this folder is generated by \`npm run apn-db\` (scripts/apn-db.ts) from the
GNOME **mobile-broadband-provider-info** database, \`serviceproviders.xml\`
(https://gitlab.gnome.org/GNOME/mobile-broadband-provider-info), as shipped by the Debian package
\`${db.source.package}\` version \`${db.source.packageVersion ?? 'unknown'}\`
(release ${db.source.release ?? 'unknown'}, XML format ${db.source.xmlAttributes['format'] ?? 'unknown'},
sha256 \`${db.source.sha256}\`).

## License

The source file is in the **public domain**: its authors (Antti Kaijanmäki, Dan Williams and the
contributors of the GNOME project) placed it there with the Creative Commons Public Domain
(CC-PD) certification that heads \`serviceproviders.xml\`. No permission is needed to copy, modify
or redistribute it; this note credits the source as a courtesy.

## What simhat changed

- Kept: every country; every provider with a GSM section (CDMA-only providers are dropped), its
  names, \`primary\` flag and network-ids; every APN with usage, plan, name, username, password,
  authentication and dns. Dropped: voicemail, balance, MMSC/MMS proxy and gateway entries.
- Added: \`ipType\` on every APN (MBPI has no IP type; default \`IPV4V6\`).
- APN values are trimmed of surrounding white space. Values that are not valid APNs (3GPP TS 23.003
  §9.1) are kept as MBPI has them; simhat refuses to send them to a modem.

## Counts in this release

| countries | GSM providers | APNs | internet APNs | network-ids | distinct MCC/MNC pairs | pairs shared by several providers |
|---|---|---|---|---|---|---|
| ${s.countries} | ${s.providers} | ${s.apns} | ${s.internetApns} | ${s.networkIds} | ${s.mccMncPairs} | ${s.sharedMccMncPairs} |
`;
}

export async function installedPackageVersion(): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)('dpkg-query', ['-W', '-f=${Version}', PACKAGE], { timeout: 10_000 });
    return stdout.trim() || null;
  } catch {
    return null; // not a Debian system: the version stays unknown, the sha256 still pins the input
  }
}

async function main(argv: string[]): Promise<number> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { values } = parseArgs({
    args: argv,
    options: { source: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } },
  });
  const file = values.source ?? DEFAULT_SOURCE;
  const outDir = values.out ?? join(root, 'resources', 'apn');
  const xml = await readFile(file, 'utf8');
  const db = buildApnDb(xml, { file, packageVersion: await installedPackageVersion() });
  const json = serializeApnDb(db);
  const jsonPath = join(outDir, 'apn-db.json');
  if (values.check) {
    const current = await readFile(jsonPath, 'utf8').catch(() => '');
    if (current !== json) {
      process.stderr.write(`${jsonPath} is out of date with ${file}: run npm run apn-db\n`);
      return 1;
    }
    process.stdout.write(`${jsonPath} is up to date\n`);
    return 0;
  }
  await writeFileAtomic(jsonPath, json);
  await writeFileAtomic(join(outDir, 'ATTRIBUTION.md'), attributionText(db));
  const s = db.summary;
  process.stdout.write(
    `wrote ${jsonPath} (${json.length} bytes) from ${db.source.package} ${db.source.packageVersion ?? '?'}: ` +
      `${s.countries} countries, ${s.providers} GSM providers, ${s.apns} APNs (${s.internetApns} internet), ` +
      `${s.mccMncPairs} MCC/MNC pairs (${s.sharedMccMncPairs} shared)\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`apn-db: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
