// Distributed Virtual Routing (DVR) on ML2/OVS as the L3 and OVS agents build it, each rule with the neutron-lib /
// neutron (21.0.0, Zed) file that makes it so. DVR is a mode of the ML2/OVS backend: the L2 rules stay in ./ml2OvsRules.ts.
import { fixedIps, str } from './apiFields.js';
import type { ApiObject } from '../model/cloudSnapshot.js';
import { DEVICE_OWNER } from './neutronRules.js';

/** L3 agent modes, neutron_lib/constants.py L3_AGENT_MODE_*; the agent reports its own in configurations.agent_mode. */
export const L3_AGENT_MODE = {
  legacy: 'legacy',
  /** A compute node: a qrouter- per distributed router with local ports, a fip- namespace per external network. */
  dvr: 'dvr',
  /** A network node that is also a compute node: everything dvr does, plus the snat- namespaces. */
  dvrSnat: 'dvr_snat',
  /** A compute node without external access: no fip- namespace, floating IPs are centralized on the dvr_snat node. */
  dvrNoExternal: 'dvr_no_external',
} as const;

/** Agent modes that serve a distributed router on a host with instances (neutron/db/l3_dvrscheduler_db.py: legacy agents get no DVR router). */
export const DVR_SERVING_MODES: readonly string[] = [L3_AGENT_MODE.dvr, L3_AGENT_MODE.dvrSnat, L3_AGENT_MODE.dvrNoExternal];

/** Namespaces of DVR (neutron/agent/l3/dvr_snat_ns.py SNAT_NS_PREFIX, neutron/agent/l3/dvr_fip_ns.py FIP_NS_PREFIX). */
export const DVR_NAMESPACE_PREFIX = {
  /** snat-<router id>: the router's centralized SNAT on the dvr_snat node (sg- ports on the internal networks, qg- to the outside). */
  snat: 'snat-',
  /** fip-<external network id>: one per compute host and external network, holding the host's fg- gateway port. */
  fip: 'fip-',
} as const;

/** Device prefixes of DVR (neutron/agent/l3/dvr_fip_ns.py, neutron/agent/l3/namespaces.py, neutron_lib/constants.py SNAT_INT_DEV_PREFIX). */
export const DVR_DEVICE_PREFIX = {
  /** FIP_EXT_DEV_PREFIX: the fip- namespace's port on the external network (an OVS internal port on br-int). */
  fipGateway: 'fg-',
  /** SNAT_INT_DEV_PREFIX: the snat- namespace's port on each internal network. */
  snatInterface: 'sg-',
  /** ROUTER_2_FIP_DEV_PREFIX: the qrouter- end of the veth pair to the fip- namespace. */
  routerToFip: 'rfp-',
  /** FIP_2_ROUTER_DEV_PREFIX: the fip- end of that pair. */
  fipToRouter: 'fpr-',
} as const;

/** neutron_lib/agent/linux/interface.py DEV_NAME_LEN = neutron_lib/constants.py LINUX_DEV_LEN: names are cut to 14 characters. */
const DEV_NAME_LEN = 14;
/** A DVR device name: prefix + port id (fg-, sg-) or router id (rfp-, fpr-), cut like dvr_fip_ns.py get_*_device_name. */
export function dvrDeviceName(prefix: string, id: string): string {
  return (prefix + id).slice(0, DEV_NAME_LEN);
}

/** DEVICE_OWNER_AGENT_GW (neutron_lib/constants.py): the fip- namespace's gateway port, one per host and external network. */
export const DEVICE_OWNER_AGENT_GW = 'network:floatingip_agent_gateway';

/** A router is distributed when the API says so (the `dvr` extension's admin-only `distributed` attribute, neutron/extensions/dvr.py). */
export function isDistributedRouter(router: ApiObject | undefined): boolean {
  return router?.distributed === true;
}

/**
 * The fip- namespace's gateway port of a host on an external network: the server creates one per (host, external network)
 * when the host's L3 agent first needs it (neutron/db/l3_dvr_db.py create_fip_agent_gw_port_if_not_exists), device_id =
 * the agent's id, bound to the host.
 */
export function fipAgentGatewayPort(ports: readonly ApiObject[], host: string, externalNetworkId: string): ApiObject | undefined {
  return ports.find((p) => str(p, 'device_owner') === DEVICE_OWNER_AGENT_GW && str(p, 'network_id') === externalNetworkId && str(p, 'binding:host_id') === host);
}

/** The router's SNAT port on a network (DEVICE_OWNER_ROUTER_SNAT, bound to the host of the snat- namespace; neutron/db/l3_dvr_db.py). */
export function snatPortOn(ports: readonly ApiObject[], routerId: string, networkId: string): ApiObject | undefined {
  return ports.find((p) => str(p, 'device_owner') === DEVICE_OWNER.routerCentralizedSnat && str(p, 'device_id') === routerId && str(p, 'network_id') === networkId);
}

/** First IPv4 address of a port, for messages. */
export function firstIp(port: ApiObject | undefined): string | null {
  return port ? (fixedIps(port)[0]?.ip ?? null) : null;
}
