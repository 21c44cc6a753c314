// The viewer's search: classes, methods, attributes, dispatch keys and modules, best matches first, each kind
// capped with a count of the rest ("37 more"). A search runs in steps the page can spread over several tasks, so a
// keystroke never holds up the Enter or click after it (issue #18); Enter itself asks only for the first hit.
// Inlined into the page (see ./bundle.ts): type imports only.
import type { ClassModel } from '../model/classModel.js';

export type HitKind = 'class' | 'method' | 'attribute' | 'dispatch' | 'module';

export interface Hit {
  kind: HitKind;
  /** What matched: the class, method, attribute or module name, or the dispatch key. */
  text: string;
  /** Where it is, in the reader's words: `netmiko.cisco.cisco_ios`, `BaseConnection`, `CLASS_MAPPER → CiscoIosSSH`. */
  where: string;
  /** The class a pick selects. */
  classId: string;
  /** For methods: the method name, so the side panel can show it. */
  member?: string;
  /** `text` in lower case, made once (neutron: ~36k entries, each keystroke compares them all). */
  lower?: string;
}

export interface HitGroup { kind: HitKind; title: string; hits: Hit[]; more: number }

/** Rows per kind before "N more": classes are what people look for most. */
export const HITS_PER_KIND: Record<HitKind, number> = { class: 12, method: 6, attribute: 4, dispatch: 6, module: 4 };

const TITLES: Record<HitKind, string> = { class: 'Classes', method: 'Methods', attribute: 'Attributes', dispatch: 'Dispatch keys', module: 'Modules' };
/** The order groups are shown in: the first hit of the first kind that has one is what Enter picks. */
const KINDS = Object.keys(TITLES) as HitKind[];

/** Everything searchable, flattened once per page, by kind (each kind in model order). */
export type SearchIndex = Record<HitKind, Hit[]>;

/** Everything searchable, flattened once per page. */
export function searchEntries(model: ClassModel): Hit[] {
  const entries: Hit[] = [];
  const nameOf = new Map(model.classes.map((c) => [c.id, c.name]));
  const firstClassOf = new Map<string, string>();
  for (const c of model.classes) {
    entries.push({ kind: 'class', text: c.name, where: c.module, classId: c.id });
    if (!firstClassOf.has(c.module)) firstClassOf.set(c.module, c.id);
    for (const m of c.methods) entries.push({ kind: 'method', text: m.name, where: c.name, classId: c.id, member: m.name });
    const seen = new Set<string>();
    for (const a of c.attributes) {
      if (seen.has(a.name)) continue;
      seen.add(a.name);
      entries.push({ kind: 'attribute', text: a.name, where: c.name, classId: c.id, member: a.name });
    }
  }
  for (const table of model.dispatchTables) {
    for (const e of table.entries) {
      if (e.target) entries.push({ kind: 'dispatch', text: e.key, where: `${table.name} → ${nameOf.get(e.target) ?? e.target}`, classId: e.target });
    }
  }
  for (const [module, classId] of firstClassOf) entries.push({ kind: 'module', text: module, where: `first class ${nameOf.get(classId)}`, classId });
  for (const e of entries) e.lower = e.text.toLowerCase();
  return entries;
}

/** The entries by kind: a search walks the kinds in the order they are shown and Enter stops at the first with a hit. */
export function searchIndex(entries: readonly Hit[]): SearchIndex {
  const index = Object.fromEntries(KINDS.map((k) => [k, [] as Hit[]])) as SearchIndex;
  for (const e of entries) index[e.kind].push(e);
  return index;
}

/** Exact name, then prefix, then substring; a dotted query also matches qualified names. */
function score(hit: Hit, q: string): number {
  const text = hit.lower ?? hit.text.toLowerCase();
  if (text === q) return 0;
  if (text.startsWith(q)) return 1;
  if (text.includes(q)) return 2;
  if (hit.kind === 'class' && q.includes('.') && (hit.where + '.' + text).includes(q)) return 3;
  return -1;
}

interface Scored { hit: Hit; score: number }

/** Best first: the score, then shorter names, then by name and place; equal ones keep the model's order. */
function compareScored(a: Scored, b: Scored): number {
  return a.score - b.score || a.hit.text.length - b.hit.text.length || a.hit.text.localeCompare(b.hit.text) || a.hit.where.localeCompare(b.hit.where);
}

/** A search in progress: `step` looks at up to `count` more entries and says whether the search is done. */
export interface SearchRun {
  readonly query: string;
  step(count: number): boolean;
  /** The groups found so far (all of them once `step` returned true). */
  groups(): HitGroup[];
  /** The first row the list will show, once no entry left to look at can change it (the first kind with a hit is done). */
  settledFirst(): Hit | undefined;
}

/**
 * Starts a search for `query`. Each kind keeps only its best rows (a sorted insertion, stable like the full sort it
 * replaces: neutron's "a" matched ~80k entries, all sorted on every keystroke) and counts the rest. With
 * `firstKindOnly`, the search ends at the first kind with a hit: what Enter needs.
 */
export function startSearch(index: SearchIndex, query: string, { perKind = HITS_PER_KIND, firstKindOnly = false }: { perKind?: Record<HitKind, number>; firstKindOnly?: boolean } = {}): SearchRun {
  const q = query.trim().toLowerCase();
  const found: { kind: HitKind; best: Scored[]; count: number }[] = [];
  let kind = 0;
  let at = 0;
  let done = !q;
  const step = (count: number): boolean => {
    while (!done && count > 0) {
      const kindName = KINDS[kind];
      const list = index[kindName];
      const cap = perKind[kindName];
      let group = found[found.length - 1]?.kind === kindName ? found[found.length - 1] : undefined;
      const end = Math.min(list.length, at + count);
      count -= end - at;
      for (; at < end; at++) {
        const s = score(list[at], q);
        if (s < 0) continue;
        if (!group) found.push(group = { kind: kindName, best: [], count: 0 });
        group.count++;
        const scored = { hit: list[at], score: s };
        const { best } = group;
        if (best.length === cap && compareScored(scored, best[cap - 1]) >= 0) continue;
        let i = best.length;
        while (i > 0 && compareScored(scored, best[i - 1]) < 0) i--;
        best.splice(i, 0, scored);
        if (best.length > cap) best.pop();
      }
      if (at < list.length) break;
      at = 0;
      kind++;
      done = kind === KINDS.length || (firstKindOnly && group !== undefined);
    }
    return done;
  };
  return {
    query,
    step,
    settledFirst: () => (found[0] && (done || KINDS.indexOf(found[0].kind) < kind) ? found[0].best[0]?.hit : undefined),
    groups: () => found.map((g) => ({ kind: g.kind, title: TITLES[g.kind], hits: g.best.map((s) => s.hit), more: Math.max(0, g.count - perKind[g.kind]) })),
  };
}

/** Every group for `query` at once. */
export function searchHits(index: SearchIndex, query: string): HitGroup[] {
  const run = startSearch(index, query);
  run.step(Infinity);
  return run.groups();
}

/** The hit Enter picks for `query`: the first row searchHits would show, found without ranking the rest. */
export function firstHit(index: SearchIndex, query: string): Hit | undefined {
  const run = startSearch(index, query, { perKind: { class: 1, method: 1, attribute: 1, dispatch: 1, module: 1 }, firstKindOnly: true });
  run.step(Infinity);
  return run.groups()[0]?.hits[0];
}
