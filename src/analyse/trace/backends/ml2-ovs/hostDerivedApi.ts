// Without the Neutron API (sosreports alone), what the hosts themselves record about Neutron's objects, in the API's
// shape so that the ML2/OVS analysis runs unchanged: a port per br-int VIF (OVSDB Interface external_ids iface-id,
// attached-mac, vm-uuid or vm-id: ovs_lib.py get_vif_ports), its network from the agent's Port other_config (net_uuid,
// network_type, physical_network, segmentation_id: port_bound() in AGENT/ovs_neutron_agent.py), an OVS agent per host
// (its settings from etc/neutron/ when the report has them, else what its bridges show). Nothing else is invented:
// status, IPs, names, MTU, security groups, routers and agent liveness stay absent (OFFLINE_ABSENT says so).
import type { ApiObject, CloudSnapshot, HostCapture } from '../../../../model/cloudSnapshot.js';
import type { OfflineVifs } from '../../../../model/traceModel.js';
import { DEVICE_OWNER_AGENT_GW, DVR_DEVICE_PREFIX } from '../../../../neutron/dvrRules.js';
import { ATTACHED_MAC, DEFAULT_INTEGRATION_BRIDGE, DEVICE_PREFIX, INSTANCE_ID_KEYS } from '../../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE, DEVICE_OWNER, NAMESPACE_PREFIX, isTunnelType } from '../../../../neutron/neutronRules.js';
import type { HostState } from './hostState.js';
import { hostStateOfCapture } from './hostStateCache.js';
import { integrationBridgeVifs, offlineVifsOf, ovnChassisKeys } from './offlineVifs.js';

/** What a sosreport cannot say: the answers that need the Neutron API (reports' `offline.absent`, docs/sos.md). */
export const OFFLINE_ABSENT = [
  'port status, admin state and binding as Neutron records them (port-down, binding-failed, binding-host-mismatch)',
  'fixed and floating IP addresses',
  'instance, port and network names; instance state',
  'network MTU (mtu-mismatch)',
  'security groups and their rules',
  'routers, their gateways and NAT as Neutron defines them',
  'agent liveness (agent-dead, dhcp-agent-dead, l3-agent-dead, metadata-agent-dead)',
  "tunnel endpoints of hosts without a report (tunnel-remote-ip-wrong needs the agent list)",
] as const;

/** other_config values the agent writes as the string "None" (Python's None) when a network has no physnet/segment. */
const none = (v: string | undefined) => (v === undefined || v === 'None' || v === '' ? null : v);

/** The device owner a router or DVR device's name prefix says (the L3 agent names them: ml2OvsRules DEVICE_PREFIX, dvrRules). */
const OWNER_OF_PREFIX: readonly [string, string][] = [
  [DEVICE_PREFIX.routerInterface, DEVICE_OWNER.routerInterface],
  [DEVICE_PREFIX.routerGateway, DEVICE_OWNER.routerGateway],
  [DEVICE_PREFIX.routerHaNetworkPort, DEVICE_OWNER.routerHaNetworkPort],
  [DVR_DEVICE_PREFIX.snatInterface, DEVICE_OWNER.routerCentralizedSnat],
  [DVR_DEVICE_PREFIX.fipGateway, DEVICE_OWNER_AGENT_GW],
];

/** What the device name says the port is (neutron-ovs notes A.6); an instance's tap has a vm-uuid, a DHCP tap sits in qdhcp-. */
function ownerOf(name: string, vmUuid: string | undefined, networkId: string | null, namespaces: ReadonlySet<string>): string {
  if (vmUuid) return `${DEVICE_OWNER.computePrefix}unknown`;
  const byPrefix = OWNER_OF_PREFIX.find(([prefix]) => name.startsWith(prefix));
  if (byPrefix) return byPrefix[1];
  if (networkId && namespaces.has(NAMESPACE_PREFIX.dhcp + networkId)) return DEVICE_OWNER.dhcp;
  return '';
}

function namespacesOf(capture: HostCapture): Set<string> {
  const out = capture.outputs.find((o) => o.id === 'ip-netns');
  try {
    return new Set((JSON.parse(out?.stdout || '[]') as { name: string }[]).map((n) => n.name));
  } catch {
    return new Set();
  }
}

/** The OVS agent's settings as its host shows them: tunnel endpoint and types from br-tun's tunnel ports (ovs_lib.py add_tunnel_port). */
function bridgeDerivedConfig(state: HostState): Record<string, unknown> {
  const tunnels = [...state.interfaces.values()].filter((i) => isTunnelType(i.type));
  const localIp = tunnels.map((t) => t.options.local_ip).find((ip) => !!ip);
  return {
    ...(localIp ? { tunneling_ip: localIp } : {}),
    tunnel_types: [...new Set(tunnels.map((t) => t.type))],
    integration_bridge: DEFAULT_INTEGRATION_BRIDGE,
  };
}

/** The OVS agent's settings of a host: its report's etc/neutron/ files over what its bridges show. */
function agentConfOf(snapshot: CloudSnapshot, capture: HostCapture, state: HostState): Record<string, unknown> {
  const report = snapshot.offline?.reports.find((r) => r.host === capture.host);
  return { ...bridgeDerivedConfig(state), ...(report?.agentConfig?.configurations ?? {}) };
}

const integrationBridgeOf = (conf: Record<string, unknown>) => (typeof conf.integration_bridge === 'string' ? conf.integration_bridge : DEFAULT_INTEGRATION_BRIDGE);

/** Per report host, its integration-bridge VIFs: attributed, or not understood and why (OfflineNote reports' `vifs`). */
export function offlineVifsByHost(snapshot: CloudSnapshot): Map<string, OfflineVifs> {
  const out = new Map<string, OfflineVifs>();
  for (const capture of snapshot.hosts) {
    const state = hostStateOfCapture(capture);
    const bridge = integrationBridgeOf(agentConfOf(snapshot, capture, state));
    out.set(capture.host, offlineVifsOf(integrationBridgeVifs(state, bridge, ovnChassisKeys(capture)), bridge));
  }
  return out;
}

/** The snapshot's `api` rebuilt from its hosts alone (the snapshot itself is not changed). */
export function hostDerivedApi(snapshot: CloudSnapshot): CloudSnapshot['api'] {
  const ports: ApiObject[] = [];
  const networks = new Map<string, ApiObject>();
  const servers = new Map<string, ApiObject>();
  const agents: ApiObject[] = [];
  for (const capture of snapshot.hosts) {
    const state = hostStateOfCapture(capture);
    // An ML2/OVN chassis's br-int would be read as an OVS agent's and answered wrongly: it stays out (offlineVifs says why).
    if (ovnChassisKeys(capture).length) continue;
    const conf = agentConfOf(snapshot, capture, state);
    agents.push({ id: `sosreport:${capture.host}`, agent_type: AGENT_TYPE.ovs, binary: 'neutron-openvswitch-agent', host: capture.host, configurations: conf });
    const namespaces = namespacesOf(capture);
    const integration = integrationBridgeOf(conf);
    for (const { device: name, port, iface, portId } of integrationBridgeVifs(state, integration, [])) {
      if (!port || !iface || !portId) continue;
      const oc = port.otherConfig;
      const networkId = none(oc.net_uuid);
      const vmUuid = INSTANCE_ID_KEYS.map((k) => iface.externalIds[k]).find((v) => !!v);
      ports.push({
        id: portId,
        mac_address: iface.externalIds[ATTACHED_MAC] ?? iface.mac ?? '',
        ...(networkId ? { network_id: networkId } : {}),
        device_id: vmUuid ?? '',
        device_owner: ownerOf(name, vmUuid, networkId, namespaces),
        'binding:host_id': capture.host,
        'binding:vif_type': 'ovs',
        'binding:vif_details': { ovs_hybrid_plug: name.startsWith(DEVICE_PREFIX.qvo) },
        fixed_ips: [],
      });
      if (networkId && !networks.has(networkId)) {
        const segment = none(oc.segmentation_id);
        networks.set(networkId, {
          id: networkId,
          'provider:network_type': none(oc.network_type),
          'provider:physical_network': none(oc.physical_network),
          'provider:segmentation_id': segment === null ? null : Number(segment),
        });
      }
      if (vmUuid && !servers.has(vmUuid)) servers.set(vmUuid, { id: vmUuid, name: vmUuid, 'OS-EXT-SRV-ATTR:host': capture.host });
    }
  }
  return { servers: [...servers.values()], ports, networks: [...networks.values()], subnets: [], floatingIps: [], routers: [], securityGroups: [], agents };
}
