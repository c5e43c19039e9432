// The order carriers are listed in (issue 5): internet usage first; then (when an operator name was
// given) the name match; then network owners before MVNOs; then postpaid before prepaid; then database
// order. Stable and total.
import type { ApnUsage, DbApn } from './db-types.js';
import type { Candidate, Carrier } from './lookup-types.js';

// Internet first (issue 5); an APN without <usage> is usually a data APN in MBPI; MMS last.
const USAGE_ORDER: Record<string, number> = {
  internet: 0,
  none: 1,
  'mms-internet-hipri': 2,
  'mms-internet-hipri-fota': 2,
  ia: 3,
  wap: 4,
  mms: 5,
};

export function usageRank(usage: ApnUsage | undefined): number {
  return USAGE_ORDER[usage ?? 'none'] ?? 6;
}

const primaryRank = (p: boolean | undefined) => (p === true ? 0 : p === undefined ? 1 : 2);

function planRank(apn: DbApn): number {
  if (!apn.plan?.length || apn.plan.includes('postpaid')) return 0;
  return 1;
}

function compareOwnerAndPlan(a: Carrier, b: Carrier): number {
  return primaryRank(a.primary) - primaryRank(b.primary) || planRank(a.apn) - planRank(b.apn);
}

/** Name-independent ranking of a pair's carriers, in place (stable sort: ties keep database order). */
export function rankStatic(carriers: Carrier[]): Carrier[] {
  return carriers.sort((a, b) => usageRank(a.apn.usage) - usageRank(b.apn.usage) || compareOwnerAndPlan(a, b));
}

/** Candidates ranked (a new array); `byName`: the operator-name score counts after the usage. */
export function rankCandidates(candidates: Candidate[], byName: boolean): Candidate[] {
  // Array.prototype.sort is stable: ties keep the input (database) order.
  return [...candidates].sort((a, b) => {
    const u = usageRank(a.apn.usage) - usageRank(b.apn.usage);
    if (u) return u;
    if (byName) {
      const n = (b.nameScore ?? 0) - (a.nameScore ?? 0);
      if (Math.abs(n) > 1e-9) return n;
    }
    return compareOwnerAndPlan(a, b);
  });
}
