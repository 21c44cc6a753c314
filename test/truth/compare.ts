// Pure comparisons of a ClassModel against the interpreter's truth; each metric keeps its first mismatches.
import type { ClassInfo, ClassModel, MethodInfo, ParameterInfo } from '../../src/model/classModel.js';
import type { PackageTruth, TruthClass, TruthMethod, TruthParameter } from './truth.js';

export interface Mismatch {
  /** What kind of disagreement, e.g. `missing-class`, `wrong-default`. */
  kind: string;
  /** The class (or table / method) concerned. */
  id: string;
  expected?: string;
  got?: string;
}

export interface Metric {
  name: string;
  matched: number;
  total: number;
  /** matched / total, 1 when total is 0. */
  ratio: number;
  mismatchCount: number;
  /** Count of every mismatch by kind (not only the kept ones). */
  kindCounts: Record<string, number>;
  /** The first `limit` mismatches, in a stable order. */
  mismatches: Mismatch[];
}

export interface CompareOptions {
  /** How many mismatches each metric keeps. */
  limit?: number;
}

export interface AccuracyReport {
  package: string;
  /** Statically defined interpreter classes found in the model. */
  classRecall: Metric;
  /** Source classes of the model the interpreter does not know (modules that failed to import…): information only. */
  classPrecision: Metric;
  /** `class` statements (ast) of modules the interpreter could not import, found in the model: information only. */
  unimportedClassRecall: Metric;
  edgeRecall: Metric;
  edgePrecision: Metric;
  externalBases: Metric;
  parameters: Metric;
  /** Method kinds (method/classmethod/staticmethod/property) agree: information only. */
  methodKinds: Metric;
  /** Model MRO equals the interpreter's (a trailing builtins.object may be omitted): information only. */
  mro: Metric;
  dispatchTables: Record<string, Metric>;
  yamlClasses: Metric;
}

const DEFAULT_LIMIT = 20;

function metric(name: string, matched: number, total: number, mismatches: Mismatch[], limit: number): Metric {
  const sorted = [...mismatches].sort((a, b) => a.id.localeCompare(b.id) || a.kind.localeCompare(b.kind));
  const kindCounts: Record<string, number> = {};
  for (const x of mismatches) kindCounts[x.kind] = (kindCounts[x.kind] ?? 0) + 1;
  return {
    name,
    matched,
    total,
    ratio: total === 0 ? 1 : matched / total,
    mismatchCount: mismatches.length,
    kindCounts,
    mismatches: sorted.slice(0, limit),
  };
}

function inPackage(id: string, pkg: string): boolean {
  return id === pkg || id.startsWith(`${pkg}.`);
}

/** Interpreter classes a static reader can be expected to find: made by `class` statements. */
export function staticTruthClasses(truth: PackageTruth): TruthClass[] {
  return truth.classes.filter((c) => c.static !== false);
}

function packageModelClasses(model: ClassModel): Map<string, ClassInfo> {
  const map = new Map<string, ClassInfo>();
  for (const c of model.classes) if (!c.external && !map.has(c.id)) map.set(c.id, c);
  return map;
}

function showBases(c: ClassInfo | undefined): string {
  if (!c) return '(class not in model)';
  if (c.bases.length === 0) return '()';
  return `(${c.bases.map((b) => (b.id === null ? `${b.expression}→?` : b.id === b.expression ? b.id : `${b.expression}→${b.id}`)).join(', ')})`;
}

export function compareClassRecall(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const modelClasses = packageModelClasses(model);
  const externalIds = new Set(model.classes.filter((c) => c.external).map((c) => c.id));
  const expected = staticTruthClasses(truth);
  const misses: Mismatch[] = [];
  for (const t of expected) {
    if (modelClasses.has(t.id)) continue;
    misses.push({
      kind: externalIds.has(t.id) ? 'class-marked-external' : 'missing-class',
      id: t.id,
      expected: `class ${t.qualname} in ${t.module}`,
      got: nearestByName(model, t),
    });
  }
  return metric('class recall', expected.length - misses.length, expected.length, misses, limit);
}

function nearestByName(model: ClassModel, t: TruthClass): string {
  const same = model.classes.filter((c) => c.qualname === t.qualname || c.name === t.name).map((c) => c.id);
  return same.length === 0 ? 'absent' : `absent; same name: ${same.slice(0, 3).join(', ')}`;
}

export function compareUnimportedClassRecall(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const modelClasses = packageModelClasses(model);
  const ids = [...new Set(truth.unimportedStaticClasses)];
  const misses: Mismatch[] = ids.filter((id) => !modelClasses.has(id)).map((id) => ({ kind: 'missing-class-unimportable-module', id }));
  return metric('class recall (unimportable modules, ast)', ids.length - misses.length, ids.length, misses, limit);
}

export function compareClassPrecision(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const truthIds = new Set(truth.classes.map((c) => c.id));
  const failedModules = new Set(truth.importErrors.map((e) => e.module));
  const walkedModules = new Set(truth.modules.map((m) => m.name));
  const candidates = [...packageModelClasses(model).values()].filter((c) => c.origin === 'source');
  const extras: Mismatch[] = [];
  for (const c of candidates) {
    if (truthIds.has(c.id)) continue;
    extras.push({
      kind: failedModules.has(c.module)
        ? 'class-in-unimportable-module'
        : !walkedModules.has(c.module)
          ? 'class-in-module-not-walked' // e.g. below a folder without __init__.py
          : c.qualname.includes('<locals>')
            ? 'class-in-function'
            : 'class-unknown-to-interpreter',
      id: c.id,
      got: `${c.file ?? '?'}:${c.line ?? '?'}`,
    });
  }
  return metric('class precision', candidates.length - extras.length, candidates.length, extras, limit);
}

/** Package-internal inheritance edges `child base` of the interpreter (static classes only). */
function truthPackageEdges(truth: PackageTruth): Set<string> {
  const edges = new Set<string>();
  for (const c of staticTruthClasses(truth)) {
    for (const b of c.bases) {
      // A base made at run time (inline namedtuple()) has no id a reader of the source could give.
      if (inPackage(b, truth.package) && !(b in (truth.unreachableBases ?? {}))) edges.add(`${c.id} ${b}`);
    }
  }
  return edges;
}

export function compareInheritanceEdges(
  model: ClassModel,
  truth: PackageTruth,
  limit = DEFAULT_LIMIT,
): { recall: Metric; precision: Metric } {
  const modelClasses = packageModelClasses(model);
  const truthById = new Map(truth.classes.map((c) => [c.id, c]));
  const truthEdges = truthPackageEdges(truth);
  // Model edges whose both ends are package classes of the model, restricted to children the
  // interpreter knows (classes of unimportable modules and YAML classes are judged elsewhere).
  const modelEdges = new Set<string>();
  for (const c of modelClasses.values()) {
    if (!truthById.has(c.id)) continue;
    for (const b of c.bases) if (b.id !== null && modelClasses.has(b.id)) modelEdges.add(`${c.id} ${b.id}`);
  }
  const missing: Mismatch[] = [];
  for (const e of truthEdges) {
    if (modelEdges.has(e)) continue;
    const [child, base] = e.split(' ');
    missing.push({ kind: modelClasses.has(child) ? 'missing-edge' : 'missing-edge-class-absent', id: child, expected: base, got: showBases(modelClasses.get(child)) });
  }
  const extra: Mismatch[] = [];
  for (const e of modelEdges) {
    if (truthEdges.has(e)) continue;
    const [child, base] = e.split(' ');
    // A base made by a call the model read (`namedtuple('P', ...)` → a class named P): Python gives it an id that
    // names something else (often the subclass itself), so it is matched by name among the child's unreachable bases.
    const unreachable = truthById.get(child)?.bases.filter((b) => b in (truth.unreachableBases ?? {})) ?? [];
    if (unreachable.some((b) => b.slice(b.lastIndexOf('.') + 1) === modelClasses.get(base)?.name)) continue;
    extra.push({ kind: 'extra-edge', id: child, expected: `(${truthById.get(child)?.bases.join(', ') ?? '?'})`, got: base });
  }
  return {
    recall: metric('inheritance edge recall', truthEdges.size - missing.length, truthEdges.size, missing, limit),
    precision: metric('inheritance edge precision', modelEdges.size - extra.length, modelEdges.size, extra, limit),
  };
}

/**
 * External base edges (base outside the package) whose model base id is the interpreter's
 * `module.qualname`. `builtins.object` is left out: `class A:` and `class A(object):` look the same
 * to the interpreter, and only the second has a base in the source. For a base made at run time
 * (its `module.qualname` leads elsewhere) the module global it is bound to is accepted too, e.g.
 * neutron_lib.db.model_base.BASEV2 for sqlalchemy.orm.decl_api.Base; one bound nowhere is skipped.
 */
export function compareExternalBases(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const modelClasses = packageModelClasses(model);
  const unreachable = truth.unreachableBases ?? {};
  let total = 0;
  const misses: Mismatch[] = [];
  for (const c of staticTruthClasses(truth)) {
    for (const b of c.bases) {
      if (b === 'builtins.object') continue;
      const aliases = unreachable[b]?.aliases;
      if (aliases !== undefined && aliases.length === 0) continue;
      const accepted = new Set([b, ...(aliases ?? [])]);
      // Bases inside the package are judged by the edge metrics, unless only an alias can name them.
      if (inPackage(b, truth.package) && aliases === undefined) continue;
      total += 1;
      const m = modelClasses.get(c.id);
      if (m && m.bases.some((mb) => mb.id !== null && accepted.has(mb.id))) continue;
      misses.push({ kind: m ? 'external-base-unresolved' : 'external-base-class-absent', id: c.id, expected: [...accepted].join(' or '), got: showBases(m) });
    }
  }
  return metric('external bases resolved', total - misses.length, total, misses, limit);
}

// --- default values -------------------------------------------------------------------------

/** A simple Python literal, normalised so source text and repr() can be compared. */
export type SimpleLiteral =
  | { type: 'none' }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'str'; value: string }
  | { type: 'empty'; value: '()' | '[]' | '{}' };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

function parseString(text: string): string | undefined {
  const m = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(text);
  if (!m) return undefined;
  const [, prefix, quote, body] = m;
  if (quote.length === 1 && body.includes('\n')) return undefined;
  if (prefix.toLowerCase() === 'r') return body.includes(quote) ? undefined : body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === quote && quote.length === 1) return undefined; // implicit concatenation such as 'a' 'b'
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return undefined;
    if (next in ESCAPES) {
      out += ESCAPES[next];
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + len;
    } else {
      return undefined; // octal escapes, \N{...}: not worth it
    }
  }
  return out;
}

/** Parses Python literal source text (or a repr); undefined when it is not a simple literal. */
export function parseSimpleLiteral(text: string): SimpleLiteral | undefined {
  const t = text.trim();
  if (t === 'None') return { type: 'none' };
  if (t === 'True' || t === 'False') return { type: 'bool', value: t === 'True' };
  if (t === '()' || t === '[]' || t === '{}') return { type: 'empty', value: t };
  const num = /^([+-]?)\s*(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)[lL]?$/.exec(t);
  if (num) {
    const digits = num[2].replace(/_/g, '');
    if (/^0[0-9]+$/.test(digits) && /[1-9]/.test(digits)) return undefined; // Python 2 octal 0777
    const v = BigInt(digits);
    return { type: 'int', value: num[1] === '-' ? -v : v };
  }
  if (/^[+-]?\s*(\d[\d_]*\.?[\d_]*([eE][+-]?\d+)?|\.\d[\d_]*([eE][+-]?\d+)?)$/.test(t)) {
    const v = Number(t.replace(/[\s_]/g, ''));
    return Number.isFinite(v) ? { type: 'float', value: v } : undefined;
  }
  const s = parseString(t);
  return s === undefined ? undefined : { type: 'str', value: s };
}

function truthLiteral(p: TruthParameter): SimpleLiteral | undefined {
  if (!p.hasDefault || p.defaultRepr === undefined) return undefined;
  if (p.defaultType === 'str' && typeof p.defaultLiteral === 'string') return { type: 'str', value: p.defaultLiteral };
  return parseSimpleLiteral(p.defaultRepr);
}

function literalsEqual(a: SimpleLiteral, b: SimpleLiteral): boolean {
  // An int default written as 1 may be compared with a float repr only if the source said 1.0.
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'none':
      return true;
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
    case 'empty':
      return a.value === (b as typeof a).value;
  }
}

/** The first difference between the interpreter's parameters and the model's, or null when they agree. */
export function parameterDifference(truth: TruthParameter[], model: ParameterInfo[]): Mismatch | null {
  const names = (ps: { name: string }[]) => ps.map((p) => p.name).join(', ');
  if (truth.length !== model.length || truth.some((p, i) => p.name !== model[i].name)) {
    return { kind: 'wrong-parameter-names', id: '', expected: `(${names(truth)})`, got: `(${names(model)})` };
  }
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const m = model[i];
    if (t.kind !== m.kind) return { kind: 'wrong-parameter-kind', id: '', expected: `${t.name}: ${t.kind}`, got: `${m.name}: ${m.kind}` };
    const modelHas = m.default !== undefined;
    if (t.hasDefault !== modelHas) {
      return {
        kind: 'wrong-default-presence',
        id: '',
        expected: `${t.name}${t.hasDefault ? `=${t.defaultRepr ?? `<${t.defaultType}>`}` : ' (no default)'}`,
        got: `${m.name}${modelHas ? `=${m.default}` : ' (no default)'}`,
      };
    }
    if (t.hasDefault && modelHas) {
      const tl = truthLiteral(t);
      const ml = parseSimpleLiteral(m.default as string);
      if (tl && ml && !literalsEqual(tl, ml)) {
        return { kind: 'wrong-default-value', id: '', expected: `${t.name}=${t.defaultRepr}`, got: `${m.name}=${m.default}` };
      }
    }
  }
  return null;
}

/** Truth methods whose signature describes a function written under that name in the class body. */
export function comparableMethods(c: TruthClass): TruthMethod[] {
  return c.methods.filter((m) => m.signature !== null && m.signatureProblem === undefined);
}

function candidatesFor(model: ClassInfo, t: TruthMethod): MethodInfo[] {
  return model.methods.filter((m) => m.name === t.name || m.name === t.dictKey);
}

/**
 * Methods (of classes present in the model) whose parameter list agrees with inspect.signature:
 * same names in order, same kinds, default present on the same parameters, and equal values when
 * both sides are simple literals. With several definitions of one name (property setters, `if`
 * branches), agreement with any of them counts.
 */
export function compareParameters(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const modelClasses = packageModelClasses(model);
  let total = 0;
  const misses: Mismatch[] = [];
  for (const c of staticTruthClasses(truth)) {
    const mc = modelClasses.get(c.id);
    if (!mc) continue; // counted by class recall
    for (const t of comparableMethods(c)) {
      total += 1;
      const id = `${c.id}.${t.name}`;
      const cands = candidatesFor(mc, t);
      if (cands.length === 0) {
        misses.push({ kind: 'missing-method', id, expected: `${t.kind} ${t.name}(${(t.signature ?? []).map((p) => p.name).join(', ')})`, got: 'absent' });
        continue;
      }
      const diffs = cands.map((m) => parameterDifference(t.signature ?? [], m.parameters));
      if (diffs.some((d) => d === null)) continue;
      const d = diffs[diffs.length - 1] as Mismatch;
      misses.push({ ...d, id });
    }
  }
  return metric('parameter lists exact', total - misses.length, total, misses, limit);
}

/** `__new__` is made a staticmethod, `__init_subclass__`/`__class_getitem__` classmethods, by type() itself. */
function implicitKind(name: string, truthKind: string, modelKind: string): boolean {
  if (modelKind !== 'method') return false;
  if (name === '__new__') return truthKind === 'staticmethod';
  return (name === '__init_subclass__' || name === '__class_getitem__') && truthKind === 'classmethod';
}

export function compareMethodKinds(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const modelClasses = packageModelClasses(model);
  let total = 0;
  const misses: Mismatch[] = [];
  for (const c of staticTruthClasses(truth)) {
    const mc = modelClasses.get(c.id);
    if (!mc) continue;
    for (const t of comparableMethods(c)) {
      const cands = candidatesFor(mc, t);
      if (cands.length === 0) continue; // counted by the parameter metric
      total += 1;
      if (cands.some((m) => m.kind === t.kind || implicitKind(t.name, t.kind, m.kind))) continue;
      misses.push({ kind: 'wrong-method-kind', id: `${c.id}.${t.name}`, expected: t.kind, got: cands.map((m) => m.kind).join('/') });
    }
  }
  return metric('method kinds', total - misses.length, total, misses, limit);
}

export function compareMro(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const modelClasses = packageModelClasses(model);
  const strip = (ids: string[]) => (ids[ids.length - 1] === 'builtins.object' ? ids.slice(0, -1) : ids);
  const unreachable = truth.unreachableBases ?? {};
  // A run-time-made class may be named by the variable bound to it (see compareExternalBases).
  const same = (want: string, got: string) => want === got || (unreachable[want]?.aliases.includes(got) ?? false);
  let total = 0;
  const misses: Mismatch[] = [];
  for (const c of staticTruthClasses(truth)) {
    const mc = modelClasses.get(c.id);
    if (!mc || c.mro === null) continue;
    total += 1;
    const want = strip(c.mro);
    const got = mc.mro === null ? null : strip(mc.mro);
    if (got !== null && got.length === want.length && got.every((id, i) => same(want[i], id))) continue;
    const i = got === null ? -1 : want.findIndex((id, k) => got[k] === undefined || !same(id, got[k]));
    misses.push({
      kind: got === null ? 'mro-missing' : 'mro-differs',
      id: c.id,
      expected: i < 0 ? want.join(' > ') : `…[${i}] ${want[i] ?? '(end)'}`,
      got: got === null ? 'null' : i < 0 ? got.join(' > ') : `…[${i}] ${got[i] ?? '(end)'}`,
    });
  }
  return metric('mro', total - misses.length, total, misses, limit);
}

/** Every key and target of each dispatch table the interpreter reports, against the model's table of the same id. */
export function compareDispatchTables(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const t of truth.dispatchTables) {
    const mt = model.dispatchTables.find((d) => d.id === t.id);
    const misses: Mismatch[] = [];
    if (!mt) {
      out[t.id] = metric(`dispatch ${t.name}`, 0, t.entries.length, [{ kind: 'missing-table', id: t.id, expected: `${t.entries.length} entries`, got: 'absent' }], limit);
      continue;
    }
    // Later entries of a key win, as with repeated subscript assignments.
    const modelEntries = new Map(mt.entries.map((e) => [e.key, e]));
    const truthEntries = new Map(t.entries.map((e) => [e.key, e.target]));
    let matched = 0;
    for (const [key, target] of truthEntries) {
      const m = modelEntries.get(key);
      if (!m) misses.push({ kind: 'missing-key', id: `${t.name}[${key}]`, expected: target, got: 'absent' });
      else if (m.target !== target) misses.push({ kind: 'wrong-target', id: `${t.name}[${key}]`, expected: target, got: `${m.target ?? 'null'} (${m.expression})` });
      else matched += 1;
    }
    for (const [key, m] of modelEntries) {
      if (!truthEntries.has(key)) misses.push({ kind: 'extra-key', id: `${t.name}[${key}]`, expected: 'absent', got: m.target ?? m.expression });
    }
    const total = new Set([...truthEntries.keys(), ...modelEntries.keys()]).size;
    out[t.id] = metric(`dispatch ${t.name}`, matched, total, misses, limit);
  }
  return out;
}

/**
 * Classes made from YAML: found when the model has a class with the truth's id (loading module +
 * name), or a dynamic class of that name in the loading module or in the factory's rewritten
 * __module__; right when its base ids equal the interpreter's __bases__ in order.
 */
export function compareYamlClasses(model: ClassModel, truth: PackageTruth, limit = DEFAULT_LIMIT): Metric {
  const byId = new Map(model.classes.map((c) => [c.id, c]));
  const misses: Mismatch[] = [];
  for (const t of truth.yamlClasses) {
    const m =
      byId.get(t.id) ??
      model.classes.find((c) => c.origin === 'dynamic' && c.name === t.name && (c.module === t.module || c.module === t.runtimeModule));
    if (!m) {
      misses.push({ kind: 'missing-yaml-class', id: t.id, expected: `(${t.bases.join(', ')})`, got: 'absent' });
      continue;
    }
    const got = m.bases.map((b) => b.id ?? `${b.expression}→?`);
    if (got.length !== t.bases.length || got.some((b, i) => b !== t.bases[i])) {
      misses.push({ kind: 'wrong-yaml-bases', id: t.id, expected: `(${t.bases.join(', ')})`, got: `(${got.join(', ')})` });
    }
  }
  return metric('YAML classes with right bases', truth.yamlClasses.length - misses.length, truth.yamlClasses.length, misses, limit);
}

export function compareModel(model: ClassModel, truth: PackageTruth, options: CompareOptions = {}): AccuracyReport {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const edges = compareInheritanceEdges(model, truth, limit);
  return {
    package: truth.package,
    classRecall: compareClassRecall(model, truth, limit),
    classPrecision: compareClassPrecision(model, truth, limit),
    unimportedClassRecall: compareUnimportedClassRecall(model, truth, limit),
    edgeRecall: edges.recall,
    edgePrecision: edges.precision,
    externalBases: compareExternalBases(model, truth, limit),
    parameters: compareParameters(model, truth, limit),
    methodKinds: compareMethodKinds(model, truth, limit),
    mro: compareMro(model, truth, limit),
    dispatchTables: compareDispatchTables(model, truth, limit),
    yamlClasses: compareYamlClasses(model, truth, limit),
  };
}

// --- printing --------------------------------------------------------------------------------

export function percent(m: Metric): string {
  if (m.total === 0) return 'n/a';
  return `${(m.ratio * 100).toFixed(m.ratio === 1 ? 0 : 2)}% (${m.matched}/${m.total})`;
}

/** One table row per package: the figures the accuracy suite asserts on. */
export function formatFigures(reports: AccuracyReport[]): string {
  const head = ['package', 'class recall', 'edge recall', 'edge precision', 'external bases', 'parameters exact', 'dispatch tables', 'YAML classes', 'mro (info)', 'kinds (info)', 'unimportable (info)'];
  const rows = reports.map((r) => {
    const tables = Object.values(r.dispatchTables);
    const dispatch = tables.length === 0 ? 'n/a' : tables.map((t) => `${t.name.replace('dispatch ', '')} ${percent(t)}`).join('; ');
    return [r.package, percent(r.classRecall), percent(r.edgeRecall), percent(r.edgePrecision), percent(r.externalBases), percent(r.parameters), dispatch, r.yamlClasses.total === 0 ? 'n/a' : percent(r.yamlClasses), percent(r.mro), percent(r.methodKinds), percent(r.unimportedClassRecall)];
  });
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function formatMismatches(r: AccuracyReport, perMetric = 10): string {
  const metrics: Metric[] = [r.classRecall, r.edgeRecall, r.edgePrecision, r.externalBases, r.parameters, ...Object.values(r.dispatchTables), r.yamlClasses, r.mro, r.methodKinds, r.classPrecision, r.unimportedClassRecall];
  const out: string[] = [];
  for (const m of metrics) {
    if (m.mismatchCount === 0) continue;
    const kinds = Object.entries(m.kindCounts).map(([k, n]) => `${k} ${n}`).join(', ');
    out.push(`  ${m.name}: ${m.mismatchCount} mismatches (${kinds})`);
    for (const x of m.mismatches.slice(0, perMetric)) {
      const detail = [x.expected !== undefined ? `expected ${x.expected}` : '', x.got !== undefined ? `got ${x.got}` : ''].filter(Boolean).join(', ');
      out.push(`    - [${x.kind}] ${x.id}${detail ? `: ${detail}` : ''}`);
    }
  }
  return out.length === 0 ? `${r.package}: no mismatches` : `${r.package}:\n${out.join('\n')}`;
}

/** Mismatch kinds with their counts over the asserted metrics of a report. */
export function mismatchKinds(r: AccuracyReport): Record<string, number> {
  const metrics: Metric[] = [r.classRecall, r.edgeRecall, r.edgePrecision, r.externalBases, r.parameters, ...Object.values(r.dispatchTables), r.yamlClasses];
  const counts: Record<string, number> = {};
  for (const m of metrics) for (const [k, n] of Object.entries(m.kindCounts)) counts[k] = (counts[k] ?? 0) + n;
  return counts;
}
