// Benchmark: the whole `netxray classes PKG --format json` process against pylint's `pyreverse -o dot` and griffe's
// `griffe dump` (mkdocstrings' static API extractor, Debian python3-griffe), side by side in one run (alternating,
// same machine state), medians of wall time and peak memory; then where a cold netxray run spends its time.
// Usage: node bench/classes.bench.mjs [--runs N] [--neutron-runs N] [--packages a,b,...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';
import { measure, median } from './timing.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'neutron-runs': { type: 'string', default: '1' },
    packages: { type: 'string', default: 'netmiko,jnpr.junos,paramiko,ncclient,neutron' },
  },
});
const CLI = netxrayBin();
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
// The issue's targets: netmiko ≤ 0.4 s and ≥ 14× faster; neutron ≤ 6 s, ≤ 600 MB, ≥ 30× faster.
const TARGETS = { netmiko: { seconds: 0.4, speedup: 14 }, neutron: { seconds: 6, speedup: 30, megabytes: 600 } };

if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
  console.log('note: NODE_EXTRA_CA_CERTS is set; bin/netxray starts Node without it for classes (see bin/netxray)');
}
console.log(`machine: ${cpuModel()}, ${cpus().length} cores, Node ${process.version}`);
const rows = [];
for (const pkg of values.packages.split(',')) {
  const runs = Number(pkg === 'neutron' ? values['neutron-runs'] : values.runs);
  const netxray = [];
  const pyreverse = [];
  const griffe = [];
  for (let i = 0; i < runs; i++) {
    netxray.push(measure(...netxrayCommand(CLI, ['classes', pkg, '--format', 'json', '-o', '/dev/null', '--python', PYTHON])));
    const scratch = mkdtempSync(join(tmpdir(), 'netxray-pyreverse-'));
    try {
      pyreverse.push(measure('pyreverse', ['-o', 'dot', '-p', 'bench', pkg], { cwd: scratch }));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // -y: find the package on sys.path; -r: resolve aliases (imports), griffe's counterpart of resolving bases.
    griffe.push(measure(PYTHON, ['-m', 'griffe', 'dump', pkg, '-y', '-r', '-o', '/dev/null']));
  }
  const row = {
    package: pkg, runs,
    netxraySeconds: median(netxray.map((r) => r.seconds)), netxrayMB: median(netxray.map((r) => r.megabytes)),
    pyreverseSeconds: median(pyreverse.map((r) => r.seconds)), pyreverseMB: median(pyreverse.map((r) => r.megabytes)),
    griffeSeconds: median(griffe.map((r) => r.seconds)), griffeMB: median(griffe.map((r) => r.megabytes)),
  };
  row.speedup = row.pyreverseSeconds / row.netxraySeconds;
  rows.push(row);
  const target = TARGETS[pkg];
  const verdict = target
    ? [row.netxraySeconds <= target.seconds ? 'time ok' : `time over ${target.seconds}s`,
       row.speedup >= target.speedup ? 'speedup ok' : `speedup under ${target.speedup}x`,
       ...(target.megabytes ? [row.netxrayMB <= target.megabytes ? 'memory ok' : `memory over ${target.megabytes} MB`] : [])].join(', ')
    : '';
  console.log(`${pkg.padEnd(11)} netxray ${row.netxraySeconds.toFixed(2)} s ${row.netxrayMB.toFixed(0)} MB | pyreverse ${row.pyreverseSeconds.toFixed(2)} s ${row.pyreverseMB.toFixed(0)} MB | ${row.speedup.toFixed(1)}x faster | griffe ${row.griffeSeconds.toFixed(2)} s ${row.griffeMB.toFixed(0)} MB, ${(row.griffeSeconds / row.netxraySeconds).toFixed(1)}x (median of ${runs}) ${verdict}`);
  row.phasesMs = phases(pkg);
  console.log(`${''.padEnd(11)} phases of one cold run (ms): ${Object.entries(row.phasesMs).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
}
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
