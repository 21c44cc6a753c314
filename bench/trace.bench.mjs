// Benchmark: one whole `netxray trace <instance>` process against the running lab, per lab instance (vm1..vm4),
// medians of wall time, with the API requests and SSH connections it made (from the snapshot's cost). The issue's
// target: ≤ 2 s per trace. Run it on the plain lab and again with `npm run lab:scale -- 500`: the counts must not
// grow with the cloud (the cloud's size is printed with them). Skips (exit 0, one line) without a lab.
// Usage: node bench/trace.bench.mjs [--runs N] [--instances vm1,vm2,...] [--baseline DIR] [--ovn]
//   --baseline DIR: also time another build's CLI (DIR's bin, as installed) alternating with this one.
//   --ovn: the ML2/OVN lab (LAB_BACKEND=ovn npm run lab:up): its NB/SB sockets read from this machine, as its live tests do.
// CPU seconds (user + system, netxray and the processes it starts) are printed beside the wall seconds: on a machine
// shared with other work they move far less.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cloudSize, labEnvironmentOrSkip, LAB_ENV, measureNetxray, OVN_LAB_ENV } from './labCloud.mjs';
import { netxrayBin } from './netxrayBin.mjs';
import { median } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, instances: { type: 'string', default: 'vm1,vm2,vm3,vm4' }, baseline: { type: 'string' }, ovn: { type: 'boolean', default: false } } });
const CLI = netxrayBin(); // what `npm install` puts on the PATH (package.json bin)
const TARGET_SECONDS = 2;

const lab = { env: labEnvironmentOrSkip(values.ovn ? 'OVN trace' : 'trace', values.ovn ? OVN_LAB_ENV : LAB_ENV) };
// How the lab's hosts and databases are reached: its ssh config; on the OVN lab its NB/SB unix sockets as well.
const ovnSocket = (db) => `unix:${lab.env.NETXRAY_LAB_DIR}/data/ovn/${db}_db.sock`;
const access = ['--ssh-config', lab.env.NETXRAY_LAB_SSH_CONFIG, ...(values.ovn ? ['--ovn-nb', ovnSocket('ovnnb'), '--ovn-sb', ovnSocket('ovnsb')] : [])];
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

const builds = [{ label: 'netxray', cli: CLI }, ...(values.baseline ? [{ label: 'baseline', cli: netxrayBin(resolve(values.baseline)) }] : [])];
const scratch = mkdtempSync(join(tmpdir(), 'netxray-trace-bench-'));
try {
  for (const name of instances) {
    const runs = new Map(builds.map((b) => [b.label, []]));
    const costs = new Map();
    for (let i = 0; i < Number(values.runs); i++) {
      for (const build of builds) {
        const snapshot = join(scratch, `${name}-${build.label}.snapshot.json`);
        const timing = measureNetxray([build.cli, 'trace', name, ...access, '--save', snapshot, '-f', 'json', '-o', '/dev/null', '-q'], env);
        runs.get(build.label).push(timing);
        costs.set(build.label, JSON.parse(readFileSync(snapshot, 'utf8')).cost);
      }
    }
    const wall = (label) => median(runs.get(label).map((t) => t.seconds));
    const cpu = (label) => median(runs.get(label).map((t) => t.cpuSeconds));
    const seconds = wall('netxray');
    const counts = (c) => `${c.apiRequests} API requests, ${c.sshConnections} SSH connections, ${c.hostCommands} host commands`;
    const cost = costs.get('netxray');
    const base = values.baseline ? `; baseline ${wall('baseline').toFixed(2)} s, CPU ${cpu('baseline').toFixed(2)} s (ratio ${(seconds / wall('baseline')).toFixed(2)}), ${counts(costs.get('baseline'))}` : '';
    console.log(`  ${name.padEnd(6)} ${seconds.toFixed(2)} s, CPU ${cpu('netxray').toFixed(2)} s (medians of ${values.runs}); ${counts(cost)}${base}: ${seconds <= TARGET_SECONDS ? 'time ok' : `time over ${TARGET_SECONDS}s`}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
