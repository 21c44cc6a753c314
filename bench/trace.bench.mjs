// Benchmark: one whole `netxray trace <instance>` process against the running lab, per lab instance (vm1..vm4),
// medians of wall time, with the API requests and SSH connections it made (from the snapshot's cost). The issue's
// target: ≤ 2 s per trace. Run it on the plain lab and again with `npm run lab:scale -- 500`: the counts must not
// grow with the cloud (the cloud's size is printed with them). Skips (exit 0, one line) without a lab.
// Usage: node bench/trace.bench.mjs [--runs N] [--instances vm1,vm2,...] [--baseline DIR]
//   --baseline DIR: also time another build's CLI (DIR/dist/cli/main.js) alternating with this one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cloudSize, labEnvironmentOrSkip, measureNetxray } from './labCloud.mjs';
import { netxrayBin } from './netxrayBin.mjs';
import { median } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, instances: { type: 'string', default: 'vm1,vm2,vm3,vm4' }, baseline: { type: 'string' } } });
const CLI = netxrayBin(); // what `npm install` puts on the PATH (package.json bin)
const TARGET_SECONDS = 2;

const lab = { env: labEnvironmentOrSkip('trace') };
const env = { ...process.env, ...lab.env };
let size;
try {
  size = await cloudSize(lab.env);
} catch (err) {
  console.log(`SKIP trace bench: the lab does not answer (${lab.env.OS_AUTH_URL}: ${err.message})`);
  process.exit(0);
}
const instances = values.instances.split(',').filter((name) => size.servers.includes(name));
console.log(`trace bench: cloud of ${size.servers.length} instances, ${size.ports} ports, ${size.networks} networks; ${values.runs} run(s) per instance`);

const builds = [{ label: 'netxray', cli: CLI }, ...(values.baseline ? [{ label: 'baseline', cli: resolve(values.baseline, 'dist/cli/main.js') }] : [])];
const scratch = mkdtempSync(join(tmpdir(), 'netxray-trace-bench-'));
try {
  for (const name of instances) {
    const runs = new Map(builds.map((b) => [b.label, []]));
    let cost;
    for (let i = 0; i < Number(values.runs); i++) {
      for (const build of builds) {
        const snapshot = join(scratch, `${name}-${build.label}.snapshot.json`);
        const timing = measureNetxray([build.cli, 'trace', name, '--ssh-config', lab.env.NETXRAY_LAB_SSH_CONFIG, '--save', snapshot, '-f', 'json', '-o', '/dev/null', '-q'], env);
        runs.get(build.label).push(timing.seconds);
        if (build.label === 'netxray') cost = JSON.parse(readFileSync(snapshot, 'utf8')).cost;
      }
    }
    const seconds = median(runs.get('netxray'));
    const base = values.baseline ? `; baseline ${median(runs.get('baseline')).toFixed(2)} s` : '';
    console.log(`  ${name.padEnd(6)} ${seconds.toFixed(2)} s (median of ${values.runs})${base}; ${cost.apiRequests} API requests, ${cost.sshConnections} SSH connections, ${cost.hostCommands} host commands: ${seconds <= TARGET_SECONDS ? 'time ok' : `time over ${TARGET_SECONDS}s`}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
