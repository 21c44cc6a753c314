// netxray trace on ML2/OVN against the recorded OVN lab served by real ovsdb-servers (test/trace/_ovnLab.ts): the
// collection plan's own ovn-nbctl/ovn-sbctl/ovs-vsctl commands read the databases, and every answer is compared with
// what the same tools say when asked directly. The lab's four faults are injected into copies of the databases with
// the tools lab/lib/ovn/fault.sh uses, plus what northd/ovn-controller would then do (no northd or ovn-controller
// runs against the copies: the live lab test, test/lab/ovnTrace.lab.test.ts, sees the real consequences).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { ml2OvnCollector } from '../../src/collect/backends/ml2-ovn/index.js';
import { loadSnapshot, saveSnapshot } from '../../src/collect/snapshotFile.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { Finding, OvnInterfaceDataplane, TraceInterface, TraceReport } from '../../src/model/traceModel.js';
import { detectBackend } from '../../src/neutron/backends.js';
import { traceGraphs } from '../../src/render/path/pathGraph.js';
import { renderTraceText } from '../../src/render/trace/text.js';
import { OVN_FIXTURE, RECORDED_SCAN, collectFromServedLab, recordedApi, recordedPort, serveOvnLab, serverId, type OvnLabDbs, type ServedLabOptions } from './_ovnLab.js';

const NODE1 = 'nxlab-ovn-node1';
const NODE2 = 'nxlab-ovn-node2';
const bare = (out: string) => out.trim().replace(/^"|"$/g, '');
const ovn = (i: TraceInterface) => i.dataplane as OvnInterfaceDataplane;
/** Findings that are causes (not listed under another), severity warning or worse. */
const causes = (r: TraceReport) => r.findings.filter((f) => !f.causedBy && f.severity !== 'info');
const ids = (fs: Finding[]) => fs.map((f) => f.id).sort();

async function trace(dbs: OvnLabDbs, api: CloudSnapshot['api'], vm: string, options: ServedLabOptions = {}): Promise<TraceReport> {
  const snapshot = await collectFromServedLab(dbs, api, serverId(api, vm), options);
  return analyseTrace(snapshot, vm);
}

describe('ML2/OVN trace of the recorded healthy lab', () => {
  let dbs: OvnLabDbs;
  const api = recordedApi();
  const reports = new Map<string, TraceReport>();
  beforeAll(async () => {
    dbs = serveOvnLab();
    for (const vm of ['vm1', 'vm2', 'vm3', 'vm4']) reports.set(vm, await trace(dbs, api, vm));
  }, 120_000);
  afterAll(() => dbs?.close());

  it('detects ML2/OVN from the agent list and says so in the report', () => {
    expect(detectBackend(api.agents).backend).toBe('ml2-ovn');
    for (const r of reports.values()) expect(r.backend).toBe('ml2/ovn');
  });

  it('every instance is healthy, every element verified, no finding', () => {
    for (const [vm, r] of reports) {
      expect(r.findings, `${vm}: ${renderTraceText(r)}`).toEqual([]);
      expect(r.summary.verdict, vm).toBe('healthy');
    }
    expect(reports.get('vm3')!.interfaces).toHaveLength(2);
  });

  it('per interface, the NB/SB/OVS facts equal what ovn-nbctl, ovn-sbctl and ovs-vsctl say directly', () => {
    for (const [vm, r] of reports) {
      for (const i of r.interfaces) {
        const dp = ovn(i);
        const where = `${vm} ${i.port.id}`;
        const port = api.ports.find((p) => p.id === i.port.id)!;
        expect(i.port.mac, where).toBe(port.mac_address);
        expect(i.boundHost, where).toBe(port['binding:host_id']);
        expect(i.host, where).toBe(port['binding:host_id']);
        const key = bare(dbs.sbctl('--bare', '--columns=tunnel_key', 'find', 'Datapath_Binding', `external_ids:name=neutron-${i.network.id}`));
        expect(dp.datapathKey, where).toBe(Number(key));
        expect(i.localSegment.id, where).toBe(Number(key));
        const chassisUuid = bare(dbs.sbctl('--bare', '--columns=chassis', 'find', 'Port_Binding', `logical_port=${i.port.id}`));
        expect(dp.portBinding?.chassis?.hostname, where).toBe(bare(dbs.sbctl('--bare', '--columns=hostname', 'list', 'Chassis', chassisUuid)));
        expect(dp.portBinding?.chassis?.hostname, where).toBe(i.boundHost);
        expect(dp.logicalPort?.up, where).toBe(true);
        expect(dp.logicalPort?.requestedChassis, where).toBe(i.boundHost);
        const ofport = bare(dbs.vsctl(i.host!, '--bare', '--columns=ofport', 'find', 'Interface', `external_ids:iface-id=${i.port.id}`));
        const name = bare(dbs.vsctl(i.host!, '--bare', '--columns=name', 'find', 'Interface', `external_ids:iface-id=${i.port.id}`));
        expect(dp.ovsInterface, where).toEqual({ name, ofport: Number(ofport), ovnInstalled: true });
        expect(i.hops[0]).toMatchObject({ device: name, kind: 'vm-tap', portNumber: Number(ofport), present: true, host: i.host });
        if (i.network.type === 'geneve') {
          const peer = i.host === NODE1 ? NODE2 : NODE1;
          const peerChassis = bare(dbs.sbctl('--bare', '--columns=name', 'find', 'Chassis', `hostname=${peer}`));
          const encap = bare(dbs.sbctl('--bare', '--columns=ip', 'find', 'Encap', `chassis_name=${peerChassis}`));
          expect(dp.tunnels, where).toEqual([expect.objectContaining({ host: peer, chassis: peerChassis, encapIp: encap, remoteIp: encap })]);
          expect(i.exit).toMatchObject({ action: 'tunnel', tunnelType: 'geneve', tunnelId: Number(key), remotes: [{ host: peer, ip: encap }] });
          const tunnelPort = bare(dbs.vsctl(i.host!, '--bare', '--columns=name', 'find', 'Interface', `options:remote_ip=${encap}`));
          expect(dp.tunnels[0].port).toBe(tunnelPort);
        } else {
          const tag = bare(dbs.nbctl('--bare', '--columns=tag', 'find', 'Logical_Switch_Port', 'type=localnet', `name=${dp.localnet?.port}`));
          expect(dp.localnet, where).toEqual({ port: expect.stringMatching(/^provnet-/), physnet: 'physnet1', vlan: Number(tag), bridge: 'br-ex' });
          expect(dp.localnet?.vlan).toBe(i.network.segmentationId);
          expect(i.exit).toEqual({ action: 'vlan-rewrite', bridge: 'br-ex', vlan: Number(tag) });
          expect(i.hops.map((h) => h.kind)).toEqual(['vm-tap', 'ovs-bridge', 'patch-port', 'ovs-bridge']);
        }
      }
    }
  });

  it("vm1's floating IP: NB NAT dnat_and_snat, centralized on the chassis claiming cr-lrp (node1)", () => {
    const i = reports.get('vm1')!.interfaces[0];
    const gw = i.router?.gateway?.dataplane;
    expect(gw?.kind).toBe('ml2/ovn');
    if (gw?.kind !== 'ml2/ovn') return;
    const claim = bare(dbs.sbctl('--bare', '--columns=chassis', 'find', 'Port_Binding', `logical_port=${gw.chassisRedirectPort}`));
    expect(gw.claimedBy?.name).toBe(bare(dbs.sbctl('--bare', '--columns=name', 'list', 'Chassis', claim)));
    expect(gw.claimedBy?.hostname).toBe(NODE1);
    const fip = String(api.floatingIps[0].floating_ip_address);
    expect(i.floatingIps).toEqual([fip]);
    const nat = bare(dbs.nbctl('--bare', '--columns=external_ip', 'find', 'NAT', 'type=dnat_and_snat', `logical_ip="${i.port.ips[0]}"`));
    expect(gw.nat).toEqual([{ type: 'dnat_and_snat', externalIp: nat, logicalIp: i.port.ips[0], distributed: false }]);
    expect(nat).toBe(fip);
    expect(i.answers.provider).toContain(`NAT on the gateway chassis ${NODE1}`);
  });

  it('reads only: the databases are unchanged by the traces', async () => {
    const reads: [string, string][] = [[dbs.nb, 'OVN_Northbound'], [dbs.sb, 'OVN_Southbound'], [dbs.ovs[NODE1], 'Open_vSwitch'], [dbs.ovs[NODE2], 'Open_vSwitch']];
    const dump = () => reads.map(([db, name]) => execFileSync('ovsdb-client', ['dump', db, name], { encoding: 'utf8' })).join('\n');
    const before = dump();
    await trace(dbs, api, 'vm3');
    expect(dump()).toBe(before);
  });

  it('--save/--from: a saved snapshot gives the same report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netxray-ovn-snap-'));
    try {
      const snapshot = await collectFromServedLab(dbs, api, serverId(api, 'vm3'));
      saveSnapshot(join(dir, 's.json'), snapshot);
      const again = await loadSnapshot(join(dir, 's.json'));
      expect(analyseTrace(again, 'vm3')).toEqual(analyseTrace(snapshot, 'vm3'));
      // without the recorded backend, analysis detects it from the agents
      const { backend: _backend, ...old } = again;
      expect(analyseTrace(old as CloudSnapshot, 'vm3').backend).toBe('ml2/ovn');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`the recorded scan snapshot (${RECORDED_SCAN}) is what the served databases give today (NETXRAY_RECORD_OVN=1 rewrites it)`, async () => {
    const fresh = await collectFromServedLab(dbs, api, ['vm1', 'vm2', 'vm3', 'vm4'].map((vm) => serverId(api, vm)));
    const path = join(OVN_FIXTURE, RECORDED_SCAN);
    if (process.env.NETXRAY_RECORD_OVN === '1') saveSnapshot(path, fresh);
    const recorded = await loadSnapshot(path);
    // the walks' ovn-trace commands name the served SB socket, in a temp dir of its own each run
    const sameDir = (r: TraceReport) => JSON.parse(JSON.stringify(r).replace(/netxray-ovnlab-test-[A-Za-z0-9]+/g, 'netxray-ovnlab-test-X')) as TraceReport;
    for (const vm of ['vm1', 'vm2', 'vm3', 'vm4']) {
      expect(sameDir(analyseTrace(recorded, vm)), vm).toEqual(sameDir(analyseTrace(fresh, vm)));
      // whole tables (scan) and the instance's rows (trace) give the same report
      expect(analyseTrace(recorded, vm).interfaces, vm).toEqual(reports.get(vm)!.interfaces);
    }
  });

  it('scan: the recorded scan snapshot gives the four instances healthy, with a fixed number of DB reads whatever their number', async () => {
    const recorded = await loadSnapshot(join(OVN_FIXTURE, RECORDED_SCAN));
    const scan = analyseScan(recorded);
    expect(scan.instances.map((i) => i.name)).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
    expect(scan.summary).toMatchObject({ instances: 4, interfaces: 5, healthyInstances: 4, errors: 0, warnings: 0 });
    const dbReads = (vms: string[]) => ml2OvnCollector.scanHosts(api, vms.map((vm) => serverId(api, vm)), { ovn: { nb: dbs.nb, sb: dbs.sb } }).find((p) => p.local)!.commands.length;
    expect(dbReads(['vm1'])).toBe(dbReads(['vm1', 'vm2', 'vm3', 'vm4']));
  });

  it('metadata: with an OVN metadata agent the branch is the ovnmeta- namespace on the instance\'s chassis, drawn from its br-int', async () => {
    const recorded = await loadSnapshot(join(OVN_FIXTURE, RECORDED_SCAN));
    // INJECTED: the recorded lab runs no metadata agent (ovn_metadata_enabled = false); one row as neutron would list it
    recorded.api.agents.push({ id: 'meta-1', agent_type: 'OVN Metadata agent', host: NODE1, alive: true, admin_state_up: true });
    const r = analyseTrace(recorded, 'vm1');
    const m = r.interfaces[0].metadata;
    expect(m).toMatchObject({ via: 'chassis', host: NODE1, namespace: `ovnmeta-${r.interfaces[0].network.id}`, offered: true, agent: { alive: true } });
    // the namespaces were not read in this recording: unknown, not missing
    expect(m.entry?.state).toBe('unknown');
    const graph = traceGraphs(r)[0];
    const meta = graph.nodes.find((n) => n.kind === 'metadata');
    expect(graph.edges.find((e) => e.to === meta?.id)?.from).toBe(graph.nodes.find((n) => n.label === 'br-int' || n.id === 'h1')?.id);
  });

  it('a dead DB reader and a dead chassis are findings and a partial report, never healthy', async () => {
    const noDb = await trace(dbs, api, 'vm1', { unreachable: ['local'] });
    expect(noDb.findings.map((f) => f.id)).toContain('ovn-db-unread');
    expect(noDb.summary.verdict).not.toBe('healthy');
    expect(noDb.interfaces[0].port.mac).toBe(recordedPort(api, 'vm1').mac);
    const noNode = await trace(dbs, api, 'vm4', { unreachable: [NODE2] });
    expect(noNode.findings.find((f) => f.id === 'host-unreachable')).toMatchObject({ host: NODE2, severity: 'error', unverified: true });
    expect(noNode.summary.verdict).not.toBe('healthy');
  });
});

/** One fault per block, injected into fresh copies; `api` may be altered as Neutron would show the fault. */
function faultSuite(name: string, inject: (dbs: OvnLabDbs, api: CloudSnapshot['api']) => void, check: (reports: Map<string, TraceReport>, api: CloudSnapshot['api']) => void) {
  describe(`ML2/OVN trace with the lab fault ${name} (injected into copies)`, () => {
    let dbs: OvnLabDbs;
    const api = recordedApi();
    const reports = new Map<string, TraceReport>();
    beforeAll(async () => {
      dbs = serveOvnLab();
      inject(dbs, api);
      for (const vm of ['vm1', 'vm2', 'vm3', 'vm4']) reports.set(vm, await trace(dbs, api, vm));
    }, 120_000);
    afterAll(() => dbs?.close());
    it('names the fault with the right host and hop, and nothing it does not cause', () => check(reports, api));
  });
}

const portOf = (api: CloudSnapshot['api'], vm: string, network = 'private') => {
  const net = api.networks.find((n) => n.name === network)!;
  return String(api.ports.find((p) => p.device_id === serverId(api, vm) && p.network_id === net.id)!.id);
};
const tapOf = (portId: string) => `tap${portId.slice(0, 11)}`;

faultSuite(
  'ovn-controller-down',
  (dbs, api) => {
    // lab: ovn-controller of node2 stopped; Neutron's next liveness round bumps NB_Global nb_cfg, node1 follows, node2 does not
    const cfg = Number(bare(dbs.nbctl('get', 'NB_Global', '.', 'nb_cfg'))) + 1;
    dbs.nbctl('set', 'NB_Global', '.', `nb_cfg=${cfg}`);
    const node1 = bare(dbs.sbctl('--bare', '--columns=name', 'find', 'Chassis', `hostname=${NODE1}`));
    dbs.sbctl('set', 'Chassis_Private', node1, `nb_cfg=${cfg}`);
    // northd is up: it carried nb_cfg into the SB and, once node1 acknowledged, wrote sb_cfg back
    dbs.sbctl('set', 'SB_Global', '.', `nb_cfg=${cfg}`);
    dbs.nbctl('set', 'NB_Global', '.', `sb_cfg=${cfg}`);
    for (const a of api.agents) if (a.host === NODE2) a.alive = false;
  },
  (reports) => {
    for (const vm of ['vm3', 'vm4']) {
      const r = reports.get(vm)!;
      expect(ids(causes(r)), vm).toEqual(r.interfaces.map(() => 'ovn-controller-down'));
      for (const f of causes(r)) expect(f).toMatchObject({ severity: 'error', host: NODE2, at: { part: 'hop', host: NODE2 } });
      expect(causes(r)[0].evidence.map((e) => e.text).join(' ')).toMatch(/nb_cfg=\d+ \(NB_Global nb_cfg=\d+\)/);
    }
    // vm1 on node1 shares the Geneve network with node2's ports: a warning at that far end, nothing on its own path
    expect(causes(reports.get('vm1')!).map((f) => [f.id, f.host, f.at])).toEqual([['peer-chassis-down', NODE2, { part: 'remote', host: NODE2 }]]);
    expect(causes(reports.get('vm2')!)).toEqual([]);
  },
);

faultSuite(
  'lsp-deleted',
  (dbs, api) => {
    const port = portOf(api, 'vm4');
    dbs.nbctl('lsp-del', port);
    // what follows in the lab: northd removes the Port_Binding, ovn-controller the ovn-installed mark
    dbs.sbctl('--if-exists', 'destroy', 'Port_Binding', bare(dbs.sbctl('--bare', '--columns=_uuid', 'find', 'Port_Binding', `logical_port=${port}`)));
    dbs.vsctl(NODE2, 'remove', 'Interface', tapOf(port), 'external_ids', 'ovn-installed');
  },
  (reports, api) => {
    const r = reports.get('vm4')!;
    expect(causes(r).map((f) => [f.id, f.severity, f.portId])).toEqual([['lsp-missing', 'error', portOf(api, 'vm4')]]);
    // the automatic walks from the port that is gone do not arrive either: symptoms of the same cause
    expect(r.findings.filter((f) => f.causedBy).map((f) => [f.id, f.causedBy])).toEqual([['not-ovn-installed', 'lsp-missing'], ['walk-dropped', 'lsp-missing']]);
    expect(r.findings.find((f) => f.id === 'lsp-missing')?.evidence[0].text).toContain(`find Logical_Switch_Port name=${portOf(api, 'vm4')}: no row`);
    // vm1's automatic walk to its peer on node 2 (vm4) now fails too: the fault's effect on vm1, named as such
    const vm1 = causes(reports.get('vm1')!);
    expect(vm1.map((f) => f.id)).toEqual(['walk-dropped']);
    expect(vm1[0].message).toContain(`to logical port ${portOf(api, 'vm4')}, which has no SB Port_Binding`);
    for (const vm of ['vm2', 'vm3']) expect(causes(reports.get(vm)!), vm).toEqual([]);
  },
);

faultSuite(
  'wrong-requested-chassis',
  (dbs, api) => {
    const port = portOf(api, 'vm1');
    dbs.nbctl('set', 'Logical_Switch_Port', port, `options:requested-chassis=${NODE2}`);
    // what follows in the lab: node1 releases the binding, the LSP goes down, ovn-installed goes
    dbs.sbctl('clear', 'Port_Binding', bare(dbs.sbctl('--bare', '--columns=_uuid', 'find', 'Port_Binding', `logical_port=${port}`)), 'chassis');
    dbs.nbctl('set', 'Logical_Switch_Port', port, 'up=false');
    dbs.vsctl(NODE1, 'remove', 'Interface', tapOf(port), 'external_ids', 'ovn-installed');
  },
  (reports, api) => {
    const r = reports.get('vm1')!;
    const port = portOf(api, 'vm1');
    expect(causes(r).map((f) => [f.id, f.host, f.at])).toEqual([['requested-chassis-mismatch', NODE1, { part: 'hop', host: NODE1, device: tapOf(port) }]]);
    expect(ids(r.findings.filter((f) => f.causedBy === 'requested-chassis-mismatch'))).toEqual(['lsp-down', 'not-ovn-installed', 'port-unbound']);
    expect(r.findings.find((f) => f.id === 'requested-chassis-mismatch')?.evidence.map((e) => e.text)).toEqual([`options:requested-chassis=${NODE2}`, `binding:host_id=${NODE1}`]);
    for (const vm of ['vm2', 'vm3', 'vm4']) expect(causes(reports.get(vm)!), vm).toEqual([]);
  },
);

faultSuite(
  'gateway-chassis-removed',
  (dbs, api) => {
    const gw = api.ports.find((p) => p.device_owner === 'network:router_gateway')!;
    const lrp = `lrp-${String(gw.id)}`;
    const chassis = bare(dbs.nbctl('--bare', '--columns=chassis_name', 'list', 'Gateway_Chassis'));
    dbs.nbctl('lrp-del-gateway-chassis', lrp, chassis);
    // what follows in the lab: northd drops the cr-lrp Port_Binding
    dbs.sbctl('destroy', 'Port_Binding', bare(dbs.sbctl('--bare', '--columns=_uuid', 'find', 'Port_Binding', `logical_port=cr-${lrp}`)));
  },
  (reports) => {
    const vm1 = reports.get('vm1')!;
    expect(causes(vm1).map((f) => [f.id, f.severity, f.at])).toEqual([['gateway-unclaimed', 'error', { part: 'router' }]]);
    expect(vm1.findings[0].evidence.map((e) => e.text)).toEqual([expect.stringMatching(/^no Port_Binding cr-lrp-/), 'gateway_chassis: none']);
    // the other instances on the routed network lose SNAT only: a warning; the provider network has no router
    for (const vm of ['vm3', 'vm4']) expect(causes(reports.get(vm)!).map((f) => [f.id, f.severity]), vm).toEqual([['gateway-unclaimed', 'warning']]);
    expect(causes(reports.get('vm2')!)).toEqual([]);
  },
);

faultSuite(
  'ovn-northd-down',
  (dbs, api) => {
    // lab: ovn-northd stopped; Neutron bumps NB_Global nb_cfg twice (two agent health checks), nothing carries it to
    // the SB, so NB_Global sb_cfg and every Chassis_Private nb_cfg stay behind, and Neutron's agents go dead
    const cfg = Number(bare(dbs.nbctl('get', 'NB_Global', '.', 'nb_cfg'))) + 2;
    dbs.nbctl('set', 'NB_Global', '.', `nb_cfg=${cfg}`);
    for (const a of api.agents) if (String(a.agent_type).startsWith('OVN Controller')) a.alive = false;
  },
  (reports) => {
    for (const vm of ['vm1', 'vm2', 'vm3', 'vm4']) {
      const r = reports.get(vm)!;
      // the cause on every port, the controllers that look dead under it, nothing else
      expect(ids(causes(r)), vm).toEqual(r.interfaces.map(() => 'ovn-northd-behind'));
      expect(causes(r)[0]).toMatchObject({ severity: 'error' });
      expect(causes(r)[0].evidence[0].text).toMatch(/^nb_cfg=(\d+) sb_cfg=\d+$/);
      expect(new Set(r.findings.filter((f) => f.causedBy).map((f) => f.causedBy)), vm).toEqual(new Set(['ovn-northd-behind']));
      expect(r.findings.some((f) => f.id === 'ovn-controller-down'), vm).toBe(true);
    }
  },
);

const chassisOf = (dbs: OvnLabDbs, host: string) => bare(dbs.sbctl('--bare', '--columns=name', 'find', 'Chassis', `hostname=${host}`));

faultSuite(
  'encap-ip-wrong',
  (dbs) => {
    const wrong = '127.0.1.222';
    dbs.vsctl(NODE2, 'set', 'Open_vSwitch', '.', `external_ids:ovn-encap-ip=${wrong}`);
    // what follows in the lab: node2's ovn-controller rewrites its SB Encap, node1's re-makes its tunnel port to it
    const encap = bare(dbs.sbctl('--bare', '--columns=_uuid', 'find', 'Encap', `chassis_name=${chassisOf(dbs, NODE2)}`));
    dbs.sbctl('set', 'Encap', encap, `ip=${wrong}`);
    const tunnel = bare(dbs.vsctl(NODE1, '--bare', '--columns=name', 'find', 'Interface', 'type=geneve'));
    dbs.vsctl(NODE1, 'set', 'Interface', tunnel, `options:remote_ip=${wrong}`);
  },
  (reports) => {
    // node2's own ports: at their br-int; vm1 on node1: at the far end, node2
    for (const vm of ['vm3', 'vm4']) {
      expect(causes(reports.get(vm)!).map((f) => [f.id, f.severity, f.host, f.at]), vm).toEqual([['encap-ip-unassigned', 'error', NODE2, { part: 'hop', host: NODE2, device: 'br-int' }]]);
    }
    const vm1 = causes(reports.get('vm1')!);
    expect(vm1.map((f) => [f.id, f.host, f.at])).toEqual([['encap-ip-unassigned', NODE2, { part: 'remote', host: NODE2 }]]);
    expect(vm1[0].evidence.map((e) => e.text)).toEqual(['ip=127.0.1.222', expect.stringContaining('lo 127.0.1.2')]);
    expect(causes(reports.get('vm2')!)).toEqual([]);
  },
);

faultSuite(
  'encap-ip-wrong, not yet in the SB (ovn-controller has not caught up)',
  (dbs) => {
    // node2's OVS asks for an address nothing has; the SB and node1 still have the old one: a mismatch, not (yet) lost traffic
    dbs.vsctl(NODE2, 'set', 'Open_vSwitch', '.', 'external_ids:ovn-encap-ip=127.0.1.222');
  },
  (reports) => {
    for (const vm of ['vm1', 'vm3', 'vm4']) expect(causes(reports.get(vm)!).map((f) => [f.id, f.severity, f.host]), vm).toEqual([['encap-ip-mismatch', 'warning', NODE2]]);
    expect(causes(reports.get('vm1')!)[0].evidence.map((e) => e.text)).toEqual(['external_ids:ovn-encap-ip=127.0.1.222', 'ip=127.0.1.2']);
  },
);

faultSuite(
  'mtu-too-large',
  (dbs, api) => {
    const tap = tapOf(portOf(api, 'vm4'));
    dbs.vsctl(NODE2, 'set', 'Interface', tap, 'mtu_request=1500');
    // what follows in the lab: ovs-vswitchd applies the request and reports it in the read-only column mtu
    dbs.vsctl(NODE2, 'set', 'Interface', tap, 'mtu=1500');
  },
  (reports, api) => {
    const tap = tapOf(portOf(api, 'vm4'));
    const r = reports.get('vm4')!;
    expect(causes(r).map((f) => [f.id, f.severity, f.host, f.at])).toEqual([['vif-mtu-mismatch', 'warning', NODE2, { part: 'hop', host: NODE2, device: tap }]]);
    expect(causes(r)[0].evidence.map((e) => e.text)).toEqual(['mtu 1500', 'mtu=1442']);
    expect(r.interfaces[0].hops[0].mtu).toBe(1500);
    for (const vm of ['vm1', 'vm2', 'vm3']) expect(causes(reports.get(vm)!), vm).toEqual([]);
  },
);

describe('ML2/OVN trace: the OVN metadata agent of the chassis (agents and their acks injected into copies)', () => {
  let dbs: OvnLabDbs;
  const api = recordedApi();
  const net = (name: string) => String(api.networks.find((n) => n.name === name)!.id);
  const ns = (name: string) => `ovnmeta-${net(name)}`;
  const both = [ns('private'), ns('provider-vlan100')];
  const num = (out: string) => Number(bare(out));
  beforeAll(() => {
    dbs = serveOvnLab();
    // INJECTED: the recorded lab ran no metadata agent. Each node's agent as neutron lists it, and its registration and
    // ack in Chassis_Private as neutron's agent writes them (agent.py register_metadata_agent, SbGlobalUpdateEvent)
    for (const [i, host] of [NODE1, NODE2].entries()) {
      api.agents.push({ id: `meta-${i}`, agent_type: 'OVN Metadata agent', host, alive: true, admin_state_up: true });
      dbs.sbctl('set', 'Chassis_Private', chassisOf(dbs, host), `external_ids:"neutron:ovn-metadata-id"=meta-${i}`, `external_ids:"neutron:ovn-metadata-sb-cfg"=${num(dbs.sbctl('get', 'SB_Global', '.', 'nb_cfg'))}`);
    }
  });
  afterAll(() => dbs?.close());

  /** A liveness round: Neutron bumps NB nb_cfg, northd carries it into SB_Global, the controllers and the agents in `acking` ack it. */
  const round = (acking: string[]) => {
    const cfg = num(dbs.nbctl('get', 'NB_Global', '.', 'nb_cfg')) + 1;
    dbs.nbctl('set', 'NB_Global', '.', `nb_cfg=${cfg}`, `sb_cfg=${cfg}`);
    dbs.sbctl('set', 'SB_Global', '.', `nb_cfg=${cfg}`);
    for (const host of [NODE1, NODE2]) {
      dbs.sbctl('set', 'Chassis_Private', chassisOf(dbs, host), `nb_cfg=${cfg}`);
      if (acking.includes(host)) dbs.sbctl('set', 'Chassis_Private', chassisOf(dbs, host), `external_ids:"neutron:ovn-metadata-sb-cfg"=${cfg}`);
    }
  };
  const served = { namespaces: { [NODE1]: { present: both }, [NODE2]: { present: both } } };

  it('healthy: the haproxy of ovnmeta-<network> answers, the acks are current; one round behind is a round in progress', async () => {
    const r = await trace(dbs, api, 'vm4', served);
    expect(r.findings).toEqual([]);
    expect(r.interfaces[0].metadata).toMatchObject({ via: 'chassis', host: NODE2, namespace: ns('private'), entry: { state: 'present' }, proxy: { state: 'listening', process: 'haproxy', port: 80 } });
    round([NODE1]);
    expect((await trace(dbs, api, 'vm4', served)).findings).toEqual([]);
  });

  it('metadata-agent-down: node2\'s agent misses a second round; a warning while Neutron calls it alive, an error after', async () => {
    round([NODE1]);
    const r = await trace(dbs, api, 'vm4', served);
    expect(causes(r).map((f) => [f.id, f.severity, f.host, f.at])).toEqual([['ovn-metadata-agent-down', 'warning', NODE2, { part: 'metadata' }]]);
    expect(causes(r)[0].evidence.map((e) => e.text)).toEqual([expect.stringMatching(/^external_ids:"neutron:ovn-metadata-sb-cfg"="\d+"$/), expect.stringMatching(/^nb_cfg=\d+$/), 'OVN Metadata agent on nxlab-ovn-node2 alive=true']);
    // vm3's two interfaces on node2 each say it; vm1 and vm2 on node1 are not concerned
    expect(ids(causes(await trace(dbs, api, 'vm3', served)))).toEqual(['ovn-metadata-agent-down', 'ovn-metadata-agent-down']);
    expect(causes(await trace(dbs, api, 'vm1', served))).toEqual([]);
    round([NODE1]);
    expect(causes(await trace(dbs, api, 'vm4', served)).map((f) => [f.id, f.severity])).toEqual([['ovn-metadata-agent-down', 'error']]);
  });

  it('a namespace where nothing listens on 169.254.169.254:80 is ovn-metadata-proxy-down, under the agent when it is down too', async () => {
    const silent = { namespaces: { [NODE2]: { present: both, silent: [ns('private')] } } };
    const r = await trace(dbs, api, 'vm4', silent);
    expect(r.findings.map((f) => [f.id, f.causedBy ?? null])).toEqual([['ovn-metadata-agent-down', null], ['ovn-metadata-proxy-down', 'ovn-metadata-agent-down']]);
    round([NODE1, NODE2]);
    round([NODE1, NODE2]);
    const alone = await trace(dbs, api, 'vm4', silent);
    expect(causes(alone).map((f) => [f.id, f.host, f.at])).toEqual([['ovn-metadata-proxy-down', NODE2, { part: 'metadata' }]]);
    expect(alone.interfaces[0].metadata.proxy).toEqual({ port: 80, state: 'not-listening', process: null });
  });
});
