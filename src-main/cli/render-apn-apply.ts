// The APN layer's apply events and result as text lines (issue 5): `simhat apn set` prints one line per
// step and the end (data up, or what failed and whether the previous settings were put back).
import type { ApplyResult } from '../api/contract.js';
import type { ApplyEvent } from '../service/apn.js';

export function eventLine(ev: ApplyEvent): string | undefined {
  switch (ev.type) {
    case 'validated':
      return undefined;
    case 'device':
      return `device: ${ev.model ?? 'unknown model'}${ev.pid ? ` (USB ${ev.pid.toString(16)})` : ''}; APN goes to context(s) ${ev.contexts.join(', ')} (${ev.contextsSource})`;
    case 'journal-found':
      return `note: ${ev.message}`;
    case 'saved':
      return `saved current settings: ${ev.saved.map((s) => `cid ${s.cid} ${s.context ? `${s.context.pdpType} "${s.context.apn}"` : 'undefined'}`).join('; ')}`;
    case 'candidate':
      return `trying APN "${ev.apn}"${ev.label ? ` (${ev.label})` : ''}${ev.total > 1 ? ` [${ev.index + 1}/${ev.total}]` : ''}`;
    case 'context-written':
      return `  wrote context ${ev.cid}: ${ev.ipType} "${ev.apn}"`;
    case 'auth-written':
      return undefined;
    case 'verified':
      return `  read back and verified context(s) ${ev.cids.join(', ')}`;
    case 'reattach':
      return `  ${ev.phase}: ${ev.message}`;
    case 'candidate-failed':
      return `  APN "${ev.apn}" failed: ${ev.error.message}`;
    case 'restoring':
      return `restoring the previous settings (${ev.reason})`;
    case 'restored':
      return ev.report.exact
        ? `restored context(s) ${ev.report.cids.join(', ')} exactly`
        : `restore incomplete: ${[...ev.report.errors, ...ev.report.mismatches].join('; ')}`;
    case 'finished':
      return undefined;
  }
}

export function resultText(r: ApplyResult): string {
  if (r.ok) {
    const addrs = r.addresses.map((a) => `cid ${a.cid} ${[a.ipv4, a.ipv6].filter(Boolean).join(' ') || '-'}`).join('; ');
    return `Data is up with APN "${r.apn}" on context(s) ${r.contexts.join(', ')}: ${addrs}\n`;
  }
  const e = r.error;
  let text = `Failed at ${e?.step ?? '?'}: ${e?.message ?? 'unknown error'}\n`;
  if (e?.hint) text += `  hint: ${e.hint}\n`;
  const rs = r.restore;
  if (rs) {
    if (!rs.attempted) text += `  previous settings: ${rs.reason ?? 'not restored'}\n`;
    else if (rs.exact) text += `  previous settings restored (context ${rs.cids.join(', ')})\n`;
    else text += `  previous settings NOT fully restored: ${[...rs.errors, ...rs.mismatches].join('; ')}\n`;
  }
  return text;
}
