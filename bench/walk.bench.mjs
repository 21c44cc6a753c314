// Benchmark: `netxray trace SOURCE --to TARGET` (the packet walk) against the running lab, side by side with the plain
// `netxray trace SOURCE` of the same instance, alternating, medians of wall time, with the API requests, SSH
// connections and host commands of the walk's snapshot. The issue's target: ≤ 3 s per walk. Skips without a lab.
// Usage: node bench/walk.bench.mjs [--runs N] [--walks vm1:vm3,vm2:gateway,vm1:internet]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { labEnvironmentOrSkip, measureNetxray } from './labCloud.mjs';
import { netxrayBin } from './netxrayBin.mjs';
import { median } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, walks: { type: 'string', default: 'vm1:vm3,vm2:gateway,vm1:internet' } } });
const CLI = netxrayBin();
const TARGET_SECONDS = 3;

const lab = { env: labEnvironmentOrSkip('walk') };
const env = { ...process.env, ...lab.env };
const scratch = mkdtempSync(join(tmpdir(), 'netxray-walk-bench-'));
try {
  console.log(`walk bench: ${values.runs} run(s) per walk, alternating with the plain trace of the source`);
  for (const pair of values.walks.split(',')) {
    const [source, target] = pair.split(':');
    const common = ['--ssh-config', lab.env.NETXRAY_LAB_SSH_CONFIG, '-f', 'json', '-o', '/dev/null', '-q'];
    const walkTimes = [];
    const traceTimes = [];
    const snapshot = join(scratch, `${source}-${target}.snapshot.json`);
    for (let i = 0; i < Number(values.runs); i++) {
      walkTimes.push(measureNetxray([CLI, 'trace', source, '--to', target, '--save', snapshot, ...common], env).seconds);
      traceTimes.push(measureNetxray([CLI, 'trace', source, ...common], env).seconds);
    }
    const cost = JSON.parse(readFileSync(snapshot, 'utf8')).cost;
    const seconds = median(walkTimes);
    console.log(`  ${`${source} → ${target}`.padEnd(16)} walk ${seconds.toFixed(2)} s, trace alone ${median(traceTimes).toFixed(2)} s (medians of ${values.runs}); walk: ${cost.apiRequests} API requests, ${cost.sshConnections} SSH connections, ${cost.hostCommands} host commands: ${seconds <= TARGET_SECONDS ? 'time ok' : `time over ${TARGET_SECONDS}s`}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
