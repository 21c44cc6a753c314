// Benchmark: `netxray classes --diff OLD NEW` against the two `netxray classes` runs it replaces, side by side in
// one run (alternating, same machine state), medians of wall time and peak memory. The target: a diff
// costs about two `classes` runs or less.
// Usage: node bench/diff.bench.mjs [--runs N]
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';
import { measure, median } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } }, strict: false });
const CLI = netxrayBin();
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
// Debian's netmiko 2.4.2 and PyEZ 2.1.7 against the newer releases in the shared data folder (../shared beside the checkout).
const RELEASES = fileURLToPath(new URL('../../shared/data/python', import.meta.url));
const CASES = [
  { name: 'netmiko 2.4.2 -> 4.6.0', old: 'netmiko', new: `${RELEASES}/netmiko-4.6.0/netmiko` },
  { name: 'PyEZ 2.1.7 -> 2.8.0', old: 'jnpr.junos', new: `${RELEASES}/junos-eznc-2.8.0/jnpr/junos` },
];

const run = (args) => measure(...netxrayCommand(CLI, [...args, '--python', PYTHON, '-o', '/dev/null']), { okStatuses: [0, 1] });
const rows = [];
for (const { name, old, new: next } of CASES) {
  if (!existsSync(next)) {
    console.log(`${name}: skipped, ${next} is missing`);
    continue;
  }
  const classesOld = [];
  const classesNew = [];
  const diff = [];
  for (let i = 0; i < Number(values.runs); i++) {
    classesOld.push(run(['classes', old, '--format', 'json']));
    classesNew.push(run(['classes', next, '--format', 'json']));
    diff.push(run(['classes', '--diff', old, next, '--format', 'json']));
  }
  const seconds = (runs) => median(runs.map((r) => r.seconds));
  const row = {
    case: name, runs: Number(values.runs),
    classesOldSeconds: seconds(classesOld), classesNewSeconds: seconds(classesNew), diffSeconds: seconds(diff),
    diffMB: median(diff.map((r) => r.megabytes)),
  };
  row.ratioToTwoRuns = row.diffSeconds / (row.classesOldSeconds + row.classesNewSeconds);
  rows.push(row);
  console.log(`${name.padEnd(24)} classes old ${row.classesOldSeconds.toFixed(2)} s + new ${row.classesNewSeconds.toFixed(2)} s | --diff ${row.diffSeconds.toFixed(2)} s ${row.diffMB.toFixed(0)} MB | ${(row.ratioToTwoRuns * 100).toFixed(0)}% of the two runs (median of ${row.runs}) ${row.ratioToTwoRuns <= 1 ? 'ok' : 'over two runs'}`);
}
console.log(JSON.stringify(rows));
