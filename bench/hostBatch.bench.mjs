// Benchmark: one host's ML2/OVS command list (src/collect/backends/ml2-ovs/collectionPlan.ts, br-int and br-tun) over
// one SSH connection to a lab node, in one channel (commands one after the other, as before 6 December 2026) and
// spread over 4 channels side by side (collectHost.ts channelsPerBatch), alternating, medians of the whole visit
// (connect to close). Measured 6 December 2026, load 15-19, nxlab-node1, 11 commands, 5 runs: 1 channel 5.41 s,
// 4 channels 9.02 s: each lab session costs 3-4 s there (root's .bashrc runs pyenv), more than the commands.
// Needs the lab's nodes (sshd) only, no instance; skips (exit 0, one line) without a lab. Uses this tree's dist/.
// Usage: node bench/hostBatch.bench.mjs [--runs N] [--node nxlab-node1] [--channels 1,4]
import { parseArgs } from 'node:util';
import { labEnvironmentOrSkip } from './labCloud.mjs';
import { median } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, node: { type: 'string', default: 'nxlab-node1' }, channels: { type: 'string', default: '1,4' } } });
const env = labEnvironmentOrSkip('host batch');
const dist = new URL('../dist/', import.meta.url);
const { HostVisit } = await import(new URL('collect/hosts/collectHost.js', dist));
const { parseHostAccess } = await import(new URL('collect/hosts/hostAccess.js', dist));
const { loadSshConfig } = await import(new URL('collect/hosts/sshConfig.js', dist));
const { bridgesOfHost, hostCommandsFor } = await import(new URL('collect/backends/ml2-ovs/collectionPlan.js', dist));

const config = loadSshConfig(env.NETXRAY_LAB_SSH_CONFIG);
const commands = hostCommandsFor(bridgesOfHost([], values.node));
const counts = values.channels.split(',').map(Number);
const seconds = new Map(counts.map((c) => [c, []]));
for (let i = 0; i < Number(values.runs); i++) {
  for (const channels of counts) {
    const started = performance.now();
    const visit = new HostVisit(values.node, { config, access: parseHostAccess('plain'), channelsPerBatch: channels });
    visit.run(commands);
    const r = await visit.finish();
    if (!r.capture.reachable) {
      console.log(`SKIP host batch bench: ${values.node} not reachable (${r.capture.error})`);
      process.exit(0);
    }
    seconds.get(channels).push((performance.now() - started) / 1000);
  }
}
console.log(`host batch bench: ${commands.length} commands on ${values.node}, ${values.runs} runs each, alternating`);
for (const channels of counts) console.log(`  ${channels} channel(s): ${median(seconds.get(channels)).toFixed(2)} s median (${seconds.get(channels).map((s) => s.toFixed(2)).join(' ')})`);
