// The Python grammar: web-tree-sitter with tree-sitter-python's wasm, loaded once per thread.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  // node:v8 loaded here, when the grammar is about to be: a run that takes every summary from the cache does not.
  const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
  if (ready === undefined) setFlagsFromString(fileCount < FILES_FOR_OPTIMISED_GRAMMAR ? BASELINE_TIER_ONLY : DEFAULT_TIERING);
}

// Not --liftoff-only, which does the same but also sets flags that turning it off leaves set: V8 stamps a code
// cache with its flags, and the bin's cache (src/cli/netxray.cts) is written at the end of a short run.
const BASELINE_TIER_ONLY = '--no-wasm-dynamic-tiering --no-wasm-tier-up';
export const DEFAULT_TIERING = '--wasm-dynamic-tiering --wasm-tier-up';

/**
 * A parser for Python source; the wasm grammar is loaded on first use and shared afterwards. Both wasm files are
 * named by package, not by web-tree-sitter's own location: the bin bundles web-tree-sitter into another directory.
 */
export function pythonParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
    // Bytes rather than a path: for a path web-tree-sitter calls import(), which a code-cached script cannot.
    const language = await Language.load(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}
