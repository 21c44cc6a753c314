// Benchmark: the whole `netxray classes PKG --format json` process against pylint's `pyreverse -o dot` and griffe's
// `griffe dump` (mkdocstrings' static API extractor, Debian python3-griffe), side by side in one run (alternating,
// same machine state), medians of wall time, CPU time and peak memory; then where a cold netxray run spends its time.
// netxray keeps module summaries between runs (src/collect/python/summaryCache.ts): its main figure is a run after
// an earlier one (one untimed run first, as for the baseline's kept sys.path), and a first run is timed beside it.
// --baseline DIR also runs another built checkout's bin (e.g. main's) in the same rotation. For netmiko also the
// issue's pyenv case: no --python, with a pyenv shim first on PATH (this machine's own, else a pyenv layout made in a
// temp folder whose shim is never meant to run), as a developer laptop has it.
// On a machine shared with other work, wall times scale with the load average; CPU time (user + system, all threads
// and child processes) moves far less, so the CPU ratio is printed beside the wall ratio.
// Usage: node bench/classes.bench.mjs [--runs N] [--neutron-runs N] [--packages a,b,...] [--baseline DIR]
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';
import { measure, median } from './timing.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'neutron-runs': { type: 'string', default: '1' },
    packages: { type: 'string', default: 'netmiko,jnpr.junos,paramiko,ncclient,neutron' },
    baseline: { type: 'string' },
  },
});
const CLI = netxrayBin();
const BASELINE = values.baseline ? netxrayBin(resolve(values.baseline)) : undefined;
if (BASELINE && !existsSync(BASELINE)) throw new Error(`classes bench: no baseline bin at ${BASELINE} (a built checkout: git worktree add DIR main && bash DIR/scripts/install-deps.sh)`);
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
/** The cache folder of netxray's first runs (firstRunEnvironment). */
let FIRST_RUN_CACHE;
// Each build keeps its summaries in a cache folder of its own: one shared folder holds one store per package,
// stamped with the build that wrote it, so two builds taking turns would discard each other's and neither run
// would be a run with kept summaries.
const BUILD_CACHES = new Map([CLI, BASELINE].filter(Boolean).map((cli) => [cli, mkdtempSync(join(tmpdir(), 'netxray-bench-kept-'))]));
const keptEnvironment = (cli, env = process.env) => ({ ...env, NETXRAY_CACHE_DIR: BUILD_CACHES.get(cli) });
process.on('exit', () => {
  for (const folder of [FIRST_RUN_CACHE, ...BUILD_CACHES.values()]) if (folder) rmSync(folder, { recursive: true, force: true });
});
// The issue's targets: netmiko ≤ 0.4 s and ≥ 14× faster; neutron ≤ 6 s, ≤ 600 MB, ≥ 30× faster.
const TARGETS = { netmiko: { seconds: 0.4, speedup: 14 }, neutron: { seconds: 6, speedup: 30, megabytes: 600 } };

if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
  console.log('note: NODE_EXTRA_CA_CERTS is set; bin/netxray starts Node without it for classes (see bin/netxray)');
}
const loadAverage = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`machine: ${cpuModel()}, ${cpus().length} cores, Node ${process.version}; load average ${loadAverage()}`);
const show = (tool) => `${tool.seconds.toFixed(2)} s (CPU ${tool.cpuSeconds.toFixed(2)} s) ${tool.megabytes.toFixed(0)} MB`;
const rows = [];
for (const pkg of values.packages.split(',')) {
  const runs = Number(pkg === 'neutron' ? values['neutron-runs'] : values.runs);
  const samples = { netxray: [], firstRun: [], baseline: [], pyreverse: [], griffe: [], shim: [], baselineShim: [] };
  const netxrayArgs = ['classes', pkg, '--format', 'json', '-o', '/dev/null', '--python', PYTHON];
  const shim = pkg === 'netmiko' ? pyenvShimEnvironment() : undefined;
  // Untimed: each build's caches (sys.path, and this build's module summaries) as after any earlier run.
  measure(...netxrayCommand(CLI, netxrayArgs), { env: keptEnvironment(CLI) });
  if (BASELINE) measure(...netxrayCommand(BASELINE, netxrayArgs), { env: keptEnvironment(BASELINE) });
  if (shim) for (const cli of BUILD_CACHES.keys()) measure(...netxrayCommand(cli, netxrayArgs.slice(0, -2)), { env: keptEnvironment(cli, shim.env) });
  for (let i = 0; i < runs; i++) {
    samples.netxray.push(measure(...netxrayCommand(CLI, netxrayArgs), { env: keptEnvironment(CLI) }));
    samples.firstRun.push(measure(...netxrayCommand(CLI, netxrayArgs), { env: firstRunEnvironment() }));
    if (BASELINE) samples.baseline.push(measure(...netxrayCommand(BASELINE, netxrayArgs), { env: keptEnvironment(BASELINE) }));
    if (shim) {
      samples.shim.push(measure(...netxrayCommand(CLI, netxrayArgs.slice(0, -2)), { env: keptEnvironment(CLI, shim.env) }));
      if (BASELINE) samples.baselineShim.push(measure(...netxrayCommand(BASELINE, netxrayArgs.slice(0, -2)), { env: keptEnvironment(BASELINE, shim.env) }));
    }
    const scratch = mkdtempSync(join(tmpdir(), 'netxray-pyreverse-'));
    try {
      samples.pyreverse.push(measure('pyreverse', ['-o', 'dot', '-p', 'bench', pkg], { cwd: scratch }));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // -y: find the package on sys.path; -r: resolve aliases (imports), griffe's counterpart of resolving bases.
    samples.griffe.push(measure(PYTHON, ['-m', 'griffe', 'dump', pkg, '-y', '-r', '-o', '/dev/null']));
  }
  const medians = (list) => list.length === 0 ? undefined : {
    seconds: median(list.map((r) => r.seconds)), cpuSeconds: median(list.map((r) => r.cpuSeconds)), megabytes: median(list.map((r) => r.megabytes)),
  };
  const row = { package: pkg, runs, ...Object.fromEntries(Object.entries(samples).map(([tool, list]) => [tool, medians(list)])) };
  const { netxray, baseline, pyreverse, griffe } = row;
  if (shim) shim.cleanUp();
  row.speedup = pyreverse.seconds / netxray.seconds;
  row.cpuSpeedup = pyreverse.cpuSeconds / netxray.cpuSeconds;
  rows.push(row);
  const target = TARGETS[pkg];
  const verdict = target
    ? [netxray.seconds <= target.seconds ? 'time ok' : `time over ${target.seconds}s`,
       row.speedup >= target.speedup ? 'speedup ok' : `speedup under ${target.speedup}x`,
       ...(target.megabytes ? [netxray.megabytes <= target.megabytes ? 'memory ok' : `memory over ${target.megabytes} MB`] : [])].join(', ')
    : '';
  console.log(`${pkg.padEnd(11)} netxray ${show(netxray)} | pyreverse ${show(pyreverse)} | ${row.speedup.toFixed(1)}x faster (CPU ${row.cpuSpeedup.toFixed(1)}x) | griffe ${show(griffe)}, ${(griffe.seconds / netxray.seconds).toFixed(1)}x (median of ${runs}) ${verdict}`);
  console.log(`${''.padEnd(11)} first run (no kept module summaries, sys.path kept): netxray ${show(row.firstRun)}, ${(pyreverse.seconds / row.firstRun.seconds).toFixed(1)}x pyreverse (CPU ${(pyreverse.cpuSeconds / row.firstRun.cpuSeconds).toFixed(1)}x)`);
  if (baseline) {
    console.log(`${''.padEnd(11)} baseline ${show(baseline)}: ${(pyreverse.seconds / baseline.seconds).toFixed(1)}x pyreverse (CPU ${(pyreverse.cpuSeconds / baseline.cpuSeconds).toFixed(1)}x); this build ${(baseline.seconds / netxray.seconds).toFixed(2)}x faster than it (CPU ${(baseline.cpuSeconds / netxray.cpuSeconds).toFixed(2)}x)`);
  }
  if (row.shim) {
    console.log(`${''.padEnd(11)} pyenv shim first on PATH (${shim.where}), no --python: netxray ${show(row.shim)}, ${(pyreverse.seconds / row.shim.seconds).toFixed(1)}x pyreverse${row.baselineShim ? `; baseline ${show(row.baselineShim)}, ${(pyreverse.seconds / row.baselineShim.seconds).toFixed(1)}x` : ''}`);
  }
  row.phasesMs = phases(pkg);
  console.log(`${''.padEnd(11)} phases of one cold run (ms wall/CPU): ${Object.entries(row.phasesMs).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
}
console.log(`load average at the end ${loadAverage()}`);
console.log(JSON.stringify(rows));

/**
 * A netxray run as the first one over a package: a cache folder of its own without module summaries
 * (src/collect/python/summaryCache.ts), where sys.path stays kept as in the default folder.
 */
function firstRunEnvironment() {
  FIRST_RUN_CACHE ??= mkdtempSync(join(tmpdir(), 'netxray-bench-first-run-'));
  for (const name of readdirSync(FIRST_RUN_CACHE)) if (name.startsWith('summaries-')) rmSync(join(FIRST_RUN_CACHE, name));
  return { ...process.env, NETXRAY_CACHE_DIR: FIRST_RUN_CACHE };
}

/**
 * The environment of a developer whose PATH starts with pyenv's shims: this machine's, when `python3` on PATH is a
 * pyenv shim; else a pyenv root made here whose shim (a bash script that would start pyenv, which is not there)
 * picks `system`, the next python3 on PATH, as pyenv's own shim does (src/collect/python/choosePython.ts).
 */
function pyenvShimEnvironment() {
  const onPath = (process.env.PATH ?? '').split(delimiter).map((directory) => join(directory, 'python3')).find(existsSync);
  if (onPath && /[\\/]shims[\\/]python3$/.test(onPath) && readFileSync(onPath, 'latin1').includes('pyenv')) {
    return { env: process.env, where: onPath, cleanUp: () => {} };
  }
  const root = mkdtempSync(join(tmpdir(), 'netxray-bench-pyenv-'));
  mkdirSync(join(root, 'shims'));
  writeFileSync(join(root, 'shims', 'python3'), '#!/usr/bin/env bash\nexec pyenv exec python3 "$@"\n');
  chmodSync(join(root, 'shims', 'python3'), 0o755);
  writeFileSync(join(root, 'version'), 'system\n');
  const env = { ...process.env, PYENV_ROOT: root, PATH: `${join(root, 'shims')}${delimiter}${process.env.PATH ?? ''}` };
  return { env, where: 'a pyenv layout made for the bench', cleanUp: () => rmSync(root, { recursive: true, force: true }) };
}

function phases(pkg) {
  const run = spawnSync(process.execPath, [new URL('./classesPhases.mjs', import.meta.url).pathname, pkg, PYTHON], { encoding: 'utf8' });
  if (run.status !== 0) return { error: run.stderr.trim().split('\n').pop() };
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

/** The CPU model, as lscpu reports it: speed depends on it more than on anything netxray does. */
function cpuModel() {
  try {
    return /^Model name:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8').replace(/^model name\s*:/gm, 'Model name:'))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model ?? 'unknown CPU';
  }
}
