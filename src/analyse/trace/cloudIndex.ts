// Typed, indexed access to the snapshot's API objects (loose JSON at the edge, narrow accessors inside); backend-neutral:
// a backend keeps its parsed host state through derived() (e.g. backends/ml2-ovs/ovsFacts.ts).
import type { ApiObject, CloudSnapshot, CommandOutput } from '../../model/cloudSnapshot.js';
import type { AgentRef } from '../../model/traceModel.js';

export { fixedIps, list, num, obj, str } from '../../neutron/apiFields.js';
import { str } from '../../neutron/apiFields.js';

/** Groups objects by a string field (objects without it are left out), keeping their order. */
function groupBy(objects: ApiObject[], key: string): Map<string, ApiObject[]> {
  const groups = new Map<string, ApiObject[]>();
  for (const o of objects) {
    const value = str(o, key);
    if (value === null) continue;
    const group = groups.get(value);
    if (group) group.push(o);
    else groups.set(value, [o]);
  }
  return groups;
}

/** The first object per value of a string field. */
function firstBy(objects: ApiObject[], key: (o: ApiObject) => string | null): Map<string, ApiObject> {
  const found = new Map<string, ApiObject>();
  for (const o of objects) {
    const value = key(o);
    if (value !== null && !found.has(value)) found.set(value, o);
  }
  return found;
}

/** A value computed on its first use, then kept. */
function onFirstUse<T>(compute: () => T): () => T {
  let value: { built: T } | undefined;
  return () => (value ??= { built: compute() }).built;
}

/** Every lookup is a map built once: `scan` asks them for each of thousands of ports. */
export class CloudIndex {
  private readonly serverById: Map<string, ApiObject>;
  private readonly serversByName: Map<string, ApiObject[]>;
  // The port maps (20,000 ports on a big snapshot) are built on first use: a trace of one instance asks two of them.
  private readonly portById = onFirstUse(() => firstBy(this.snapshot.api.ports, (p) => str(p, 'id')));
  private readonly portsByName = onFirstUse(() => groupBy(this.snapshot.api.ports, 'name'));
  private readonly portsByDevice = onFirstUse(() => groupBy(this.snapshot.api.ports, 'device_id'));
  private readonly portsByNetwork = onFirstUse(() => groupBy(this.snapshot.api.ports, 'network_id'));
  private readonly networkById: Map<string, ApiObject>;
  private readonly subnetsByNetwork: Map<string, ApiObject[]>;
  private readonly floatingIpsByPort: Map<string, ApiObject[]>;
  private readonly agentByTypeAndHost: Map<string, ApiObject>;
  private readonly securityGroupById: Map<string, ApiObject>;
  private readonly routerById: Map<string, ApiObject>;
  private readonly derivedFacts = new Map<string, unknown>();

  constructor(readonly snapshot: CloudSnapshot) {
    const { api } = snapshot;
    this.serverById = firstBy(api.servers, (s) => str(s, 'id'));
    this.serversByName = groupBy(api.servers, 'name');
    this.networkById = firstBy(api.networks, (n) => str(n, 'id'));
    this.subnetsByNetwork = groupBy(api.subnets, 'network_id');
    this.floatingIpsByPort = groupBy(api.floatingIps, 'port_id');
    this.agentByTypeAndHost = firstBy(api.agents, (a) => agentKey(str(a, 'agent_type'), str(a, 'host')));
    this.securityGroupById = firstBy(api.securityGroups, (g) => str(g, 'id'));
    this.routerById = firstBy(api.routers, (r) => str(r, 'id'));
  }

  /**
   * A fact derived from the whole snapshot (e.g. per network), computed on first use and then shared by every
   * instance a scan traces. `key` must name everything the result depends on.
   */
  derived<T>(key: string, compute: () => T): T {
    if (!this.derivedFacts.has(key)) this.derivedFacts.set(key, compute());
    return this.derivedFacts.get(key) as T;
  }

  server(id: string): ApiObject | undefined {
    return this.serverById.get(id);
  }

  serversNamed(name: string): ApiObject[] {
    return this.serversByName.get(name) ?? [];
  }

  portsNamed(name: string): ApiObject[] {
    return this.portsByName().get(name) ?? [];
  }

  port(id: string): ApiObject | undefined {
    return this.portById().get(id);
  }

  /** A reachable host's output of one command, as the snapshot recorded it. */
  hostOutput(host: string | null, id: string): CommandOutput | undefined {
    if (!host) return undefined;
    return this.snapshot.hosts.find((h) => h.host === host && h.reachable)?.outputs.find((o) => o.id === id);
  }

  network(id: string | null): ApiObject | undefined {
    return id ? this.networkById.get(id) : undefined;
  }

  portsOfDevice(deviceId: string): ApiObject[] {
    return this.portsByDevice().get(deviceId) ?? [];
  }

  portsOnNetwork(networkId: string): ApiObject[] {
    return this.portsByNetwork().get(networkId) ?? [];
  }

  subnetsOf(networkId: string): ApiObject[] {
    return this.subnetsByNetwork.get(networkId) ?? [];
  }

  agent(type: string, host: string | null): ApiObject | undefined {
    if (!host) return undefined;
    return this.agentByTypeAndHost.get(agentKey(type, host) as string);
  }

  agentRef(type: string, host: string | null): AgentRef | null {
    const a = this.agent(type, host);
    if (!a) return null;
    return {
      id: str(a, 'id') ?? '',
      type,
      host: str(a, 'host') ?? '',
      alive: a.alive === true,
      adminStateUp: a.admin_state_up !== false,
    };
  }

  securityGroup(id: string): ApiObject | undefined {
    return this.securityGroupById.get(id);
  }

  router(id: string): ApiObject | undefined {
    return this.routerById.get(id);
  }

  floatingIpsOfPort(portId: string): ApiObject[] {
    return this.floatingIpsByPort.get(portId) ?? [];
  }
}

function agentKey(type: string | null, host: string | null): string | null {
  return type === null || host === null ? null : `${type}\u0000${host}`;
}
