// ML2/OVS DVR: how a distributed router serves one interface (the L3 agents' layout, src/neutron/dvrRules.ts): routed on the
// instance's own host in qrouter-, floating IPs out through that host's fip- namespace, SNAT in snat- on the gateway's host.
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import type { DvrRouterPath, RouterPath } from '../../../../model/traceModel.js';
import {
  DVR_DEVICE_PREFIX, DVR_NAMESPACE_PREFIX, dvrDeviceName, fipAgentGatewayPort, snatPortOn } from '../../../../neutron/dvrRules.js';
import { DEVICE_PREFIX, deviceName } from '../../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE, NAMESPACE_PREFIX } from '../../../../neutron/neutronRules.js';
import { type CloudIndex, fixedIps, obj, str } from '../../cloudIndex.js';
import { natOf, routerGatewayPort, type RouterOfPort } from '../../neutronPort.js';

/** configurations.agent_mode of the L3 agent on a host (neutron/agent/l3/agent.py reports it), null without one. */
export function l3AgentMode(index: CloudIndex, host: string | null): string | null {
  return str(obj(index.agent(AGENT_TYPE.l3, host), 'configurations'), 'agent_mode');
}

/** The router path of an interface behind distributed router `r`; `gateway` is the router's qg- port as ./services.ts reads it. */
export function distributedRouterPath(index: CloudIndex, port: ApiObject, network: ApiObject | undefined, host: string | null, r: RouterOfPort, gateway: RouterPath['gateway']): RouterPath {
  const nat = natOf(index, str(port, 'id') ?? '');
  const gatewayPort = routerGatewayPort(index, r.id);
  const snatHost = str(gatewayPort, 'binding:host_id') || null;
  const snatPort = snatPortOn(index.portsOfDevice(r.id), r.id, str(network, 'id') ?? '');
  const snatPortId = str(snatPort, 'id');
  const qrouter = NAMESPACE_PREFIX.router + r.id;
  const snatNs = DVR_NAMESPACE_PREFIX.snat + r.id;
  const external = r.externalNetworkId;
  const fipGw = host && external ? fipAgentGatewayPort(index.portsOnNetwork(external), host, external) : undefined;
  const fipGwId = str(fipGw, 'id');
  const snat: DvrRouterPath['snat'] = {
    host: snatHost,
    agent: index.agentRef(AGENT_TYPE.l3, snatHost),
    agentMode: l3AgentMode(index, snatHost),
    namespace: snatNs,
    portId: snatPortId,
    device: snatPortId ? dvrDeviceName(DVR_DEVICE_PREFIX.snatInterface, snatPortId) : null,
    ips: snatPort ? fixedIps(snatPort).map((f) => f.ip) : [],
    gatewayDevice: gatewayPort ? deviceName(DEVICE_PREFIX.routerGateway, str(gatewayPort, 'id') ?? '') : null,
  };
  const fip: DvrRouterPath['fip'] = nat.length === 0 || !external ? null : {
    host,
    namespace: DVR_NAMESPACE_PREFIX.fip + external,
    routerDevice: dvrDeviceName(DVR_DEVICE_PREFIX.routerToFip, r.id),
    fipDevice: dvrDeviceName(DVR_DEVICE_PREFIX.fipToRouter, r.id),
    gatewayPortId: fipGwId,
    gatewayDevice: fipGwId ? dvrDeviceName(DVR_DEVICE_PREFIX.fipGateway, fipGwId) : null,
    gatewayIps: fipGw ? fixedIps(fipGw).map((f) => f.ip) : [],
  };
  const qr = deviceName(DEVICE_PREFIX.routerInterface, str(r.interfacePort, 'id') ?? '');
  // neutron/agent/l3/dvr_local_router.py: the local qrouter- routes between the router's subnets and rewrites the source MAC
  // to the host's DVR MAC before the frame leaves on a tunnel (br-int DVR tables, br-tun DVR_PROCESS; AGENT/ovs_dvr_neutron_agent.py)
  const eastWest = [
    `${host ?? '?'}: ${qrouter} ${qr} (gateway ${r.gatewayIp ?? '?'}) routes to the router's other subnets on this host`,
    `${host ?? '?'}: leaves through that subnet's qr- port; to another host with ${host ?? 'this host'}'s DVR MAC as source (br-tun DVR_PROCESS), delivered there by its DVR MAC flows (br-int table 0 → DVR_TO_SRC_MAC)`,
  ];
  // dvr_edge_router.py: traffic without a floating IP goes to the SNAT port (sg-) on the dvr_snat node, which NATs it out of qg-
  const snatHops = [
    `${host ?? '?'}: ${qrouter} sends traffic without a floating IP to the SNAT port ${snat.device ?? '(none)'} ${snat.ips.join(', ')}`,
    `${snatHost ?? '?'}: ${snatNs} ${snat.device ?? '(none)'} → SNAT to ${r.externalIps.join(', ') || '?'} → ${snat.gatewayDevice ?? '(no gateway port)'} on the external network`,
  ];
  // dvr_local_router.py floating_ip_added_dist / dvr_fip_ns.py: DNAT in qrouter-, policy route out rfp- to fpr-, fip- routes out fg-
  const floatingIp = fip ? [
    `${host ?? '?'}: ${qrouter} DNAT/SNAT ${nat.map((n) => `${n.floatingIp} ⇄ ${n.fixedIp ?? '?'}`).join(', ')}, out ${fip.routerDevice}`,
    `${host ?? '?'}: ${fip.namespace} ${fip.fipDevice} → ${fip.gatewayDevice ?? '(no fg- port)'} ${fip.gatewayIps.join(', ')} on the external network (br-int → br-ex)`,
  ] : [];
  const dvr: DvrRouterPath = { localAgentMode: l3AgentMode(index, host), snat, fip, hops: { eastWest, snat: snatHops, floatingIp } };
  return {
    id: r.id,
    name: r.name,
    interfacePortId: str(r.interfacePort, 'id') ?? '',
    gatewayIp: r.gatewayIp,
    host,
    agent: index.agentRef(AGENT_TYPE.l3, host),
    externalNetworkId: external,
    externalIps: r.externalIps,
    nat,
    gateway,
    via: `distributed: routed on ${host ?? '?'} in ${qrouter}; SNAT on ${snatHost ?? '?'} in ${snatNs}${fip ? `; floating IP through ${fip.namespace} on ${host ?? '?'}` : ''}`,
    dvr,
  };
}
