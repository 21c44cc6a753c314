// ML2/OVS collection plan: the fixed list of read-only commands run on a host, and the bridges they read (from the agent's configuration).
import type { ApiObject } from '../../../model/cloudSnapshot.js';
import { HOST_OUTPUT, type HostOutputId } from '../../../model/hostOutputIds.js';
import { DEFAULT_INTEGRATION_BRIDGE, DEFAULT_TUNNEL_BRIDGE } from '../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE, NAMESPACE_PREFIX } from '../../../neutron/neutronRules.js';
import { DVR_NAMESPACE_PREFIX } from '../../../neutron/dvrRules.js';
import type { HostCommand } from '../../hosts/hostCommands.js';
import { ovsdbListCommand } from '../../hosts/ovsdbList.js';
import { listeningTcp } from '../../hosts/netnsCommands.js';
import { isValidBridgeName } from '../../hosts/shellQuote.js';

export type OvsHostCommand = HostCommand<HostOutputId>;

export interface HostBridges {
  integration: string;
  /** Absent when the host's agent has no tunnel_types. */
  tunnel?: string;
  /** Physical bridges from bridge_mappings (physnet → bridge), in order. */
  provider: string[];
  /** Names from the API that were refused as bridge names (reported, never run). */
  rejected: string[];
}

/** A hung ovs-vswitchd must not hold the host's command batch: ovs-ofctl gives up after 10 s (like ovs-vsctl, ../../hosts/ovsdbList.ts). */
const OFCTL_TIMEOUT = '--timeout=10';
// Plain dump-flows prints OpenFlow 1.0 style, like test/fixtures/lab; bridges that refuse OF1.0 get -O OpenFlow13.
const OF_VERSION_REFUSED = /version negotiation failed|is not supported|Unsupported/i;

/** Router and DHCP namespaces expected on a host (ids from the API, checked as UUIDs before use). */
export interface HostNamespaces {
  routers: string[];
  dhcpNetworks: string[];
  /** DVR: routers whose snat- namespace is on this host; external networks whose fip- namespace is (../../../neutron/dvrRules.ts). */
  snatRouters?: string[];
  fipNetworks?: string[];
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Bridges to read on a host: br-int, br-tun when tunnelling, and the bridges of bridge_mappings (neutron-ovs notes A.7). */
export function bridgesOfHost(agents: readonly ApiObject[], host: string): HostBridges {
  const agent = agents.find((a) => a.host === host && a.agent_type === AGENT_TYPE.ovs);
  const conf = (agent?.configurations ?? {}) as Record<string, unknown>;
  const rejected: string[] = [];
  const accept = (name: unknown): string | undefined => {
    if (typeof name !== 'string') return undefined;
    if (isValidBridgeName(name)) return name;
    rejected.push(name);
    return undefined;
  };
  const integration = accept(conf.integration_bridge) ?? DEFAULT_INTEGRATION_BRIDGE;
  const mappings = conf.bridge_mappings && typeof conf.bridge_mappings === 'object' ? Object.values(conf.bridge_mappings as Record<string, unknown>) : [];
  const provider = [...new Set(mappings.map(accept).filter((b): b is string => b !== undefined && b !== integration))];
  const tunnelTypes = Array.isArray(conf.tunnel_types) ? conf.tunnel_types : [];
  // The agent does not report tunnel_bridge; br-tun is its default (neutron conf/agent/ovs_conf.py).
  const tunnel = !agent || tunnelTypes.length > 0 ? DEFAULT_TUNNEL_BRIDGE : undefined;
  return { integration, tunnel, provider, rejected };
}

/**
 * The fixed, read-only command list for one host: OVSDB tables, flows and port numbers of each bridge, the router
 * and DHCP namespaces it should hold (addresses, NAT rules, dnsmasq processes), links. Invalid names are skipped.
 */
export function hostCommandsFor(bridges: HostBridges, namespaces: HostNamespaces = { routers: [], dhcpNetworks: [] }): OvsHostCommand[] {
  const list: OvsHostCommand[] = [
    ovsdbListCommand(HOST_OUTPUT.ovsdbBridge, 'Bridge'),
    ovsdbListCommand(HOST_OUTPUT.ovsdbPort, 'Port'),
    ovsdbListCommand(HOST_OUTPUT.ovsdbInterface, 'Interface'),
    ovsdbListCommand(HOST_OUTPUT.ovsdbOpenVswitch, 'Open_vSwitch', true),
  ];
  const all = [bridges.integration, ...(bridges.tunnel ? [bridges.tunnel] : []), ...bridges.provider];
  for (const br of all) {
    if (!isValidBridgeName(br)) continue;
    list.push({
      id: HOST_OUTPUT.flows(br),
      argv: ['ovs-ofctl', OFCTL_TIMEOUT, 'dump-flows', br],
      fallback: { when: OF_VERSION_REFUSED, argv: ['ovs-ofctl', OFCTL_TIMEOUT, '-O', 'OpenFlow13', 'dump-flows', br] },
    });
    list.push({
      id: HOST_OUTPUT.ofctlShow(br),
      argv: ['ovs-ofctl', OFCTL_TIMEOUT, 'show', br],
      fallback: { when: OF_VERSION_REFUSED, argv: ['ovs-ofctl', OFCTL_TIMEOUT, '-O', 'OpenFlow13', 'show', br] },
    });
  }
  for (const id of namespaces.routers.filter(isUuid)) {
    const ns = NAMESPACE_PREFIX.router + id;
    // optional: a missing namespace is a finding for the analysis (exit status and stderr are kept), not a collection problem
    list.push({ id: HOST_OUTPUT.netnsAddr(ns), argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'addr', 'show'], optional: true });
    list.push({ id: HOST_OUTPUT.netnsNat(ns), argv: ['ip', 'netns', 'exec', ns, 'iptables-save', '-t', 'nat'], optional: true });
    list.push({ id: HOST_OUTPUT.netnsListen(ns), argv: listeningTcp(ns), optional: true });
  }
  for (const id of namespaces.dhcpNetworks.filter(isUuid)) {
    const ns = NAMESPACE_PREFIX.dhcp + id;
    list.push({ id: HOST_OUTPUT.netnsAddr(ns), argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'addr', 'show'], optional: true });
    list.push({ id: HOST_OUTPUT.netnsListen(ns), argv: listeningTcp(ns), optional: true });
  }
  // DVR: the snat- namespace (addresses, SNAT rules, its default route) and the fip- namespace (fg- and fpr- devices)
  for (const id of (namespaces.snatRouters ?? []).filter(isUuid)) {
    const ns = DVR_NAMESPACE_PREFIX.snat + id;
    list.push({ id: HOST_OUTPUT.netnsAddr(ns), argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'addr', 'show'], optional: true });
    list.push({ id: HOST_OUTPUT.netnsNat(ns), argv: ['ip', 'netns', 'exec', ns, 'iptables-save', '-t', 'nat'], optional: true });
    list.push({ id: HOST_OUTPUT.netnsRoute(ns), argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'route', 'show'], optional: true });
  }
  for (const id of (namespaces.fipNetworks ?? []).filter(isUuid)) {
    const ns = DVR_NAMESPACE_PREFIX.fip + id;
    list.push({ id: HOST_OUTPUT.netnsAddr(ns), argv: ['ip', 'netns', 'exec', ns, 'ip', '-j', 'addr', 'show'], optional: true });
  }
  // pgrep exits 1 when no dnsmasq runs: that is an answer, not a failure.
  if (namespaces.dhcpNetworks.length > 0) list.push({ id: HOST_OUTPUT.dnsmasqProcesses, argv: ['pgrep', '-a', 'dnsmasq'], optional: true });
  list.push({ id: HOST_OUTPUT.ipLink, argv: ['ip', '-j', '-d', 'link', 'show'] });
  list.push({ id: HOST_OUTPUT.ipAddr, argv: ['ip', '-j', 'addr', 'show'], optional: true });
  list.push({ id: HOST_OUTPUT.ipNetns, argv: ['ip', '-j', 'netns', 'list'], optional: true });
  return list;
}
