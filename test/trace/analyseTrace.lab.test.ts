// analyseTrace against real lab recordings: every instance, every interface; expected values are looked up here in
// the recording's own API JSON, raw OVSDB JSON and raw flow text (regexes, no netxray parser), never copied from output.
import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import type { ApiObject, CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { healthySources, portsOf, rawBridgeInterfaces, rawInt, rawMap, rawOutput, rawRows } from './_labSnapshot.js';
import { asMl2Ovs } from '../../src/model/traceModel.js';

const sources = healthySources();

/** Raw OVSDB facts about one Neutron port on one host. */
function ovsFacts(snapshot: CloudSnapshot, host: string, portId: string) {
  const iface = rawRows(snapshot, host, 'ovsdb-interface').find((r) => rawMap(r.external_ids)['iface-id'] === portId);
  const name = iface ? String(iface.name) : undefined;
  const port = rawRows(snapshot, host, 'ovsdb-port').find((r) => r.name === name);
  return { name, ofport: iface ? rawInt(iface.ofport) : null, tag: port ? rawInt(port.tag) : null, otherConfig: port ? rawMap(port.other_config) : {} };
}

/** Flow lines of a bridge; `re` must match the whole line's text. */
function flowLines(snapshot: CloudSnapshot, host: string, bridge: string, re: RegExp): RegExpExecArray[] {
  return rawOutput(snapshot, host, `flows:${bridge}`)
    .split('\n')
    .map((l) => re.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
}

/** A VLAN id printed by either OpenFlow style: mod_vlan_vid:N or set_field:(4096+N)->vlan_vid. */
const vlanOf = (m: RegExpExecArray, of10: number, of13: number): number => (m[of10] !== undefined ? Number(m[of10]) : Number(m[of13]) - 4096);

/** The port name behind a printed port (number → raw OVSDB ofport; quoted name as is). */
function portName(snapshot: CloudSnapshot, host: string, bridge: string, printed: string): string {
  const bare = printed.replace(/"/g, '');
  if (!/^\d+$/.test(bare)) return bare;
  return String(rawBridgeInterfaces(snapshot, host, bridge).find((r) => r.ofport === Number(bare))?.name ?? bare);
}

const agentHostByTunnelIp = (snapshot: CloudSnapshot, ip: string) =>
  snapshot.api.agents.find((a) => a.agent_type === 'Open vSwitch agent' && (a.configurations as ApiObject)?.tunneling_ip === ip)?.host;

describe.skipIf(sources.length === 0)('analyseTrace on the real lab', () => {
  for (const { label, snapshot, firewall } of sources) {
    describe(label, () => {
      const servers = snapshot.api.servers;

      it.skipIf(servers.length < 3)('the recording holds the lab topology (vm1 VXLAN+FIP, vm2 VLAN, vm3 two NICs)', () => {
        const names = servers.map((s) => s.name);
        expect(names).toEqual(expect.arrayContaining(['vm1', 'vm2', 'vm3']));
        const vm3 = servers.find((s) => s.name === 'vm3') as ApiObject;
        expect(portsOf(snapshot, String(vm3.id))).toHaveLength(2);
      });

      for (const server of servers) {
        const name = String(server.name);
        it(`${name}: instance, interfaces, MACs, IPs, local VLANs, devices, ofports, firewall`, () => {
          const report = analyseTrace(snapshot, name);
          const host = String(server['OS-EXT-SRV-ATTR:host']);
          expect(report.schema).toBe('netxray/trace');
          expect(report.instance).toMatchObject({ id: server.id, name, host });
          const ports = portsOf(snapshot, String(server.id));
          expect(report.interfaces.map((i) => i.port.id).sort()).toEqual(ports.map((p) => String(p.id)).sort());
          for (const iface of report.interfaces) {
            const port = ports.find((p) => p.id === iface.port.id) as ApiObject;
            const network = snapshot.api.networks.find((n) => n.id === port.network_id) as ApiObject;
            expect(iface.port.mac).toBe(port.mac_address);
            expect(iface.port.ips.sort()).toEqual((port.fixed_ips as ApiObject[]).map((f) => f.ip_address).sort());
            expect(iface.port.status).toBe(port.status);
            expect(iface.host).toBe(port['binding:host_id']);
            expect(iface.network).toMatchObject({
              id: network.id,
              name: network.name,
              type: network['provider:network_type'],
              segmentationId: network['provider:segmentation_id'] ?? null,
              physicalNetwork: network['provider:physical_network'] ?? null,
              mtu: network.mtu,
            });
            const fips = snapshot.api.floatingIps.filter((f) => f.port_id === port.id).map((f) => f.floating_ip_address);
            expect(iface.floatingIps.sort()).toEqual(fips.sort());

            const ovs = ovsFacts(snapshot, host, String(port.id));
            expect(ovs.name, 'the port is plugged').toBeDefined();
            expect(asMl2Ovs(iface.dataplane).localVlan).toBe(ovs.tag);
            expect(asMl2Ovs(iface.dataplane).otherConfigTag).toBe(Number(ovs.otherConfig.tag));
            expect(asMl2Ovs(iface.dataplane).ofport).toBe(ovs.ofport);
            const hybrid = (port['binding:vif_details'] as ApiObject)?.ovs_hybrid_plug === true;
            const id11 = String(port.id).slice(0, 11);
            expect(iface.hops.map((h) => h.device).slice(0, hybrid ? 5 : 2)).toEqual(hybrid ? [`tap${id11}`, `qbr${id11}`, `qvb${id11}`, `qvo${id11}`, 'br-int'] : [ovs.name, 'br-int']);

            // Firewall: the OVS firewall's table-60 entry for this port (firewall.py), else the hybrid plug.
            const fwEntry = flowLines(snapshot, host, 'br-int', new RegExp(`table=60,.*in_port=(?:${ovs.ofport}|"?${ovs.name}"?)[ ,].*(?:resubmit\\(,(7[13])\\)|goto_table:(7[13]))`));
            if (fwEntry.length) expect(iface.firewall.driver).toBe('openvswitch');
            else if (hybrid) expect(iface.firewall.driver).toBe('iptables_hybrid');
            expect(iface.firewall.driver).toBe(firewall);
          }
        });

        it(`${name}: provider treatment and tunnels per interface, from the flows`, () => {
          const report = analyseTrace(snapshot, name);
          for (const iface of report.interfaces) {
            const host = String(iface.host);
            const ovs = ovsFacts(snapshot, host, iface.port.id);
            const network = snapshot.api.networks.find((n) => n.id === iface.network.id) as ApiObject;
            const seg = network['provider:segmentation_id'] as number;
            const type = network['provider:network_type'];
            if (type === 'vlan' || type === 'flat') {
              const bridge = ((snapshot.api.agents.find((a) => a.host === host && a.agent_type === 'Open vSwitch agent')?.configurations as ApiObject).bridge_mappings as Record<string, string>)[String(network['provider:physical_network'])];
              // br_phys.py provision_local_vlan: dl_vlan=<lvid> → mod_vlan_vid:<seg> / strip_vlan
              const egress = flowLines(snapshot, host, bridge, new RegExp(`dl_vlan=${ovs.tag} actions=(?:mod_vlan_vid:(\\d+)|(?:push_vlan:0x8100,)?set_field:(\\d+)->vlan_vid|(strip_vlan|pop_vlan))`));
              expect(egress).toHaveLength(1);
              if (type === 'vlan') {
                expect(vlanOf(egress[0], 1, 2)).toBe(seg);
                expect(asMl2Ovs(iface.dataplane).egress).toMatchObject({ bridge, action: 'mod_vlan_vid', vlan: seg, localVlan: ovs.tag });
                expect(iface.answers.provider).toContain(`leaves ${host} on ${bridge} tagged VLAN ${seg} (local VLAN ${ovs.tag} rewritten)`);
              } else {
                expect(egress[0][3]).toBeDefined();
                expect(asMl2Ovs(iface.dataplane).egress).toMatchObject({ bridge, action: 'strip_vlan', localVlan: ovs.tag });
              }
              // br_int.py provision_local_vlan: in_port=int-<br>, dl_vlan=<seg> → mod_vlan_vid:<lvid>
              const ingress = flowLines(snapshot, host, 'br-int', new RegExp(`in_port=(\\d+|"int-${bridge}"),${type === 'vlan' ? `dl_vlan=${seg}` : 'vlan_tci=0x0000/0x1fff'} actions=(?:mod_vlan_vid:(\\d+)|(?:push_vlan:0x8100,)?set_field:(\\d+)->vlan_vid)`));
              expect(ingress).toHaveLength(1);
              expect(portName(snapshot, host, 'br-int', ingress[0][1])).toBe(`int-${bridge}`);
              expect(asMl2Ovs(iface.dataplane).ingress.localVlan).toBe(vlanOf(ingress[0], 2, 3));
              expect(iface.hops.map((h) => h.device)).toEqual(expect.arrayContaining([`int-${bridge}`, `phy-${bridge}`, bridge]));
              expect(asMl2Ovs(iface.dataplane).tunnel).toBeNull();
            } else {
              // br_tun.py install_flood_to_tun: table 22, dl_vlan=<lvid> → strip, tun_id, outputs
              const flood = flowLines(snapshot, host, 'br-tun', new RegExp(`table=22,.*dl_vlan=${ovs.tag} actions=(?:strip_vlan|pop_vlan),(?:load:0x([0-9a-f]+)->NXM_NX_TUN_ID\\[\\]|set_field:0x([0-9a-f]+)->tun_id),(.*)$`));
              expect(flood).toHaveLength(1);
              expect(parseInt(flood[0][1] ?? flood[0][2], 16)).toBe(seg);
              const outPorts = [...flood[0][3].matchAll(/output:("[^"]+"|\d+)/g)].map((m) => portName(snapshot, host, 'br-tun', m[1]));
              const ifaces = rawRows(snapshot, host, 'ovsdb-interface');
              const expected = outPorts.map((p) => {
                const ip = rawMap(ifaces.find((r) => r.name === p)?.options).remote_ip;
                const remote = agentHostByTunnelIp(snapshot, ip);
                const remoteOvs = snapshot.hosts.find((h) => h.host === remote) ? flowLines(snapshot, String(remote), 'br-tun', new RegExp(`table=4,.*tun_id=0x${seg.toString(16)} actions=(?:mod_vlan_vid:(\\d+)|push_vlan:0x8100,set_field:(\\d+)->vlan_vid)`)) : [];
                return { port: p, ip, host: remote, remoteLocalVlan: remoteOvs.length ? vlanOf(remoteOvs[0], 1, 2) : null };
              });
              expect(asMl2Ovs(iface.dataplane).egress).toMatchObject({ bridge: 'br-tun', action: 'tunnel', tunnelId: seg, localVlan: ovs.tag });
              expect(asMl2Ovs(iface.dataplane).egress.remoteHosts?.map((r) => ({ port: r.port, ip: r.ip, host: r.host, remoteLocalVlan: r.remoteLocalVlan }))).toEqual(expected);
              for (const r of expected) {
                expect(iface.answers.provider).toContain(`${String(r.host)} (${r.ip}), where it becomes local VLAN ${r.remoteLocalVlan}`);
              }
              // br_tun.py provision_local_vlan: table 4 (VXLAN) tun_id=<seg> → lvid
              const ingress = flowLines(snapshot, host, 'br-tun', new RegExp(`table=4,.*tun_id=0x${seg.toString(16)} actions=(?:mod_vlan_vid:(\\d+)|push_vlan:0x8100,set_field:(\\d+)->vlan_vid)`));
              expect(ingress).toHaveLength(1);
              expect(asMl2Ovs(iface.dataplane).ingress).toMatchObject({ bridge: 'br-tun', tunnelId: seg, localVlan: vlanOf(ingress[0], 1, 2) });
              expect(asMl2Ovs(iface.dataplane).tunnel?.localIp).toBe((snapshot.api.agents.find((a) => a.host === host && a.agent_type === 'Open vSwitch agent')?.configurations as ApiObject).tunneling_ip);
              expect(iface.hops.map((h) => h.device)).toEqual(expect.arrayContaining(['patch-tun', 'patch-int', 'br-tun', ...outPorts]));
            }
          }
        });

        it(`${name}: every evidence flow names its ports (numbers resolved per bridge)`, () => {
          for (const iface of analyseTrace(snapshot, name).interfaces) {
            for (const f of asMl2Ovs(iface.dataplane).flows) {
              expect(f.named, f.named).not.toMatch(/\bin_port=\d|\boutput:\d/);
              const inPort = /in_port="([^"]+)"/.exec(f.named)?.[1];
              if (inPort) expect(rawBridgeInterfaces(snapshot, f.host, f.bridge).map((r) => r.name)).toContain(inPort);
            }
          }
        });

        it(`${name}: DHCP and router paths from the API`, () => {
          const report = analyseTrace(snapshot, name);
          for (const iface of report.interfaces) {
            const onNet = snapshot.api.ports.filter((p) => p.network_id === iface.network.id);
            const dhcp = onNet.filter((p) => p.device_owner === 'network:dhcp');
            expect(iface.dhcp.ports.map((p) => p.id).sort()).toEqual(dhcp.map((p) => String(p.id)).sort());
            for (const p of iface.dhcp.ports) {
              const agent = snapshot.api.agents.find((a) => a.agent_type === 'DHCP agent' && a.host === dhcp.find((d) => d.id === p.id)?.['binding:host_id']);
              expect(p.agent?.alive).toBe(agent?.alive);
            }
            const routerPort = onNet.find((p) => String(p.device_owner).startsWith('network:router_interface'));
            expect(iface.router?.id ?? null).toBe(routerPort ? routerPort.device_id : null);
            if (routerPort) {
              const router = snapshot.api.routers.find((r) => r.id === routerPort.device_id) as ApiObject;
              expect(iface.router?.externalNetworkId).toBe((router.external_gateway_info as ApiObject | null)?.network_id ?? null);
              expect(iface.router?.gatewayIp).toBe((routerPort.fixed_ips as ApiObject[])[0].ip_address);
              // The gateway port (qg-) on the L3 agent's host and the external network's flow on its physical bridge.
              const gw = snapshot.api.ports.find((p) => p.device_id === router.id && p.device_owner === 'network:router_gateway');
              const l3Host = String(routerPort['binding:host_id']);
              if (gw && snapshot.hosts.some((h) => h.host === l3Host && h.reachable)) {
                const gwOvs = ovsFacts(snapshot, l3Host, String(gw.id));
                expect(iface.router?.gateway).toMatchObject({ portId: gw.id, device: gwOvs.name, host: gw['binding:host_id'], localSegment: gwOvs.tag });
                const ext = snapshot.api.networks.find((n) => n.id === gw.network_id) as ApiObject;
                const bridge = ((snapshot.api.agents.find((a) => a.host === l3Host && a.agent_type === 'Open vSwitch agent')?.configurations as ApiObject).bridge_mappings as Record<string, string>)[String(ext['provider:physical_network'])];
                const out = flowLines(snapshot, l3Host, bridge, new RegExp(`dl_vlan=${gwOvs.tag} actions=(?:mod_vlan_vid:(\\d+)|(?:push_vlan:0x8100,)?set_field:(\\d+)->vlan_vid|(strip_vlan|pop_vlan))`));
                expect(out).toHaveLength(1);
                expect(asMl2Ovs(iface.router!.gateway!.dataplane).egress.action).toBe(out[0][3] ? 'strip_vlan' : 'mod_vlan_vid');
                if (iface.floatingIps.length) expect(iface.answers.provider).toContain(`floating IP ${iface.floatingIps.join(', ')}: NAT in qrouter-${router.id} on ${l3Host}, leaves on ${bridge}`);
              }
            }
          }
        });

        it(`${name}: a healthy instance has no warnings or errors`, () => {
          const report = analyseTrace(snapshot, name);
          expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
          expect(report.summary.errors + report.summary.warnings).toBe(0);
        });
      }

      it('detects the table layout of the installed release from br-int (t0 → 59 → 60 in Zed)', () => {
        const report = analyseTrace(snapshot, String(servers[0].name));
        for (const h of report.hosts) {
          const firstHop = flowLines(snapshot, h.host, 'br-int', /table=0, .*priority=0 actions=(?:resubmit\(,(\d+)\)|goto_table:(\d+))$|^\s*cookie=\S+ priority=0 actions=(?:resubmit\(,(\d+)\)|goto_table:(\d+))$/);
          const hop = Number(firstHop[0].slice(1).find((x) => x !== undefined));
          expect(asMl2Ovs(h.dataplane).tableLayout).toBe(hop === 59 ? 'zed' : hop === 58 ? '2023.1' : 'xena');
        }
      });
    });
  }
});
