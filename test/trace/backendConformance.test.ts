// One list of cases every registered networking backend must pass on its own recordings, asserting only the
// backend-neutral report (hops, exit, localSegment, answers, router.nat, findings): what every renderer relies on.
// A backend lists the cases it skips, with the reason; a backend not implemented yet skips them all, and says so.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectBackends, walkCollectionOf } from '../../src/collect/backends/index.js';
import { analyseTrace, traceBackends, walkAnalysisOf } from '../../src/analyse/trace/index.js';
import type { BackendId } from '../../src/model/backends.js';
import { BACKEND_LABEL } from '../../src/model/backends.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { TraceInterface, TraceReport } from '../../src/model/traceModel.js';
import type { WalkRequest } from '../../src/model/walkModel.js';
import { traceRenderers } from '../../src/render/trace/index.js';
import { withDhcpAndNat } from './_faults.js';
import { TRACE_FIXTURES, hasLabFixtures, labFixtureSnapshot, recordedSnapshots } from './_labSnapshot.js';
import { OVN_FIXTURE, RECORDED_SCAN, collectFromServedLab, recordedApi, serveOvnLab, serverId } from './_ovnLab.js';

const CASES = ['healthy instance', 'unbound port', 'host unreachable', 'provider VLAN', 'tunnel', 'floating IP', 'packet walk'] as const;
type CaseName = (typeof CASES)[number];

/**
 * Where a backend's case is recorded: a snapshot (or how to collect one, when the case needs tools run against a
 * recording, as ovn-trace against recorded databases), and the instance (or port) to trace in it.
 */
interface Recording {
  snapshot: CloudSnapshot | (() => Promise<CloudSnapshot>);
  trace: string;
  /** `--to`: the packet walk to analyse as well. */
  walk?: WalkRequest;
  /** Where it comes from, for the test name. */
  source: string;
}

interface BackendRecordings {
  recordings: Partial<Record<CaseName, () => Recording | undefined>>;
  skips: Partial<Record<CaseName, string>>;
}

const healthyOvs = () => recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json')?.snapshot;
const labFault = (kind: string, trace: string): Recording | undefined =>
  hasLabFixtures() ? { snapshot: labFixtureSnapshot(kind), trace, source: `test/fixtures/lab/faults/${kind}` } : undefined;
const ovnHealthy = (trace: string) => (): Recording => ({
  snapshot: JSON.parse(readFileSync(join(OVN_FIXTURE, RECORDED_SCAN), 'utf8')) as CloudSnapshot,
  trace,
  source: `test/fixtures/ovn-lab/${RECORDED_SCAN}`,
});
const healthyCase = (trace: string) => (): Recording | undefined => {
  const snapshot = healthyOvs();
  return snapshot ? { snapshot: withDhcpAndNat(structuredClone(snapshot)), trace, source: 'test/trace/fixtures/lab-openvswitch.snapshot.json' } : undefined;
};

/** The walk both backends' packet-walk case makes: vm1 pings vm3, across a tunnel in either lab. */
const VM1_PINGS_VM3: WalkRequest = { to: 'vm3', proto: { kind: 'icmp' } };

/** A walk recorded from the lab (test/trace/fixtures/walk/record.sh): vm1 pings vm3 across a VXLAN tunnel. */
const recordedWalk = (): Recording | undefined => {
  const path = join(TRACE_FIXTURES, 'walk', 'healthy--vm1--vm3.snapshot.json');
  if (!existsSync(path)) return undefined;
  return { snapshot: JSON.parse(readFileSync(path, 'utf8')) as CloudSnapshot, trace: 'vm1', walk: VM1_PINGS_VM3, source: 'test/trace/fixtures/walk/healthy--vm1--vm3' };
};

/**
 * An ML2/OVN walk, vm1 pings vm3 across a Geneve tunnel: the recorded OVN lab's databases served by real ovsdb-servers,
 * the walk's ovn-trace run against them by the collector's own commands (test/trace/_ovnLab.ts).
 */
const ovnWalk = (): Recording => ({
  snapshot: async () => {
    const dbs = serveOvnLab();
    try {
      const api = recordedApi();
      return await collectFromServedLab(dbs, api, serverId(api, 'vm1'), { walk: VM1_PINGS_VM3 });
    } finally {
      dbs.close();
    }
  },
  trace: 'vm1',
  walk: VM1_PINGS_VM3,
  source: 'test/fixtures/ovn-lab databases served, ovn-trace run against them',
});

/** Every backend id must be here (the compiler holds the registry and this list to the same ids). */
const BACKENDS: Record<BackendId, BackendRecordings> = {
  'ml2-ovs': {
    recordings: {
      'healthy instance': healthyCase('vm3'),
      'unbound port': () => labFault('binding-failed', 'nxlab-fault-binding'),
      'host unreachable': () => labFault('sshd-down', 'vm3'),
      'provider VLAN': healthyCase('vm2'),
      tunnel: healthyCase('vm1'),
      'floating IP': healthyCase('vm1'),
      'packet walk': recordedWalk,
    },
    skips: {},
  },
  'ml2-ovn': {
    recordings: {
      'healthy instance': ovnHealthy('vm3'),
      'provider VLAN': ovnHealthy('vm2'),
      tunnel: ovnHealthy('vm4'),
      'floating IP': ovnHealthy('vm1'),
      'packet walk': ovnWalk,
    },
    skips: {
      'unbound port': 'no recording of an ML2/OVN port Neutron could not bind (the OVN lab has no binding-failed fault); port-unbound is tested in test/trace/ovnTrace.test.ts',
      'host unreachable': "OVN's datapath key comes from the SB, not the host, so localSegment stays known; a dead chassis is tested in test/trace/ovnTrace.test.ts",
    },
  },
};

/**
 * The VNI on the wire: Neutron's segmentation id on ML2/OVS (the agent's tunnel flows); on ML2/OVN the logical
 * switch's SB Datapath_Binding tunnel_key, which the report gives as the local segment (ovn-architecture(7), "Tunnel Encapsulations").
 */
const WIRE_TUNNEL_ID: Record<BackendId, (i: TraceInterface) => number | null> = {
  'ml2-ovs': (i) => i.network.segmentationId,
  'ml2-ovn': (i) => i.localSegment.id,
};

const severe = (r: TraceReport) => r.findings.filter((f) => f.severity !== 'info');

/** What every report must hold, whatever the case: the neutral path is drawable and every renderer draws it. */
async function wellFormed(report: TraceReport, id: BackendId): Promise<void> {
  expect(report.backend).toBe(BACKEND_LABEL[id]);
  for (const iface of report.interfaces) {
    expect(iface.localSegment.label.length).toBeGreaterThan(0);
    for (const answer of Object.values(iface.answers)) expect(answer.length).toBeGreaterThan(0);
    for (const hop of iface.hops) expect(hop.device.length, JSON.stringify(hop)).toBeGreaterThan(0);
  }
  for (const renderer of traceRenderers) {
    const out = await renderer.render(report);
    // An image cannot be searched for names: it is the svg picture (checked here too) rasterised; it must be a PNG.
    if (typeof out !== 'string') {
      expect([...out.subarray(0, 4)], renderer.format).toEqual([0x89, 0x50, 0x4e, 0x47]);
      continue;
    }
    for (const iface of report.interfaces) for (const hop of iface.hops) if (renderer.format !== 'json') expect(out, `${renderer.format}: ${hop.device}`).toContain(hop.device);
  }
}

const byNetworkType = (report: TraceReport, types: string[]) => report.interfaces.filter((i) => types.includes(i.network.type ?? ''));
const egressActions = (i: TraceInterface) => i.hops.flatMap((h) => h.frame.filter((f) => f.direction === 'egress'));

const CHECKS: Record<CaseName, (report: TraceReport, id: BackendId) => void> = {
  'healthy instance': (report) => {
    expect(severe(report)).toEqual([]);
    for (const i of report.interfaces) {
      expect(i.hops.length, i.port.id).toBeGreaterThan(1);
      expect(i.hops.every((h) => h.present), i.port.id).toBe(true);
      expect(i.hops[0].host).toBe(i.host);
      expect(i.localSegment.id).not.toBeNull();
      expect(['vlan-rewrite', 'vlan-strip', 'tunnel']).toContain(i.exit.action);
      // The VM's frames are put in the local segment at the first hop that belongs to the switch.
      expect(egressActions(i)[0]).toMatchObject({ action: 'segment-tag', segment: i.localSegment.id });
    }
  },
  'unbound port': (report) => {
    const ids = report.findings.filter((f) => f.severity === 'error').map((f) => f.id);
    expect(ids).toContain('binding-failed');
    for (const i of report.interfaces) {
      expect(i.answers.localSegment).toContain('not bound');
      expect(i.exit.action).not.toBe('tunnel');
    }
  },
  'host unreachable': (report) => {
    const finding = report.findings.find((f) => f.id === 'host-unreachable' && f.severity === 'error');
    expect(finding?.host).toBeTruthy();
    expect(report.hosts.find((h) => h.host === finding?.host)?.reachable).toBe(false);
    for (const i of report.interfaces.filter((x) => x.host === finding?.host)) expect(i.answers.localSegment).toContain('could not be read');
  },
  'provider VLAN': (report) => {
    const vlans = byNetworkType(report, ['vlan']);
    expect(vlans.length).toBeGreaterThan(0);
    for (const i of vlans) {
      expect(i.exit).toMatchObject({ action: 'vlan-rewrite', vlan: i.network.segmentationId });
      const ingress = i.hops.flatMap((h) => h.frame.filter((f) => f.direction === 'ingress'));
      const vlan = i.network.segmentationId as number;
      if (egressActions(i).some((f) => f.action === 'vlan-push')) {
        // no local VLAN to rewrite (ML2/OVN): the tag is pushed where frames leave for the provider bridge, and popped back
        expect(egressActions(i)).toContainEqual({ action: 'vlan-push', direction: 'egress', vlan });
        expect(ingress).toContainEqual({ action: 'vlan-strip', direction: 'ingress', vlan });
      } else {
        expect(egressActions(i)).toContainEqual({ action: 'vlan-rewrite', direction: 'egress', from: i.localSegment.id, to: vlan });
        expect(ingress).toContainEqual({ action: 'vlan-rewrite', direction: 'ingress', from: vlan, to: i.localSegment.id });
      }
    }
  },
  tunnel: (report, id) => {
    const tunnels = byNetworkType(report, ['vxlan', 'gre', 'geneve']);
    expect(tunnels.length).toBeGreaterThan(0);
    for (const i of tunnels) {
      const vni = WIRE_TUNNEL_ID[id](i);
      expect(vni).not.toBeNull();
      expect(i.exit).toMatchObject({ action: 'tunnel', tunnelType: i.network.type, tunnelId: vni });
      expect(i.exit.remotes?.length).toBeGreaterThan(0);
      for (const r of i.exit.remotes ?? []) {
        expect(r.host, r.ip).toBeTruthy();
        const encap = egressActions(i).find((f) => f.action === 'tunnel-encap' && f.remoteIp === r.ip);
        expect(encap).toMatchObject({ tunnelId: vni, remoteHost: r.host });
      }
    }
  },
  'packet walk': (report) => {
    // The walk is part of the version 2 report; a packet that arrives makes no finding, and the verdict names the
    // target's port on the host the report's interfaces show it on.
    const walk = report.walk!;
    expect(walk.verdict.kind).toBe('delivered');
    expect(walk.legs.length).toBeGreaterThan(0);
    expect(walk.legs.at(-1)?.verdict).toEqual(walk.verdict);
    expect(walk.target.portId).toBeTruthy();
    if (walk.verdict.kind === 'delivered') {
      expect(walk.verdict.portId).toBe(walk.target.portId);
      expect(walk.verdict.host).toBe(walk.target.host);
    }
    expect(report.findings.filter((f) => f.id.startsWith('walk-'))).toEqual([]);
  },
  'floating IP': (report) => {
    const withFip = report.interfaces.filter((i) => i.floatingIps.length > 0);
    expect(withFip.length).toBeGreaterThan(0);
    for (const i of withFip) {
      expect(i.router?.nat.map((n) => n.floatingIp).sort()).toEqual([...i.floatingIps].sort());
      for (const n of i.router?.nat ?? []) expect(i.port.ips).toContain(n.fixedIp);
      expect(['vlan-rewrite', 'vlan-strip']).toContain(i.router?.gateway?.exit.action);
      expect(i.answers.provider).toContain(`floating IP ${i.floatingIps.join(', ')}`);
    }
  },
};

for (const [id, backend] of Object.entries(BACKENDS) as [BackendId, BackendRecordings][]) {
  describe(`backend conformance: ${id}`, () => {
    it('every case is recorded or skipped with a reason, and a registered backend skips none without one', () => {
      for (const c of CASES) expect(!!backend.recordings[c] !== !!backend.skips[c], c).toBe(true);
      if (!traceBackends[id]) expect(Object.keys(backend.skips).sort()).toEqual([...CASES].sort());
    });
    for (const c of CASES) {
      const skip = backend.skips[c];
      if (skip) {
        it.skip(`${c} (skipped: ${skip})`, () => undefined);
        continue;
      }
      const recording = backend.recordings[c]?.();
      it.skipIf(!recording)(`${c}${recording ? ` (${recording.source}: ${recording.trace})` : ' (recording not present)'}`, async () => {
        const { snapshot } = recording!;
        const report = analyseTrace(typeof snapshot === 'function' ? await snapshot() : snapshot, recording!.trace, { backend: id, ...(recording!.walk ? { walk: recording!.walk } : {}) });
        await wellFormed(report, id);
        CHECKS[c](report, id);
      });
    }
  });
}

describe('the packet walk capability', () => {
  it('a backend walks on both sides or on neither (collect runs the probes the analysis reads)', () => {
    for (const id of Object.keys(traceBackends) as BackendId[]) {
      expect(!!traceBackends[id]?.walk, id).toBe(!!collectBackends[id]?.walk);
    }
  });

  it('a backend without one answers --to with a one-line bad-input error on either side', () => {
    // A registered backend with its walk taken away: no real backend lacks one today (both ML2/OVS and ML2/OVN walk).
    const ovs = traceBackends['ml2-ovs']!;
    const request: WalkRequest = { to: 'vm3', proto: { kind: 'icmp' } };
    expect(() => walkAnalysisOf({ ...ovs, walk: undefined })).toThrow(/^--to: the ml2\/ovs backend cannot walk a packet yet$/);
    expect(() => walkCollectionOf({ ...collectBackends['ml2-ovs']!, walk: undefined }, request)).toThrow(/^--to: the ml2\/ovs backend cannot walk a packet yet$/);
    expect(() => walkAnalysisOf({ ...ovs, walk: undefined })).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });
});
