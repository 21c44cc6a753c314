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

// OpenStack network paths: collect a snapshot (live or from a file), analyse one instance, render the report.
export { collectTraceSnapshot, collectScanSnapshot, type CollectOptions } from './collect/collectTrace.js';
export { loadSnapshot, saveSnapshot, redactSnapshot } from './collect/snapshotFile.js';
export { analyseTrace, hasProblems } from './analyse/trace/index.js';
export { traceRenderers, findTraceRenderer, type TraceRenderer } from './render/trace/index.js';
export * from './model/cloudSnapshot.js';
export * from './model/traceModel.js';
