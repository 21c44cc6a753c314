// The modules known to one analysis: the target's, summarised up front, and external ones read on demand
// from sys.path when an ancestor class lives there.
import type { Parser } from 'web-tree-sitter';
import type { ModuleFinder } from '../../collect/python/moduleFinder.js';
import type { ImportGuard, ModuleSummary } from '../../collect/python/moduleSummary.js';
import { summariseFile } from '../../collect/python/summariseFile.js';
import { SummaryCache } from '../../collect/python/summaryCache.js';
import type { ModuleInfo } from '../../model/classModel.js';
import { compareText } from '../../textOrder.js';

/** An external module to read that the summary cache does not hold, in an analysis started without the grammar. */
export class GrammarNeeded extends Error {
  constructor(module: string) {
    super(`${module}: not in the summary cache, and the grammar is not loaded`);
  }
}

export class ModuleIndex {
  private readonly summaries = new Map<string, ModuleSummary | null>();
  private readonly targetModules = new Set<string>();
  /** Classes a recogniser found injected into a module's globals at run time: module → name → class id. */
  private readonly injected = new Map<string, Map<string, string>>();

  constructor(
    private readonly finder: ModuleFinder,
    /** Undefined when every module was expected in the cache: a module that is not there throws GrammarNeeded. */
    private readonly parser: Parser | undefined,
    targetSummaries: ModuleSummary[],
    /** Where external modules' summaries are kept between runs, as the target's are. */
    private readonly cache?: SummaryCache,
  ) {
    for (const summary of targetSummaries) {
      this.summaries.set(summary.module, summary);
      this.targetModules.add(summary.module);
    }
    for (const summary of targetSummaries) this.settleImportGuards(summary);
  }

  /**
   * Keeps, of the classes defined in a `try:` importing something and in its `except ImportError:` fallback, the
   * side that runs here: the `try:` body when every module it imports exists on sys.path, else the fallback.
   */
  private settleImportGuards(summary: ModuleSummary): void {
    if (!summary.classes.some((raw) => raw.importGuard)) return;
    summary.classes = summary.classes.filter((raw) => !raw.importGuard || this.guardRuns(summary, raw.importGuard));
  }

  /** Whether the lines a guard covers run here: its modules (or the imports of its `try:` body) exist, or for a fallback do not. */
  guardRuns(summary: ModuleSummary, guard: ImportGuard): boolean {
    const succeeds = guard.modules
      ? guard.modules.every((module) => this.exists(module))
      : summary.imports.filter((binding) => binding.line >= guard.firstLine && binding.line <= guard.lastLine)
        .every((binding) => this.exists(binding.module) && (binding.name === undefined || this.mayBind(binding.module, binding.name)));
    return guard.fallback ? !succeeds : succeeds;
  }

  /**
   * Whether `from module import name` can succeed: false only when the module's source shows every name it binds
   * and `name` is neither among them nor a submodule (urllib3's `from cryptography.x509 import UnsupportedExtension`,
   * gone from cryptography >= 2.1, takes the `except ImportError:` class).
   */
  private mayBind(module: string, name: string): boolean {
    const summary = this.get(module);
    if (!summary?.boundNames) return true;
    return summary.boundNames.includes(name) || this.exists(`${module}.${name}`);
  }

  isTarget(module: string): boolean {
    return this.targetModules.has(module);
  }

  targets(): ModuleSummary[] {
    return [...this.targetModules].map((module) => this.summaries.get(module)).filter((s): s is ModuleSummary => !!s);
  }

  /** The module's summary, reading it from sys.path if it is not part of the target. */
  get(module: string): ModuleSummary | undefined {
    if (!this.summaries.has(module)) this.summaries.set(module, this.load(module) ?? null);
    return this.summaries.get(module) ?? undefined;
  }

  /** Whether `module` names a module or package that exists (with or without source). */
  exists(module: string): boolean {
    return this.summaries.get(module) ? true : this.finder.find(module) !== undefined;
  }

  /** A module made at run time from a data file (an import hook's YAML module): it has no source, only injected classes. */
  addDataModule(module: string, file: string, isTarget: boolean): void {
    if (this.summaries.get(module)) return;
    this.summaries.set(module, { ...emptyPackage(module), file, isPackage: false });
    if (isTarget) this.targetModules.add(module);
  }

  inject(module: string, name: string, classId: string): void {
    let names = this.injected.get(module);
    if (!names) this.injected.set(module, (names = new Map()));
    names.set(name, classId);
  }

  injectedClass(module: string, name: string): string | undefined {
    return this.injected.get(module)?.get(name);
  }

  moduleInfos(): ModuleInfo[] {
    const infos: ModuleInfo[] = [];
    for (const [name, summary] of this.summaries) {
      if (summary && summary.file) infos.push({ name, file: summary.file, isPackage: summary.isPackage, external: !this.isTarget(name) });
    }
    return infos.sort((a, b) => Number(a.external) - Number(b.external) || compareText(a.name, b.name));
  }

  private load(module: string): ModuleSummary | undefined {
    const location = this.finder.find(module);
    if (!location) return undefined;
    if (location.kind === 'namespace') return emptyPackage(module);
    if (location.kind === 'extension') return undefined;
    const source = { module, file: location.file, isPackage: location.kind === 'package' };
    const lookedUp = SummaryCache.lookUp(this.cache, [source]);
    const [summary] = lookedUp.complete(lookedUp.fresh.map((fresh) => {
      if (!this.parser) throw new GrammarNeeded(module);
      return summariseFile(this.parser, fresh);
    }));
    this.settleImportGuards(summary);
    return summary;
  }
}

function emptyPackage(module: string): ModuleSummary {
  return {
    module, file: '', isPackage: true, readable: true, diagnostics: [], imports: [], starImports: [], aliases: [], metaclassAliases: [],
    classes: [], dictTables: [], typeCalls: [], globalsUpdates: [],
  };
}
