// `npm run apn-db:android`: regenerates resources/apn/apn-android.json (+ ANDROID-APN-NOTICE.md) from
// Android's carrier APN list, vendored at resources/apn/sources/apns-conf.xml (LineageOS,
// Apache-2.0; issue 13). Only internet-capable entries are kept. Output is deterministic, so a
// re-run on the same XML gives no diff; CI runs `--check` on a clean clone (no path outside the repo).
//
// Options (defaults on one line each):
//   --source <file>   apns-conf.xml; default resources/apn/sources/apns-conf.xml
//   --out <dir>       output folder; default resources/apn
//   --check           do not write; exit 1 when the committed JSON differs from a fresh build
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import type { AndroidApn, AndroidApnDb, AndroidProtocol, MvnoType } from '../src-main/core/apn/android-types.js';
import { MVNO_TYPES } from '../src-main/core/apn/android-types.js';
import { ANDROID_APN_SOURCE } from '../src-main/core/apn/attribution.js';
import { writeFileAtomic } from '../src-main/platform/files/atomic-write.js';

const PROTOCOLS: readonly AndroidProtocol[] = ['IP', 'IPV6', 'IPV4V6'];

type Attrs = Record<string, string>;

/** Every <apn> element's attributes, in file order (fast-xml-parser; numeric character references decoded). */
export function parseApnsConf(xml: string): { version: string | null; apns: Attrs[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false, // keep "01" as "01": MNCs are strings
    htmlEntities: true, // the file uses &#243; style references in carrier names
    // The element <apn> also has an attribute apn="...": only the element is a list.
    isArray: (name, _path, _leaf, isAttribute) => name === 'apn' && !isAttribute,
  });
  const doc = parser.parse(xml) as { apns?: { version?: string; apn?: Attrs[] } };
  if (!doc.apns || typeof doc.apns !== 'object') throw new Error('not an apns-conf.xml file: no <apns> root');
  return { version: doc.apns.version ?? null, apns: doc.apns.apn ?? [] };
}

/** Android: an APN without `type` serves every type (ApnSetting: empty types = TYPE_ALL). */
export function typesOf(a: Attrs): string {
  const t = (a['type'] ?? '').trim();
  return t === '' ? '*' : t;
}

/** Carries internet data: its type list includes `default` or `*` (issue 13). */
export function isInternet(types: string): boolean {
  return types.split(',').some((t) => ['default', '*'].includes(t.trim().toLowerCase()));
}

function protocol(v: string | undefined, field: string, carrier: string): AndroidProtocol | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const p = v.trim().toUpperCase() as AndroidProtocol;
  if (!PROTOCOLS.includes(p)) throw new Error(`unknown ${field} "${v}" on "${carrier}"`);
  return p;
}

function convert(a: Attrs, index: number): AndroidApn {
  const carrier = (a['carrier'] ?? '').trim();
  const mcc = (a['mcc'] ?? '').trim();
  const mnc = (a['mnc'] ?? '').trim();
  if (!/^\d{3}$/.test(mcc) || !/^\d{2,3}$/.test(mnc)) throw new Error(`bad mcc/mnc "${mcc}"/"${mnc}" on "${carrier}"`);
  const entry: Omit<AndroidApn, 'index'> = { network: `${mcc}-${mnc}`, carrier, apn: (a['apn'] ?? '').trim(), types: typesOf(a) };
  const p = protocol(a['protocol'], 'protocol', carrier);
  if (p) entry.protocol = p;
  const rp = protocol(a['roaming_protocol'], 'roaming_protocol', carrier);
  if (rp) entry.roamingProtocol = rp;
  const auth = a['authtype']?.trim();
  if (auth !== undefined && auth !== '' && auth !== '-1') {
    if (!/^[0-3]$/.test(auth)) throw new Error(`unknown authtype "${auth}" on "${carrier}"`);
    entry.authType = Number(auth) as 0 | 1 | 2 | 3;
  }
  if (a['user']) entry.user = a['user'];
  if (a['password']) entry.password = a['password'];
  const type = a['mvno_type']?.trim().toLowerCase();
  const data = a['mvno_match_data']?.trim();
  if (type && data) {
    if (!MVNO_TYPES.includes(type as MvnoType)) throw new Error(`unknown mvno_type "${type}" on "${carrier}"`);
    entry.mvno = { type: type as MvnoType, data };
  } else if (a['spn']?.trim()) {
    // Older files match MVNOs with a plain spn="..." attribute: the same rule as mvno_type="spn".
    entry.mvno = { type: 'spn', data: (a['spn'] as string).trim() };
  }
  if (a['carrier_id'] && /^\d+$/.test(a['carrier_id'])) entry.carrierId = Number(a['carrier_id']);
  return { ...entry, index };
}

/** Pure: apns-conf.xml text -> the internet-capable table. */
export function buildAndroidApnDb(xml: string): AndroidApnDb {
  const { version, apns } = parseApnsConf(xml);
  const entries: AndroidApn[] = [];
  let disabled = 0;
  apns.forEach((a, index) => {
    if (!isInternet(typesOf(a))) return;
    // carrier_enabled="false": Android never brings such an APN up.
    if ((a['carrier_enabled'] ?? '').trim().toLowerCase() === 'false') {
      disabled++;
      return;
    }
    entries.push(convert(a, index));
  });
  const mvno = Object.fromEntries(MVNO_TYPES.map((t) => [t, entries.filter((e) => e.mvno?.type === t).length])) as Record<MvnoType, number>;
  const plainSpn = apns.filter((a, i) => a['spn']?.trim() && !(a['mvno_type'] && a['mvno_match_data']) && entries.some((e) => e.index === i)).length;
  return {
    schema: 1,
    source: {
      project: ANDROID_APN_SOURCE.project,
      repository: ANDROID_APN_SOURCE.repository,
      path: ANDROID_APN_SOURCE.path,
      commit: ANDROID_APN_SOURCE.commit,
      date: ANDROID_APN_SOURCE.date,
      license: ANDROID_APN_SOURCE.license,
      copyright: [...ANDROID_APN_SOURCE.copyright],
      sha256: createHash('sha256').update(xml).digest('hex'),
      formatVersion: version,
    },
    summary: {
      entries: apns.length,
      internetEntries: entries.length,
      mvno,
      plainSpn,
      disabled,
      networks: new Set(entries.map((e) => e.network)).size,
    },
    entries,
  };
}

/** One entry per line: a new LineageOS release shows up as a readable git diff. */
export function serializeAndroidApnDb(db: AndroidApnDb): string {
  const lines = ['{', `"schema":${db.schema},`, `"source":${JSON.stringify(db.source)},`, `"summary":${JSON.stringify(db.summary)},`, '"entries":['];
  db.entries.forEach((e, i) => lines.push(JSON.stringify(e) + (i < db.entries.length - 1 ? ',' : '')));
  lines.push(']', '}');
  return lines.join('\n') + '\n';
}

export function noticeText(db: AndroidApnDb): string {
  const s = db.summary;
  return `# Android carrier APN list: attribution and license

\`apn-android.json\` in this folder is generated by \`npm run apn-db:android\` (scripts/apn-android.ts)
from Android's carrier APN list \`apns-conf.xml\` as maintained by the ${db.source.project} project:
${db.source.repository}, file \`${db.source.path}\`, commit \`${db.source.commit}\` (${db.source.date}),
sha256 \`${db.source.sha256}\`. A copy of that file is in \`sources/\` with its NOTICE.

## License

${db.source.copyright.join('  \n')}

Licensed under the Apache License, Version 2.0 (\`sources/LICENSE-Apache-2.0.txt\`,
http://www.apache.org/licenses/LICENSE-2.0). Distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR
CONDITIONS OF ANY KIND, either express or implied.

## What simhat changed

- Kept only entries that can carry internet data: \`type\` includes \`default\` or is \`*\`, or is absent
  (Android treats a missing type as every type); entries with \`carrier_enabled="false"\` are dropped.
- Kept fields: mcc-mnc, carrier, apn, type, protocol, roaming_protocol, authtype, user, password,
  mvno_type + mvno_match_data (a plain \`spn\` attribute becomes an spn match), carrier_id, and the
  entry's position in the XML. Dropped: proxies, MMS settings, bearer masks, MTU and the rest.
- Values are trimmed of surrounding white space; nothing else is rewritten. simhat refuses to send
  values that are not valid APNs (3GPP TS 23.003 §9.1) to a modem.

## Counts in this version

| \`<apn>\` entries | internet entries | spn | gid | imsi | iccid | plain spn | disabled | MCC-MNC pairs |
|---|---|---|---|---|---|---|---|---|
| ${s.entries} | ${s.internetEntries} | ${s.mvno.spn} | ${s.mvno.gid} | ${s.mvno.imsi} | ${s.mvno.iccid} | ${s.plainSpn} | ${s.disabled} | ${s.networks} |
`;
}

async function main(argv: string[]): Promise<number> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { values } = parseArgs({ args: argv, options: { source: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } } });
  const file = values.source ?? join(root, 'resources', 'apn', 'sources', 'apns-conf.xml');
  const outDir = values.out ?? join(root, 'resources', 'apn');
  const xml = await readFile(file, 'utf8');
  const db = buildAndroidApnDb(xml);
  if (values.source === undefined && db.source.sha256 !== ANDROID_APN_SOURCE.sha256) {
    process.stderr.write(`${file} is not the vendored version (sha256 ${db.source.sha256}): update ANDROID_APN_SOURCE in src-main/core/apn/attribution.ts and sources/NOTICE\n`);
    return 1;
  }
  const json = serializeAndroidApnDb(db);
  const jsonPath = join(outDir, 'apn-android.json');
  if (values.check) {
    const current = await readFile(jsonPath, 'utf8').catch(() => '');
    if (current !== json) {
      process.stderr.write(`${jsonPath} is out of date with ${file}: run npm run apn-db:android\n`);
      return 1;
    }
    process.stdout.write(`${jsonPath} is up to date\n`);
    return 0;
  }
  await writeFileAtomic(jsonPath, json);
  await writeFileAtomic(join(outDir, 'ANDROID-APN-NOTICE.md'), noticeText(db));
  const s = db.summary;
  process.stdout.write(
    `wrote ${jsonPath} (${json.length} bytes): ${s.internetEntries} internet entries of ${s.entries} ` +
      `(${s.mvno.gid} gid, ${s.mvno.spn} spn, ${s.mvno.imsi} imsi, ${s.mvno.iccid} iccid MVNO matches) on ${s.networks} networks\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`apn-android: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
