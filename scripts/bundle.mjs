// Bundles the compiled CLI (dist/cli/main.js and what it imports, web-tree-sitter included) into one CommonJS module,
// dist/bundle/netxray-cli.cjs (written as the module's function, which only src/cli/netxray.cts runs), then writes
// V8's code cache for it by running it once. bin/netxray starts dist/cli/netxray.cjs (src/cli/netxray.cts), which
// runs the bundle from that cache. Run after tsc.
// - One file loads much faster than ~75 ES modules; CommonJS because Node 20 can code-cache a vm.Script but not
//   an ES module. Measured side by side on netmiko (hyperfine, 25 runs): ES module bundle 0.301 s, this 0.285 s.
// - Every dynamic import() becomes a require(): a script run from a code cache has no import() callback.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const outdir = join(dist, 'bundle');
const bundle = join(outdir, 'netxray-cli.cjs');
const bin = join(dist, 'cli', 'netxray.cjs');

/**
 * Each bundled module keeps the URL of its compiled file in dist/: modules find files next to themselves that
 * way (the parser worker script, the viewer's scripts, package.json for the version).
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.js$/ }, ({ path }) => {
      const contents = readFileSync(path, 'utf8');
      if (!path.startsWith(dist + sep) || !contents.includes('import.meta.url')) return { contents, loader: 'js' };
      const fromBundle = relative(outdir, path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, __netxrayBundleUrl).href`;
      return { contents: contents.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(dist, 'cli', 'main.js')],
  outfile: bundle,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  supported: { 'dynamic-import': false },
  // Loaded only by some commands and formats, or native: they stay in node_modules.
  external: ['tree-sitter-python', 'elkjs', '@resvg/resvg-js', 'ssh2', 'yaml', 'typescript'],
  // web-tree-sitter's CommonJS build; it is told where its wasm is (src/collect/python/parser.ts).
  alias: { 'web-tree-sitter': fileURLToPath(import.meta.resolve('web-tree-sitter').replace(/\.js$/, '.cjs')) },
  // The file is one function expression, the body of a CommonJS module (src/cli/netxray.cts compiles it as it
  // is: a string of the file's one-byte text, not a second megabyte wrapped around it and flattened by V8).
  banner: { js: '(function (exports, require, module, __filename, __dirname) {var __netxrayBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  footer: { js: '})' },
  plugins: [ownImportMetaUrl],
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  // The map (node --enable-source-maps) points stack traces back to src/.
  sourcemap: 'linked',
});
chmodSync(bin, 0o755);
assertAscii(bundle);
writeBuildId();
writeCodeCache();

/**
 * dist/build-id: a digest of the compiled code and both grammars. The class analysis keeps module summaries from
 * one run to the next for this build only (src/collect/python/summaryCache.ts): any change to them is a new build.
 */
function writeBuildId() {
  const require = createRequire(import.meta.url);
  const files = [
    ...readdirSync(dist, { recursive: true }).map((name) => join(dist, name))
      .filter((file) => /\.(c?js|json)$/.test(file) && statSync(file).isFile()),
    require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  ].sort();
  const digest = createHash('sha256');
  for (const file of files) digest.update(`${relative(dist, file)}\0`).update(readFileSync(file)).update('\0');
  writeFileSync(join(dist, 'build-id'), `${digest.digest('hex')}\n`);
}

/**
 * A bundle of plain ASCII is read by Node as a one-byte string. One character beyond ASCII (esbuild escapes those in
 * strings, not in regular expression literals) makes the whole megabyte a two-byte string: decoded as UTF-8, then
 * copied twice its size on every start (callgrind, netmiko: 17 M instructions in ReadFileUtf8 alone).
 */
function assertAscii(file) {
  const text = readFileSync(file, 'latin1');
  const at = text.search(/[\u0080-\uffff]/);
  if (at >= 0) throw new Error(`bundle: ${file} is not ASCII at ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}: write \\u escapes in the source`);
}

/**
 * Runs the bin once on a small package of Python's own library, so that the cache holds what a `classes` run
 * compiles, and checks that V8 accepts it. Without python3 there is no cache, and the bin compiles as usual.
 */
function writeCodeCache() {
  const python = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['-c', '']).status === 0);
  if (!python) {
    console.warn('bundle: no python3, so no code cache (netxray starts about 15 ms slower)');
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'netxray-code-cache-'));
  try {
    const args = ['classes', 'json', '--python', python, '--format', 'json', '-o', join(scratch, 'json.json')];
    // A summary cache of its own (src/collect/python/summaryCache.ts): the run parses, as a first run does.
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(bin)}).writeCodeCacheAfter(${JSON.stringify(args)})`],
      { encoding: 'utf8', env: { ...process.env, NETXRAY_CACHE_DIR: join(scratch, 'cache') } });
    const { CODE_CACHE, compileBundle } = createRequire(import.meta.url)(bin);
    if (run.status !== 0 || !existsSync(CODE_CACHE)) throw new Error(`bundle: the code cache run failed: ${run.stderr}`);
    if (compileBundle(readFileSync(CODE_CACHE)).cachedDataRejected) throw new Error('bundle: V8 rejected the code cache it just wrote');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
