// netxray's library API: analyse a Python package into a class model, filter it, render it in any format.
export { analyseClasses, type ClassAnalysisOptions } from './analyse/classes/index.js';
export { filterClassModel, type ClassFilterOptions, type MemberVisibility } from './analyse/classFilters.js';
export { parseClassModel } from './model/validateClassModel.js';
export { classRenderers, findClassRenderer, type ClassRenderer, type RenderOptions } from './render/index.js';
// What changed between two versions of a library: the class diff, its breaking rules and its formats.
export { diffClassModels, hasBreakingChanges, type ClassDiffOptions } from './analyse/classDiff/index.js';
export { BREAKING_RULES, type BreakingRule, type RuleId } from './analyse/classDiff/breakingRules.js';
export { diffRenderers, findDiffRenderer, type DiffRenderer, type DiffRenderInput, type DiffRenderOptions } from './render/diff/index.js';
export * from './model/classDiff.js';
export { NetxrayError, EXIT, type ErrorCode } from './errors.js';
export { NETXRAY_VERSION } from './version.js';
export * from './model/classModel.js';

// OpenStack network paths: collect a snapshot (live or from a file), analyse one instance (trace) or many (scan),
// render the report. Networking backends (ML2/OVS today) are listed in one registry per side.
export { collectTraceSnapshot, collectScanSnapshot, type CollectOptions, type CollectProgress } from './collect/collectTrace.js';
export { collectBackends, type CollectBackend, type HostPlan, type WalkCollection } from './collect/backends/index.js';
export { loadSnapshot, saveSnapshot, redactSnapshot } from './collect/snapshotFile.js';
export {
  analyseTrace,
  backendOf,
  hasProblems,
  traceBackends,
  type InterfaceAnalysis,
  type TraceAnalysisOptions,
  type TraceBackend,
  type TraceCheck,
  type WalkAnalysis,
} from './analyse/trace/index.js';
export { analyseScan, scanHasProblems, scanIsUnverified, scanInstanceOf, type ScanAnalysisOptions } from './analyse/scan.js';
export { detectBackend, type BackendDetection } from './neutron/backends.js';
export { traceRenderers, findTraceRenderer, type TraceRenderer } from './render/trace/index.js';
export { scanRenderers, findScanRenderer, type ScanRenderer } from './render/scan/index.js';
export * from './model/backends.js';
export * from './model/cloudSnapshot.js';
export * from './model/hostOutputIds.js';
export * from './model/traceModel.js';
export * from './model/scanModel.js';
export * from './model/walkModel.js';
