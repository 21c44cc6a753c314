// The Python grammar: web-tree-sitter with tree-sitter-python's wasm, loaded once per thread.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let ready: Promise<Parser> | undefined;

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
