// `analyseClasses`: from a package name, directory or file to the class model, without running any Python code.
import { locateTarget } from '../../collect/python/locateTarget.js';
import type { ModuleFinder } from '../../collect/python/moduleFinder.js';
import type { ModuleSummary, RawClass } from '../../collect/python/moduleSummary.js';
import { chooseGrammarTier, pythonParser } from '../../collect/python/parser.js';
import { listPackageSources, type SourceFile } from '../../collect/python/sourceFiles.js';
import { summariseAll } from '../../collect/python/summariseAll.js';
import { SummaryCache, type SummaryCacheOptions } from '../../collect/python/summaryCache.js';
import type { Parser } from 'web-tree-sitter';
import { NetxrayError } from '../../errors.js';
import {
  CLASS_MODEL_SCHEMA, CLASS_MODEL_VERSION, type ClassInfo, type ClassModel, type Diagnostic, type DispatchTable, type ModuleInfo,
} from '../../model/classModel.js';
import { NETXRAY_VERSION } from '../../version.js';
import { BUILTIN_CLASSES, BUILTINS_MODULE, EXTENSION_CLASS_IDS, OBJECT_ID } from './builtins.js';
import { addNamedTupleMethods, GeneratedMethods } from './generatedMethods.js';
import { linkMembers } from './members.js';
import { GrammarNeeded, ModuleIndex } from './moduleIndex.js';
import { computeMros } from './mro.js';
import { classRecognisers, type DeclaredClass } from './recognisers/index.js';
import { NameResolver, type ClassSource } from './resolveName.js';
import { CLASS_FACTORIES, compactOutsideStrings, parseBaseCall, parseMethodCall, SUBCLASS_FACTORIES } from './callBases.js';
import { mroEntries, NAMED_TUPLE_ID, typingAlias, type WrittenBase } from './typingBases.js';
import { compareText } from '../../textOrder.js';

export interface ClassAnalysisOptions {
  /** Python interpreter whose sys.path locates packages (default: python3, then /usr/bin/python3). */
  python?: string;
  /** Worker threads for parsing (default: the machine's cores). */
  threads?: number;
  /** Where module summaries are kept between runs (collect/python/summaryCache.ts; default: the environment's cache folder). */
  summaryCache?: SummaryCacheOptions;
}

export async function analyseClasses(spec: string, options: ClassAnalysisOptions = {}): Promise<ClassModel> {
  // Date.now(), not perf_hooks' clock: loading perf_hooks costs a short run ~2 ms of CPU for a figure in whole ms.
  const started = Date.now();
  const located = await locateTarget(spec, options.python);
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [];
  for (const directory of located.directories) {
    const listing = listPackageSources(directory, located.target.module);
    files.push(...listing.files);
    diagnostics.push(...listing.diagnostics);
  }
  if (located.file) files.push({ module: located.target.module, file: located.file, isPackage: located.file.endsWith('__init__.py') });
  if (files.length === 0) throw new NetxrayError('bad-input', `${spec}: no Python files found`);

  // Modules whose files are as an earlier run of this build read them are taken as it summarised them.
  const cache = SummaryCache.forTarget(located, options.summaryCache);
  let analysis: FilesAnalysis;
  try {
    analysis = await analyseFiles(located.finder, files, diagnostics, { ...options, cache, grammarAlways: false });
  } catch (error) {
    if (!(error instanceof GrammarNeeded)) throw error;
    // An external module no earlier run read: it is parsed after all, and the analysis starts again.
    analysis = await analyseFiles(located.finder, files, diagnostics, { ...options, cache, grammarAlways: true });
  }
  const { classes, moduleInfos, dispatchTables } = analysis;
  // After the analysis: the external modules it read on demand are kept too.
  cache?.save();
  return {
    schema: CLASS_MODEL_SCHEMA,
    version: CLASS_MODEL_VERSION,
    generator: { name: 'netxray', version: NETXRAY_VERSION },
    target: located.target,
    modules: moduleInfos,
    classes,
    dispatchTables,
    diagnostics: analysis.diagnostics,
    stats: {
      files: files.length,
      classes: classes.filter((cls) => !cls.external).length,
      externalClasses: classes.filter((cls) => cls.external).length,
      dynamicClasses: classes.filter((cls) => cls.origin === 'dynamic').length,
      methods: classes.reduce((sum, cls) => sum + (cls.external ? 0 : cls.methods.length), 0),
      durationMs: Date.now() - started,
    },
  };
}

export interface FilesAnalysis {
  classes: ClassInfo[];
  moduleInfos: ModuleInfo[];
  dispatchTables: DispatchTable[];
  diagnostics: Diagnostic[];
}

/**
 * The model of `files`: their summaries (kept ones from `cache`, the others parsed, on worker threads when there are
 * many), then the analysis. When every module is kept the grammar is not even loaded (its wasm costs a short run
 * ~30 ms of CPU), unless `grammarAlways`: an external module missing from the store then throws GrammarNeeded.
 */
async function analyseFiles(
  finder: ModuleFinder, files: SourceFile[], listingDiagnostics: Diagnostic[],
  options: ClassAnalysisOptions & { cache: SummaryCache | undefined; grammarAlways: boolean },
): Promise<FilesAnalysis> {
  const { cache } = options;
  const lookedUp = SummaryCache.lookUp(cache, files);
  const { fresh } = lookedUp;
  // The grammar's compiler tier depends on how much there is to parse (parser.ts), so it loads once that is known.
  const needsGrammar = fresh.length > 0 || options.grammarAlways || !cache;
  if (needsGrammar) chooseGrammarTier(fresh.length);
  const parserReady = needsGrammar ? pythonParser() : undefined;
  const summaries = lookedUp.complete(await summariseAll(fresh, options.threads));
  return analyseSummaries(finder, summaries, listingDiagnostics, await parserReady, cache);
}

/**
 * The analysis proper, from the target's module summaries: names resolved, external ancestors read (parsed with
 * `parser` when `cache` does not keep them), MROs, members and dispatch tables. Exported for bench/classesPhases.mjs,
 * which times it apart from the parsing.
 */
export function analyseSummaries(
  finder: ModuleFinder, summaries: ModuleSummary[], listingDiagnostics: Diagnostic[], parser: Parser | undefined, cache: SummaryCache | undefined,
): FilesAnalysis {
  const modules = new ModuleIndex(finder, parser, summaries, cache);
  const diagnostics = [...listingDiagnostics];
  for (const summary of summaries) diagnostics.push(...summary.diagnostics);
  const builder = new ModelBuilder(modules, diagnostics);
  builder.build(summaries);
  return { classes: builder.orderedClasses(), moduleInfos: modules.moduleInfos(), dispatchTables: builder.dispatchTables, diagnostics };
}

interface PendingBases {
  cls: ClassInfo;
  scope: string;
  expressions: string[];
  /** For a class statement: where it is, so that its bases are looked up as Python does at that point. */
  source?: ClassSource;
}

class ModelBuilder {
  readonly classes = new Map<string, ClassInfo>();
  readonly dispatchTables: DispatchTable[] = [];
  private readonly resolver: NameResolver;
  private readonly pending: PendingBases[] = [];
  /** For classes whose metaclass came from a with_metaclass alias: the module to resolve it in. */
  private readonly metaclassScope = new Map<ClassInfo, string>();
  private readonly declaredModules = new Set<string>();
  /** Classes written `class T(NamedTuple)`: they get namedtuple's generated methods. */
  private readonly namedTuples = new Set<ClassInfo>();

  constructor(private readonly modules: ModuleIndex, private readonly diagnostics: Diagnostic[]) {
    this.resolver = new NameResolver(modules);
  }

  build(summaries: ModuleSummary[]): void {
    for (const summary of summaries) this.declareDynamicClasses(summary);
    for (const summary of summaries) {
      for (const raw of summary.classes) this.addSourceClass(summary, raw, false);
    }
    this.resolvePendingBases();
    const mros = computeMros(this.classes.keys(), (id) => this.classes.get(id)?.bases.map((base) => base.id ?? ''));
    for (const [id, mro] of mros) {
      const cls = this.classes.get(id);
      if (!cls) continue;
      cls.mro = mro;
      if (mro === null && !cls.external) {
        this.diagnostics.push({ severity: 'warning', code: 'inconsistent-mro', file: cls.file ?? undefined, line: cls.line ?? undefined,
          message: `${cls.id}: no consistent method resolution order for bases ${cls.bases.map((b) => b.expression).join(', ')}` });
      }
    }
    const generated = new GeneratedMethods((cls) => this.importedDecorators(cls));
    for (const cls of this.classes.values()) if (!cls.external) generated.apply(cls, this.classes);
    for (const cls of this.namedTuples) addNamedTupleMethods(cls);
    linkMembers(this.classes);
    for (const summary of summaries) {
      for (const recogniser of classRecognisers) this.dispatchTables.push(...(recogniser.dispatchTables?.(summary, this.resolver) ?? []));
    }
  }

  /** A class's decorators with their first name as imported: `@define` after `from attrs import define` is attrs.define. */
  private importedDecorators(cls: ClassInfo): string[] {
    const summary = this.resolver.sourceOf(cls.id)?.summary;
    if (!summary) return cls.decorators;
    return cls.decorators.map((decorator) => {
      const [, head, tail] = /^([A-Za-z_]\w*)(.*)$/s.exec(decorator) ?? [];
      if (head === undefined) return decorator;
      const binding = summary.imports.filter((candidate) => candidate.local === head && candidate.line < (cls.line ?? Infinity)).at(-1);
      if (!binding) return decorator;
      return `${binding.name === undefined ? binding.module : `${binding.module}.${binding.name}`}${tail}`;
    });
  }

  orderedClasses(): ClassInfo[] {
    const all = [...this.classes.values()];
    return [...all.filter((cls) => !cls.external), ...all.filter((cls) => cls.external).sort((a, b) => compareText(a.id, b.id))];
  }

  private declareDynamicClasses(summary: ModuleSummary): void {
    if (this.declaredModules.has(summary.module)) return;
    this.declaredModules.add(summary.module);
    for (const recogniser of classRecognisers) {
      const findings = recogniser.declareClasses?.(summary, { summaryOf: (module) => this.modules.get(module) });
      if (!findings) continue;
      this.diagnostics.push(...(findings.diagnostics ?? []));
      for (const module of findings.modules ?? []) this.modules.addDataModule(module.name, module.file, this.modules.isTarget(summary.module));
      for (const declared of findings.classes ?? []) this.addDynamicClass(declared);
    }
  }

  private addDynamicClass(declared: DeclaredClass): void {
    this.modules.inject(declared.module, declared.binding, declared.id);
    if (this.classes.has(declared.id)) return;
    const cls = newClass(declared.id, declared.name, declared.name, declared.module, 'dynamic', !this.modules.isTarget(declared.module));
    cls.file = declared.provenance.file;
    cls.line = declared.line;
    cls.attributes = declared.attributes;
    cls.provenance = declared.provenance;
    this.classes.set(cls.id, cls);
    this.pending.push({ cls, scope: declared.baseScope, expressions: declared.bases });
  }

  private addSourceClass(summary: ModuleSummary, raw: RawClass, external: boolean): ClassInfo {
    const id = this.resolver.register(summary, raw);
    const existing = this.classes.get(id);
    if (existing) {
      if (!external && existing.line !== raw.line && existing.file === summary.file) {
        this.diagnostics.push({ severity: 'info', code: 'conditional-class', file: summary.file, line: raw.line,
          message: `${id} is defined more than once (conditional definition); the first, at line ${existing.line}, is shown` });
      }
      return existing;
    }
    const cls = newClass(id, raw.name, raw.qualname, summary.declaredName ?? summary.module, 'source', external);
    cls.file = summary.file;
    cls.line = raw.line;
    cls.decorators = raw.decorators;
    if (raw.metaclass) cls.metaclass = raw.metaclass;
    if (raw.doc) cls.doc = raw.doc;
    cls.methods = raw.methods.map((method) => ({ ...method, parameters: method.parameters.map((p) => ({ ...p })) }));
    cls.attributes = raw.attributes;
    this.classes.set(id, cls);
    this.pending.push({ cls, scope: summary.module, expressions: raw.bases, source: { summary, raw } });
    return cls;
  }

  /** Resolves bases breadth-first; ancestors found outside the target join the model and get resolved in turn. */
  private resolvePendingBases(): void {
    while (this.pending.length > 0) {
      const { cls, scope, expressions, source } = this.pending.shift() as PendingBases;
      // A class statement with no bases inherits from object (Python 3; old-style classes do not exist any more).
      if (expressions.length === 0) {
        cls.bases = cls.id === OBJECT_ID ? [] : [{ expression: 'object', id: this.classFor(BUILTINS_MODULE, 'object', cls)[0] }];
      } else {
        cls.bases = mroEntries(expressions.map((expression): WrittenBase => {
          const typingName = this.typingName(scope, expression);
          const alias = typingAlias(typingName);
          // `class T(NamedTuple)`: typing's NamedTupleMeta makes a tuple subclass with namedtuple's methods.
          if (source && typingName === NAMED_TUPLE_ID) {
            this.namedTuples.add(cls);
            return { expression, generic: false, typingAlias: false, ids: this.classFor(BUILTINS_MODULE, 'tuple', cls) };
          }
          return {
            expression,
            generic: alias !== undefined || /\[/.test(expression),
            typingAlias: alias !== undefined,
            ids: alias ? this.classFor(alias[0], alias[1], cls)
              : this.sourceBase(source, expression, cls) ?? this.classFor(scope, expression, cls, source?.raw.line),
          };
        }));
      }
      this.applyMetaclassInjection(cls, scope);
    }
  }

  /** The dotted name a base leads to when it is no class here: typing's aliases are functions' results in typing.py. */
  private typingName(scope: string, expression: string): string | undefined {
    if (!/Generic|typing|[A-Z]/.test(expression)) return undefined;
    const resolution = this.resolver.resolve(scope, expression);
    return resolution.kind === 'unknown' ? resolution.guess : resolution.kind === 'class' ? resolution.id : undefined;
  }

  /**
   * Bases only a class statement's place decides: a sibling class of the same class body (`class Outer: class A; class
   * B(A)` finds A in the class namespace), and a base made by a call (`namedtuple("P", "x y")`).
   */
  private sourceBase(source: ClassSource | undefined, expression: string, subclass: ClassInfo): string[] | undefined {
    if (!source) return undefined;
    const { summary, raw } = source;
    const split = raw.qualname.lastIndexOf('.');
    if (split > 0 && !raw.qualname.slice(0, split).endsWith('<locals>')) {
      const prefix = raw.qualname.slice(0, split + 1);
      const parts = expression.replace(/\[.*$/s, '').replace(/\s+/g, '').split('.');
      const sibling = summary.classes.find((other) => other.qualname === `${prefix}${parts[0]}` && other.line < raw.line);
      const target = sibling && summary.classes.find((other) => other.qualname === `${prefix}${parts.join('.')}`);
      if (target) return [this.sourceClass(summary, target)];
    }
    const methodCall = parseMethodCall(expression);
    const subclassFactory = methodCall && SUBCLASS_FACTORIES.get(methodCall.method);
    if (methodCall && subclassFactory) {
      const [owner] = this.classFor(summary.module, methodCall.owner, subclass, raw.line);
      const ownerName = owner ? this.classes.get(owner)?.name : undefined;
      const name = ownerName && subclassFactory.name(ownerName, methodCall.args);
      if (owner && name) return [this.addFactoryClass(summary, name, `${methodCall.owner}.${methodCall.method}`, [owner], raw, subclass, subclassFactory.module)];
    }
    const call = parseBaseCall(expression);
    if (!call) return undefined;
    const callee = this.resolver.resolve(summary.module, call.callee);
    const factoryBases = callee.kind === 'unknown' ? CLASS_FACTORIES.get(callee.guess) : undefined;
    if (!factoryBases || !call.className) return undefined;
    return [this.addFactoryClass(summary, call.className, callee.kind === 'unknown' ? callee.guess : call.callee, factoryBases, raw, subclass)];
  }

  private sourceClass(summary: ModuleSummary, raw: RawClass): string {
    const id = this.resolver.register(summary, raw);
    if (!this.classes.has(id)) this.addSourceClass(summary, raw, !this.modules.isTarget(summary.module));
    return id;
  }

  /** The class a factory call used as a base makes: named by its first argument, in the calling module. */
  private addFactoryClass(
    summary: ModuleSummary, name: string, factory: string, bases: readonly string[], raw: RawClass, subclass: ClassInfo,
    madeIn = summary.declaredName ?? summary.module,
  ): string {
    const module = madeIn;
    const inCaller = module === (summary.declaredName ?? summary.module);
    // Python names it module.name, which may be the subclass's own id (`class P(namedtuple("P", ...))`): kept apart.
    const plain = `${module}.${name}`;
    const id = plain === subclass.id || (inCaller && summary.classes.some((other) => other.qualname === name))
      ? `${plain}<${factory.slice(factory.lastIndexOf('.') + 1)}>` : plain;
    if (!this.classes.has(id)) {
      const cls = newClass(id, name, name, module, 'dynamic', inCaller ? subclass.external : !this.modules.isTarget(module));
      cls.file = summary.file;
      cls.line = raw.line;
      cls.provenance = { kind: 'type-call', file: summary.file, line: raw.line, factory };
      this.classes.set(id, cls);
      // Bases already in the model (the class from_queryset was called on) are linked as they are.
      if (bases.every((base) => this.classes.has(base))) cls.bases = bases.map((base) => ({ expression: base, id: base }));
      else this.pending.push({ cls, scope: BUILTINS_MODULE, expressions: [...bases] });
    }
    return id;
  }

  /** The class ids one written base stands for: usually one; several for a with_metaclass alias. */
  private classFor(scope: string, expression: string, subclass: ClassInfo, atLine?: number): string[] {
    const metaclassOf = /^type\((.+)\)$/s.exec(expression.trim());
    if (metaclassOf) return [this.metaclassOf(scope, metaclassOf[1], subclass)];
    const resolution = this.resolver.resolve(scope, expression, atLine);
    if (resolution.kind === 'class') {
      if (!this.classes.has(resolution.id)) this.addExternalClass(resolution.id);
      return [resolution.id];
    }
    if (resolution.kind === 'metaclass-alias') {
      const alias = this.modules.get(resolution.module)?.metaclassAliases.find((a) => a.name === resolution.name);
      if (!alias) return [];
      if (!subclass.metaclass) subclass.metaclass = alias.metaclass;
      this.metaclassScope.set(subclass, resolution.module);
      return alias.bases.length > 0
        ? alias.bases.flatMap((base) => this.classFor(resolution.module, base, subclass))
        : this.classFor(BUILTINS_MODULE, 'object', subclass);
    }
    const extensionClass = resolution.kind === 'unknown' ? EXTENSION_CLASS_IDS.get(resolution.guess) : undefined;
    if (extensionClass) return [this.addCompiledClass(extensionClass)];
    return [this.unresolved(resolution.kind === 'module' ? resolution.module : resolution.guess, expression, subclass)];
  }

  /** `type(X)` as a base (neutron's ManagerMeta) is X's metaclass, or `type` when X names none. */
  private metaclassOf(scope: string, expression: string, subclass: ClassInfo): string {
    const [classId] = this.classFor(scope, expression, subclass);
    const source = this.resolver.sourceOf(classId);
    if (!source?.raw.metaclass) return this.classFor(BUILTINS_MODULE, 'type', subclass)[0];
    return this.classFor(source.summary.module, source.raw.metaclass, subclass)[0];
  }

  /**
   * A metaclass whose __new__ rebuilds the class as `type(name, (X,) + bases, dct)` changes the bases Python
   * ends up with; applied where the class names that metaclass directly (keyword or with_metaclass alias).
   */
  private applyMetaclassInjection(cls: ClassInfo, scope: string): void {
    if (!cls.metaclass || cls.external) return;
    const metaclassScope = this.metaclassScope.get(cls) ?? scope;
    const resolution = this.resolver.resolve(metaclassScope, cls.metaclass);
    if (resolution.kind !== 'class') return;
    const source = this.resolver.sourceOf(resolution.id);
    const injected = source?.raw.injectsBases;
    if (!source || !injected) return;
    const resolveAll = (names: string[]) => names.flatMap((name) =>
      this.classFor(source.summary.module, name, cls).map((id) => ({ expression: name, id })));
    cls.bases = [...resolveAll(injected.before), ...cls.bases, ...resolveAll(injected.after)];
  }

  private unresolved(guess: string, expression: string, subclass: ClassInfo): string {
    // A call's text is kept as written, string literals included (`make_base("a  b")`); white space elsewhere goes.
    const id = compactOutsideStrings(guess);
    if (!subclass.external) {
      this.diagnostics.push({ severity: 'info', code: 'unresolved-base', file: subclass.file ?? undefined, line: subclass.line ?? undefined,
        message: `${subclass.id}: base ${expression.replace(/\s*\n\s*/g, ' ')} not resolved (kept as ${id})` });
    }
    this.addPlaceholder(id);
    return id;
  }

  /** A class of a compiled module: it has no source to read, so object stands for its bases. */
  private addCompiledClass(id: string): string {
    if (!this.classes.has(id)) {
      const split = id.lastIndexOf('.');
      const cls = newClass(id, id.slice(split + 1), id.slice(split + 1), id.slice(0, split), 'source', true);
      this.classes.set(id, cls);
      this.pending.push({ cls, scope: BUILTINS_MODULE, expressions: [] });
    }
    return id;
  }

  /** A class known only by name: drawn, with object as its only base, and marked unresolved. */
  private addPlaceholder(id: string): void {
    if (this.classes.has(id)) return;
    const module = id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : '';
    const name = id.slice(id.lastIndexOf('.') + 1);
    const placeholder = newClass(id, name, name, module, 'unresolved', !this.modules.isTarget(module));
    this.classes.set(id, placeholder);
    this.pending.push({ cls: placeholder, scope: BUILTINS_MODULE, expressions: [] });
  }

  /** Adds an ancestor that lives outside the target: a builtin, or a class read from its module's source. */
  private addExternalClass(id: string): void {
    if (id.startsWith(`${BUILTINS_MODULE}.`)) {
      const name = id.slice(BUILTINS_MODULE.length + 1);
      const cls = newClass(id, name, name, BUILTINS_MODULE, 'source', true);
      this.classes.set(id, cls);
      this.pending.push({ cls, scope: BUILTINS_MODULE, expressions: [...(BUILTIN_CLASSES.get(name) ?? [])] });
      return;
    }
    const source = this.resolver.sourceOf(id);
    if (source) {
      this.addSourceClass(source.summary, source.raw, !this.modules.isTarget(source.summary.module));
      return;
    }
    for (let split = id.lastIndexOf('.'); split > 0; split = id.lastIndexOf('.', split - 1)) {
      const summary = this.modules.get(id.slice(0, split));
      if (!summary) continue;
      const raw = summary.classes.find((candidate) => candidate.qualname === id.slice(split + 1));
      if (raw) {
        this.addSourceClass(summary, raw, !this.modules.isTarget(summary.module));
        return;
      }
      // A class made at run time in an external module (SQLAlchemy's BASEV2 in neutron_lib).
      this.declareDynamicClasses(summary);
      if (this.classes.has(id)) return;
    }
    // Never leave a base pointing at nothing: an id without a definition becomes an unresolved class.
    this.addPlaceholder(id);
  }
}

function newClass(id: string, name: string, qualname: string, module: string, origin: ClassInfo['origin'], external: boolean): ClassInfo {
  return {
    id, name, qualname, module, file: null, line: null, origin, external, bases: [], mro: null, decorators: [],
    methods: [], inheritedMethods: [], attributes: [],
  };
}
