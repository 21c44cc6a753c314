// Benchmark: the whole `netxray classes PKG --format json` process against pylint's `pyreverse -o dot` and griffe's
// `griffe dump` (mkdocstrings' static API extractor, Debian python3-griffe), side by side in one run (alternating,
// same machine state), medians of wall time, CPU time and peak memory; then where a cold netxray run spends its time.
// --baseline DIR also runs another built checkout's bin (e.g. main's) in the same rotation.
// On a machine shared with other work, wall times scale with the load average; CPU time (user + system, all threads
// and child processes) moves far less, so the CPU ratio is printed beside the wall ratio.
// Usage: node bench/classes.bench.mjs [--runs N] [--neutron-runs N] [--packages a,b,...] [--baseline DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
  const samples = { netxray: [], baseline: [], pyreverse: [], griffe: [] };
  const netxrayArgs = ['classes', pkg, '--format', 'json', '-o', '/dev/null', '--python', PYTHON];
  for (let i = 0; i < runs; i++) {
    samples.netxray.push(measure(...netxrayCommand(CLI, netxrayArgs)));
    if (BASELINE) samples.baseline.push(measure(...netxrayCommand(BASELINE, netxrayArgs)));
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
  if (baseline) {
    console.log(`${''.padEnd(11)} baseline ${show(baseline)}: ${(pyreverse.seconds / baseline.seconds).toFixed(1)}x pyreverse (CPU ${(pyreverse.cpuSeconds / baseline.cpuSeconds).toFixed(1)}x); this build ${(baseline.seconds / netxray.seconds).toFixed(2)}x faster than it (CPU ${(baseline.cpuSeconds / netxray.cpuSeconds).toFixed(2)}x)`);
  }
  row.phasesMs = phases(pkg);
  console.log(`${''.padEnd(11)} phases of one cold run (ms wall/CPU): ${Object.entries(row.phasesMs).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
}
console.log(`load average at the end ${loadAverage()}`);
console.log(JSON.stringify(rows));

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
