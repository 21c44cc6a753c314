// The automatic walks of an ML2/OVN trace (issue #12, as ML2/OVS's ../ml2-ovs/autoWalks.ts): per interface, its DHCP (OVN's
// own, from the subnet's DHCP_Options: there is no DHCP port), its gateway, one peer per other chassis on its network,
// and the floating IP's way out. Planned from the API alone, so collection and analysis plan the same walks.
import type { CloudSnapshot } from '../../model/cloudSnapshot.js';
import type { HostOutputId } from '../../model/hostOutputIds.js';
import type { WalkProto } from '../../model/walkModel.js';
import { fixedIps, str } from '../apiFields.js';
import { isIpv4 } from '../ipv4.js';
import { orderPorts } from '../portOrder.js';
import { securityGroupsAllow } from '../securityGroupRules.js';
import { WALK } from '../ml2-ovs/walkCommands.js';
import { hostOf, ipv4Of } from '../ml2-ovs/walkPlan.js';
import { remotePeers, type AutoWalkRequest } from '../ml2-ovs/autoWalks.js';
import { planOvnWalk, type OvnWalkPlan } from './walkPlan.js';

type CloudApi = CloudSnapshot['api'];

const ARP: WalkProto = { kind: 'arp' };
const ICMP: WalkProto = { kind: 'icmp' };
/** DHCP's server port (RFC 2131): the client sends DISCOVER to udp:67. */
const DHCP: WalkProto = { kind: 'udp', port: 67 };

/**
 * The automatic walks of an instance, per interface. ICMP is walked only where the security groups (the API) allow it,
 * so that a walk that does not arrive means OVN disagrees with Neutron; ARP and DHCP pass the ACLs whatever the groups
 * say (northd.c: ARP is not sent to conntrack, and neutron's ACLs allow DHCP to the port: ovn_client / acl.py).
 */
export function ovnAutoWalkRequests(api: CloudApi, instanceId: string): AutoWalkRequest[] {
  const server = api.servers.find((s) => s.id === instanceId);
  if (!server) return [];
  const out: AutoWalkRequest[] = [];
  orderPorts(server, api.ports.filter((p) => p.device_id === instanceId)).forEach((port, i) => {
    const ip = ipv4Of(port);
    if (!ip || !hostOf(port)) return; // nothing to walk from: the checks report the missing address or binding
    const add = (trafficClass: AutoWalkRequest['trafficClass'], to: string, proto: WalkProto) => out.push({ interface: i + 1, trafficClass, request: { to, proto, fromInterface: i + 1 } });
    const subnetId = fixedIps(port).find((f) => f.ip === ip)?.subnetId;
    const subnet = api.subnets.find((s) => s.id === subnetId);
    if (subnet && subnet.enable_dhcp !== false) add('dhcp', 'dhcp', DHCP);
    const gatewayIp = str(subnet, 'gateway_ip');
    const owner = gatewayIp ? (api.ports.find((p) => p.network_id === port.network_id && fixedIps(p).some((f) => f.ip === gatewayIp)) ?? null) : null;
    // a provider network's gateway outside the cloud: the walk ends where the packet leaves by the localnet port
    if (gatewayIp && isIpv4(gatewayIp)) {
      add('gateway', 'gateway', ARP);
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

/** Every ovn-trace of the automatic walks of these instances, each once (by output id). */
export function ovnAutoWalkPlans(api: CloudApi, instanceIds: readonly string[]): Map<HostOutputId, OvnWalkPlan> {
  const plans = new Map<HostOutputId, OvnWalkPlan>();
  for (const id of instanceIds) {
    for (const auto of ovnAutoWalkRequests(api, id)) {
      try {
        const plan = planOvnWalk(api, id, auto.request);
        plans.set(plan.id, plan);
      } catch {
        // the analysis plans again and says why
      }
    }
  }
  return plans;
}
