// Typed, indexed access to the snapshot's API objects (loose JSON at the edge, narrow accessors inside).
import type { ApiObject, CloudSnapshot } from '../../model/cloudSnapshot.js';
import type { AgentRef } from '../../model/traceModel.js';
import { AGENT_TYPE } from './neutronOvsRules.js';
import { buildHostState, type HostState } from './hostState.js';

export function str(o: ApiObject | undefined, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' ? v : null;
}

export function num(o: ApiObject | undefined, key: string): number | null {
  const v = o?.[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

export function obj(o: ApiObject | undefined, key: string): ApiObject {
  const v = o?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : {};
}

export function list(o: ApiObject | undefined, key: string): ApiObject[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter((x): x is ApiObject => !!x && typeof x === 'object') : [];
}

export function fixedIps(port: ApiObject): { ip: string; subnetId: string | null }[] {
  return list(port, 'fixed_ips').flatMap((f) => (str(f, 'ip_address') ? [{ ip: str(f, 'ip_address') as string, subnetId: str(f, 'subnet_id') }] : []));
}

export class CloudIndex {
  readonly hosts = new Map<string, HostState>();
  private readonly portById = new Map<string, ApiObject>();
  private readonly networkById = new Map<string, ApiObject>();

  constructor(readonly snapshot: CloudSnapshot) {
    for (const p of snapshot.api.ports) if (str(p, 'id')) this.portById.set(str(p, 'id') as string, p);
    for (const n of snapshot.api.networks) if (str(n, 'id')) this.networkById.set(str(n, 'id') as string, n);
    for (const capture of snapshot.hosts) this.hosts.set(capture.host, buildHostState(capture));
  }

  port(id: string): ApiObject | undefined {
    return this.portById.get(id);
  }

  network(id: string | null): ApiObject | undefined {
    return id ? this.networkById.get(id) : undefined;
  }

  portsOfDevice(deviceId: string): ApiObject[] {
    return this.snapshot.api.ports.filter((p) => str(p, 'device_id') === deviceId);
  }

  portsOnNetwork(networkId: string): ApiObject[] {
    return this.snapshot.api.ports.filter((p) => str(p, 'network_id') === networkId);
  }

  subnetsOf(networkId: string): ApiObject[] {
    return this.snapshot.api.subnets.filter((s) => str(s, 'network_id') === networkId);
  }

  agent(type: string, host: string | null): ApiObject | undefined {
    if (!host) return undefined;
    return this.snapshot.api.agents.find((a) => str(a, 'agent_type') === type && str(a, 'host') === host);
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

  ovsAgentConfig(host: string | null): ApiObject {
    return obj(this.agent(AGENT_TYPE.ovs, host), 'configurations');
  }

  /** The host whose OVS agent reports this tunneling_ip (agents API configurations.tunneling_ip). */
  hostOfTunnelIp(ip: string): string | null {
    const a = this.snapshot.api.agents.find((x) => str(x, 'agent_type') === AGENT_TYPE.ovs && str(obj(x, 'configurations'), 'tunneling_ip') === ip);
    return a ? str(a, 'host') : null;
  }

  securityGroup(id: string): ApiObject | undefined {
    return this.snapshot.api.securityGroups.find((g) => str(g, 'id') === id);
  }

  router(id: string): ApiObject | undefined {
    return this.snapshot.api.routers.find((r) => str(r, 'id') === id);
  }

  floatingIpsOfPort(portId: string): ApiObject[] {
    return this.snapshot.api.floatingIps.filter((f) => str(f, 'port_id') === portId);
  }
}
