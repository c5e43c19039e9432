// `simhat doctor` as text (issue 14 item 9): failures and warnings first, each with its fix (a fix
// shared by several checks is spelled out once), the passes as one short list, the skips grouped by
// their root reason ("5 host checks skipped: no network interface known…") instead of one line each
// repeating it, and a verdict that never says "everything checks out" when something was not checked.
// Fits 80 columns; --verbose lists every check with its detail and evidence.
import type { CheckStatus, DoctorCheck, DoctorReport, FixRef } from '../api/contract.js';
import { PLAIN, wrapWithIndent, type Style } from './terminal-style.js';

export interface RenderDoctorOptions {
  verbose?: boolean;
  style?: Style;
}

/** Pipe markers are the bracketed words scripts and older habits know; a terminal gets symbols. */
const WORD: Record<CheckStatus, string> = { fail: '[FAIL]', warn: '[warn]', pass: '[ok]', skip: '[skip]' };
const SYMBOL: Record<CheckStatus, string> = { fail: '✗', warn: '!', pass: '✓', skip: '–' };

/** The words for a check id's prefix in "3 USB checks skipped". */
const AREA: Record<string, string> = { usb: 'USB', port: 'port', sim: 'SIM', radio: 'radio', net: 'network', apn: 'APN', data: 'data', host: 'host' };

interface Marker {
  first: string;
  rest: string;
}

function marker(status: CheckStatus, s: Style): Marker {
  if (!s.symbols) return { first: WORD[status].padEnd(7), rest: ' '.repeat(7) };
  const paint = status === 'fail' ? (t: string) => s.bold(s.red(t)) : status === 'warn' ? s.yellow : status === 'pass' ? s.green : s.dim;
  return { first: `${paint(SYMBOL[status])} `, rest: '  ' };
}

export function renderDoctor(report: DoctorReport, options: RenderDoctorOptions = {}): string {
  const s = options.style ?? PLAIN;
  const lines: string[] = [...modemLines(report, s)];
  if (options.verbose) lines.push(...everyCheck(report, s));
  else lines.push(...problems(report, s), ...summaryLines(report, s));
  lines.push('', ...verdictLines(report, s, !options.verbose));
  return lines.join('\n') + '\n';
}

function modemLines(report: DoctorReport, s: Style): string[] {
  const m = report.modem;
  if (!m) return [];
  const parts = [m.model, m.revision, m.usbId, m.mode && `mode ${m.mode}`, m.atPort && `AT ${m.atPort}`, m.iface && `iface ${m.iface}`].filter(Boolean);
  if (parts.length === 0) return [];
  return [...wrapWithIndent(parts.join(', '), s.width, `${s.bold('Modem:')} `, '  '), ''];
}

/** The failing checks, then the warnings, each with what was found and its fix. */
function problems(report: DoctorReport, s: Style): string[] {
  const shown = new Map<string, string>();
  const lines: string[] = [];
  for (const status of ['fail', 'warn'] as const) {
    for (const c of report.checks.filter((x) => x.status === status)) lines.push(...checkBlock(c, s, shown));
  }
  return lines.length ? [...lines, ''] : [];
}

function checkBlock(c: DoctorCheck, s: Style, shown: Map<string, string> | null): string[] {
  const m = marker(c.status, s);
  const lines = wrapWithIndent(`${s.bold(c.id)}: ${c.title}`, s.width, m.first, m.rest);
  if (c.detail) lines.push(...wrapWithIndent(c.detail, s.width, m.rest));
  if (c.fix && c.status !== 'pass') lines.push(...fixLines(c.fix, c.id, s, m.rest, shown));
  return lines;
}

/** A fix, or a pointer to the check that already showed it (each distinct fix is spelled out once). */
function fixLines(fix: FixRef, checkId: string, s: Style, indent: string, shown: Map<string, string> | null): string[] {
  const earlier = shown?.get(fix.id);
  if (earlier) return wrapWithIndent(`${s.cyan('Fix')}: the same as for ${earlier} (${fix.id}).`, s.width, indent);
  shown?.set(fix.id, checkId);
  return wrapWithIndent(`${s.cyan(`Fix (${fix.id})`)}: ${fix.label}`, s.width, indent);
}

/** The passes on one short list, then each group of skipped checks on one entry. */
function summaryLines(report: DoctorReport, s: Style): string[] {
  const lines: string[] = [];
  const passed = report.checks.filter((c) => c.status === 'pass').map((c) => c.id);
  if (passed.length) {
    const m = marker('pass', s);
    lines.push(...wrapWithIndent(`${passed.length} passed: ${passed.join(', ')}`, s.width, m.first, m.rest));
  }
  for (const g of skipGroups(report.checks)) {
    const m = marker('skip', s);
    lines.push(...wrapWithIndent(`${skipSubject(g.ids)} skipped${g.because}`, s.width, m.first, m.rest));
  }
  return lines;
}

export interface SkipGroup {
  ids: string[];
  /** ": <root reason>" or " because <check> failed: <ids>", ready to follow "… skipped". */
  because: string;
}

/**
 * Skipped checks grouped by their root reason, in check order. A check skipped because another was
 * skipped carries that one's reason ("Not checked: host.iface was skipped (No network interface…)"),
 * so it joins that check's group; checks skipped because one failed group under that check.
 */
export function skipGroups(checks: readonly DoctorCheck[]): SkipGroup[] {
  const groups = new Map<string, { ids: string[]; reason: string; failed?: string }>();
  for (const c of checks.filter((x) => x.status === 'skip')) {
    const failed = /^Not checked: .*\(([\w.-]+)\) failed first\.?$/s.exec(c.detail);
    const passedDown = /^Not checked: [\w.-]+ was skipped \((.*)\)$/s.exec(c.detail);
    const reason = failed ? '' : (passedDown?.[1] ?? c.detail);
    const key = failed ? `failed:${failed[1]}` : `reason:${reason}`;
    const g = groups.get(key) ?? { ids: [], reason, ...(failed ? { failed: failed[1]! } : {}) };
    g.ids.push(c.id);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    ids: g.ids,
    because: g.failed ? ` because ${g.failed} failed${g.ids.length > 1 ? `: ${g.ids.join(', ')}` : ''}` : `: ${sentenceCase(g.reason)}`,
  }));
}

/** "usb.mode", "5 host checks", or "2 checks (a, b)" when they span areas. */
function skipSubject(ids: string[]): string {
  if (ids.length === 1) return ids[0]!;
  const areas = new Set(ids.map((id) => id.split('.')[0]!));
  if (areas.size === 1) {
    const area = AREA[[...areas][0]!];
    if (area) return `${ids.length} ${area} checks`;
  }
  return `${ids.length} checks`;
}

/** A reason that follows a colon starts in lower case ("No USB view" -> "no USB view"), acronyms kept. */
function sentenceCase(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** --verbose: every check in order with its detail, fix and evidence (evidence lines are data: never wrapped). */
function everyCheck(report: DoctorReport, s: Style): string[] {
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(...checkBlock(c, s, null));
    const indent = marker(c.status, s).rest;
    for (const e of c.evidence) lines.push(`${indent}${s.dim('>')} ${e.command}`, ...e.output.split('\n').filter((l) => l !== '').map((l) => `${indent}  ${s.dim(l)}`));
  }
  return lines;
}

/**
 * The verdict. `short`: the failing check was shown above with its detail, so its summary is not
 * repeated. Nothing failing is "everything checks out" only when every check ran; otherwise it says
 * what was not checked, the internet check first (issue 14 item 7).
 */
export function verdictLines(report: DoctorReport, s: Style = PLAIN, short = false): string[] {
  const v = report.verdict;
  if (v) {
    const check = report.checks.find((c) => c.id === v.checkId);
    const head = v.status === 'fail' ? s.red(`Verdict: the first broken link is ${v.checkId}.`) : s.yellow(`Verdict: works, with a warning at ${v.checkId}.`);
    const lines = [s.bold(head)];
    if (!short || v.summary !== check?.detail) lines.push(...wrapWithIndent(v.summary, s.width, '  '));
    if (v.fix) {
      lines.push(...wrapWithIndent(`Fix: ${v.fix.label}`, s.width, '  '));
      lines.push(...wrapWithIndent(`Apply it with: simhat doctor --fix (fix id ${v.fix.id})`, s.width, '  '));
    }
    return lines;
  }
  return wrapWithIndent(nothingFails(report), s.width, '', '  ').map((l) => s.bold(s.green(l)));
}

/** The verdict when nothing fails or warns, in one sentence that owns up to every check that did not run. */
export function nothingFails(report: DoctorReport): string {
  const skipped = report.checks.filter((c) => c.status === 'skip');
  if (skipped.length === 0) return 'Verdict: everything checks out.';
  const internet = skipped.find((c) => c.id === 'host.internet');
  if (internet) {
    const others = skipped.length - 1;
    const rest = others ? ` and ${others} other ${others === 1 ? 'check' : 'checks'} did not run` : ' did not run';
    return `Verdict: no check fails, but the internet connection was not checked (host.internet${rest}).`;
  }
  return `Verdict: no check fails; ${skipped.length === 1 ? '1 check' : `${skipped.length} checks`} did not run (${skipped.map((c) => c.id).join(', ')}).`;
}
