// The ML2/OVN collection plan: the OVN databases (on the DB host over SSH, or this machine with --ovn-nb/--ovn-sb)
// and each chassis's OVS (external_ids, br-int ports and interfaces), its namespaces and links.
import type { CollectionProblem, HostRole } from '../../../model/cloudSnapshot.js';
import { HOST_OUTPUT, type HostOutputId } from '../../../model/hostOutputIds.js';
import { AGENT_TYPE, DEVICE_OWNER, ROUTER_PORT_OWNERS_ON_NETWORK, isTunnelType } from '../../../neutron/neutronRules.js';
import type { HostCommand } from '../../hosts/hostCommands.js';
import type { CloudApi, CollectBackend, HostPlan } from '../backend.js';
import { listeningTcp } from '../../hosts/netnsCommands.js';
import { ovsdbListCommand } from '../../hosts/ovsdbList.js';
import { metadataNamespace } from '../../../neutron/ovnRules.js';
import { ovnDbCommands, ovnTraceDbOptions, type OvnDbAccess, type OvnRowQuery } from './dbCommands.js';
import { ovnWalkCommands, ovnWalkCollection } from './walkCollection.js';

export { checkOvnDbAccess, type OvnDbAccess } from './dbCommands.js';

/** The capture name of the machine running netxray when it reads the databases itself (--ovn-nb/--ovn-sb without --ovn-db-host). */
export const LOCAL_DB_READER = 'local';

/** What each chassis is asked: ovn-controller's OVS configuration and br-int, the ovnmeta- namespaces, links (MTU), addresses (the Encap IP's device). */
const CHASSIS_COMMANDS: readonly HostCommand<HostOutputId>[] = [
  ovsdbListCommand(HOST_OUTPUT.ovsdbOpenVswitch, 'Open_vSwitch'),
  ovsdbListCommand(HOST_OUTPUT.ovsdbBridge, 'Bridge'),
  ovsdbListCommand(HOST_OUTPUT.ovsdbPort, 'Port'),
  ovsdbListCommand(HOST_OUTPUT.ovsdbInterface, 'Interface'),
  { id: HOST_OUTPUT.ipNetns, argv: ['ip', '-j', 'netns', 'list'], optional: true },
  { id: HOST_OUTPUT.ipLink, argv: ['ip', '-j', '-d', 'link', 'show'], optional: true },
  { id: HOST_OUTPUT.ipAddr, argv: ['ip', '-j', 'addr', 'show'], optional: true },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * With an OVN metadata agent in the cloud: the listening sockets of ovnmeta-<network> on each host holding a port of
 * these instances there (the agent's haproxy answers 169.254.169.254:80 in it). Optional: a missing namespace is a finding.
 */
function metadataCommands(api: CloudApi, instanceIds: readonly string[]): Map<string, HostCommand<HostOutputId>[]> {
  const out = new Map<string, HostCommand<HostOutputId>[]>();
  if (!api.agents.some((a) => a.agent_type === AGENT_TYPE.ovnMetadata)) return out;
  const wanted = new Set(instanceIds);
  for (const p of api.ports.filter((x) => wanted.has(String(x.device_id)) || wanted.has(String(x.id)))) {
    const host = str(p['binding:host_id']);
    const network = String(p.network_id);
    if (!host || !UUID.test(network)) continue;
    const ns = metadataNamespace(network);
    const list = out.get(host) ?? [];
    if (!list.some((c) => c.id === HOST_OUTPUT.netnsListen(ns))) list.push({ id: HOST_OUTPUT.netnsListen(ns), argv: listeningTcp(ns), optional: true });
    out.set(host, list);
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The Neutron ids of the rows a trace of these instances needs, from the API objects. */
export function rowQuery(api: CloudApi, instanceIds: readonly string[]): OvnRowQuery {
  const wanted = new Set(instanceIds);
  const ports = api.ports.filter((p) => wanted.has(String(p.device_id)) || (wanted.has(String(p.id)) && !api.servers.some((s) => s.id === p.id)));
  const networks = new Set(ports.map((p) => String(p.network_id)));
  const routers = new Set(api.ports.filter((p) => networks.has(String(p.network_id)) && ROUTER_PORT_OWNERS_ON_NETWORK.includes(String(p.device_owner))).map((p) => String(p.device_id)));
  const gatewayPorts = api.ports.filter((p) => p.device_owner === DEVICE_OWNER.routerGateway && routers.has(String(p.device_id))).map((p) => String(p.id));
  const groups = new Set(ports.flatMap((p) => (Array.isArray(p.security_groups) ? p.security_groups.map(String) : [])));
  const fixed = (p: Record<string, unknown>) => (Array.isArray(p.fixed_ips) ? (p.fixed_ips as Record<string, unknown>[]) : []);
  return {
    ports: ports.map((p) => String(p.id)),
    networks: [...networks],
    routers: [...routers],
    gatewayPorts,
    securityGroups: [...groups],
    securityGroupRules: api.securityGroups.filter((g) => groups.has(String(g.id))).flatMap((g) => (Array.isArray(g.security_group_rules) ? g.security_group_rules.map((r) => String((r as Record<string, unknown>).id)) : [])),
    subnets: [...new Set(ports.flatMap((p) => fixed(p).map((f) => String(f.subnet_id))))],
    fixedIps: ports.flatMap((p) => fixed(p).map((f) => String(f.ip_address))),
  };
}

/** The DB host: --ovn-db-host, else the first gateway chassis (where deployments usually run ovn-central), else none. */
export function dbReader(api: CloudApi, access: OvnDbAccess): { host: string; local: boolean } | null {
  if (access.dbHost) return { host: access.dbHost, local: false };
  if (access.nb || access.sb) return { host: LOCAL_DB_READER, local: true };
  const gateways = api.agents.filter((a) => a.agent_type === AGENT_TYPE.ovnControllerGateway).map((a) => str(a.host)).filter((h): h is string => h !== null).sort();
  return gateways[0] ? { host: gateways[0], local: false } : null;
}

/** Hosts with ports of these instances, and (trace) other hosts with ports on their Geneve networks, bounded. */
function chassisHosts(api: CloudApi, instanceIds: readonly string[], maxPeers: number): Map<string, HostRole[]> {
  const roles = new Map<string, HostRole[]>();
  const add = (host: unknown, role: HostRole) => {
    const h = str(host);
    if (h && !roles.get(h)?.includes(role)) roles.set(h, [...(roles.get(h) ?? []), role]);
  };
  const wanted = new Set(instanceIds);
  for (const s of api.servers) if (wanted.has(String(s.id))) add(s['OS-EXT-SRV-ATTR:host'], 'instance');
  const ports = api.ports.filter((p) => wanted.has(String(p.device_id)) || wanted.has(String(p.id)));
  for (const p of ports) add(p['binding:host_id'], 'instance');
  const tunnelNets = new Set(api.networks.filter((n) => isTunnelType(String(n['provider:network_type'])) && ports.some((p) => p.network_id === n.id)).map((n) => String(n.id)));
  const peers = [...new Set(api.ports.filter((p) => tunnelNets.has(String(p.network_id))).map((p) => str(p['binding:host_id'])))].filter((h): h is string => !!h && !roles.has(h)).sort();
  for (const h of peers.slice(0, maxPeers)) add(h, 'tunnel-peer');
  return roles;
}

function plans(api: CloudApi, instanceIds: readonly string[], query: OvnRowQuery | 'all', access: OvnDbAccess, maxPeers: number, extra?: string): HostPlan[] {
  const hosts = chassisHosts(api, instanceIds, maxPeers);
  if (extra && !hosts.has(extra)) hosts.set(extra, []);
  const metadata = metadataCommands(api, instanceIds);
  const out: HostPlan[] = [...hosts].map(([host, roles]) => ({ host, roles, commands: [...CHASSIS_COMMANDS, ...(metadata.get(host) ?? [])], problems: [] }));
  const reader = dbReader(api, access);
  const problems: CollectionProblem[] = [];
  if (!reader) {
    problems.push({ source: 'host', code: 'ovn-db-unknown', message: 'no OVN gateway chassis in the agent list and no --ovn-db-host / --ovn-nb / --ovn-sb: the OVN databases were not read' });
    return out.map((p, i) => (i === 0 ? { ...p, problems } : p));
  }
  const dbCommands = ovnDbCommands(query, access);
  const existing = out.find((p) => p.host === reader.host);
  if (existing) {
    existing.roles = [...existing.roles, 'ovn-db'];
    existing.commands = [...dbCommands, ...existing.commands];
  } else out.push({ host: reader.host, roles: ['ovn-db'], commands: dbCommands, problems: [], ...(reader.local ? { local: true } : {}) });
  return out;
}

/** The ML2/OVN collector; where the databases are read comes from the --ovn-* flags (options.ovn). */
export const ml2OvnCollector: CollectBackend = {
  id: 'ml2-ovn',
  traceHosts: (api, instanceId, options) => plans(api, [instanceId], rowQuery(api, [instanceId]), options.ovn ?? {}, options.maxTunnelPeers ?? 8),
  // A scan reads every table once and each instance's chassis: a fixed number of DB reads whatever the cloud's size.
  scanHosts: (api, instanceIds, options) => plans(api, instanceIds, 'all', options.ovn ?? {}, 0, options.host),
  extraHost: (_api, host) => ({ host, roles: [], commands: CHASSIS_COMMANDS, problems: [] }),
  walk: (request, options) => ovnWalkCollection(request, (api) => readerOf(api, options.ovn ?? {})),
  autoWalks: (api, instanceIds, options) => ovnWalkCommands(api, instanceIds, readerOf(api, options.ovn ?? {})),
  earlyAutoWalks: true,
};

/** Where ovn-trace runs: on the host (or this machine) that reads the databases, with the same SB endpoint. */
function readerOf(api: CloudApi, access: OvnDbAccess): { host: string; db: string[] } | null {
  const reader = dbReader(api, access);
  return reader ? { host: reader.host, db: ovnTraceDbOptions(access) } : null;
}
