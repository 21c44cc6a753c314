// ML2/OVS: which hosts a trace must visit, read from the API objects: the instance's host, its networks' DHCP and routers' L3 agent hosts, tunnel peers.
import type { ApiObject, CloudSnapshot, HostRole } from '../../../model/cloudSnapshot.js';
import { DEVICE_OWNER, ROUTER_PORT_OWNERS_ON_NETWORK, isRouterInterfaceOwner, isTunnelType } from '../../../neutron/neutronRules.js';
import { isDistributedRouter } from '../../../neutron/dvrRules.js';

export interface InvolvedHost {
  host: string;
  roles: HostRole[];
  /** Routers whose `qrouter-` namespace should be on this host (l3-agent role). */
  routers: string[];
  /** Networks whose `qdhcp-` namespace should be on this host (dhcp-agent role). */
  dhcpNetworks: string[];
  /** DVR: distributed routers whose `snat-` namespace should be on this host (the host their gateway port is bound to). */
  snatRouters?: string[];
  /** DVR: external networks whose `fip-` namespace should be on this host (an instance there has a floating IP). */
  fipNetworks?: string[];
}

export function involvedHosts(api: CloudSnapshot['api'], instanceId: string, options: { maxTunnelPeers?: number } = {}): InvolvedHost[] {
  const roles = new Map<string, Set<HostRole>>();
  const routersOn = new Map<string, Set<string>>();
  const dhcpOn = new Map<string, Set<string>>();
  const add = (host: unknown, role: HostRole, thing?: { map: Map<string, Set<string>>; id: string }) => {
    if (typeof host !== 'string' || host === '') return;
    if (!roles.has(host)) roles.set(host, new Set());
    roles.get(host)!.add(role);
    if (thing) {
      if (!thing.map.has(host)) thing.map.set(host, new Set());
      thing.map.get(host)!.add(thing.id);
    }
  };
  const agentHost = new Map(api.agents.map((a) => [String(a.id), a.host]));
  const server = api.servers.find((s) => s.id === instanceId);
  // a port traced alone is its own "instance" (collectCloudForTrace)
  const instancePorts = api.ports.filter((p) => p.device_id === instanceId || (p.id === instanceId && !server));
  add(server?.['OS-EXT-SRV-ATTR:host'], 'instance');
  for (const p of instancePorts) add(p['binding:host_id'], 'instance');

  const instanceNets = new Set(instancePorts.map((p) => String(p.network_id)));
  const onNets = (p: ApiObject) => instanceNets.has(String(p.network_id));
  for (const net of instanceNets) {
    const scheduled = ownValue(api.networkDhcpAgents, net);
    if (scheduled) for (const id of scheduled) add(agentHost.get(id), 'dhcp-agent', { map: dhcpOn, id: net });
  }
  // Without the scheduling API the DHCP port's binding names the agent host.
  for (const p of api.ports) {
    if (p.device_owner === DEVICE_OWNER.dhcp && onNets(p)) add(p['binding:host_id'], 'dhcp-agent', { map: dhcpOn, id: String(p.network_id) });
  }

  const routerIds = new Set(api.routers.map((r) => String(r.id)));
  for (const id of routerIds) {
    const scheduled = ownValue(api.routerL3Agents, id);
    if (scheduled) for (const a of scheduled) add(agentHost.get(a), 'l3-agent', { map: routersOn, id });
  }
  for (const p of api.ports) {
    const owner = String(p.device_owner);
    if (routerIds.has(String(p.device_id)) && (ROUTER_PORT_OWNERS_ON_NETWORK.includes(owner) || owner === DEVICE_OWNER.routerGateway)) {
      add(p['binding:host_id'], 'l3-agent', { map: routersOn, id: String(p.device_id) });
    }
  }

  // DVR (neutron/agent/l3/dvr_local_router.py): a distributed router routes on the instance's own host (qrouter- there,
  // floating IPs through that host's fip- namespace) and SNATs on the host its gateway port is bound to (snat-).
  const snatOn = new Map<string, Set<string>>();
  const fipOn = new Map<string, Set<string>>();
  const instanceHosts = [...(roles.keys())].filter((h) => roles.get(h)!.has('instance'));
  const withFip = new Set(api.floatingIps.filter((f) => instancePorts.some((p) => p.id === f.port_id)).map((f) => String(f.router_id)));
  for (const p of api.ports) {
    const router = api.routers.find((r) => r.id === p.device_id);
    if (!onNets(p) || !isRouterInterfaceOwner(String(p.device_owner)) || !router || !isDistributedRouter(router)) continue;
    const id = String(router.id);
    for (const h of instanceHosts) add(h, 'l3-agent', { map: routersOn, id });
    const gateway = api.ports.find((g) => g.device_id === id && g.device_owner === DEVICE_OWNER.routerGateway);
    if (gateway) add(gateway['binding:host_id'], 'l3-agent', { map: snatOn, id });
    const external = (router.external_gateway_info as { network_id?: string } | null)?.network_id;
    if (external && withFip.has(id)) for (const h of instanceHosts) add(h, 'l3-agent', { map: fipOn, id: external });
  }

  const tunnelNets = new Set(
    api.networks.filter((n) => instanceNets.has(String(n.id)) && isTunnelType(String(n['provider:network_type']))).map((n) => String(n.id)),
  );
  const peers = [...new Set(api.ports.filter((p) => tunnelNets.has(String(p.network_id))).map((p) => p['binding:host_id']))]
    .filter((h): h is string => typeof h === 'string' && h !== '' && !roles.has(h))
    .sort();
  for (const h of peers.slice(0, options.maxTunnelPeers ?? 8)) add(h, 'tunnel-peer');

  return [...roles].map(([host, r]) => ({
    host,
    roles: [...r],
    routers: [...(routersOn.get(host) ?? [])].sort(),
    dhcpNetworks: [...(dhcpOn.get(host) ?? [])].sort(),
    ...(snatOn.has(host) ? { snatRouters: [...snatOn.get(host)!].sort() } : {}),
    ...(fipOn.has(host) ? { fipNetworks: [...fipOn.get(host)!].sort() } : {}),
  }));
}

/** The record's own entry for a key from the cloud: "constructor" or "__proto__" must not find Object's members. */
function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
