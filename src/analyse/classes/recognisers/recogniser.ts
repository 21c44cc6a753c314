// The interface of a pattern recogniser: code that finds classes or tables Python builds at run time.
import type { ModuleSummary } from '../../../collect/python/moduleSummary.js';
import type { AttributeInfo, Diagnostic, DispatchTable, Provenance } from '../../../model/classModel.js';
import type { NameResolver } from '../resolveName.js';

/** A class made at run time, with its base names still to resolve. */
export interface DeclaredClass {
  id: string;
  name: string;
  module: string;
  /** The global name it is bound to in `module`. */
  binding: string;
  line: number;
  /** Base expressions, resolved in `baseScope`. */
  bases: string[];
  baseScope: string;
  attributes: AttributeInfo[];
  provenance: Provenance;
}

export interface RecogniserFindings {
  classes?: DeclaredClass[];
  diagnostics?: Diagnostic[];
  /** Modules with no Python source that exist at run time (an import hook's YAML modules): part of the target. */
  modules?: { name: string; file: string }[];
}

/** What a recogniser may look up while declaring classes. */
export interface RecogniserContext {
  /** Any module's summary: the target's, or one read from sys.path. */
  summaryOf(module: string): ModuleSummary | undefined;
}

export interface ClassRecogniser {
  name: string;
  /** Phase 1, per target module: classes made at run time; registered before any base is resolved. */
  declareClasses?(summary: ModuleSummary, context: RecogniserContext): RecogniserFindings;
  /** Phase 2, per target module, once every class is known. */
  dispatchTables?(summary: ModuleSummary, resolver: NameResolver): DispatchTable[];
}
