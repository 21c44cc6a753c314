// iptables_hybrid on real data: the shared lab samples of a LAB_FIREWALL=iptables_hybrid run
// (../shared/oslab/samples/variant-iptables_hybrid, read in place, never copied). That run kept only ports, OVS and
// CLI outputs, so networks and agents are rebuilt here from its own OVSDB other_config and `network agent list`
// (marked below); servers come from its `server show` outputs. Skipped when the samples are not on this machine.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiObject, CloudSnapshot, CommandOutput } from '../../src/model/cloudSnapshot.js';
import { analyseChecks, rawInt, rawMap, rawRows } from './_labSnapshot.js';
import { SHARED_DIR } from '../_shared.js';
import { asMl2Ovs } from '../../src/model/traceModel.js';
import { brIntDevice } from '../../src/neutron/ml2-ovs/walkPlan.js';

const DIR = join(SHARED_DIR, 'oslab/samples/variant-iptables_hybrid');
const have = existsSync(join(DIR, 'neutron/ports.json'));
const read = (rel: string) => readFileSync(join(DIR, rel), 'utf8');
const TUNNEL_IPS: Record<string, string> = { 'oslab-host': '127.0.0.1', 'oslab-host2': '127.0.0.2' }; // the oslab README

function samplesSnapshot(): CloudSnapshot {
  const hosts = readdirSync(join(DIR, 'ovs')).sort().map((host) => {
    const outputs: CommandOutput[] = [];
    const add = (id: string, rel: string) => {
      if (existsSync(join(DIR, 'ovs', host, rel))) outputs.push({ id, command: rel, exitCode: 0, stdout: read(join('ovs', host, rel)), stderr: '', durationMs: 0 });
    };
    add('ovsdb-bridge', 'ovs-vsctl-list-Bridge.json');
    add('ovsdb-port', 'ovs-vsctl-list-Port.json');
    add('ovsdb-interface', 'ovs-vsctl-list-Interface.json');
    for (const br of ['br-int', 'br-tun', 'br-ex']) {
      add(`flows:${br}`, `ovs-ofctl-dump-flows-${br}.txt`);
      add(`ofctl-show:${br}`, `ovs-ofctl-show-${br}.txt`);
    }
    return { host, reachable: true, outputs };
  });
  const snapshot: CloudSnapshot = {
    schema: 'netxray/snapshot', version: 1, generator: { name: 'netxray', version: 'samples' }, collectedAt: '2026-11-23T20:00:00Z',
    cloud: { authUrl: 'http://127.0.0.1:5000/v3' },
    api: { servers: [], ports: JSON.parse(read('neutron/ports.json')).ports, networks: [], subnets: [], floatingIps: [], routers: [], securityGroups: [], agents: [] },
    hosts, problems: [], cost: { apiRequests: 0, sshConnections: 0, hostCommands: 0, durationMs: 0 },
  };
  for (const f of readdirSync(join(DIR, 'cli')).filter((x) => x.startsWith('server-show-'))) snapshot.api.servers.push(JSON.parse(read(join('cli', f))));
  // REBUILT: networks from the agents' own OVSDB Port other_config (net_uuid, network_type, physical_network, segmentation_id).
  const nets = new Map<string, ApiObject>();
  for (const h of hosts) {
    for (const row of rawRows(snapshot, h.host, 'ovsdb-port')) {
      const oc = rawMap(row.other_config);
      if (!oc.net_uuid || nets.has(oc.net_uuid)) continue;
      const name = (JSON.parse(read('cli/network-list.json')) as ApiObject[]).find((n) => n.ID === oc.net_uuid)?.Name;
      nets.set(oc.net_uuid, { id: oc.net_uuid, name, 'provider:network_type': oc.network_type, 'provider:segmentation_id': oc.segmentation_id ? Number(oc.segmentation_id) : null, 'provider:physical_network': oc.physical_network === 'None' ? null : oc.physical_network, mtu: oc.network_type === 'vxlan' ? 1450 : 1500 });
    }
  }
  snapshot.api.networks = [...nets.values()];
  // REBUILT: agents from `network agent list` plus the lab's documented configuration (bridge_mappings, tunneling_ip).
  snapshot.api.agents = (JSON.parse(read('cli/network-agent-list.json')) as ApiObject[]).map((a) => ({
    id: a.ID, agent_type: a['Agent Type'], host: a.Host, alive: a.Alive, admin_state_up: a.State,
    configurations: a['Agent Type'] === 'Open vSwitch agent' ? { bridge_mappings: { physnet1: 'br-ex' }, tunnel_types: ['vxlan'], tunneling_ip: TUNNEL_IPS[String(a.Host)] } : {},
  }));
  return snapshot;
}

describe.skipIf(!have)('iptables_hybrid (real OVS outputs of the shared lab samples)', () => {
  const snapshot = have ? samplesSnapshot() : (undefined as unknown as CloudSnapshot);
  for (const name of ['vm1', 'vm2', 'vm3']) {
    it(`${name}: tap → qbr → qvb → qvo → br-int, hybrid firewall, tags and translations from the raw outputs`, () => {
      const server = snapshot.api.servers.find((s) => s.name === name) as ApiObject;
      const report = analyseChecks(snapshot, name); // a recording from before the automatic walks
      const ports = snapshot.api.ports.filter((p) => p.device_id === server.id);
      expect(report.interfaces).toHaveLength(ports.length);
      for (const iface of report.interfaces) {
        const host = String(iface.host);
        const id11 = iface.port.id.slice(0, 11);
        expect(iface.hops.map((h) => h.device).slice(0, 5)).toEqual([`tap${id11}`, `qbr${id11}`, `qvb${id11}`, `qvo${id11}`, 'br-int']);
        expect(iface.hops.slice(0, 5).map((d) => d.kind)).toEqual(['vm-tap', 'linux-bridge', 'veth', 'ovs-port', 'ovs-bridge']);
        const row = rawRows(snapshot, host, 'ovsdb-port').find((r) => r.name === `qvo${id11}`) as ApiObject;
        const ifRow = rawRows(snapshot, host, 'ovsdb-interface').find((r) => r.name === `qvo${id11}`) as ApiObject;
        expect(asMl2Ovs(iface.dataplane).localVlan).toBe(rawInt(row.tag));
        expect(asMl2Ovs(iface.dataplane).ofport).toBe(rawInt(ifRow.ofport));
        expect(iface.firewall.driver).toBe('iptables_hybrid');
        // iptables_firewall.py chain names, as the real host's iptables-save has them
        const saved = existsSync(join(DIR, 'ovs', host, 'iptables-save.txt')) ? read(join('ovs', host, 'iptables-save.txt')) : '';
        if (saved) for (const chain of asMl2Ovs(iface.dataplane).iptablesChains ?? []) expect(saved).toContain(`:${chain} `);
        expect(asMl2Ovs(iface.dataplane).iptablesChains).toHaveLength(3);
        // ovs_neutron_agent.py setup_arp_spoofing_protection: table 0 in_port=<qvo ofport> → 24/25 when the firewall is not OVS
        const spoof = read(join('ovs', host, 'ovs-ofctl-dump-flows-br-int.txt')).split('\n').filter((l) => new RegExp(`in_port=${ifRow.ofport} actions=resubmit\\(,25\\)`).test(l));
        expect(spoof.length > 0).toBe(asMl2Ovs(iface.dataplane).firewallTables.includes(25));
        expect(read(join('ovs', host, 'ovs-ofctl-dump-flows-br-int.txt'))).not.toMatch(/table=71/);
        const seg = iface.network.segmentationId as number;
        if (iface.network.type === 'vlan') {
          const m = new RegExp(`dl_vlan=${asMl2Ovs(iface.dataplane).localVlan} actions=mod_vlan_vid:(\\d+)`).exec(read(join('ovs', host, 'ovs-ofctl-dump-flows-br-ex.txt')));
          expect(asMl2Ovs(iface.dataplane).egress).toMatchObject({ bridge: 'br-ex', action: 'mod_vlan_vid', vlan: Number(m?.[1]) });
          expect(Number(m?.[1])).toBe(seg);
        } else {
          const m = new RegExp(`table=22, .*dl_vlan=${asMl2Ovs(iface.dataplane).localVlan} actions=strip_vlan,load:0x([0-9a-f]+)->NXM_NX_TUN_ID`).exec(read(join('ovs', host, 'ovs-ofctl-dump-flows-br-tun.txt')));
          expect(asMl2Ovs(iface.dataplane).egress).toMatchObject({ bridge: 'br-tun', action: 'tunnel', tunnelId: parseInt(String(m?.[1]), 16) });
          expect(asMl2Ovs(iface.dataplane).egress.remoteHosts?.map((r) => r.host)).toEqual([host === 'oslab-host' ? 'oslab-host2' : 'oslab-host']);
        }
        expect(report.findings.filter((f) => f.id !== 'ovs-data-missing' && f.portId === iface.port.id && !f.id.startsWith('sg-'))).toEqual([]);
      }
    });
  }

  it('every bound port\'s br-int device as the walk planner names it is a real br-int interface: qvo… only for instances, tap… for DHCP (both carry ovs_hybrid_plug=true; this older lab plugged its routers as tap…, so they are left out)', () => {
    const onBrInt = new Set(snapshot.hosts.flatMap((h) => read(join('ovs', h.host, 'ovs-vsctl-list-ports-br-int.txt')).split('\n').map((l) => l.trim()).filter(Boolean)));
    const bound = snapshot.api.ports.filter((p) => (p['binding:vif_details'] as ApiObject | null)?.ovs_hybrid_plug === true && /^(compute:|network:dhcp$)/.test(String(p.device_owner)));
    expect(bound.map((p) => p.device_owner)).toEqual(expect.arrayContaining(['network:dhcp', 'compute:nova']));
    for (const port of bound) expect(onBrInt, `${String(port.device_owner)} ${String(port.id)}`).toContain(brIntDevice(port));
  });
});
