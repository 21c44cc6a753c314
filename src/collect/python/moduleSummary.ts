// What one Python source file says about classes, read from its syntax tree alone: plain data that can cross worker threads.
import type { AttributeInfo, Diagnostic, MethodInfo } from '../../model/classModel.js';

export interface ModuleSummary {
  module: string;
  file: string;
  isPackage: boolean;
  /** False when the file could not be read or decoded; then only diagnostics are set. */
  readable: boolean;
  diagnostics: Diagnostic[];
  /** Names bound by import statements, in source order (conditional imports included). */
  imports: ImportBinding[];
  /** `from x import *`: absolute module names. */
  starImports: string[];
  /** Module-level `NAME = <expression>` bindings that may alias a class, in source order. */
  aliases: AliasBinding[];
  /** `NAME = six.with_metaclass(Meta, *bases)`: subclassing NAME makes a class of Meta with those bases. */
  metaclassAliases: MetaclassAlias[];
  /** A module-level `__name__ = "..."` (CPython's _collections_abc says it is collections.abc): classes report it as __module__. */
  declaredName?: string;
  classes: RawClass[];
  /** Explicit `__all__`, when it is a literal list or tuple of strings. */
  exportedNames?: string[];
  /** Module-level dicts whose values are names, after evaluating literals, loops and later assignments. */
  dictTables: RawDictTable[];
  /** `X = type('X', (Base, ...), {...})` calls with literal arguments, and other known class factories. */
  typeCalls: RawTypeCall[];
  /** `globals().update(loader(path))` calls: classes injected into the module at run time. */
  globalsUpdates: RawGlobalsUpdate[];
  /** Line ranges of module-level `except ImportError:` clauses: bindings there are fallbacks, not rebindings. */
  importFallbackLines?: [number, number][];
  /** Module-level `if` branches that run only when some modules are (or are not) installed: see ImportGuard.modules. */
  availabilityBranches?: ImportGuard[];
  /**
   * Every name a module-level statement binds (def, class, assignment, import), in the branches that run; unset
   * when the module also binds names it cannot show (`from x import *`, a module `__getattr__`).
   */
  boundNames?: string[];
  /** Import hooks a package `__init__` installs that make modules from the YAML files of its folder (PyEZ >= 2.2). */
  yamlImportHooks?: RawYamlImportHook[];
}

export interface ImportBinding {
  /** The name bound in this module. */
  local: string;
  /** Absolute dotted module name. */
  module: string;
  /** For `from module import name`: the imported name; absent for `import module`. */
  name?: string;
  line: number;
}

export interface AliasBinding {
  name: string;
  /** A dotted name expression, e.g. `base.Foo` (calls and other expressions are not kept). */
  expression: string;
  line: number;
}

export interface MetaclassAlias {
  name: string;
  metaclass: string;
  bases: string[];
  line: number;
}

export interface RawClass {
  name: string;
  qualname: string;
  line: number;
  /** Base expressions as written, with `six.with_metaclass(M, B)` unwrapped to `B`. */
  bases: string[];
  metaclass?: string;
  decorators: string[];
  doc?: string;
  methods: MethodInfo[];
  attributes: AttributeInfo[];
  /** Nested inside a function: not reachable as a module attribute. */
  local: boolean;
  /**
   * For a metaclass whose `__new__` builds the class with `type(name, (X,) + bases, dct)`: the bases it puts
   * before and after the written ones (neutron's RbacNeutronMetaclass adds RbacNeutronDbObjectMixin).
   */
  injectsBases?: { before: string[]; after: string[] };
  /** Defined in a `try:` body whose `except ImportError:` defines a fallback, or in that fallback. */
  importGuard?: ImportGuard;
}

/** The lines of the guarded `try:` body (its imports decide) and which side of it a class is on. */
export interface ImportGuard {
  firstLine: number;
  lastLine: number;
  fallback: boolean;
  /**
   * For `if requireModule("m"):` / `else:` (no `try:`): the modules whose presence decides, instead of the imports
   * of the lines above; the lines are then those of the branch.
   */
  modules?: string[];
}

export interface RawDictTable {
  name: string;
  line: number;
  entries: { key: string; expression: string; line: number }[];
}

export interface RawTypeCall {
  /** The name the class is bound to in the module. */
  binding: string;
  className: string;
  bases: string[];
  line: number;
  /** The function that makes the class: `type`, `declarative_base`. */
  factory: string;
}

export interface RawGlobalsUpdate {
  /** The called loader as written, e.g. `loadyaml`. */
  loader: string;
  /** The path argument as written. */
  pathExpression: string;
  line: number;
}

export interface RawYamlImportHook {
  /** The finder class put on sys.meta_path. */
  finder: string;
  /** The loader class whose exec_module reads `<name><extension>` beside `__file__`. */
  loader: string;
  /** The call that turns the YAML into classes: `FactoryLoader` (FactoryLoader().load) or `loadyaml`. */
  factory: string;
  /** `.yml` or `.yaml`. */
  extension: string;
  line: number;
}
