// The `netxray` bin runs the bundled CLI from its code cache (scripts/bundle.mjs, src/cli/netxray.cts): it must do
// what the compiled modules in dist/ do, including what those modules find through their own location (the parser
// worker, the viewer, the version), with the cache, without it and with a damaged one.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';

const ROOT = resolve(import.meta.dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: { netxray: string } };
const BIN = join(ROOT, packageJson.bin.netxray);
const MODULES_CLI = join(ROOT, 'dist/cli/main.js');
const LAUNCHER = join(ROOT, 'dist/cli/netxray.cjs');
const BUNDLE = join(ROOT, 'dist/bundle/netxray-cli.cjs');
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

/** Runs the bin (a shell script) as the shell would, and a JavaScript entry with this Node. */
function run(cli: string, ...args: string[]) {
  return runWith(process.env, cli, ...args);
}

function runWith(env: NodeJS.ProcessEnv, cli: string, ...args: string[]) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" (npm test does)`);
  const [command, argv] = cli.endsWith('js') ? [process.execPath, [cli, ...args]] : [cli, args];
  return spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000, env });
}

function model(cli: string, target: string, ...args: string[]): ClassModel {
  const result = run(cli, 'classes', target, '--format', 'json', '--python', PYTHON, ...args);
  expect(result.status, result.stderr).toBe(0);
  const parsed = JSON.parse(result.stdout) as ClassModel;
  delete (parsed.stats as { durationMs?: number }).durationMs;
  return parsed;
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'netxray-bin-'));
  const pkg = join(root, 'shapes');
  mkdirSync(pkg);
  writeFileSync(join(pkg, '__init__.py'), 'from .base import Shape\n');
  writeFileSync(join(pkg, 'base.py'), 'class Shape(object):\n    def __init__(self, name):\n        self.name = name\n');
  // Enough modules for a second parser thread (summariseAll: one more per 400 files).
  for (let i = 0; i < 420; i++) writeFileSync(join(pkg, `s${i}.py`), `from .base import Shape\n\nclass S${i}(Shape):\n    sides = ${i}\n`);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the bundled bin', () => {
  it('is what package.json names: an executable shell script that starts the code-cached CLI', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    expect(statSync(BIN).mode & 0o111).toBe(0o111);
    expect(readFileSync(LAUNCHER, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('finds every file it locates relative to a compiled module', () => {
    const bundleDir = dirname(BUNDLE);
    const paths = [...readFileSync(BUNDLE, 'utf8').matchAll(/new URL\("([^"]+)",\s*__netxrayBundleUrl\)/g)].map((m) => m[1]);
    expect(paths).toContain('../collect/python/summariseAll.js');
    for (const path of paths) expect(existsSync(join(bundleDir, path)), path).toBe(true);
    // The parser worker sits next to summariseAll.js.
    expect(existsSync(join(bundleDir, '../collect/python/summariseWorker.js'))).toBe(true);
  });

  it('prints the version from package.json', () => {
    expect(run(BIN, '--version').stdout.trim()).toBe(packageJson.version);
  });

  it('gives the same model as the compiled modules, on one thread and on two', () => {
    const expected = model(MODULES_CLI, join(root, 'shapes'), '--threads', '1');
    expect(expected.stats.classes).toBe(421);
    expect(model(BIN, join(root, 'shapes'), '--threads', '1')).toEqual(expected);
    expect(model(BIN, join(root, 'shapes'), '--threads', '2')).toEqual(expected);
  });

  it('starts from a code cache that V8 accepts', () => {
    const check = spawnSync(process.execPath, ['-e', `
      const bin = require(${JSON.stringify(LAUNCHER)});
      process.stdout.write(String(bin.compileBundle(require('node:fs').readFileSync(bin.CODE_CACHE)).cachedDataRejected));
    `], { encoding: 'utf8', timeout: 60_000 });
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('false');
  });

  it('gives the same model without its code cache and with a damaged one; without its bundle, one line', () => {
    // A copy of the installed layout (dist/ beside package.json and node_modules), so the real cache stays intact.
    const install = join(root, 'install');
    cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(install, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(install, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
    const bin = join(install, packageJson.bin.netxray);
    const cache = `${join(install, 'dist/bundle/netxray-cli.cjs')}.cache`;
    const expected = model(MODULES_CLI, join(root, 'shapes'), '--threads', '1');
    rmSync(cache);
    expect(model(bin, join(root, 'shapes'), '--threads', '1')).toEqual(expected);
    writeFileSync(cache, 'not a code cache');
    expect(model(bin, join(root, 'shapes'), '--threads', '1')).toEqual(expected);
    // An installation whose build is missing says so in one line.
    rmSync(join(install, 'dist/bundle/netxray-cli.cjs'));
    const broken = run(bin, 'classes', join(root, 'shapes'));
    expect(broken.status).toBe(70);
    expect(broken.stderr).toMatch(/^netxray: .*netxray-cli\.cjs is missing: this installation is not built \(npm run build\)\n$/);
  });

  it('starts Node without NODE_EXTRA_CA_CERTS for classes, and hands it on to python3; trace keeps it', () => {
    // Node warns on stderr at start-up when it cannot load the file the variable names: a missing file shows
    // whether Node read the variable. The "python3" here is a stand-in that records the variable, then execs Python.
    const missing = join(root, 'no-such-ca.pem');
    const seen = join(root, 'python-saw.txt');
    const python = join(root, 'python3-recording');
    writeFileSync(python, `#!/bin/sh\nprintf '%s' "$NODE_EXTRA_CA_CERTS" > '${seen}'\nexec '${PYTHON}' "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: missing };
    const classes = runWith(env, BIN, 'classes', join(root, 'shapes', 'base.py'), '--format', 'json', '--python', python);
    expect(classes.status, classes.stderr).toBe(0);
    expect(classes.stderr).not.toContain('extra certs');
    expect(readFileSync(seen, 'utf8')).toBe(missing);
    const trace = runWith(env, BIN, 'trace', '--help');
    expect(trace.status).toBe(0);
    expect(trace.stderr).toContain('extra certs');
  });

  it('starts Node for classes with glibc tunables of its own, and hands python3 the caller\'s, or none', () => {
    // Stand-ins for node (first on PATH) and python3 record the variable they were started with, then exec the real one.
    const seen = join(root, 'tunables-seen.txt');
    const stubs = join(root, 'tunables-stubs');
    mkdirSync(stubs, { recursive: true });
    const recorder = (name: string, real: string) =>
      writeFileSync(join(stubs, name), `#!/bin/sh\nprintf '${name}:%s\\n' "\${GLIBC_TUNABLES-unset}" >> '${seen}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    recorder('node', process.execPath);
    recorder('python3', PYTHON);
    const classes = (env: NodeJS.ProcessEnv) => {
      rmSync(seen, { force: true });
      // A cache folder of its own, so that python3 is asked for sys.path.
      const result = runWith({ ...env, PATH: `${stubs}:${env.PATH}`, NETXRAY_CACHE_DIR: mkdtempSync(join(root, 'cache-')) },
        BIN, 'classes', join(root, 'shapes', 'base.py'), '--format', 'json', '--python', join(stubs, 'python3'));
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(seen, 'utf8').trim().split('\n');
    };
    const ours = 'glibc.malloc.hugetlb=1:glibc.malloc.top_pad=16777216:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456:glibc.malloc.arena_max=1';
    const { GLIBC_TUNABLES: _, ...without } = process.env;
    expect(classes(without)).toEqual([`node:${ours}`, 'python3:unset']);
    const callers = 'glibc.malloc.arena_max=2';
    expect(classes({ ...without, GLIBC_TUNABLES: callers })).toEqual([`node:${ours}:${callers}`, `python3:${callers}`]);
  });

  it('writes the HTML viewer, whose scripts it reads from dist/viewer', () => {
    const out = join(root, 'shapes.html');
    const result = run(BIN, 'classes', join(root, 'shapes', 'base.py'), '--format', 'html', '-o', out, '--python', PYTHON);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('startViewer(engine, first)');
  });
});
