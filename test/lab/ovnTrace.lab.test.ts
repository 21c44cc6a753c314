// `netxray trace` on the live ML2/OVN lab (LAB_BACKEND=ovn npm run lab:up), compared with what the lab's own tools
// say: the openstack CLI, ovn-nbctl/ovn-sbctl on the NB/SB sockets, ovs-vsctl over SSH on each node. Read-only: the
// compared NB/SB/OVS rows are the same before and after. Runs when NETXRAY_OVN_LAB=1 or an OVN lab is up (the gating
// of ./ovnLab.lab.test.ts); needs `npm run build` (it runs bin/netxray).
import { beforeAll, describe, expect, it } from 'vitest';
import type { OvnInterfaceDataplane, OvnRouterGatewayDataplane, TraceReport } from '../../src/model/traceModel.js';
import type { Json } from './helpers.js';
import { LIVE_TIMEOUT, nbRows, nodeOvsRows, ovnNetxrayTrace, ovnOsc, ovnReadOnlyReason, sbRows, skipOvnReadOnly } from './ovnHelpers.js';

const VMS = ['vm1', 'vm2', 'vm3', 'vm4'];
type Row = Record<string, Json>;

/** The rows a trace reads, without the columns the lab's own daemons keep changing (nb_cfg, statistics). */
function readState(): string {
  const pick = (rows: Row[], cols: string[]) => JSON.stringify(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]]))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  return [
    pick(nbRows('Logical_Switch_Port'), ['_uuid', 'name', 'options', 'up', 'addresses', 'external_ids']),
    pick(nbRows('Gateway_Chassis'), ['_uuid', 'chassis_name', 'priority']),
    pick(nbRows('NAT'), ['_uuid', 'external_ip', 'logical_ip', 'type']),
    pick(sbRows('Port_Binding'), ['_uuid', 'logical_port', 'chassis', 'tunnel_key']),
    pick(sbRows('Datapath_Binding'), ['_uuid', 'tunnel_key']),
    ...['nxlab-ovn-node1', 'nxlab-ovn-node2'].map((n) => pick(nodeOvsRows(n, 'Interface'), ['_uuid', 'name', 'ofport', 'external_ids', 'options'])),
  ].join('\n');
}

describe.skipIf(skipOvnReadOnly)(`netxray trace on the live ML2/OVN lab ${ovnReadOnlyReason}`, () => {
  const reports = new Map<string, { report: TraceReport; status: number | null; ms: number }>();
  let before = '';
  beforeAll(() => {
    before = readState();
    for (const vm of VMS) reports.set(vm, ovnNetxrayTrace(vm));
  }, LIVE_TIMEOUT);

  it('every instance: backend ml2/ovn, healthy, exit 0', () => {
    for (const [vm, { report, status, ms }] of reports) {
      console.log(`netxray trace ${vm}: ${ms} ms`);
      expect(report.backend, vm).toBe('ml2/ovn');
      expect(report.findings, vm).toEqual([]);
      expect(report.summary.verdict, vm).toBe('healthy');
      expect(status, vm).toBe(0);
    }
  });

  it('ports, MACs, IPs, chassis, VNI, localnet VLAN, OVS interface equal the lab\'s own answers', () => {
    const chassis = sbRows('Chassis');
    const bindings = sbRows('Port_Binding');
    const datapaths = sbRows('Datapath_Binding');
    const lsps = nbRows('Logical_Switch_Port');
    for (const [vm, { report }] of reports) {
      for (const i of report.interfaces) {
        const dp = i.dataplane as OvnInterfaceDataplane;
        const port = ovnOsc<Row>('port', 'show', i.port.id);
        expect([i.port.mac, i.boundHost], vm).toEqual([port.mac_address, port.binding_host_id]);
        expect(i.port.ips.sort(), vm).toEqual((port.fixed_ips as Row[]).map((f) => f.ip_address as string).sort());
        const pb = bindings.find((b) => b.logical_port === i.port.id)!;
        expect(dp.portBinding?.chassis?.hostname, vm).toBe(chassis.find((c) => c._uuid === pb.chassis)?.hostname);
        expect(dp.portBinding?.chassis?.hostname, vm).toBe(port.binding_host_id);
        const dpRow = datapaths.find((d) => (d.external_ids as Row).name === `neutron-${i.network.id}`)!;
        expect(dp.datapathKey, vm).toBe(dpRow.tunnel_key);
        if (dp.localnet) expect(dp.localnet.vlan ?? null, vm).toBe(lsps.find((l) => l.name === dp.localnet?.port)?.tag ?? null);
        const iface = nodeOvsRows(i.host!, 'Interface').find((x) => (x.external_ids as Row)['iface-id'] === i.port.id)!;
        expect(dp.ovsInterface, vm).toEqual({ name: iface.name, ofport: iface.ofport, ovnInstalled: true });
      }
    }
  }, LIVE_TIMEOUT);

  it("vm1's floating IP: the NAT row and the chassis claiming the router's cr-lrp", () => {
    const i = reports.get('vm1')!.report.interfaces[0];
    const gw = i.router?.gateway?.dataplane as OvnRouterGatewayDataplane;
    const cr = sbRows('Port_Binding').find((b) => b.logical_port === gw.chassisRedirectPort)!;
    expect(gw.claimedBy?.name).toBe(sbRows('Chassis').find((c) => c._uuid === cr.chassis)?.name);
    const nat = nbRows('NAT').find((n) => n.type === 'dnat_and_snat' && n.logical_ip === i.port.ips[0]);
    expect(gw.nat.map((n) => n.externalIp)).toEqual([nat?.external_ip]);
    expect(i.floatingIps).toEqual([nat?.external_ip]);
  }, LIVE_TIMEOUT);

  // the ML2/OVN packet walk (ovn-trace on the lab's SB); the same walks on the recorded lab: test/trace/ovnWalk.test.ts
  it('walks: vm1 → vm3 (Geneve, two chassis), vm2 → gateway (VLAN, outside the cloud), vm1 → internet, every stage named', () => {
    const stages = (r: TraceReport) => r.walk!.legs.flatMap((l) => l.segments.flatMap((s) => s.hops.map((h) => h.notes[0].split(' ')[0])));
    const vm3 = ovnNetxrayTrace('vm1', ['--to', 'vm3']).report;
    expect(vm3.walk!.verdict).toMatchObject({ kind: 'delivered', host: 'nxlab-ovn-node2', into: 'vif' });
    expect(vm3.walk!.legs[0].segments.map((s) => s.host)).toEqual(['nxlab-ovn-node1', 'nxlab-ovn-node2']);
    expect(stages(vm3)).toEqual(expect.arrayContaining(['ls_in_acl', 'ls_in_l2_lkup', 'ls_out_acl']));
    const gw = ovnNetxrayTrace('vm2', ['--to', 'gateway']).report;
    expect(gw.walk!.verdict).toMatchObject({ kind: 'left-cloud', vlan: 100 });
    const out = ovnNetxrayTrace('vm1', ['--to', 'internet']).report;
    expect(out.walk!.verdict.kind).toBe('left-cloud');
    expect(stages(out)).toEqual(expect.arrayContaining(['lr_in_ip_routing']));
    for (const r of [vm3, gw, out]) for (const w of r.walks ?? []) expect(['delivered', 'left-cloud']).toContain(w.walk?.verdict.kind);
  }, LIVE_TIMEOUT);

  it('read-only: the NB/SB/OVS rows it reads are unchanged', () => {
    expect(readState()).toBe(before);
  }, LIVE_TIMEOUT);
});
