// Benchmark: one instance's trace and the whole scan on BIG SYNTHETIC snapshots (no lab needed), side by side with a
// baseline build (--baseline DIR: another built checkout's bin, e.g. main's), medians of
// wall time, CPU time and peak RSS, ratios. Targets (issue #22 item 16): trace of one instance of a 20,000-port
// snapshot ≤ 2 s; JSON/HTML at most a small factor over text (the trace of the recording alone is the floor); a
// snapshot over 512 MB loads and traces as the recording it was grown from. The machine may be shared: the load average is printed with the figures (user+sys CPU seconds are less
// sensitive to it than wall time).
// Usage: node bench/scale.bench.mjs [--ports N] [--runs N] [--baseline DIR] [--skip-scan] [--skip-big]
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { constants } from 'node:buffer';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';
import { measure, median } from './timing.mjs';
import { syntheticSnapshot } from './syntheticSnapshot.mjs';
import { RECORDING, writeGrownSnapshot } from './grownSnapshot.mjs';

const { values } = parseArgs({
  options: { ports: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' }, baseline: { type: 'string' }, 'skip-scan': { type: 'boolean', default: false }, 'skip-big': { type: 'boolean', default: false } },
});
const TARGET_TRACE_SECONDS = 2;
const CLI = netxrayBin();
const builds = [{ label: 'netxray', cli: CLI }, ...(values.baseline ? [{ label: 'baseline', cli: netxrayBin(resolve(values.baseline)) }] : [])];
if (values.baseline && !existsSync(builds[1].cli)) {
  console.log(`scale bench: no baseline build at ${builds[1].cli} (git worktree add DIR main && cd DIR && bash scripts/install-deps.sh)`);
  process.exit(2);
}
const runs = Number(values.runs);
/** One timed run; trace exits 1 on findings and 4 when a part of the path is not verified (the recording's vm1 is). */
const measureNetxray = ([cli, ...args]) => measure(...netxrayCommand(cli, args), { okStatuses: [0, 1, 4] });
const load = () => loadavg()[0].toFixed(1);
console.log(`scale bench: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; load average ${load()} (other processes share the machine: compare the columns of one run, not runs)`);

/** Median seconds and MB over `runs` runs of each build, alternating. */
function timed(args) {
  const figures = new Map(builds.map((b) => [b.label, []]));
  for (let i = 0; i < runs; i++) for (const b of builds) figures.get(b.label).push(measureNetxray([b.cli, ...args(b)]));
  return new Map([...figures].map(([label, list]) => [label, { seconds: median(list.map((m) => m.seconds)), cpuSeconds: median(list.map((m) => m.cpuSeconds)), megabytes: median(list.map((m) => m.megabytes)) }]));
}
const show = (m) => `${m.seconds.toFixed(2).padStart(7)} s (CPU ${m.cpuSeconds.toFixed(2).padStart(6)} s) ${m.megabytes.toFixed(0).padStart(5)} MB`;
const row = (label, byBuild, extra = '') => {
  const nx = byBuild.get('netxray');
  const base = byBuild.get('baseline');
  console.log(`  ${label.padEnd(22)} ${show(nx)}${base ? `   baseline ${show(base)}   ${(base.seconds / nx.seconds).toFixed(1)}× faster (CPU ${(base.cpuSeconds / nx.cpuSeconds).toFixed(1)}×), ${(base.megabytes / nx.megabytes).toFixed(1)}× less memory` : ''}${extra}`);
};

const scratch = mkdtempSync(join(tmpdir(), 'netxray-scale-bench-'));
try {
  const ports = Number(values.ports);
  const file = join(scratch, `synthetic-${ports}.json`);
  writeFileSync(file, JSON.stringify(syntheticSnapshot(ports)));
  console.log(`synthetic snapshot: the 4-instance lab recording + ${ports} cloned compute ports on its 2 hosts, ${(statSync(file).size / 1e6).toFixed(0)} MB; ${runs} run(s) each`);
  const out = (b, name) => join(scratch, `${b.label}-${name}`);
  const trace = {};
  for (const format of ['text', 'json', 'html']) {
    trace[format] = timed((b) => ['trace', 'vm1', '--from', file, '-f', format, '-o', out(b, `trace.${format}`)]);
    const same = builds.length > 1 ? (readFileSync(out(builds[0], `trace.${format}`), 'utf8') === readFileSync(out(builds[1], `trace.${format}`), 'utf8') ? '; same output as baseline' : '; output DIFFERS from baseline') : '';
    const verdict = trace[format].get('netxray').seconds <= TARGET_TRACE_SECONDS ? 'target ok' : `over the ${TARGET_TRACE_SECONDS} s target${trace[format].get('netxray').cpuSeconds <= TARGET_TRACE_SECONDS ? ' in wall time, within it in CPU time' : ''}`;
    row(`trace vm1 -f ${format}`, trace[format], ` (${verdict}${same}; load ${load()})`);
  }
  const ratio = (a, b, key) => (a.get('netxray')[key] / b.get('netxray')[key]).toFixed(2);
  console.log(`  trace json/text: ${ratio(trace.json, trace.text, 'seconds')}× wall, ${ratio(trace.json, trace.text, 'cpuSeconds')}× CPU; html/text: ${ratio(trace.html, trace.text, 'seconds')}× wall, ${ratio(trace.html, trace.text, 'cpuSeconds')}× CPU`);
  // The same instance from the recording the snapshot was grown from: what the other ports cost one trace.
  const recorded = timed((b) => ['trace', 'vm1', '--from', RECORDING, '-f', 'text', '-o', out(b, 'recording.trace.text')]);
  row('trace vm1 (recording)', recorded, ` (${ports} ports more cost ${ratio(trace.text, recorded, 'cpuSeconds')}× its CPU; load ${load()})`);
  if (!values['skip-scan']) {
    const scan = {};
    for (const format of ['text', 'json', 'html']) {
      scan[format] = timed((b) => ['scan', '--from', file, '-f', format, '-o', out(b, `scan.${format}`)]);
      row(`scan -f ${format}`, scan[format], ` (load ${load()})`);
    }
    console.log(`  scan json/text ${ratio(scan.json, scan.text, 'cpuSeconds')}×, html/text ${ratio(scan.html, scan.text, 'cpuSeconds')}× CPU; one trace / whole scan (text): ${ratio(trace.text, scan.text, 'cpuSeconds')} CPU`);
  }
  rmSync(file, { force: true });

  if (!values['skip-big']) {
    const big = join(scratch, 'grown.snapshot.json');
    const bytes = writeGrownSnapshot(big, 280 * 1024 * 1024);
    console.log(`grown snapshot: the recording + 2 × 280 MB of br-int flows of absent ports, ${(bytes / 1e6).toFixed(0)} MB (one string holds ${(constants.MAX_STRING_LENGTH / 1e6).toFixed(0)} M characters)`);
    const small = join(scratch, 'recording.trace.json');
    measureNetxray([CLI, 'trace', 'vm1', '--from', RECORDING, '-f', 'json', '-o', small]);
    for (const b of builds) {
      try {
        const m = measureNetxray([b.cli, 'trace', 'vm1', '--from', big, '-f', 'json', '-o', out(b, 'big.json')]);
        const same = readFileSync(out(b, 'big.json'), 'utf8') === readFileSync(small, 'utf8');
        console.log(`  ${b.label.padEnd(9)} trace vm1 ${show(m)}; same report as from the recording: ${same ? 'yes' : 'NO'} (load ${load()})`);
      } catch (error) {
        console.log(`  ${b.label.padEnd(9)} trace vm1: fails (${String(error.message).split('\n').find((l) => l.startsWith('netxray:')) ?? String(error.message).slice(0, 200)})`);
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
