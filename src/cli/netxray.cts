#!/usr/bin/env node
// The CLI as bin/netxray starts it: the bundled CLI (dist/bundle/netxray-cli.cjs, scripts/bundle.mjs) run from the
// V8 code cache written next to it at build time, so that a short run does not spend its start compiling
// JavaScript (netmiko: about 15 ms of a 0.3 s run). V8 checks the cache against its own version, flags and the source, and
// rejects one that does not fit: the CLI is then compiled as usual. Nothing is written here at run time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = join(__dirname, '..', 'bundle', 'netxray-cli.cjs');
export const CODE_CACHE = `${BUNDLE}.cache`;

/**
 * The bundle, a CommonJS module's function (scripts/bundle.mjs writes it wrapped), compiled with `cachedData` when
 * there is some.
 */
export function compileBundle(cachedData?: Buffer): Script {
  // Read as latin1: the bundle is ASCII (scripts/bundle.mjs checks), and latin1 makes its one-byte string without
  // UTF-8 decoding (netmiko: a few ms of a run). Compiled as read: a string made of it (a hashbang dropped, a
  // wrapper added) is flattened by V8, another megabyte copied (~270 page faults).
  return new Script(readFileSync(BUNDLE, 'latin1'), { filename: BUNDLE, cachedData });
}

/** Runs the CLI (it reads process.argv and sets process.exitCode itself). */
export function runBundle(script: Script): void {
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
}

/** Build step: runs the CLI with `args` and, when it is done, writes the code cache of everything it compiled. */
export function writeCodeCacheAfter(args: string[]): void {
  process.argv = [process.argv[0], __filename, ...args];
  const script = compileBundle();
  process.once('exit', () => {
    // V8 stamps the cache with its flags and rejects it under others. A short run keeps WebAssembly on the baseline
    // tier (chooseGrammarTier in collect/python/parser.ts); every run starts with V8's defaults (its DEFAULT_TIERING).
    // node:v8 required here only: a run does not load it unless it compiles the grammar.
    (createRequire(BUNDLE)('node:v8') as typeof import('node:v8')).setFlagsFromString('--wasm-dynamic-tiering --wasm-tier-up');
    writeFileSync(CODE_CACHE, script.createCachedData());
  });
  runBundle(script);
}

function readCodeCache(): Buffer | undefined {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
}

/**
 * bin/netxray starts Node without NODE_EXTRA_CA_CERTS for the commands that open no connection, and passes it
 * on under another name: back it goes, for the processes the CLI starts.
 */
function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const saved = env.NETXRAY_NODE_EXTRA_CA_CERTS;
  if (saved === undefined) return;
  env.NODE_EXTRA_CA_CERTS = saved;
  delete env.NETXRAY_NODE_EXTRA_CA_CERTS;
}

/** bin/netxray tunes glibc's malloc for a classes run: the caller's GLIBC_TUNABLES (or none) go back the same way. */
function restoreGlibcTunables(env: NodeJS.ProcessEnv): void {
  if (env.NETXRAY_GLIBC_TUNABLES !== undefined) env.GLIBC_TUNABLES = env.NETXRAY_GLIBC_TUNABLES;
  else if (env.NETXRAY_GLIBC_TUNABLES_UNSET !== undefined) delete env.GLIBC_TUNABLES;
  delete env.NETXRAY_GLIBC_TUNABLES;
  delete env.NETXRAY_GLIBC_TUNABLES_UNSET;
}

if (require.main === module) {
  restoreExtraCaCerts(process.env);
  restoreGlibcTunables(process.env);
  if (existsSync(BUNDLE)) {
    runBundle(compileBundle(readCodeCache()));
  } else {
    process.stderr.write(`netxray: ${BUNDLE} is missing: this installation is not built (npm run build)\n`);
    process.exitCode = 70;
  }
}
