// Index over the Android APN table (resources/apn/apn-android.json), issue 13. Pure: the caller
// loads the JSON. Only the MCC-MNC index is built at load (load budget 50 ms together with MBPI);
// per-network views (ids, folded names) are built on first use and cached.
import type { AndroidApn, AndroidApnDb } from './android-types.js';
import { fold, slugify } from './normalize.js';

/** One internet entry with what the ranking needs precomputed. */
export interface AndroidEntry {
  /** Stable id "android/<mcc-mnc>/<carrier slug>" (-2, -3 for repeated names on the network, in file order). */
  id: string;
  entry: AndroidApn;
  /** The carrier name folded (case, accents, punctuation) for name comparisons. */
  folded: string;
}

export class AndroidApnTable {
  readonly db: AndroidApnDb;
  private readonly byNetwork = new Map<string, AndroidApn[]>();
  private readonly views = new Map<string, readonly AndroidEntry[]>();

  constructor(db: AndroidApnDb) {
    if (db.schema !== 1 || !Array.isArray(db.entries)) throw new Error('Android APN table: unsupported schema');
    this.db = db;
    for (const e of db.entries) {
      const list = this.byNetwork.get(e.network);
      if (list) list.push(e);
      else this.byNetwork.set(e.network, [e]);
    }
  }

  get summary() {
    return this.db.summary;
  }

  has(network: string): boolean {
    return this.byNetwork.has(network);
  }

  /** The network's internet entries in file order (Android's own order), with ids. */
  entries(network: string): readonly AndroidEntry[] {
    let view = this.views.get(network);
    if (view) return view;
    const used = new Set<string>();
    view = Object.freeze(
      (this.byNetwork.get(network) ?? []).map((entry) => {
        const base = slugify(entry.carrier);
        let slug = base;
        for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
        used.add(slug);
        return Object.freeze({ id: `android/${network}/${slug}`, entry, folded: fold(entry.carrier) });
      }),
    );
    this.views.set(network, view);
    return view;
  }

  /** An entry by id ("android/310-260/metropcs-260"). */
  byId(id: string): AndroidEntry | undefined {
    const m = /^android\/(\d{3}-\d{2,3})\/[a-z0-9-]+$/.exec(id.trim().toLowerCase());
    return m ? this.entries(m[1] as string).find((e) => e.id === id.trim().toLowerCase()) : undefined;
  }
}
