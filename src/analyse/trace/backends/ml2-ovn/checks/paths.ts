// ML2/OVN checks on the way out of the chassis: Geneve tunnels to the peers, the localnet/bridge mapping of provider
// networks, the router's gateway chassis and floating-IP NAT, native DHCP and the metadata namespace.
import { LSP_TYPE, localnetPatchNames } from '../../../../../neutron/ovnRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import { ovnDb } from '../ovnDb.js';
import { controllerDown } from './binding.js';

type OvnCheck = TraceCheck<OvnInterfaceAnalysis>;

export const tunnelMissingCheck: OvnCheck = {
  id: 'tunnel-missing',
  severity: 'error',
  summary: 'no Geneve tunnel port from the chassis to a peer chassis with ports on the network, or one pointing at another IP than its Encap',
  run: perInterface((a, ctx) => {
    if (!a.hostOvs.read) return [];
    const drafts: FindingDraft[] = [];
    for (const p of a.peers) {
      if (!p.chassis) continue;
      const encap = p.chassis.ref.encapIp;
      if (!p.port) {
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'remote', host: p.host }, message: `${a.host} has no Geneve tunnel to ${p.host} (Encap ${encap ?? '?'}): traffic to the ports there is lost`, hint: `ovs-vsctl show on ${a.host}; ovn-controller makes the tunnel once both chassis share a datapath and the SB Encap is reachable`, evidence: [{ source: `${a.host} ovsdb-interface`, text: `no geneve Interface with options:remote_ip=${encap ?? '?'}` }] });
      } else if (encap && p.port.remoteIp !== encap) {
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'remote', host: p.host }, message: `${a.host}'s tunnel ${p.port.name} to ${p.host} points at ${p.port.remoteIp ?? '?'}, its Encap is ${encap}`, hint: `check ovn-encap-ip on ${p.host} (ovs-vsctl get Open_vSwitch . external_ids:ovn-encap-ip)`, evidence: [{ source: `${a.host} ovsdb-interface ${p.port.name}`, text: `options:remote_ip=${p.port.remoteIp ?? '?'}` }, { source: ovnDb(ctx.index).table('sb', 'Encap').source, text: `chassis ${p.chassis.ref.name} ip=${encap}` }] });
      }
    }
    return drafts;
  }),
};

export const peerChassisDownCheck: OvnCheck = {
  id: 'peer-chassis-down',
  severity: 'warning',
  summary: "a peer chassis with ports on the port's Geneve network has a dead or stale ovn-controller",
  run: perInterface((a, ctx) =>
    a.peers.flatMap((p) => {
      const down = controllerDown(ctx.index, p.host, p.chassis);
      if (!down) return [];
      return [{ portId: a.trace.port.id, host: p.host, at: { part: 'remote' as const, host: p.host }, message: `ovn-controller on ${p.host}, which holds other ports of network ${a.trace.network.name || a.trace.network.id}, is ${down.dead ? 'dead' : 'stale'}: traffic to them may be lost`, hint: `systemctl status ovn-controller on ${p.host}`, evidence: down.evidence }];
    }),
  ),
};

export const localnetMissingCheck: OvnCheck = {
  id: 'localnet-missing',
  severity: 'error',
  summary: "a provider network's logical switch has no localnet port (traffic cannot leave to the physical network)",
  run: perInterface((a, ctx) => {
    if (!a.localnet || a.localnet.port !== '?' || a.dbProblem) return [];
    return [{ portId: a.trace.port.id, message: `logical switch neutron-${a.trace.network.id} has no localnet port: provider network ${a.trace.network.name || a.trace.network.id} is not connected to ${a.trace.network.physicalNetwork ?? 'its physnet'}`, hint: 'the OVN driver creates provnet-<segment id> with the network: check neutron-server\'s log / the NB drift (neutron-ovn-db-sync-util in log mode)', evidence: [{ source: ovnDb(ctx.index).table('nb', 'Logical_Switch_Port').source, text: `find Logical_Switch_Port type=${LSP_TYPE.localnet}: none on the switch` }] }];
  }),
};

export const bridgeMappingMissingCheck: OvnCheck = {
  id: 'bridge-mapping-missing',
  severity: 'error',
  summary: "the provider network's physnet is not in the chassis's ovn-bridge-mappings",
  run: perInterface((a) => {
    const ln = a.localnet;
    if (!ln || ln.port === '?' || ln.bridge || !a.hostOvs.read || !a.host) return [];
    const mappings = Object.entries(a.hostOvs.bridgeMappings).map(([k, v]) => `${k}:${v}`).join(',');
    return [{ portId: a.trace.port.id, host: a.host, at: { part: 'hop', host: a.host, device: 'br-int' }, message: `${a.host} maps no bridge to ${ln.physnet ?? '?'}: localnet port ${ln.port} is not patched, traffic cannot leave`, hint: `ovs-vsctl set Open_vSwitch . external_ids:ovn-bridge-mappings=${mappings ? `${mappings},` : ''}${ln.physnet ?? '<physnet>'}:<bridge> on ${a.host}`, evidence: [{ source: `${a.host} ovsdb-open-vswitch`, text: `external_ids:ovn-bridge-mappings=${JSON.stringify(mappings)}` }] }];
  }),
};

export const localnetPatchMissingCheck: OvnCheck = {
  id: 'localnet-patch-missing',
  severity: 'error',
  summary: 'the localnet patch port between br-int and the provider bridge is missing on the chassis',
  run: perInterface((a) => {
    const ln = a.localnet;
    if (!ln?.bridge || !a.hostOvs.read || !a.host) return [];
    const { fromIntegration } = localnetPatchNames('br-int', ln.bridge, ln.port);
    if (a.hostOvs.interfaces.some((i) => i.name === fromIntegration)) return [];
    return [{ portId: a.trace.port.id, host: a.host, at: { part: 'hop', host: a.host, device: fromIntegration }, message: `${a.host} has no patch port ${fromIntegration}: ovn-controller has not connected the localnet port to ${ln.bridge}`, hint: `check that ${ln.bridge} exists on ${a.host} (ovs-vsctl br-exists ${ln.bridge}) and ovn-controller's log`, evidence: [{ source: `${a.host} ovsdb-interface`, text: `no Interface ${fromIntegration}` }] }];
  }),
};

export const gatewayUnclaimedCheck: OvnCheck = {
  id: 'gateway-unclaimed',
  severity: 'error',
  summary: "the router's gateway port (cr-lrp) is claimed by no chassis or by a dead one: SNAT and floating IPs go dark",
  run: perInterface((a, ctx) => {
    const g = a.gateway;
    if (!g || !g.router.externalNetworkId || !g.router.gateway || a.dbProblem) return [];
    const db = ovnDb(ctx.index);
    const severity = a.trace.floatingIps.length ? 'error' : 'warning';
    const what = a.trace.floatingIps.length ? `floating IP ${a.trace.floatingIps.join(', ')} and SNAT` : 'SNAT to the external network';
    const gwNames = g.dataplane.gatewayChassis.map((c) => `${c.chassis}:${c.priority}`).join(' ') || 'none';
    if (!g.claimedBy) {
      return [{ severity, portId: a.trace.port.id, at: { part: 'router' }, message: `no chassis claims ${g.dataplane.chassisRedirectPort} of router ${g.router.name || g.router.id}: ${what} do not work`, hint: g.dataplane.gatewayChassis.length ? 'the gateway chassis listed are not running ovn-controller: start one' : 'the gateway LRP has no Gateway_Chassis: neutron schedules them on chassis with enable-chassis-as-gw (ovn-cms-options); check there is one, then re-set the router gateway', evidence: [{ source: db.table('sb', 'Port_Binding').source, text: g.crBinding ? `logical_port=${g.dataplane.chassisRedirectPort} chassis=[]` : `no Port_Binding ${g.dataplane.chassisRedirectPort}` }, { source: db.table('nb', 'Logical_Router_Port').source, text: `gateway_chassis: ${gwNames}` }] }];
    }
    const host = g.claimedBy.ref.hostname;
    const down = host ? controllerDown(ctx.index, host, g.claimedBy) : null;
    if (!down?.dead) return [];
    return [{ severity, portId: a.trace.port.id, host: host ?? undefined, at: { part: 'router' }, message: `${g.dataplane.chassisRedirectPort} is claimed by ${host}, whose ovn-controller is dead: ${what} do not work`, hint: `start ovn-controller on ${host}, or give the router another gateway chassis`, evidence: [{ source: db.table('sb', 'Port_Binding').source, text: `logical_port=${g.dataplane.chassisRedirectPort} chassis=${g.claimedBy.ref.name}` }, ...down.evidence] }];
  }),
};

export const fipNatMissingCheck: OvnCheck = {
  id: 'ovn-fip-nat-missing',
  severity: 'error',
  summary: 'a floating IP of the port has no dnat_and_snat NAT row in the NB',
  run: perInterface((a, ctx) => {
    if (!a.gateway || !a.trace.floatingIps.length || a.dbProblem) return [];
    const table = ovnDb(ctx.index).table('nb', 'NAT');
    if (table.problem) return [];
    const have = new Set(a.gateway.dataplane.nat.map((n) => n.externalIp));
    return a.trace.floatingIps
      .filter((ip) => !have.has(ip))
      .map((ip) => ({ portId: a.trace.port.id, at: { part: 'router' as const }, message: `floating IP ${ip} has no NAT row in the NB: it does not reach the instance`, hint: 'update the floating IP in Neutron (openstack floating ip set --port …) so the driver re-creates the NAT', evidence: [{ source: table.source, text: `no dnat_and_snat with external_ip=${ip} and logical_ip in ${a.trace.port.ips.join(', ')}` }] }));
  }),
};

export const dhcpOptionsMissingCheck: OvnCheck = {
  id: 'dhcp-options-missing',
  severity: 'warning',
  summary: "DHCP is on for the port's subnet, but the NB has no DHCP_Options for it (OVN will not answer DHCP)",
  run: perInterface((a, ctx) => {
    const table = ovnDb(ctx.index).table('nb', 'DHCP_Options');
    if (!a.trace.dhcp.enabled || table.problem || a.trace.dataplane.kind !== 'ml2/ovn' || a.trace.dataplane.dhcpOptions.length) return [];
    return [{ portId: a.trace.port.id, at: { part: 'dhcp' }, message: 'DHCP is enabled on the subnet but OVN has no DHCP_Options for it: the instance gets no address by DHCP', hint: 'update the subnet in Neutron so the driver re-creates its DHCP_Options', evidence: [{ source: table.source, text: 'no row with external_ids:subnet_id of the port\'s subnets' }] }];
  }),
};

export const metadataNamespaceMissingCheck: OvnCheck = {
  id: 'ovn-metadata-missing',
  severity: 'warning',
  summary: 'the OVN metadata agent serves the cloud, but the ovnmeta-<network> namespace is not on the instance\'s host',
  run: perInterface((a) => {
    const m = a.trace.metadata;
    if (!m.offered || a.metadataNamespace !== false || !a.host) return [];
    return [{ portId: a.trace.port.id, host: a.host, at: { part: 'metadata' }, message: `${m.namespace} is missing on ${a.host}: the instance gets no metadata (169.254.169.254)`, hint: `neutron-ovn-metadata-agent log on ${a.host}; the agent creates the namespace for every network with a port on the chassis`, evidence: [{ source: `${a.host} ip-netns`, text: `no ${m.namespace}` }] }];
  }),
};
