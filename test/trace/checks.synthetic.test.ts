// The checks no lab fault exercises, each on a SYNTHETIC edit of a healthy real recording (lab-openvswitch.snapshot.json).
import { describe, expect, it } from 'vitest';
import type { ApiObject, CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { analyseChecks, rawInt, rawRows, recordedSnapshots } from './_labSnapshot.js';

const healthy = recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json')?.snapshot;
const copy = () => structuredClone(healthy!) as CloudSnapshot;
const server = (s: CloudSnapshot, name: string) => s.api.servers.find((x) => x.name === name) as ApiObject;
const portOf = (s: CloudSnapshot, vm: string) => s.api.ports.find((p) => p.device_id === server(s, vm).id) as ApiObject;
const ids = (s: CloudSnapshot, vm: string) => analyseChecks(s, vm).findings.map((f) => f.id);

function editPortRow(s: CloudSnapshot, host: string, name: string, edit: (row: unknown[], col: (c: string) => number) => void): void {
  const out = s.hosts.find((h) => h.host === host)!.outputs.find((o) => o.id === 'ovsdb-port')!;
  const doc = JSON.parse(out.stdout) as { headings: string[]; data: unknown[][] };
  edit(doc.data.find((r) => r[doc.headings.indexOf('name')] === name)!, (c) => doc.headings.indexOf(c));
  out.stdout = JSON.stringify(doc);
}

describe.skipIf(!healthy)('checks without a lab fault (synthetic edits of a real recording)', () => {
  it('dhcp-missing: DHCP enabled, no DHCP port', () => {
    const s = copy();
    const net = portOf(s, 'vm1').network_id;
    s.api.ports = s.api.ports.filter((p) => !(p.network_id === net && p.device_owner === 'network:dhcp'));
    expect(ids(s, 'vm1')).toEqual(['dhcp-missing']);
  });

  it('router-port-down: the gateway router port DOWN or disabled in Neutron (SYNTHETIC edits)', () => {
    const router = analyseChecks(copy(), 'vm1').interfaces[0].router!;
    const qrId = router.interfacePortId;
    const edited = (edit: (s: CloudSnapshot) => void) => {
      const s = copy(); // a fresh copy each time: the analysis caches what it parsed per snapshot object
      edit(s);
      return analyseChecks(s, 'vm1').findings.filter((f) => f.id === 'router-port-down');
    };
    const qr = (s: CloudSnapshot) => s.api.ports.find((p) => p.id === qrId)!;
    const down = edited((s) => (qr(s).status = 'DOWN'));
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ severity: 'error', at: { part: 'router' } });
    expect(down[0].message).toMatch(new RegExp(`port ${qrId} on this network \\(gateway [0-9.]+\\) is DOWN`));
    expect(edited((s) => (qr(s).admin_state_up = false))[0].hint).toBe(`openstack port set --enable ${qrId}`);
    expect(ids(copy(), 'vm1')).not.toContain('router-port-down');
  });

  it('router-port-down explains its own dead-VLAN qr- device, not a DHCP port\'s on the same network (SYNTHETIC edits)', () => {
    const s = copy();
    const analysis = analyseChecks(copy(), 'vm1').interfaces[0];
    const router = analysis.router!;
    const dhcp = analysis.dhcp.ports[0];
    const qr = s.api.ports.find((p) => p.id === router.interfacePortId)!;
    qr.admin_state_up = false;
    // the OVS agent parks a disabled port on the dead VLAN (port_dead); the DHCP port's device is parked too, for no reason
    // the router explains
    for (const [host, id] of [[router.host!, router.interfacePortId], [dhcp.host!, dhcp.id]]) {
      const out = s.hosts.find((h) => h.host === host)!.outputs.find((o) => o.id === 'ovsdb-port')!;
      const doc = JSON.parse(out.stdout) as { headings: string[]; data: unknown[][] };
      const row = doc.data.find((r) => String(r[doc.headings.indexOf('name')]).endsWith(id.slice(0, 11)))!;
      row[doc.headings.indexOf('tag')] = 4095;
      out.stdout = JSON.stringify(doc);
    }
    const findings = analyseChecks(s, 'vm1').findings;
    const unwired = findings.filter((f) => f.id === 'service-port-unwired');
    expect(unwired.map((f) => [f.at?.part, f.causedBy])).toEqual(expect.arrayContaining([['router', 'router-port-down'], ['dhcp', undefined]]));
    expect(unwired).toHaveLength(2);
  });

  it('router-gateway-missing: the router lost its external gateway', () => {
    const s = copy();
    for (const r of s.api.routers) r.external_gateway_info = null;
    expect(ids(s, 'vm1')).toContain('router-gateway-missing');
  });

  it('l3-agent-dead: the router host L3 agent is dead', () => {
    const s = copy();
    for (const a of s.api.agents) if (a.agent_type === 'L3 agent') a.alive = false;
    expect(ids(s, 'vm1')).toEqual(['l3-agent-dead']);
  });

  it('segmentation-mismatch: the host wired the port for another VNI than Neutron has', () => {
    const s = copy();
    const host = String(server(s, 'vm1')['OS-EXT-SRV-ATTR:host']);
    editPortRow(s, host, `tap${String(portOf(s, 'vm1').id).slice(0, 11)}`, (row, col) => {
      const map = row[col('other_config')] as [string, [string, string][]];
      map[1] = map[1].map(([k, v]) => [k, k === 'segmentation_id' ? '1002' : v]);
    });
    expect(ids(s, 'vm1')).toContain('segmentation-mismatch');
  });

  it('path-gap: a firewall that is neither there nor explained by another finding is a warning naming it, not a silent "unknown"', () => {
    const s = copy();
    const host = String(server(s, 'vm1')['OS-EXT-SRV-ATTR:host']);
    const tap = `tap${String(portOf(s, 'vm1').id).slice(0, 11)}`;
    const out = s.hosts.find((h) => h.host === host)!.outputs.find((o) => o.id === 'flows:br-int')!;
    expect(analyseChecks(copy(), 'vm1').interfaces[0].firewall.driver).toBe('openvswitch');
    const inPort = rawInt(rawRows(s, host, 'ovsdb-interface').find((r) => r.name === tap)?.ofport);
    expect(out.stdout).toMatch(new RegExp(`table=60, .*in_port=${inPort} `));
    out.stdout = out.stdout.split('\n').filter((l) => !new RegExp(`table=(60|71|0), .*in_port=${inPort}[ ,]`).test(l)).join('\n');
    const report = analyseChecks(s, 'vm1');
    expect(report.interfaces[0].firewall.driver).toBe('unknown');
    const gap = report.findings.find((f) => f.id === 'path-gap');
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => f.id)).toEqual(['path-gap']);
    expect(gap?.message).toContain('firewall "unknown"');
    // the same gap where another check already says what is wrong with the port: only that finding
    const both = structuredClone(s);
    editPortRow(both, host, tap, (row, col) => { row[col('tag')] = 4095; });
    expect(ids(both, 'vm1')).toContain('dead-vlan');
    expect(ids(both, 'vm1')).not.toContain('path-gap');
  });

  it('flood-entry-missing: the flood flow skips the peer that has ports on the network', () => {
    const s = copy();
    const host = String(server(s, 'vm1')['OS-EXT-SRV-ATTR:host']);
    const out = s.hosts.find((h) => h.host === host)!.outputs.find((o) => o.id === 'flows:br-tun')!;
    // the flood flow outputs to a port number that is not the tunnel port to the peer
    out.stdout = out.stdout.replace(/(table=22, .*load:0x3e9->NXM_NX_TUN_ID\[\]),output:\d+/, '$1,output:1');
    expect(ids(s, 'vm1')).toContain('flood-entry-missing');
  });

  it('flood-entry-missing: the peer does not map the VNI back to a local VLAN', () => {
    const s = copy();
    const peer = String(server(s, 'vm3')['OS-EXT-SRV-ATTR:host']);
    const out = s.hosts.find((h) => h.host === peer)!.outputs.find((o) => o.id === 'flows:br-tun')!;
    out.stdout = out.stdout.split('\n').filter((l) => !/table=4, .*tun_id=0x3e9 /.test(l)).join('\n');
    const report = analyseChecks(s, 'vm1');
    expect(report.findings.map((f) => f.id)).toContain('flood-entry-missing');
    expect(report.interfaces[0].answers.provider).not.toContain('where it becomes local VLAN');
  });

  it('sg-no-ssh: no rule lets TCP 22 in', () => {
    const s = copy();
    for (const g of s.api.securityGroups) {
      g.security_group_rules = (g.security_group_rules as ApiObject[]).filter((r) => !(r.direction === 'ingress' && r.protocol === 'tcp'));
    }
    expect(ids(s, 'vm1')).toEqual(['sg-no-ssh']);
  });

  it('port-not-plugged: no OVSDB interface carries the iface-id', () => {
    const s = copy();
    const host = String(server(s, 'vm2')['OS-EXT-SRV-ATTR:host']);
    const out = s.hosts.find((h) => h.host === host)!.outputs.find((o) => o.id === 'ovsdb-interface')!;
    out.stdout = out.stdout.split(String(portOf(s, 'vm2').id)).join('00000000-0000-4000-8000-000000000000');
    expect(ids(s, 'vm2')).toContain('port-not-plugged');
  });

  it('OVS agents in DVR mode with a legacy router: understood, no finding, exit status 0 (no more not-understood info)', () => {
    const s = copy();
    for (const a of s.api.agents) if (a.agent_type === 'Open vSwitch agent') (a.configurations as ApiObject).enable_distributed_routing = true;
    const report = analyseChecks(s, 'vm2');
    expect(report.findings).toEqual([]);
  });

  it('collection-problem: an API the collector could not read', () => {
    const s = copy();
    s.problems.push({ source: 'neutron', code: 'api-error', message: 'GET /v2.0/security-groups: 403 Forbidden' });
    expect(ids(s, 'vm2')).toEqual(['collection-problem']);
  });

  it('agent-dead: the OVS agent disabled by an operator', () => {
    const s = copy();
    for (const a of s.api.agents) if (a.agent_type === 'Open vSwitch agent') a.admin_state_up = false;
    expect(ids(s, 'vm2')).toEqual(['agent-dead']);
  });
});
