// The viewer's search: classes, methods, attributes, dispatch keys and modules, best matches first, each kind
// capped with a count of the rest ("37 more"). Inlined into the page (see ./bundle.ts): type imports only.
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
  /** `text` in lower case, made once (neutron: ~100k entries, each keystroke compared them all). */
  lower?: string;
}

export interface HitGroup { kind: HitKind; title: string; hits: Hit[]; more: number }

/** Rows per kind before "N more": classes are what people look for most. */
export const HITS_PER_KIND: Record<HitKind, number> = { class: 12, method: 6, attribute: 4, dispatch: 6, module: 4 };

const TITLES: Record<HitKind, string> = { class: 'Classes', method: 'Methods', attribute: 'Attributes', dispatch: 'Dispatch keys', module: 'Modules' };

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

/** Exact name, then prefix, then substring; a dotted query also matches qualified names. */
function score(hit: Hit, q: string): number {
  const text = hit.lower ?? hit.text.toLowerCase();
  if (text === q) return 0;
  if (text.startsWith(q)) return 1;
  if (text.includes(q)) return 2;
  if (hit.kind === 'class' && q.includes('.') && (hit.where + '.' + text).includes(q)) return 3;
  return -1;
}

export function searchHits(entries: readonly Hit[], query: string): HitGroup[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const byKind = new Map<HitKind, { hit: Hit; score: number }[]>();
  for (const hit of entries) {
    const s = score(hit, q);
    if (s < 0) continue;
    const list = byKind.get(hit.kind) ?? [];
    list.push({ hit, score: s });
    byKind.set(hit.kind, list);
  }
  const groups: HitGroup[] = [];
  for (const kind of Object.keys(TITLES) as HitKind[]) {
    const list = byKind.get(kind);
    if (!list) continue;
    list.sort((a, b) => a.score - b.score || a.hit.text.length - b.hit.text.length || a.hit.text.localeCompare(b.hit.text) || a.hit.where.localeCompare(b.hit.where));
    groups.push({ kind, title: TITLES[kind], hits: list.slice(0, HITS_PER_KIND[kind]).map((s) => s.hit), more: Math.max(0, list.length - HITS_PER_KIND[kind]) });
  }
  return groups;
}
