// The Python grammar: web-tree-sitter with tree-sitter-python's wasm, loaded once per thread.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let ready: Promise<Parser> | undefined;

/**
 * Files from which a run keeps V8's default tiering for WebAssembly. Below it the grammar stays on V8's baseline
 * compiler, Liftoff: by default V8 also recompiles tree-sitter's hottest wasm functions (the parse loop, the
 * Python lexer: large functions) with TurboFan on background threads, and for netmiko's 119 files that was a
 * fifth of all instructions the process ran (valgrind --tool=callgrind: 497 M of 2.28 G) for code that had
 * little left to parse once ready. Side by side with the default under load (7 runs): netmiko's process CPU
 * 1.13 s -> 0.81 s, its main thread's the same (0.68 s), peak RSS 90 -> 73 MB. neutron's 1,885 files pay for
 * TurboFan (baseline only: CPU 10.5 -> 12.0 s, two runs each). The same mark as a second parsing thread's
 * (summariseAll.ts); nothing between 119 and 1,885 files was measured.
 */
export const FILES_FOR_OPTIMISED_GRAMMAR = 400;

/**
 * Picks the grammar's wasm tier for a run over `fileCount` files. V8 fixes a module's tiers when it compiles it,
 * so this only counts before this thread's first pythonParser(); the flag is process-wide and worker threads
 * compile after it.
 */
export function chooseGrammarTier(fileCount: number): void {
  if (ready === undefined) setFlagsFromString(fileCount < FILES_FOR_OPTIMISED_GRAMMAR ? BASELINE_TIER_ONLY : DEFAULT_TIERING);
}

// Not --liftoff-only, which does the same but also sets flags that turning it off leaves set: V8 stamps a code
// cache with its flags, and the bin's cache (src/cli/netxray.cts) is written at the end of a short run.
const BASELINE_TIER_ONLY = '--no-wasm-dynamic-tiering --no-wasm-tier-up';
export const DEFAULT_TIERING = '--wasm-dynamic-tiering --wasm-tier-up';

/** The two compiled wasm modules a parser is made from: web-tree-sitter's runtime and tree-sitter-python's grammar. */
export interface GrammarModules {
  runtime: WebAssembly.Module;
  language: WebAssembly.Module;
}

let compiled: Promise<GrammarModules> | undefined;

/**
 * This process's compiled grammar, compiled once (at the tier chooseGrammarTier picked). A WebAssembly.Module can be
 * posted to a worker thread, which instantiates it without compiling it again: V8 shares the compiled code between
 * the threads of a process. Both wasm files are named by package, not by web-tree-sitter's own location: the bin
 * bundles web-tree-sitter into another directory.
 */
export function grammarModules(): Promise<GrammarModules> {
  compiled ??= (async () => {
    const [runtime, language] = await Promise.all([
      WebAssembly.compile(readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'))),
      WebAssembly.compile(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'))),
    ]);
    return { runtime, language };
  })();
  return compiled;
}

/**
 * A parser for Python source, made once per thread from `modules` (a worker is handed its parent's) or from this
 * thread's own grammarModules(), and shared afterwards.
 */
export function pythonParser(modules?: GrammarModules): Promise<Parser> {
  ready ??= (async () => {
    const { runtime, language } = modules ?? await grammarModules();
    // Emscripten's hook: the runtime instantiated from its compiled module, the callback taking (instance, module).
    await Parser.init({
      instantiateWasm: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
        receive(new WebAssembly.Instance(runtime, imports), runtime);
        return {};
      },
    } as Parameters<typeof Parser.init>[0]);
    const parser = new Parser();
    parser.setLanguage(Language.loadSync(language));
    return parser;
  })();
  return ready;
}
