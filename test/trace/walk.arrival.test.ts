// A walk into a host that has no port to receive it: node 1's VXLAN port back to node 2 deleted (lab/fault tunnel-port)
// while vm3 on node 2 walks to the DHCP port and gateway on node 1. SYNTHETIC edit of the real scan-with-walks
// recording: the port removed from node 1's OVSDB, and each ofproto/trace that enters by it failing the way
// ovs-appctl failed on the lab with that fault in (test/fixtures/sos/faults/tunnel-port/live-scan.json quotes it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { analyseChecks, TRACE_FIXTURES } from './_labSnapshot.js';

const NODE1 = 'nxlab-node1';
const TUNNEL = 'vxlan-7f000002';
const recorded = () => JSON.parse(readFileSync(join(TRACE_FIXTURES, 'netxray-scan-save-walks.snapshot.json'), 'utf8')) as CloudSnapshot;

/** `problems` as netxray writes them since CollectionProblem.outputId, or (`legacy`) as older recordings have them. */
function withoutTunnelPort(problems: 'outputId' | 'legacy' = 'legacy'): CloudSnapshot {
  const s = recorded();
  const node1 = s.hosts.find((h) => h.host === NODE1)!;
  for (const id of ['ovsdb-port', 'ovsdb-interface']) {
    const out = node1.outputs.find((o) => o.id === id)!;
    const doc = JSON.parse(out.stdout) as { headings: string[]; data: unknown[][] };
    const before = doc.data.length;
    doc.data = doc.data.filter((r) => r[doc.headings.indexOf('name')] !== TUNNEL);
    expect(doc.data.length).toBe(before - 1);
    out.stdout = JSON.stringify(doc);
  }
  let failed = 0;
  for (const o of node1.outputs.filter((o) => o.id.startsWith(`ofproto-trace:br-tun:in_port=${TUNNEL},`))) {
    const flow = o.id.slice('ofproto-trace:br-tun:'.length);
    Object.assign(o, { exitCode: 2, stdout: '', stderr: `Bad openflow flow syntax: ${flow}: bad value for in_port (${TUNNEL}: invalid or unknown port for in_port)\novs-appctl: ovs-vswitchd: server returned an error\n` });
    failed++;
  }
  expect(failed).toBeGreaterThan(0);
  s.problems.push(
    ...node1.outputs
      .filter((o) => o.exitCode === 2)
      .map((o) =>
        problems === 'legacy'
          ? { source: 'host' as const, host: NODE1, code: 'command-failed' as const, message: `${NODE1}: ${o.id} exited 2: ${o.stderr.split('\n')[0]}` }
          // the message deliberately does not name the output: only outputId links the problem to its simulation
          : { source: 'host' as const, host: NODE1, code: 'command-failed' as const, outputId: o.id, message: `${NODE1}: a simulation exited 2` },
      ),
  );
  return s;
}

describe('a walk into a host without the port to receive it (SYNTHETIC edit of a real recording)', () => {
  it('vm3 (node 2) → node 1: the walk is lost on arrival at the missing tunnel port, and the failed simulations are not collection problems', () => {
    const report = analyseChecks(withoutTunnelPort(), 'vm3');
    const lost = report.walks!.map((w) => w.walk!.verdict).filter((v) => v.kind === 'dropped' && v.reason === 'no-arrival-port');
    expect(lost.length).toBeGreaterThan(0);
    for (const v of lost) expect(v).toMatchObject({ host: NODE1, bridge: 'br-tun', explanation: expect.stringContaining(`${NODE1} has no port ${TUNNEL} on br-tun`) });
    expect(report.findings.map((f) => f.id)).not.toContain('collection-problem');
    expect(report.findings.map((f) => f.id)).toContain('walk-dropped');
  });

  it('the same with problems that name their output by outputId: still the walk\'s verdict, not a collection problem', () => {
    const report = analyseChecks(withoutTunnelPort('outputId'), 'vm3');
    expect(report.walks!.some((w) => w.walk?.verdict.kind === 'dropped' && w.walk.verdict.reason === 'no-arrival-port')).toBe(true);
    expect(report.findings.map((f) => f.id)).not.toContain('collection-problem');
  });

  it('the unedited recording: every walk of vm3 delivered (or out to the provider network), healthy', () => {
    const report = analyseChecks(recorded(), 'vm3');
    expect(report.walks!.length).toBeGreaterThan(0);
    expect(report.walks!.every((w) => w.walk !== null && ['delivered', 'left-cloud'].includes(w.walk.verdict.kind))).toBe(true);
    expect(report.summary.verdict).toBe('healthy');
  });
});
