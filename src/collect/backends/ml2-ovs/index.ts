// The ML2/OVS collection plan: the instance's host, DHCP/L3 agent hosts and tunnel peers; OVSDB, flows, namespaces, links on each.
import type { CollectionProblem } from '../../../model/cloudSnapshot.js';
import type { CloudApi, CollectBackend, HostPlan } from '../backend.js';
import { bridgesOfHost, hostCommandsFor } from './collectionPlan.js';
import { involvedHosts, type InvolvedHost } from './involvedHosts.js';
import { autoWalkCommands, walkCollection } from './walkCollection.js';

function planOf(api: CloudApi, target: InvolvedHost): HostPlan {
  const bridges = bridgesOfHost(api.agents, target.host);
  const problems: CollectionProblem[] = bridges.rejected.map((name) => ({
    source: 'neutron' as const,
    host: target.host,
    code: 'bad-bridge-name',
    message: `${target.host}: bridge name ${JSON.stringify(name)} from the agent's configuration is not a valid bridge name; not read`,
  }));
  return { host: target.host, roles: target.roles, commands: hostCommandsFor(bridges, target), problems };
}

const union = <T>(a: T[], b: T[]) => [...new Set([...a, ...b])].sort();

export const ml2OvsCollector: CollectBackend = {
  id: 'ml2-ovs',
  traceHosts: (api, instanceId, options) => involvedHosts(api, instanceId, options).map((t) => planOf(api, t)),
  scanHosts(api, instanceIds, options) {
    const hosts = new Map<string, InvolvedHost>();
    const merge = (h: InvolvedHost) => {
      const seen = hosts.get(h.host) ?? { host: h.host, roles: [], routers: [], dhcpNetworks: [] };
      const dvr = {
        ...(seen.snatRouters || h.snatRouters ? { snatRouters: union(seen.snatRouters ?? [], h.snatRouters ?? []) } : {}),
        ...(seen.fipNetworks || h.fipNetworks ? { fipNetworks: union(seen.fipNetworks ?? [], h.fipNetworks ?? []) } : {}),
      };
      hosts.set(h.host, { host: h.host, roles: union(seen.roles, h.roles), routers: union(seen.routers, h.routers), dhcpNetworks: union(seen.dhcpNetworks, h.dhcpNetworks), ...dvr });
    };
    for (const id of instanceIds) for (const h of involvedHosts(api, id, { maxTunnelPeers: 0 })) merge(h);
    if (options.host) merge({ host: options.host, roles: [], routers: [], dhcpNetworks: [] });
    return [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host)).map((t) => planOf(api, t));
  },
  extraHost: (api, host) => planOf(api, { host, roles: [], routers: [], dhcpNetworks: [] }),
  walk: walkCollection,
  autoWalks: autoWalkCommands,
};
