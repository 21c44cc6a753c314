// Benchmark: `netxray scan` against the naive baseline (bench/naive/naiveScan.mjs: per instance its own token and
// GETs, per command its own SSH connection), side by side in one run, on the lab's scale topology (docs/lab.md:
// `npm run lab:scale -- 500`). Reports API requests, SSH connections, wall time and peak memory of both processes.
// Skips (exit 0, one line) when the lab is not up or the scale topology is not there; --force runs on whatever is.
// First, always: analysis time and memory on SYNTHETIC snapshots of growing size (no lab needed).
// Usage: node bench/scan.bench.mjs [--runs N] [--naive-limit N|all] [--force] [--skip-synthetic]
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cloudSize, labEnvironment, measureNetxray } from './labCloud.mjs';
import { netxrayBin } from './netxrayBin.mjs';
import { median } from './timing.mjs';
import { syntheticSnapshot } from './syntheticSnapshot.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'naive-limit': { type: 'string', default: '60' }, force: { type: 'boolean', default: false }, 'skip-synthetic': { type: 'boolean', default: false } },
  allowPositionals: true,
});
const ROOT = resolve(import.meta.dirname, '..');
const CLI = netxrayBin(); // what `npm install` puts on the PATH (package.json bin)
const NAIVE = join(ROOT, 'bench/naive/naiveScan.mjs');
// The issue's targets.
const TARGETS = { requests: 10, speedup: 5 };

/** Analysis time and memory on synthetic snapshots of growing size (bench/syntheticSnapshot.mjs). */
function syntheticScaling(scratchDir) {
  if (!existsSync(CLI)) return;
  const sizes = [0, 250, 500, 1000, 2000];
  const rows = sizes.map((n) => {
    const file = join(scratchDir, `synthetic-${n}.json`);
    writeFileSync(file, JSON.stringify(syntheticSnapshot(n)));
    const m = measureNetxray([CLI, 'scan', '--from', file, '-f', 'json', '-o', join(scratchDir, `synthetic-${n}.out.json`)]);
    const report = JSON.parse(readFileSync(join(scratchDir, `synthetic-${n}.out.json`), 'utf8'));
    return { n, ...m, instances: report.summary.instances };
  });
  console.log('synthetic scale (SYNTHETIC: a real recording + N cloned compute ports; analysis only, scan --from):');
  for (const r of rows) console.log(`  +${String(r.n).padStart(4)} ports: ${String(r.instances).padStart(4)} instances traced in ${r.seconds.toFixed(2)} s, peak ${r.megabytes.toFixed(0)} MB${r.n ? `, ${(((r.megabytes - rows[0].megabytes) * 1024) / r.n).toFixed(0)} KB per added port` : ''}`);
  const [, a, , , b] = rows;
  const growth = (b.megabytes - rows[0].megabytes) / Math.max(1e-9, a.megabytes - rows[0].megabytes);
  console.log(`  memory above the floor grows ${growth.toFixed(1)}× for ${b.n / a.n}× the ports (linear would be ${b.n / a.n}×): ${growth <= (b.n / a.n) * 1.25 ? 'at most linear' : 'MORE than linear'}`);
}

const skip = (why) => {
  console.log(`SKIP scan bench: ${why}`);
  process.exit(0);
};

if (!values['skip-synthetic']) {
  const dir = mkdtempSync(join(tmpdir(), 'netxray-scan-synthetic-'));
  try {
    syntheticScaling(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lab = labEnvironment();
if (!lab.env) skip(`${lab.why} && sudo npm run lab:scale -- 500`);
const env = lab.env;
const sshConfig = env.NETXRAY_LAB_SSH_CONFIG;

let size;
try {
  size = await cloudSize(env);
} catch (err) {
  skip(`the lab does not answer (${env.OS_AUTH_URL}: ${err.message})`);
}
const scaled = size.ports >= 500 && size.networks >= 20;
if (!scaled && !values.force) skip(`the scale topology is not there (${size.ports} ports, ${size.networks} networks; needs ≥ 500 and ≥ 20): sudo npm run lab:scale -- 500`);
if (!existsSync(CLI)) skip('dist/ missing: npm run build');

/** A process with the lab's variables. */
const labRun = (args) => measureNetxray(args, { ...process.env, ...env });

const scratch = mkdtempSync(join(tmpdir(), 'netxray-scan-bench-'));
try {
  console.log(`scan bench: ${size.ports} ports, ${size.networks} networks${scaled ? '' : ' (NOT the scale topology: --force)'}; ${values.runs} netxray run(s), naive over ${values['naive-limit']} instance(s)`);
  const netxray = [];
  let cost;
  let report;
  for (let i = 0; i < Number(values.runs); i++) {
    const snap = join(scratch, 'scan.snapshot.json');
    const out = join(scratch, 'scan.json');
    netxray.push(labRun([CLI, 'scan', '--ssh-config', sshConfig, '--save', snap, '-f', 'json', '-o', out, '-q']));
    report = JSON.parse(readFileSync(out, 'utf8'));
    cost = report.cost;
  }
  const snapshotBytes = statSync(join(scratch, 'scan.snapshot.json')).size;
  // Memory against size: the same analysis offline (--from) and the process floor (a 4-instance recording).
  const offline = labRun([CLI, 'scan', '--from', join(scratch, 'scan.snapshot.json'), '-f', 'json', '-o', join(scratch, 'off.json')]);
  const floor = labRun([CLI, 'scan', '--from', join(ROOT, 'test/trace/fixtures/lab-openvswitch.snapshot.json'), '-f', 'json', '-o', join(scratch, 'floor.json')]);
  const same = readFileSync(join(scratch, 'off.json'), 'utf8') === readFileSync(join(scratch, 'scan.json'), 'utf8');

  const naiveOut = join(scratch, 'naive.json');
  const limitArgs = values['naive-limit'] === 'all' ? [] : ['--limit', values['naive-limit']];
  const naiveRun = labRun([NAIVE, '--ssh-config', sshConfig, '--out', naiveOut, ...limitArgs]);
  const naive = JSON.parse(readFileSync(naiveOut, 'utf8'));
  const sampled = naive.visited < naive.units;

  const nx = { requests: cost.apiRequests, ssh: cost.sshConnections, seconds: median(netxray.map((r) => r.seconds)), mb: median(netxray.map((r) => r.megabytes)) };
  const nv = { requests: naive.full.apiRequests, ssh: naive.full.sshConnections, seconds: naive.full.durationMs / 1000, mb: naiveRun.megabytes };
  const row = (label, a, b, unit = '') => console.log(`  ${label.padEnd(18)} ${String(a).padStart(12)}${unit} ${String(b).padStart(14)}${unit}   ${(b / a).toFixed(1)}×`);
  console.log(`  instances scanned: ${report.summary.instances} (${report.summary.interfaces} interfaces), hosts ${report.hosts.length}, findings: ${report.summary.errors} errors, ${report.summary.warnings} warnings`);
  console.log(`  ${''.padEnd(18)} ${'netxray scan'.padStart(12)} ${'naive'.padStart(14)}   naive/netxray`);
  row('API requests', nx.requests, nv.requests);
  row('SSH connections', nx.ssh, nv.ssh);
  row('host commands', cost.hostCommands, naive.full.hostCommands);
  row('wall time (s)', nx.seconds.toFixed(1), nv.seconds.toFixed(1));
  row('peak RSS (MB)', nx.mb.toFixed(0), nv.mb.toFixed(0));
  if (sampled) {
    console.log(`  naive: measured on ${naive.visited} of ${naive.units} instances spread evenly (${naive.measured.apiRequests} requests, ${naive.measured.sshConnections} SSH connections, ${(naive.measured.durationMs / 1000).toFixed(1)} s, peak ${naiveRun.megabytes.toFixed(0)} MB), the full-run figures above extrapolated linearly from that (--naive-limit all measures everything)`);
  }
  if (naive.failedCommands) console.log(`  naive: ${naive.failedCommands} command(s) failed (${naive.failures.join('; ')}): a connection per command also fails more often`);
  const perPortKB = ((offline.megabytes - floor.megabytes) * 1024) / Math.max(1, size.ports - 10);
  console.log(`  memory: live scan peak ${nx.mb.toFixed(0)} MB; offline analysis of the same snapshot ${offline.megabytes.toFixed(0)} MB in ${offline.seconds.toFixed(1)} s vs ${floor.megabytes.toFixed(0)} MB for the 4-instance recording → ${perPortKB.toFixed(0)} KB per port above the floor; snapshot ${(snapshotBytes / 1e6).toFixed(1)} MB (${(snapshotBytes / size.ports / 1024).toFixed(1)} KB per port)`);
  console.log(`  --from the saved snapshot gives the same JSON: ${same ? 'yes' : 'NO'}`);
  const verdicts = [
    nv.requests / nx.requests >= TARGETS.requests ? `requests ok (≥ ${TARGETS.requests}×)` : `requests UNDER ${TARGETS.requests}×`,
    nv.seconds / nx.seconds >= TARGETS.speedup ? `speed ok (≥ ${TARGETS.speedup}×)` : `speed UNDER ${TARGETS.speedup}×`,
  ];
  console.log(`  targets: ${verdicts.join(', ')}${sampled ? ' (naive extrapolated)' : ''}${scaled ? '' : ' — not on the scale topology'}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
