// Bundles the compiled CLI (dist/cli/main.js and what it imports) into dist/bundle/netxray.js, the `netxray`
// bin: one file loads much faster than ~70 ES modules (netmiko: about 30 ms of a 0.4 s run). Run after tsc.
// npm packages stay external; modules loaded with import() become chunks, loaded only when used.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const outdir = join(dist, 'bundle');
const entry = join(dist, 'cli', 'main.js');

/**
 * Each bundled module keeps the import.meta.url of its compiled file in dist/: modules find files next to
 * themselves that way (the parser worker script, the viewer's scripts, package.json for the version).
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.js$/ }, ({ path }) => {
      const contents = readFileSync(path, 'utf8');
      if (!path.startsWith(dist + sep) || !contents.includes('import.meta.url')) return { contents, loader: 'js' };
      const fromBundle = relative(outdir, path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { netxray: entry },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander and picomatch (small, needed at every start) are bundled; the others stay in node_modules: web-tree-sitter
  // finds its wasm next to itself, and the rest load only for some commands and formats.
  external: ['web-tree-sitter', 'tree-sitter-python', 'elkjs', '@resvg/resvg-js', 'ssh2', 'yaml', 'typescript'],
  // Bundled CommonJS (commander) calls require() for node: built-ins.
  banner: { js: "import { createRequire as __netxrayCreateRequire } from 'node:module';\nconst require = __netxrayCreateRequire(import.meta.url);" },
  plugins: [ownImportMetaUrl],
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  // Small files compile faster; the map (node --enable-source-maps) points stack traces back to src/.
  sourcemap: 'linked',
});
chmodSync(join(outdir, 'netxray.js'), 0o755);
