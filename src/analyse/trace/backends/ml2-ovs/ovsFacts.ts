// ML2/OVS facts of a whole snapshot, computed once per snapshot and shared by every instance a scan traces.
import { DEFAULT_TUNNEL_BRIDGE, TUN_TABLES } from '../../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE } from '../../../../neutron/neutronRules.js';
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import { type CloudIndex, obj, str } from '../../cloudIndex.js';
import { matchedTunnelId, setVlan } from '../../flows.js';
import { flowsInTable, type HostState } from './hostState.js';
import { hostStateOfCapture } from './hostStateCache.js';

/** The names of the captured hosts, in capture order. */
export function capturedHosts(index: CloudIndex): string[] {
  return index.derived('ml2-ovs captured hosts', () => [...new Set(index.snapshot.hosts.map((capture) => capture.host))]);
}

/** One host's parsed OVS/Linux state, built on first use: a trace reads only the hosts it involves (a host captured twice: the last capture). */
export function hostState(index: CloudIndex, host: string | null): HostState | undefined {
  if (!host) return undefined;
  return index.derived(`ml2-ovs host state\u0000${host}`, () => {
    const capture = index.snapshot.hosts.findLast((h) => h.host === host);
    return capture ? hostStateOfCapture(capture) : undefined;
  });
}

/** The OVS agent's `configurations` on a host (agents API), {} when it has none. */
export function ovsAgentConfig(index: CloudIndex, host: string | null): ApiObject {
  return obj(index.agent(AGENT_TYPE.ovs, host), 'configurations');
}

/** The host whose OVS agent reports this tunneling_ip (agents API configurations.tunneling_ip). */
export function hostOfTunnelIp(index: CloudIndex, ip: string): string | null {
  const byIp = index.derived('ml2-ovs hosts by tunneling_ip', () => {
    const found = new Map<string, string | null>();
    for (const a of index.snapshot.api.agents) {
      if (str(a, 'agent_type') !== AGENT_TYPE.ovs) continue;
      const tunnelIp = str(obj(a, 'configurations'), 'tunneling_ip');
      if (tunnelIp !== null && !found.has(tunnelIp)) found.set(tunnelIp, str(a, 'host'));
    }
    return found;
  });
  return byIp.get(ip) ?? null;
}

/** The local VLAN a tunnel id becomes on another host: its br-tun TUN_TABLE flow (br_tun.py provision_local_vlan). */
export function remoteLocalVlan(index: CloudIndex, host: string | null, type: string, segmentationId: number | null): number | null {
  if (!host || segmentationId === null) return null;
  const f = flowsInTable(hostState(index, host), DEFAULT_TUNNEL_BRIDGE, TUN_TABLES.tunToLv[type]).find((x) => matchedTunnelId(x) === segmentationId);
  return f ? setVlan(f) : null;
}
