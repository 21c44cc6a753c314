// The automatic walks of a trace (issue #12), for every backend: for each interface of an instance, the traffic classes
// Neutron says it has (its DHCP, its gateway, one peer per other host on its network, the floating IP's way out), each a
// WalkRequest for the backend's walk planner. Planned from the API alone, so collection and analysis plan the same walks.
import type { ApiObject, CloudSnapshot } from '../model/cloudSnapshot.js';
import type { TrafficClass } from '../model/traceModel.js';
import type { WalkProto, WalkRequest } from '../model/walkModel.js';
import { fixedIps, str } from './apiFields.js';
import { isIpv4 } from './ipv4.js';
import { DEVICE_OWNER } from './neutronRules.js';
import { orderPorts } from './portOrder.js';
import { securityGroupsAllow } from './securityGroupRules.js';
import { WALK } from './walkCommands.js';
import { hostOf, ipv4Of } from './walkTargets.js';

type CloudApi = CloudSnapshot['api'];

const ARP: WalkProto = { kind: 'arp' };
const ICMP: WalkProto = { kind: 'icmp' };
/** DHCP's server port (RFC 2131): the client sends DISCOVER to udp:67. */
export const DHCP: WalkProto = { kind: 'udp', port: 67 };

export interface AutoWalkRequest {
  /** 1-based, as `Interface N` of the report. */
  interface: number;
  trafficClass: TrafficClass;
  request: WalkRequest;
}



/** One compute port per other host on the port's network (the first by id, so that every run picks the same). */
function remotePeers(api: CloudApi, port: ApiObject): ApiObject[] {
  const host = hostOf(port);
  const byHost = new Map<string, ApiObject>();
  const candidates = api.ports
    .filter((p) => p.network_id === port.network_id && p.id !== port.id && (str(p, 'device_owner') ?? '').startsWith(DEVICE_OWNER.computePrefix) && ipv4Of(p) && hostOf(p) && hostOf(p) !== host)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  for (const p of candidates) if (!byHost.has(hostOf(p) as string)) byHost.set(hostOf(p) as string, p);
  return [...byHost.values()];
}

/** The DHCP walks of a port: which packets, by how the backend serves DHCP (none: no DHCP to walk to). */
export type DhcpWalks = (api: CloudApi, port: ApiObject, subnet: ApiObject | undefined) => WalkProto[];

/** ML2/OVS: the DHCP agent's port on the network (its tap in the qdhcp- namespace): ARP for it, then a DISCOVER. */
const agentDhcpWalks: DhcpWalks = (api, port, subnet) => {
  const dhcp = api.ports.find((p) => p.network_id === port.network_id && p.device_owner === DEVICE_OWNER.dhcp && ipv4Of(p));
  return dhcp && subnet?.enable_dhcp !== false ? [ARP, DHCP] : [];
};

/**
 * The automatic walks of an instance, per interface. ICMP is walked only where the security groups (the API) allow it,
 * so that a walk that does not arrive means the dataplane disagrees with Neutron; ARP and DHCP pass the firewall whatever
 * the groups say (neutron/agent/linux/openvswitch_firewall/firewall.py: ARP and DHCP client rules per port).
 */
export function autoWalkRequests(api: CloudApi, instanceId: string, dhcpWalks: DhcpWalks = agentDhcpWalks): AutoWalkRequest[] {
  const server = api.servers.find((s) => s.id === instanceId);
  if (!server) return [];
  const out: AutoWalkRequest[] = [];
  orderPorts(server, api.ports.filter((p) => p.device_id === instanceId)).forEach((port, i) => {
    const ip = ipv4Of(port);
    if (!ip || !hostOf(port)) return; // nothing to walk from: the checks report the missing address or binding
    const add = (trafficClass: TrafficClass, to: string, proto: WalkProto) => out.push({ interface: i + 1, trafficClass, request: { to, proto, fromInterface: i + 1 } });
    const subnetId = fixedIps(port).find((f) => f.ip === ip)?.subnetId;
    const subnet = api.subnets.find((s) => s.id === subnetId);
    for (const proto of dhcpWalks(api, port, subnet)) add('dhcp', 'dhcp', proto);
    const gatewayIp = str(subnet, 'gateway_ip');
    if (gatewayIp && isIpv4(gatewayIp)) {
      add('gateway', 'gateway', ARP);
      const owner = api.ports.find((p) => p.network_id === port.network_id && fixedIps(p).some((f) => f.ip === gatewayIp)) ?? null;
      if (securityGroupsAllow(api, port, 'egress', gatewayIp, owner, ICMP)) add('gateway', 'gateway', ICMP);
    }
    for (const peer of remotePeers(api, port)) {
      const peerIp = ipv4Of(peer) as string;
      add('peer', String(peer.id), ARP);
      if (securityGroupsAllow(api, port, 'egress', peerIp, peer, ICMP) && securityGroupsAllow(api, peer, 'ingress', ip, port, ICMP)) add('peer', String(peer.id), ICMP);
    }
    const fip = api.floatingIps.find((f) => f.port_id === port.id && str(f, 'fixed_ip_address') === ip);
    if (fip && securityGroupsAllow(api, port, 'egress', WALK.internetCandidates[0], null, ICMP)) add('floating-ip', 'internet', ICMP);
  });
  return out;
}

