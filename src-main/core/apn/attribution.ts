// Where simhat's APN data comes from and under which terms (issue 13: "keep the license and
// attribution with the generated file and in the About text"). Pure constants: the About screen
// shows apnDataAttribution(); the generator (scripts/apn-android.ts) writes the same facts beside
// the table, and a test checks both against resources/apn/sources/NOTICE.

export interface DataAttribution {
  /** Short name for a list ("Android carrier APN list"). */
  name: string;
  /** What simhat uses it for. */
  use: string;
  copyright: string[];
  license: string;
  licenseUrl: string;
  source: string;
  /** The exact version shipped (commit, package version). */
  version: string;
}

/** LineageOS android_vendor_lineage prebuilt/common/etc/apns-conf.xml, vendored in resources/apn/sources/. */
export const ANDROID_APN_SOURCE = {
  project: 'LineageOS',
  repository: 'https://github.com/LineageOS/android_vendor_lineage',
  path: 'prebuilt/common/etc/apns-conf.xml',
  commit: '08343528558d0bdf4f9e4075363738bea783c1f8',
  date: '2024-10-18',
  license: 'Apache-2.0',
  copyright: ['Copyright 2006, Google Inc.', 'Copyright 2016-2024 The LineageOS Project'],
  sha256: 'fd8e098fb46e749462d4d8c5aee494485b8f7d6a95a646d3b9b4a5886bfaf0c8',
} as const;

/** The attributions; the MBPI version comes from the loaded database (ApnDb.source), when given. */
export function apnDataAttributions(mbpi?: { packageVersion: string | null; release: string | null }): DataAttribution[] {
  return [
    {
      name: 'Android carrier APN list (apns-conf.xml)',
      use: 'APNs with IP type, authentication and MVNO matching (SPN, GID1, IMSI prefix, ICCID prefix)',
      copyright: [...ANDROID_APN_SOURCE.copyright],
      license: 'Apache License 2.0',
      licenseUrl: 'http://www.apache.org/licenses/LICENSE-2.0',
      source: `${ANDROID_APN_SOURCE.repository} (${ANDROID_APN_SOURCE.path})`,
      version: `commit ${ANDROID_APN_SOURCE.commit} (${ANDROID_APN_SOURCE.date})`,
    },
    {
      name: 'GNOME mobile-broadband-provider-info (serviceproviders.xml)',
      use: 'Providers and their APNs by country and MCC/MNC',
      copyright: ['Antti Kaijanmäki, Dan Williams and the GNOME contributors'],
      license: 'Public domain (Creative Commons Public Domain certification)',
      licenseUrl: 'https://creativecommons.org/licenses/publicdomain/',
      source: 'https://gitlab.gnome.org/GNOME/mobile-broadband-provider-info (Debian package mobile-broadband-provider-info)',
      version: mbpi ? `Debian package version ${mbpi.packageVersion ?? 'unknown'} (release ${mbpi.release ?? 'unknown'})` : 'the version shipped in resources/apn/apn-db.json',
    },
  ];
}

/** The About text for the APN data, as plain lines (one block per source). */
export function apnDataAttribution(mbpi?: { packageVersion: string | null; release: string | null }): string {
  return apnDataAttributions(mbpi).map((a) =>
    [`${a.name}: ${a.use}.`, ...a.copyright.map((c) => `  ${c}`), `  License: ${a.license} (${a.licenseUrl})`, `  Source: ${a.source}, ${a.version}`].join('\n'),
  ).join('\n\n');
}
