// Against the running lab (read-only, skipped without it): a live `scan` collection gives, per instance, the same
// findings as a live `trace` collection of that instance — with whatever faults the lab has injected right now.
import { describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { collectScanSnapshot, collectTraceSnapshot, type CollectOptions } from '../../src/collect/collectTrace.js';
import { activeFaults, lab, labReason } from '../collect/_lab.js';

// Injected faults do not skip this test: they are what it compares.
const skipScanLab = lab.skipReason !== undefined && !lab.skipReason.includes('faults injected');

/** Servers traced one by one (each a full trace collection): enough for the sample topology and its fault servers. */
const MAX_TRACED = 12;

const options = (): CollectOptions => ({
  credentials: { env: lab.env },
  sshConfigFile: lab.env.NETXRAY_LAB_SSH_CONFIG,
});

const key = (f: { id: string; severity: string; portId?: string; host?: string }) => `${f.severity} ${f.id} ${f.portId ?? '-'} ${f.host ?? '-'}`;

describe.skipIf(skipScanLab)(`scan vs trace on the live lab ${labReason}`, () => {
  it('each server: the scan\'s findings = a separate live trace\'s findings', async () => {
    const faultsBefore = activeFaults();
    const snapshot = await collectScanSnapshot({}, options());
    const report = analyseScan(snapshot);
    expect(snapshot.cost.sshConnections).toBeLessThanOrEqual(snapshot.hosts.length);
    const servers = report.instances.filter((i) => i.kind === 'server').sort((a, b) => b.findings.length - a.findings.length).slice(0, MAX_TRACED);
    const mismatches: string[] = [];
    for (const inst of servers) {
      const traced = analyseTrace(await collectTraceSnapshot(inst.id, options()), inst.id);
      const a = inst.findings.map(key).sort();
      const b = traced.findings.map(key).sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${inst.name}: scan [${a.join('; ')}] trace [${b.join('; ')}]`);
    }
    // A fault injected or undone by the lab's owner while this ran would make them differ for a real reason.
    if (JSON.stringify(activeFaults()) !== JSON.stringify(faultsBefore)) return;
    expect(mismatches, `faults: ${faultsBefore.join(', ') || 'none'}`).toEqual([]);
    // bare ports: the scan's finding for them is the trace analysis of the same snapshot
    for (const inst of report.instances.filter((i) => i.kind === 'port').slice(0, MAX_TRACED)) {
      expect(inst.findings).toEqual(analyseTrace(snapshot, inst.id).findings);
    }
  }, 300_000);
});
