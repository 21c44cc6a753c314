// Collects the API objects around one instance (trace) or a whole filtered cloud (scan) with a fixed number of bulk GETs.
import type { ApiObject, CloudSnapshot, CollectionProblem } from '../../model/cloudSnapshot.js';
import { NetxrayError } from '../../errors.js';
import { findTraceSubject, UUID } from './findInstance.js';
import { ApiError } from './keystone.js';
import { queryString, type OpenStackApi, type ServiceType } from './openstackApi.js';
import { AGENT_TYPE, DEVICE_OWNER, ROUTER_PORT_OWNERS_ON_NETWORK } from '../../neutron/neutronRules.js';
import { DEVICE_OWNER_AGENT_GW, isDistributedRouter } from '../../neutron/dvrRules.js';

export type CloudApi = CloudSnapshot['api'];

export interface CloudCollection {
  api: CloudApi;
  problems: CollectionProblem[];
  /** Ids of the instances the collection is about (one for trace). */
  instanceIds: string[];
  admin: boolean;
  project?: string;
  user?: string;
}

/** Fields only admins see; their absence means SSH targets and provider details are unknown. */
const NOVA_ADMIN_FIELDS = ['OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:hypervisor_hostname', 'OS-EXT-SRV-ATTR:instance_name'];
const PORT_ADMIN_FIELDS = ['binding:host_id', 'binding:vif_type', 'binding:vif_details', 'binding:profile'];
const NETWORK_ADMIN_FIELDS = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];

/** Records failures of optional parts as problems and goes on with what it has. */
class Collector {
  readonly problems: CollectionProblem[] = [];
  constructor(readonly api: OpenStackApi) {}

  async list(service: ServiceType, path: string, key: string, what: string): Promise<ApiObject[]> {
    try {
      return await this.api.list(service, path, key);
    } catch (err) {
      this.record(service, what, err);
      return [];
    }
  }

  record(service: ServiceType, what: string, err: unknown): void {
    if (!(err instanceof NetxrayError)) throw err;
    const forbidden = err instanceof ApiError && err.status === 403;
    this.problems.push({
      source: service === 'compute' ? 'nova' : 'neutron',
      code: forbidden ? 'forbidden' : err.message.includes('timeout') ? 'timeout' : 'api-error',
      message: forbidden ? `${what}: refused (HTTP 403, admin only?): ${what} will be missing` : `${what}: ${err.message}`,
    });
  }
}

const ids = (objs: ApiObject[], key = 'id'): string[] =>
  [...new Set(objs.map((o) => o[key]).filter((v): v is string => typeof v === 'string' && v !== ''))];

function byId(objs: ApiObject[]): ApiObject[] {
  const seen = new Map<string, ApiObject>();
  for (const o of objs) seen.set(String(o.id), o);
  return [...seen.values()];
}

/** `?id=a&id=b` lists; no request when there is nothing to ask for. Long id lists are split so URLs stay short. */
async function bulk(c: Collector, service: ServiceType, resource: string, key: string, filter: string, values: string[], extra: Record<string, string | string[]> = {}): Promise<ApiObject[]> {
  if (values.length === 0) return [];
  const CHUNK = 80; // ~37 bytes per uuid filter: keeps URLs under ~4 KB, which proxies and uwsgi accept
  const parts: Promise<ApiObject[]>[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    parts.push(c.list(service, `/${resource}${queryString({ [filter]: values.slice(i, i + CHUNK), ...extra })}`, key, resource));
  }
  return (await Promise.all(parts)).flat();
}

function adminFieldProblems(api: CloudApi, admin: boolean): CollectionProblem[] {
  const problems: CollectionProblem[] = [];
  const missing = (objs: ApiObject[], fields: string[]) => objs.length > 0 && objs.every((o) => !(fields[0] in o));
  const why = admin ? 'the API did not return them' : 'the token has no admin role';
  if (missing(api.servers, NOVA_ADMIN_FIELDS)) {
    problems.push({ source: 'nova', code: 'admin-fields-missing', message: `${NOVA_ADMIN_FIELDS.join(', ')} missing (${why}): the instance's host comes from its ports' binding:host_id, if visible` });
  }
  if (missing(api.ports, PORT_ADMIN_FIELDS)) {
    problems.push({ source: 'neutron', code: 'admin-fields-missing', message: `${PORT_ADMIN_FIELDS.join(', ')} missing (${why}): hosts to inspect over SSH and port bindings are unknown` });
  }
  if (missing(api.networks, NETWORK_ADMIN_FIELDS)) {
    problems.push({ source: 'neutron', code: 'admin-fields-missing', message: `${NETWORK_ADMIN_FIELDS.join(', ')} missing (${why}): network types, physnets and VLAN/VNI ids are unknown` });
  }
  if (!admin && api.agents.length === 0) {
    problems.push({ source: 'neutron', code: 'forbidden', message: 'agents: none visible (the agent list is admin-only): bridge mappings, tunnel IPs and agent hosts are unknown' });
  }
  return problems;
}

/**
 * Scheduling of routers to L3 agents and networks to DHCP agents (admin-only APIs), one GET per router/network,
 * asked only when the agent list has agents of that type: ML2/OVN clouds have none, and their router plugin
 * (ovn-router) does not offer the l3-agents API at all (HTTP 404).
 */
async function agentSchedules(c: Collector, agents: ApiObject[], routerIds: string[], networkIds: string[], admin: boolean): Promise<Pick<CloudApi, 'routerL3Agents' | 'networkDhcpAgents'>> {
  if (!admin) return {};
  const hasAgentOfType = (type: string) => agents.some((a) => a.agent_type === type);
  if (!hasAgentOfType(AGENT_TYPE.l3)) routerIds = [];
  if (!hasAgentOfType(AGENT_TYPE.dhcp)) networkIds = [];
  // Keyed by ids from the API: never a plain object a key like __proto__ could reach into.
  const routerL3Agents: Record<string, string[]> = Object.create(null);
  const networkDhcpAgents: Record<string, string[]> = Object.create(null);
  await Promise.all([
    ...routerIds.map(async (id) => {
      const agents = await c.list('network', `/routers/${encodeURIComponent(id)}/l3-agents`, 'agents', `L3 agents of router ${id}`);
      routerL3Agents[id] = ids(agents);
    }),
    ...networkIds.map(async (id) => {
      const agents = await c.list('network', `/networks/${encodeURIComponent(id)}/dhcp-agents`, 'agents', `DHCP agents of network ${id}`);
      networkDhcpAgents[id] = ids(agents);
    }),
  ]);
  return { routerL3Agents, networkDhcpAgents };
}

/**
 * Called with what the API has told so far, while the rest is still being read (the trace starts SSH with it): at
 * `ports` the instance and its ports, then (again `ports`) also every port on its networks, the networks and the
 * security groups; at `networks` also its networks, subnets, security groups, floating IPs, every
 * port on its networks and the routers by id (missing then: the routers' objects and ports, the external subnets).
 */
export type RevealHosts = (partial: CloudApi, instanceId: string, stage: 'ports' | 'networks') => void;

const gatewayNetworkOf = (r: ApiObject) => (r.external_gateway_info as { network_id?: string } | null | undefined)?.network_id;

/**
 * Trace: the instance, its ports, their networks (and every port on them), subnets, floating IPs, routers with
 * their ports and external networks, security groups with rules, all agents, and which agents host which router
 * and network. 13 requests + one per router and network of the instance, whatever the cloud's size (+1 when a
 * UUID names a port, not an instance). Each request starts as soon as what it needs is known, not round by round:
 * - with the token: the instance (by UUID or name) and the agents; with the agents (while Nova still looks), the
 *   external networks and for a UUID that instance's ports (a name's ports wait for the lookup, the slowest request
 *   of a trace: ~0.4 s on the lab);
 * - with the external networks: their subnets;
 * - with the instance's ports: its networks and every port on them, floating IPs, subnets, security groups, DHCP
 *   scheduling;
 * - with the network ports and floating IPs: the routers, their ports and L3 scheduling.
 * `reveal` hears about the hosts on the way: once the instance's ports are bound, again once the network ports,
 * networks and security groups are known (the tunnel peers: their SSH starts without waiting for the other requests
 * of that moment), and once every object the early walks need is there.
 */
export async function collectCloudForTrace(api: OpenStackApi, instanceRef: string, reveal?: RevealHosts): Promise<CloudCollection> {
  const token = await api.session.currentToken();
  const admin = token.roles.includes('admin');
  const c = new Collector(api);
  // Neutron has little to do while Nova looks the instance up: what needs no answer goes then. After the agents,
  // not beside them: Neutron validates a new token with Keystone per request until it has cached it, and those
  // validations would queue at Keystone with Nova's (see collectCloudForScan). The early ports are used only when the
  // UUID turns out to be the instance's; otherwise they are asked again and their failure is moot.
  const agentsP = c.list('network', '/agents', 'agents', 'agents');
  const earlyPorts: Promise<ApiObject[] | null> = UUID.test(instanceRef)
    ? agentsP.then(() => api.list('network', `/ports${queryString({ device_id: instanceRef })}`, 'ports')).catch(() => null)
    : Promise.resolve(null);
  const externalNetsP = agentsP.then(() => c.list('network', `/networks${queryString({ 'router:external': 'true' })}`, 'networks', 'external networks'));
  const externalSubnetsP = externalNetsP.then((nets) => bulk(c, 'network', 'subnets', 'subnets', 'network_id', ids(nets)));
  const [subject, agents] = await Promise.all([findTraceSubject(api, instanceRef, admin), agentsP]);
  // A port that belongs to no instance is traced alone: it is the "instance" and its only port.
  const servers = subject.kind === 'server' ? [subject.server] : [];
  const serverId = String(subject.kind === 'server' ? subject.server.id : subject.port.id);

  const early = subject.kind === 'server' && serverId === instanceRef ? await earlyPorts : null;
  const instancePorts =
    subject.kind !== 'server' ? [subject.port] : (early ?? (await c.list('network', `/ports${queryString({ device_id: serverId })}`, 'ports', 'ports of the instance')));
  const empty: CloudApi = { servers, ports: instancePorts, networks: [], subnets: [], floatingIps: [], routers: [], securityGroups: [], agents };
  reveal?.(empty, serverId, 'ports');
  const instanceNetIds = ids(instancePorts, 'network_id');
  const sgIds = [...new Set(instancePorts.flatMap((p) => (Array.isArray(p.security_groups) ? (p.security_groups as string[]) : [])))];
  const floatingIpsP = bulk(c, 'network', 'floatingips', 'floatingips', 'port_id', ids(instancePorts));
  const networkPortsP = bulk(c, 'network', 'ports', 'ports', 'network_id', instanceNetIds);
  const instanceNetsP = bulk(c, 'network', 'networks', 'networks', 'id', instanceNetIds);
  const instanceSubnetsP = bulk(c, 'network', 'subnets', 'subnets', 'network_id', instanceNetIds);
  const securityGroupsP = bulk(c, 'network', 'security-groups', 'security_groups', 'id', sgIds);
  const dhcpSchedulesP = agentSchedules(c, agents, [], instanceNetIds, admin);
  // With the security groups too, the OVN plan's ACL read is already the final one (not a read of fewer rows).
  const peersRevealed = Promise.all([networkPortsP, instanceNetsP, securityGroupsP]).then(([networkPorts, instanceNets, securityGroups]) =>
    reveal?.({ ...empty, ports: byId([...instancePorts, ...networkPorts]), networks: instanceNets, securityGroups }, serverId, 'ports'),
  );
  const routerIdsP = Promise.all([networkPortsP, floatingIpsP]).then(([networkPorts, floatingIps]) => [
    ...new Set([
      ...ids(networkPorts.filter((p) => ROUTER_PORT_OWNERS_ON_NETWORK.includes(String(p.device_owner))), 'device_id'),
      ...ids(floatingIps, 'router_id'),
    ]),
  ]);
  const routersP = routerIdsP.then((routerIds) =>
    Promise.all([
      bulk(c, 'network', 'routers', 'routers', 'id', routerIds),
      bulk(c, 'network', 'ports', 'ports', 'device_id', routerIds),
      agentSchedules(c, agents, routerIds, [], admin),
    ] as const),
  );
  const [floatingIps, networkPorts, instanceNets, externalNets, instanceSubnets, securityGroups, dhcpSchedules, routerIds] = await Promise.all([
    floatingIpsP,
    networkPortsP,
    instanceNetsP,
    externalNetsP,
    instanceSubnetsP,
    securityGroupsP,
    dhcpSchedulesP,
    routerIdsP,
    peersRevealed,
  ]);
  // The routers are known by id already: enough for their hosts (router interface bindings) and namespaces.
  const routerStubs = routerIds.map((id) => ({ id }));
  reveal?.({ ...empty, ports: byId([...instancePorts, ...networkPorts]), networks: instanceNets, subnets: instanceSubnets, floatingIps, routers: routerStubs, securityGroups, ...dhcpSchedules }, serverId, 'networks');
  const otherExternalIds = ids(externalNets).filter((id) => !instanceNetIds.includes(id));
  const [[routers, routerPorts, l3Schedules], externalSubnets] = await Promise.all([routersP, externalSubnetsP]);
  // The routers' gateway networks and the floating IPs' networks: external ones, usually listed already.
  const referenced = new Set([...routers.map(gatewayNetworkOf), ...floatingIps.map((f) => f.floating_network_id)].filter((v): v is string => typeof v === 'string' && !instanceNetIds.includes(v)));
  const unlisted = [...referenced].filter((id) => !otherExternalIds.includes(id));
  // DVR: the fip- namespaces' gateway ports (one per host and external network, src/neutron/dvrRules.ts), asked only
  // when a router is distributed
  const distributed = routers.some((r) => isDistributedRouter(r));
  const [unlistedNets, unlistedSubnets, fipGatewayPorts] = await Promise.all([
    bulk(c, 'network', 'networks', 'networks', 'id', unlisted),
    bulk(c, 'network', 'subnets', 'subnets', 'network_id', unlisted),
    distributed ? c.list('network', `/ports${queryString({ device_owner: DEVICE_OWNER_AGENT_GW })}`, 'ports', 'floating-IP agent gateway ports') : Promise.resolve([]),
  ]);
  const isReferenced = (o: ApiObject, key: string) => referenced.has(String(o[key]));
  const networks = byId([...instanceNets, ...externalNets.filter((n) => isReferenced(n, 'id')), ...unlistedNets]);
  const subnets = byId([...instanceSubnets, ...externalSubnets.filter((n) => isReferenced(n, 'network_id')), ...unlistedSubnets]);
  const ports = byId([...instancePorts, ...networkPorts, ...routerPorts, ...fipGatewayPorts]);
  const schedules = admin ? { routerL3Agents: l3Schedules.routerL3Agents, networkDhcpAgents: dhcpSchedules.networkDhcpAgents } : {};
  const result: CloudApi = { servers, ports, networks, subnets, floatingIps, routers, securityGroups, agents, ...schedules };
  return {
    api: result,
    problems: [...c.problems, ...adminFieldProblems(result, admin)],
    instanceIds: [serverId],
    admin,
    project: token.project?.name,
    user: token.user?.name,
  };
}

export interface ScanFilters {
  /** Project id (Nova `project_id` with all_tenants, Neutron `project_id`). */
  project?: string;
  /** Compute host name (Nova `host`, admin only). */
  host?: string;
  /** Network id: instances with a port on it. */
  network?: string;
}

/**
 * Scan: every instance (optionally of one project, on one host or on one network) with the same kinds of objects
 * as a trace, in 9 list calls (+ pages; + 1 for the routers' gateway ports when filtered) whatever the number of instances. Router/DHCP scheduling is not asked per
 * object here; the analysis reads it from the binding:host_id of router and DHCP ports.
 */
export async function collectCloudForScan(api: OpenStackApi, filters: ScanFilters = {}): Promise<CloudCollection> {
  const token = await api.session.currentToken();
  const admin = token.roles.includes('admin');
  const c = new Collector(api);
  const portFilter = { project_id: filters.project, network_id: filters.network };
  // Neutron validates a new token with Keystone on each request until it has cached it: the first list goes
  // alone, so that the others do not queue at Keystone (one validation instead of eight; lab: API part 4.6 s -> ~0.9 s).
  const servers = api.list('compute', `/servers/detail${queryString({ all_tenants: admin ? '1' : undefined, project_id: admin ? filters.project : undefined, host: filters.host })}`, 'servers');
  servers.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
  const agents = await c.list('network', '/agents', 'agents', 'agents');
  const [listedPorts, networks, subnets, floatingIps, routers, securityGroups, gatewayPorts] = await Promise.all([
    c.list('network', `/ports${queryString(portFilter)}`, 'ports', 'ports'),
    c.list('network', '/networks', 'networks', 'networks'),
    c.list('network', '/subnets', 'subnets', 'subnets'),
    c.list('network', '/floatingips', 'floatingips', 'floating IPs'),
    c.list('network', '/routers', 'routers', 'routers'),
    c.list('network', `/security-groups${queryString({ project_id: filters.project })}`, 'security_groups', 'security groups'),
    // A filtered port list leaves out the routers' gateway ports (on the external network, owned by no project),
    // which the floating-IP and SNAT path needs: one more list, as small as the number of routers.
    filters.project || filters.network ? c.list('network', `/ports${queryString({ device_owner: DEVICE_OWNER.routerGateway })}`, 'ports', 'router gateway ports') : [],
  ]);
  const ports = byId([...listedPorts, ...gatewayPorts]);
  let chosen = await servers;
  if (filters.network) {
    const onNet = new Set(ports.filter((p) => p.network_id === filters.network).map((p) => String(p.device_id)));
    chosen = chosen.filter((s) => onNet.has(String(s.id)));
  }
  const result: CloudApi = { servers: chosen, ports, networks, subnets, floatingIps, routers, securityGroups, agents };
  return {
    api: result,
    problems: [...c.problems, ...adminFieldProblems(result, admin)],
    instanceIds: ids(chosen),
    admin,
    project: token.project?.name,
    user: token.user?.name,
  };
}
