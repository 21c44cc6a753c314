// Resolves a dotted name used in a module (a base class, a dispatch-table value) to the class it names,
// following Python's rules: local definitions, imports (relative, aliased, conditional), re-exports in
// __init__.py, star imports (honouring __all__), submodules and builtins.
import type { ModuleSummary, RawClass } from '../../collect/python/moduleSummary.js';
import { BUILTIN_ALIASES, BUILTIN_CLASSES, BUILTINS_MODULE, EXTENSION_ALIASES } from './builtins.js';
import type { ModuleIndex } from './moduleIndex.js';
import { throughSixMoves } from './sixMoves.js';

export type Resolution =
  | { kind: 'class'; id: string }
  /** A `NAME = with_metaclass(Meta, *bases)` binding: a base that stands for several (see MetaclassAlias). */
  | { kind: 'metaclass-alias'; module: string; name: string }
  | { kind: 'module'; module: string }
  /** Not found; `guess` is the best dotted name for it (its import path, or the expression as written). */
  | { kind: 'unknown'; guess: string };

const MAX_DEPTH = 40;

export interface ClassSource {
  summary: ModuleSummary;
  raw: RawClass;
}

export class NameResolver {
  private readonly memo = new Map<string, Resolution>();
  /** Where each class id found so far is defined: its id need not name the module it is in. */
  private readonly sources = new Map<string, ClassSource>();

  constructor(private readonly modules: ModuleIndex) {}

  /** The definition of a class id this resolver has returned (or `register`ed). */
  sourceOf(id: string): ClassSource | undefined {
    return this.sources.get(id);
  }

  register(summary: ModuleSummary, raw: RawClass): string {
    const id = classId(summary, raw.qualname);
    if (!this.sources.has(id)) this.sources.set(id, { summary, raw });
    return id;
  }

  /** Resolves `expression` (e.g. `base.Foo`, `Generic[T]`) as written in `module`. */
  resolve(module: string, expression: string, atLine?: number): Resolution {
    const parts = stripSubscript(expression).split('.').map((part) => part.trim());
    if (parts.some((part) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(part))) return { kind: 'unknown', guess: expression };
    return (atLine !== undefined ? this.bindingInForce(module, parts, atLine) : undefined) ?? this.inModule(module, parts, new Set(), 0);
  }

  /**
   * For a name bound more than once at module level (`from x import Base`, later `Base = dict`, later `class Base`),
   * what it names where a class statement at `atLine` runs: the last binding above it. Bindings in an
   * `except ImportError:` fallback are left to the usual order (the `try:` import wins when it exists).
   */
  private bindingInForce(module: string, parts: string[], atLine: number): Resolution | undefined {
    const summary = this.modules.get(module);
    if (!summary) return undefined;
    const [head, ...rest] = parts;
    const bindings: { line: number; resolve: () => Resolution | undefined }[] = [];
    const qualname = parts.join('.');
    for (const raw of summary.classes) {
      if (raw.local || raw.qualname !== head) continue;
      const target = summary.classes.find((other) => !other.local && other.qualname === qualname);
      bindings.push({ line: raw.line, resolve: () => (target ? { kind: 'class', id: this.register(summary, target) } : undefined) });
    }
    for (const call of summary.typeCalls) {
      if (call.binding === head && rest.length === 0) bindings.push({ line: call.line, resolve: () => ({ kind: 'class', id: classId(summary, call.className) }) });
    }
    for (const alias of summary.aliases) {
      if (alias.name !== head || alias.expression === head) continue;
      bindings.push({ line: alias.line, resolve: () => this.inModule(module, [...stripSubscript(alias.expression).split('.'), ...rest], new Set(), 0) });
    }
    for (const binding of summary.imports) {
      if (binding.local !== head) continue;
      bindings.push({ line: binding.line, resolve: () => (binding.name === undefined
        ? this.inPackage(binding.module, rest, new Set(), 0) : this.inModule(binding.module, [binding.name, ...rest], new Set(), 0)) });
    }
    if (new Set(bindings.map((binding) => binding.line)).size < 2) return undefined;
    const fallbacks = summary.importFallbackLines ?? [];
    // Bindings in an `if requireModule("m"):` branch that does not run here are no bindings at all.
    const skipped = (summary.availabilityBranches ?? []).filter((guard) => !this.modules.guardRuns(summary, guard));
    const above = bindings.filter((binding) => binding.line < atLine
      && !fallbacks.some(([first, last]) => binding.line >= first && binding.line <= last)
      && !skipped.some((guard) => binding.line >= guard.firstLine && binding.line <= guard.lastLine));
    if (above.length === 0) return undefined;
    const latest = Math.max(...above.map((binding) => binding.line));
    for (const binding of above.filter((candidate) => candidate.line === latest)) {
      const resolution = binding.resolve();
      if (resolution?.kind === 'class' || resolution?.kind === 'metaclass-alias') return resolution;
    }
    return undefined;
  }

  private inModule(module: string, parts: string[], visiting: Set<string>, depth: number): Resolution {
    const key = `${module}:${parts.join('.')}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (visiting.has(key) || depth > MAX_DEPTH) return { kind: 'unknown', guess: `${module}.${parts.join('.')}` };
    visiting.add(key);
    const result = this.lookup(module, parts, visiting, depth + 1);
    visiting.delete(key);
    this.memo.set(key, result);
    return result;
  }

  private lookup(module: string, parts: string[], visiting: Set<string>, depth: number): Resolution {
    const extensionAlias = EXTENSION_ALIASES.get(`${module}.${parts.join('.')}`);
    if (extensionAlias) return { kind: 'class', id: `${BUILTINS_MODULE}.${extensionAlias}` };
    const moved = throughSixMoves(module, parts);
    if (moved) return this.inPackage(moved.module, moved.parts, visiting, depth);
    const summary = this.modules.get(module);
    const [head, ...rest] = parts;
    if (!summary) {
      const builtin = module === BUILTINS_MODULE || module === '__builtin__' ? builtinClass(parts) : undefined;
      return builtin ?? { kind: 'unknown', guess: `${module}.${parts.join('.')}` };
    }
    let fallback: Resolution | undefined;
    const consider = (resolution: Resolution | undefined): Resolution | undefined => {
      if (!resolution) return undefined;
      if (resolution.kind === 'class' || resolution.kind === 'metaclass-alias') return resolution;
      if (resolution.kind === 'module' && rest.length === 0) return resolution;
      fallback ??= resolution;
      return undefined;
    };

    const defined = this.definedClass(summary, parts) ?? this.modules.injectedClass(module, head);
    if (defined && (rest.length === 0 || this.definedClass(summary, parts))) return { kind: 'class', id: defined };
    if (defined && rest.length > 0) fallback = { kind: 'unknown', guess: `${defined}.${rest.join('.')}` };
    if (rest.length > 0 && !defined) {
      // `String.Comparator` where String only inherits Comparator: class attributes are looked up along the bases.
      const owner = summary.classes.find((candidate) => !candidate.local && candidate.qualname === head);
      for (const base of owner?.bases ?? []) {
        const inherited = this.inModule(module, [...stripSubscript(base).split('.'), ...rest], visiting, depth);
        if (inherited.kind === 'class') return inherited;
      }
    }
    if (rest.length === 0 && summary.metaclassAliases.some((alias) => alias.name === head)) {
      return { kind: 'metaclass-alias', module, name: head };
    }

    for (const resolution of this.throughImports(summary, parts, visiting, depth)) {
      const found = consider(resolution);
      if (found) return found;
    }
    for (const alias of summary.aliases) {
      if (alias.name !== head || alias.expression === head) continue;
      const aliased = stripSubscript(alias.expression).split('.');
      const found = consider(this.inModule(module, [...aliased, ...rest], visiting, depth));
      if (found) return found;
    }
    for (const star of summary.starImports) {
      const exporter = this.modules.get(star);
      if (!exporter || !exports(exporter, head)) continue;
      const found = consider(this.inModule(star, parts, visiting, depth));
      if (found) return found;
    }
    if (summary.isPackage && this.modules.exists(`${module}.${head}`)) {
      const found = consider(this.inPackage(`${module}.${head}`, rest, visiting, depth));
      if (found) return found;
    }
    if (fallback) return fallback;
    return builtinClass(parts) ?? { kind: 'unknown', guess: `${module}.${parts.join('.')}` };
  }

  private definedClass(summary: ModuleSummary, parts: string[]): string | undefined {
    const qualname = parts.join('.');
    const raw = summary.classes.find((candidate) => !candidate.local && candidate.qualname === qualname);
    if (raw) return this.register(summary, raw);
    const typeCall = summary.typeCalls.find((call) => call.binding === parts[0]);
    return typeCall && parts.length === 1 ? classId(summary, typeCall.className) : undefined;
  }

  private *throughImports(summary: ModuleSummary, parts: string[], visiting: Set<string>, depth: number): Generator<Resolution> {
    // `import a.b.c` binds `a` and makes `a.b.c` reachable: try the longest bound dotted prefix first.
    for (let length = parts.length; length >= 1; length--) {
      const local = parts.slice(0, length).join('.');
      const rest = parts.slice(length);
      for (const binding of summary.imports) {
        if (binding.local !== local) continue;
        if (binding.name === undefined) {
          yield this.inPackage(binding.module, rest, visiting, depth);
          continue;
        }
        const asAttribute = this.inModule(binding.module, [binding.name, ...rest], visiting, depth);
        if (asAttribute.kind === 'class' || asAttribute.kind === 'metaclass-alias' || (asAttribute.kind === 'module' && rest.length === 0)) {
          yield asAttribute;
        } else if (this.modules.exists(`${binding.module}.${binding.name}`)) {
          yield this.inPackage(`${binding.module}.${binding.name}`, rest, visiting, depth);
        } else {
          yield asAttribute.kind === 'unknown' && !this.modules.exists(binding.module)
            ? { kind: 'unknown', guess: [binding.module, binding.name, ...rest].join('.') }
            : asAttribute;
        }
      }
    }
  }

  private inPackage(module: string, rest: string[], visiting: Set<string>, depth: number): Resolution {
    if (rest.length === 0) return { kind: 'module', module };
    return this.inModule(module, rest, visiting, depth);
  }
}

/** `Generic[T]` → `Generic`: subscripted bases are their origin class (typing's __mro_entries__). */
function stripSubscript(expression: string): string {
  const bracket = expression.indexOf('[');
  return (bracket < 0 ? expression : expression.slice(0, bracket)).replace(/[\s\\]+/g, '');
}


/** A class's id is its `__module__` (a module may declare another `__name__`) and `__qualname__`. */
export function classId(summary: ModuleSummary, qualname: string): string {
  return `${summary.declaredName ?? summary.module}.${qualname}`;
}

/** What `from module import *` brings in: `__all__` when given, else every name not starting with `_`. */
function exports(summary: ModuleSummary, name: string): boolean {
  if (summary.exportedNames) return summary.exportedNames.includes(name);
  return !name.startsWith('_');
}

function builtinClass(parts: string[]): Resolution | undefined {
  if (parts.length !== 1) {
    if (parts.length === 2 && (parts[0] === 'builtins' || parts[0] === '__builtin__')) return builtinClass([parts[1]]);
    return undefined;
  }
  const name = BUILTIN_ALIASES.get(parts[0]) ?? parts[0];
  return BUILTIN_CLASSES.has(name) ? { kind: 'class', id: `${BUILTINS_MODULE}.${name}` } : undefined;
}
