// The class model: the versioned JSON contract between `netxray classes` analysis and every renderer.
// Documented for users in docs/class-model.md; bump CLASS_MODEL_VERSION on any incompatible change.

export const CLASS_MODEL_SCHEMA = 'netxray/classes' as const;
export const CLASS_MODEL_VERSION = 1 as const;

export interface ClassModel {
  schema: typeof CLASS_MODEL_SCHEMA;
  version: typeof CLASS_MODEL_VERSION;
  generator: { name: 'netxray'; version: string };
  target: AnalysisTarget;
  /** Every module read, analysed target and external ones alike. */
  modules: ModuleInfo[];
  /** Classes of the target, then the external ancestors they need (external: true). */
  classes: ClassInfo[];
  dispatchTables: DispatchTable[];
  diagnostics: Diagnostic[];
  stats: AnalysisStats;
  /**
   * Present only on a filtered model (src/analyse/classFilters.ts): what was filtered and
   * what a renderer needs to draw the result. Absent on a model straight from analysis.
   */
  view?: ClassModelView;
}

export interface AnalysisTarget {
  /** What the user typed: a dotted package name, a directory or a file. */
  spec: string;
  kind: 'package' | 'directory' | 'file';
  /** Dotted name of the top module or package analysed (e.g. `jnpr.junos`). */
  module: string;
  /** Absolute path of the package directory or file. */
  path: string;
  /** The interpreter whose sys.path was used to find modules, if any. */
  python?: string;
}

export interface ModuleInfo {
  name: string;
  file: string;
  isPackage: boolean;
  /** True for modules outside the analysed target, read only to resolve ancestors. */
  external: boolean;
}

export type ClassOrigin =
  /** A `class` statement in a source file. */
  | 'source'
  /** Made at run time and recovered statically (YAML tables, `type(...)` calls). */
  | 'dynamic'
  /** Named as a base but its definition could not be read (C extension, package not installed). */
  | 'unresolved';

export interface ClassInfo {
  /** Defining module + qualified name, e.g. `netmiko.cisco.cisco_ios.CiscoIosSSH`. */
  id: string;
  name: string;
  qualname: string;
  module: string;
  file: string | null;
  line: number | null;
  origin: ClassOrigin;
  /** Outside the analysed target (an ancestor from another package, or a builtin). */
  external: boolean;
  bases: BaseRef[];
  /** C3 linearisation as class ids, starting with this class; null when it cannot be computed. */
  mro: string[] | null;
  decorators: string[];
  metaclass?: string;
  /** First line of the docstring. */
  doc?: string;
  methods: MethodInfo[];
  /** Methods this class gets from an ancestor without defining them itself (from the MRO). */
  inheritedMethods: InheritedMethod[];
  attributes: AttributeInfo[];
  /** For dynamic classes: where they come from. */
  provenance?: Provenance;
}

export interface BaseRef {
  /** The base expression as written in the source, e.g. `paramiko.SSHClient`. */
  expression: string;
  /** The class id it resolves to, or null when unresolved. */
  id: string | null;
}

export type MethodKind = 'method' | 'classmethod' | 'staticmethod' | 'property';

export interface MethodInfo {
  name: string;
  kind: MethodKind;
  decorators: string[];
  line: number;
  async: boolean;
  parameters: ParameterInfo[];
  returns?: string;
  /** Id of the nearest ancestor (in MRO order) that also defines this name. */
  overrides?: string;
}

export interface InheritedMethod {
  name: string;
  /** Id of the class (in MRO order) whose definition is used. */
  from: string;
}

export type ParameterKind =
  | 'positional-only'
  | 'positional-or-keyword'
  | 'var-positional'
  | 'keyword-only'
  | 'var-keyword';

export interface ParameterInfo {
  name: string;
  kind: ParameterKind;
  /** Default value as written in the source. */
  default?: string;
  annotation?: string;
}

export interface AttributeInfo {
  name: string;
  scope: 'class' | 'instance';
  line: number;
  annotation?: string;
  /** The assigned value as written, shortened. */
  value?: string;
}

export interface Provenance {
  kind: 'yaml' | 'type-call';
  file: string;
  line: number;
  /** The code that makes the class, e.g. `jnpr.junos.factory.FactoryLoader`. */
  factory?: string;
}

export interface DispatchTable {
  /** module + '.' + name, e.g. `netmiko.ssh_dispatcher.CLASS_MAPPER`. */
  id: string;
  module: string;
  name: string;
  file: string;
  line: number;
  entries: DispatchEntry[];
}

export interface DispatchEntry {
  key: string;
  /** The class id the key selects, null when unresolved. */
  target: string | null;
  /** The value expression as written. */
  expression: string;
  line: number;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable code, e.g. `syntax-error`, `unresolved-base`, `unreadable-file`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
}

export interface AnalysisStats {
  files: number;
  classes: number;
  externalClasses: number;
  dynamicClasses: number;
  methods: number;
  durationMs: number;
}

/** How a model was filtered for display; see "Filters and views" in docs/class-model.md. */
export interface ClassModelView {
  filters: AppliedClassFilters;
  /**
   * Classes named as a base by a shown class but filtered out (externals hidden, outside the
   * focus or the module globs), so renderers can draw a small "base not shown" hint.
   */
  hiddenBases: HiddenBase[];
  /** Present when the view is collapsed to packages: draw these instead of `classes`. */
  packages?: PackageNode[];
  packageEdges?: PackageEdge[];
}

/**
 * The filters as applied, after defaults; `focus` is the resolved class id. With a focus, an
 * absent `ancestors` or `descendants` means unlimited (JSON has no Infinity).
 */
export interface AppliedClassFilters {
  focus?: string;
  ancestors?: number;
  descendants?: number;
  include?: string[];
  exclude?: string[];
  members: 'none' | 'public' | 'all';
  externals: boolean;
  collapse?: number;
}

export interface HiddenBase {
  id: string;
  name: string;
  module: string;
  external: boolean;
  origin: ClassOrigin;
}

export interface PackageNode {
  /** Dotted package name, the first `collapse` parts of its modules' names. */
  id: string;
  /** Shown classes in this package. */
  classes: number;
  /** True when every class in it is external. */
  external: boolean;
}

export interface PackageEdge {
  from: string;
  to: string;
  /** `inheritance`: classes in `from` with a base in `to`; `dispatch`: table entries in `from` selecting a class in `to`. */
  kind: 'inheritance' | 'dispatch';
  /** How many class-level links this edge stands for. */
  count: number;
}
