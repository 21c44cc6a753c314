// ML2/OVS: which hosts a trace must visit, read from the API objects: the instance's host, its networks' DHCP and routers' L3 agent hosts, tunnel peers.
import type { ApiObject, CloudSnapshot, HostRole } from '../../../model/cloudSnapshot.js';
import { DEVICE_OWNER, ROUTER_PORT_OWNERS_ON_NETWORK, isTunnelType } from '../../../neutron/neutronRules.js';

export interface InvolvedHost {
  host: string;
  roles: HostRole[];
  /** Routers whose `qrouter-` namespace should be on this host (l3-agent role). */
  routers: string[];
  /** Networks whose `qdhcp-` namespace should be on this host (dhcp-agent role). */
  dhcpNetworks: string[];
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
  }));
}

/** The record's own entry for a key from the cloud: "constructor" or "__proto__" must not find Object's members. */
function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
