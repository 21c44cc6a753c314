// The fixed list of read-only commands netxray runs on a host, and the bridges they read (from the agent's configuration).
import type { ApiObject } from '../../model/cloudSnapshot.js';
import { isValidBridgeName } from './shellQuote.js';

export interface HostCommand {
  /** Stable id in the snapshot (CommandOutput.id): `ovsdb-bridge`, `flows:br-int`, `ofctl-show:br-ex`, `ip-link`, ... */
  id: string;
  argv: readonly string[];
  /** Run instead when argv fails with this stderr (e.g. an OpenFlow version the bridge does not allow). */
  fallback?: { when: RegExp; argv: readonly string[] };
  /** A failure is expected on some hosts and not worth a problem. */
  optional?: boolean;
}

export interface HostBridges {
  integration: string;
  /** Absent when the host's agent has no tunnel_types. */
  tunnel?: string;
  /** Physical bridges from bridge_mappings (physnet → bridge), in order. */
  provider: string[];
  /** Names from the API that were refused as bridge names (reported, never run). */
  rejected: string[];
}

// ovs-vsctl --format=json implies --data=json; spelled out so the cell encoding never depends on a default.
const ovsdb = (table: string) => ['ovs-vsctl', '--timeout=10', '--format=json', '--data=json', 'list', table];
// Plain dump-flows prints OpenFlow 1.0 style, like test/fixtures/lab; bridges that refuse OF1.0 get -O OpenFlow13.
const OF_VERSION_REFUSED = /version negotiation failed|is not supported|Unsupported/i;

/** Router and DHCP namespaces expected on a host (ids from the API, checked as UUIDs before use). */
export interface HostNamespaces {
  routers: string[];
  dhcpNetworks: string[];
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Bridges to read on a host: br-int, br-tun when tunnelling, and the bridges of bridge_mappings (neutron-ovs notes A.7). */
export function bridgesOfHost(agents: readonly ApiObject[], host: string): HostBridges {
  const agent = agents.find((a) => a.host === host && a.agent_type === 'Open vSwitch agent');
  const conf = (agent?.configurations ?? {}) as Record<string, unknown>;
  const rejected: string[] = [];
  const accept = (name: unknown): string | undefined => {
    if (typeof name !== 'string') return undefined;
    if (isValidBridgeName(name)) return name;
    rejected.push(name);
    return undefined;
  };
  const integration = accept(conf.integration_bridge) ?? 'br-int';
  const mappings = conf.bridge_mappings && typeof conf.bridge_mappings === 'object' ? Object.values(conf.bridge_mappings as Record<string, unknown>) : [];
  const provider = [...new Set(mappings.map(accept).filter((b): b is string => b !== undefined && b !== integration))];
  const tunnelTypes = Array.isArray(conf.tunnel_types) ? conf.tunnel_types : [];
  // The agent does not report tunnel_bridge; br-tun is its default (neutron conf/agent/ovs_conf.py).
  const tunnel = !agent || tunnelTypes.length > 0 ? 'br-tun' : undefined;
  return { integration, tunnel, provider, rejected };
}

/**
 * The fixed, read-only command list for one host: OVSDB tables, flows and port numbers of each bridge, the router
 * and DHCP namespaces it should hold (addresses, NAT rules, dnsmasq processes), links. Invalid names are skipped.
 */
export function hostCommandsFor(bridges: HostBridges, namespaces: HostNamespaces = { routers: [], dhcpNetworks: [] }): HostCommand[] {
  const list: HostCommand[] = [
    { id: 'ovsdb-bridge', argv: ovsdb('Bridge') },
    { id: 'ovsdb-port', argv: ovsdb('Port') },
    { id: 'ovsdb-interface', argv: ovsdb('Interface') },
    { id: 'ovsdb-open-vswitch', argv: ovsdb('Open_vSwitch'), optional: true },
  ];
  const all = [bridges.integration, ...(bridges.tunnel ? [bridges.tunnel] : []), ...bridges.provider];
  for (const br of all) {
    if (!isValidBridgeName(br)) continue;
    list.push({
      id: `flows:${br}`,
      argv: ['ovs-ofctl', 'dump-flows', br],
      fallback: { when: OF_VERSION_REFUSED, argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', br] },
    });
    list.push({
      id: `ofctl-show:${br}`,
      argv: ['ovs-ofctl', 'show', br],
      fallback: { when: OF_VERSION_REFUSED, argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'show', br] },
    });
  }
  for (const id of namespaces.routers.filter(isUuid)) {
    const ns = `qrouter-${id}`; // neutron/agent/l3/namespaces.py NS_PREFIX
    // optional: a missing namespace is a finding for the analysis (exit status and stderr are kept), not a collection problem
    list.push({ id: `netns-addr:${ns}`, argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'addr', 'show'], optional: true });
    list.push({ id: `netns-nat:${ns}`, argv: ['ip', 'netns', 'exec', ns, 'iptables-save', '-t', 'nat'], optional: true });
  }
  for (const id of namespaces.dhcpNetworks.filter(isUuid)) {
    const ns = `qdhcp-${id}`; // neutron/agent/linux/dhcp.py NS_PREFIX
    list.push({ id: `netns-addr:${ns}`, argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'addr', 'show'], optional: true });
  }
  // pgrep exits 1 when no dnsmasq runs: that is an answer, not a failure.
  if (namespaces.dhcpNetworks.length > 0) list.push({ id: 'processes:dnsmasq', argv: ['pgrep', '-a', 'dnsmasq'], optional: true });
  list.push({ id: 'ip-link', argv: ['ip', '-j', '-d', 'link', 'show'] });
  list.push({ id: 'ip-addr', argv: ['ip', '-j', 'addr', 'show'], optional: true });
  list.push({ id: 'ip-netns', argv: ['ip', '-j', 'netns', 'list'], optional: true });
  return list;
}
