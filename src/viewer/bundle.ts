// Builds what the HTML page inlines: the viewer script (shared diagram module + browser app, as one classic script) and elkjs.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
/** The viewer's modules, in dependency order (../escape: the escaping helpers it shares with the renderers). */
const MODULES = ['../escape', 'diagram', 'treeLayout', 'layout', 'modelCodec', 'camera', 'layoutEngine', 'search', 'panel', 'deepLink', 'minimap', 'app'];

let cachedScript: Promise<string> | undefined;
let cachedElk: Promise<string> | undefined;

export async function moduleJavaScript(name: string): Promise<string> {
  const compiled = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  // From dist/ the compiled module sits next to this one; from src/ (tests) the TypeScript is transpiled on the fly.
  if (existsSync(compiled)) return readFile(compiled, 'utf8');
  const source = await readFile(fileURLToPath(new URL(`./${name}.ts`, import.meta.url)), 'utf8');
  const ts = require('typescript') as typeof import('typescript');
  return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext } }).outputText;
}

/** ES module text → statements for one shared scope: imports dropped (the modules are concatenated), exports unmarked. */
export function unmodule(code: string): string {
  return code
    .replace(/^import\s[^;]*;\s*$/gm, '')
    .replace(/^export\s+(?=(async\s+)?function|const|let|class)/gm, '')
    .replace(/^export\s*\{[^}]*\};?\s*$/gm, '')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}

// The page puts this script after its first view and before its model and elkjs: the first view is drawn before the
// browser has read the rest (elkjs ahead of it was 643 KB to parse first: neutron's drawing came ~0.4 s later at
// load 20, DevTools trace); elkjs is unpacked and its worker started once the page is parsed.
const START = `const first = drawFirstView();
const start = () => {
  const engine = unpackText(document.getElementById('nx-elk').textContent || '').then(createLayoutEngine);
  return startViewer(engine, first);
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();`;

export function viewerScript(): Promise<string> {
  cachedScript ??= (async () => {
    const parts = await Promise.all(MODULES.map(moduleJavaScript));
    return `(function () {\n'use strict';\n${parts.map(unmodule).join('\n')}\n${START}\n})();\n`;
  })();
  return cachedScript;
}

/** elkjs, whole and packed: the page runs it as a web worker from a blob: URL (no request), or in its own thread as a fallback. */
export function elkScript(): Promise<string> {
  cachedElk ??= readFile(require.resolve('elkjs/lib/elk.bundled.js'), 'utf8').then(packText);
  return cachedElk;
}

/** Text as the page carries it: gzip, then base64 (safe inside any element); modelCodec.ts's unpackText reads it back. */
export function packText(text: string): string {
  return gzipSync(text, { level: 6 }).toString('base64');
}

/** Text that can sit inside a <script> element without ending it. */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON inside <script type="application/json">: `<` escaped, so nothing in the model can end the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
