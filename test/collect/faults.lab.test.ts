// Opportunistic: while the lab engineer's fault tests (or `npm run lab:fault`) have injected a fault that collection
// itself must report, check it is reported. Skips unless such a fault is active; never injects anything.
import { describe, expect, it } from 'vitest';
import { collectTraceSnapshot } from '../../src/collect/collectTrace.js';
import { activeFaults, lab } from './_lab.js';

const faults = activeFaults();
const labAnswers = lab.skipReason === undefined || lab.skipReason.includes('faults injected');

describe.skipIf(!labAnswers || !faults.includes('sshd-down'))(`fault sshd-down (runs only while the lab has it injected)`, () => {
  it('node 2 unreachable over SSH → one problem, node 1 still collected', async () => {
    const s = await collectTraceSnapshot('vm3', { credentials: { env: lab.env }, sshConfigFile: lab.env.NETXRAY_LAB_SSH_CONFIG });
    const node2 = s.hosts.find((h) => h.host === 'nxlab-node2');
    expect(node2?.reachable).toBe(false);
    expect(s.problems).toContainEqual(expect.objectContaining({ source: 'ssh', host: 'nxlab-node2', code: 'connection-refused' }));
    expect(s.hosts.find((h) => h.host === 'nxlab-node1')?.reachable).toBe(true);
  });
});
