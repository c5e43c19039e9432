// docs/doctor-json.md follows the registries (issue 10, item 4): every check id and fix id is
// documented, no documented id is missing from the registries, and the checks table says what each
// check requires, gathers and may fix exactly as the registry entry does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS, CHECK_IDS } from '../../../src-main/core/doctor/checks/registry.js';
import type { CheckEntry } from '../../../src-main/core/doctor/checks/entry.js';
import { FIX_IDS } from '../../../src-main/core/doctor/fix-registry.js';

const DOC = readFileSync(new URL('../../../docs/doctor-json.md', import.meta.url), 'utf8');

/** The rows of the markdown table whose header starts with `firstHeader`, as cell arrays. */
function table(markdown: string, firstHeader: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${firstHeader} |`));
  if (start < 0) throw new Error(`no table starting with "${firstHeader}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

/** The backticked tokens of a cell (`–` = none). */
function ticks(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** What a registry entry gathers, in the doc's tokens. */
function gatherTokens(c: CheckEntry): string[] {
  return [...(c.gathers.at ?? []), ...(c.gathers.host ?? []).map((h) => `host:${h}`), ...(c.gathers.vendorModeQuery ? ['vendor:usb-mode'] : [])].sort();
}

describe('docs/doctor-json.md follows the check registry', () => {
  const rows = table(DOC, 'id');

  it('documents every check id, in registry order, and no id the registry lacks', () => {
    expect(rows.map((r) => ticks(r[0]!)[0])).toEqual([...CHECK_IDS]);
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))('%s: requires, gathers and fix ids as registered', (id, c) => {
    const row = rows.find((r) => ticks(r[0]!)[0] === id)!;
    const [, passesWhen, requires, gathers, fixes] = row;
    expect(passesWhen).toMatch(/\w/); // says when it passes
    expect(ticks(requires!)).toEqual([...c.requires]);
    expect(ticks(gathers!).sort()).toEqual(gatherTokens(c));
    expect(ticks(fixes!).sort()).toEqual([...c.fixes].sort());
  });

  it('the parser sees a mismatch: a table with an id missing or added fails', () => {
    const missing = DOC.replace(/^\| `host\.dns` \|.*\n/m, '');
    expect(table(missing, 'id').map((r) => ticks(r[0]!)[0])).not.toEqual([...CHECK_IDS]);
    const added = DOC.replace(/^(\| `host\.dns` \|.*\n)/m, '$1| `host.extra` | x | – | – | – |\n');
    expect(table(added, 'id').map((r) => ticks(r[0]!)[0])).not.toEqual([...CHECK_IDS]);
  });
});

describe('docs/doctor-json.md follows the fix registry', () => {
  it('documents every fix id in apply order, and no id the registry lacks', () => {
    const rows = table(DOC, 'order');
    expect(rows.map((r) => ticks(r[1]!)[0])).toEqual([...FIX_IDS]);
    expect(rows.map((r) => Number(r[0]))).toEqual(FIX_IDS.map((_, i) => i + 1));
    for (const r of rows) expect(r[2]!.length).toBeGreaterThan(10);
  });

  it('every fix a check can point at is a registered fix', () => {
    for (const c of CHECKS) for (const f of c.fixes) expect(FIX_IDS).toContain(f);
  });
});
