// DHCP and router of an ML2/OVS interface: served by DHCP/L3 agents, reached over br-int in a local VLAN or over the
// provider network / tunnel; the router's qg- gateway port and how it leaves on the external network's bridge.
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import type { DhcpPath, Egress, RouterPath } from '../../../../model/traceModel.js';
import { DEFAULT_INTEGRATION_BRIDGE, DEVICE_PREFIX, deviceName } from '../../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE, isTunnelType } from '../../../../neutron/neutronRules.js';
import { type CloudIndex, fixedIps, num, str } from '../../cloudIndex.js';
import { dhcpPortsOf, natOf, routerGatewayPort, routerOfPort } from '../../neutronPort.js';
import { exitOf } from './hops.js';
import { hostState, ovsAgentConfig } from './ovsFacts.js';
import { mappedBridge, physicalEgress, providerPatches } from './providerPath.js';
import { distributedRouterPath } from './dvr.js';
import { isDistributedRouter } from '../../../../neutron/dvrRules.js';
import { findOvsInterface } from './vif.js';

/** How traffic from this port reaches a DHCP port or router on `otherHost`, in words. */
function viaText(sameHost: boolean, host: string | null, localVlan: number | null, network: ApiObject | undefined, otherHost: string | null): string {
  const netType = str(network, 'provider:network_type');
  const seg = num(network, 'provider:segmentation_id');
  const physnet = str(network, 'provider:physical_network');
  if (sameHost) return `same host ${host ?? '?'}: switched on br-int in local VLAN ${localVlan ?? '?'}`;
  if (isTunnelType(netType)) return `over ${netType?.toUpperCase()} id ${seg ?? '?'} to ${otherHost ?? '?'}`;
  if (netType === 'vlan') return `over ${physnet ?? '?'} tagged VLAN ${seg ?? '?'} to ${otherHost ?? '?'}`;
  if (netType === 'flat') return `over ${physnet ?? '?'} untagged to ${otherHost ?? '?'}`;
  return `to ${otherHost ?? '?'}`;
}

export function dhcpPath(index: CloudIndex, network: ApiObject | undefined, host: string | null, localVlan: number | null): DhcpPath {
  const dhcp = dhcpPortsOf(index, network);
  if (!dhcp) return { enabled: false, ports: [] };
  return {
    enabled: dhcp.enabled,
    ports: dhcp.ports.map((p) => {
      const dhcpHost = str(p, 'binding:host_id') || null;
      return {
        id: str(p, 'id') ?? '',
        host: dhcpHost,
        ips: fixedIps(p).map((f) => f.ip),
        status: str(p, 'status') ?? 'UNKNOWN',
        agent: index.agentRef(AGENT_TYPE.dhcp, dhcpHost),
        via: viaText(dhcpHost === host, host, localVlan, network, dhcpHost),
      };
    }),
  };
}

export function routerPath(index: CloudIndex, port: ApiObject, network: ApiObject | undefined, host: string | null, localVlan: number | null): RouterPath | null {
  const r = routerOfPort(index, port, network);
  if (!r) return null;
  if (isDistributedRouter(r.router)) return distributedRouterPath(index, port, network, host, r, routerGateway(index, r.id));
  return {
    id: r.id,
    name: r.name,
    interfacePortId: str(r.interfacePort, 'id') ?? '',
    gatewayIp: r.gatewayIp,
    host: r.host,
    agent: index.agentRef(AGENT_TYPE.l3, r.host),
    externalNetworkId: r.externalNetworkId,
    externalIps: r.externalIps,
    nat: natOf(index, str(port, 'id') ?? ''),
    gateway: routerGateway(index, r.id),
    via: viaText(r.host === host, host, localVlan, network, r.host),
  };
}

/** The router's gateway (qg-) port: where floating-IP and SNAT traffic leaves the L3 agent's host. */
function routerGateway(index: CloudIndex, routerId: string): RouterPath['gateway'] {
  const gw = routerGatewayPort(index, routerId);
  if (!gw) return null;
  const portId = str(gw, 'id') ?? '';
  const host = str(gw, 'binding:host_id') || null;
  const state = hostState(index, host);
  const iface = findOvsInterface(state, portId, [deviceName(DEVICE_PREFIX.routerGateway, portId)]);
  const device = iface?.name ?? deviceName(DEVICE_PREFIX.routerGateway, portId);
  const localVlan = state?.ports.get(device)?.tag ?? null;
  const network = index.network(str(gw, 'network_id'));
  const physnet = str(network, 'provider:physical_network');
  const type = str(network, 'provider:network_type');
  const conf = ovsAgentConfig(index, host);
  const integrationBridge = str(conf, 'integration_bridge') ?? DEFAULT_INTEGRATION_BRIDGE;
  // Only the agent's bridge_mappings here: a gateway port's bridge is not guessed from the patch ports.
  const providerBridge = mappedBridge(conf, physnet);
  let egress: Egress = { bridge: null, action: 'unknown', localVlan, flows: [] };
  if (providerBridge && (type === 'flat' || type === 'vlan')) {
    const patches = providerPatches(state, integrationBridge, providerBridge);
    egress = physicalEgress(state, host ?? '?', providerBridge, patches.otherPatch, localVlan, type === 'vlan' ? num(network, 'provider:segmentation_id') : null);
  }
  return { portId, device, host, localSegment: localVlan, ips: fixedIps(gw).map((f) => f.ip), exit: exitOf(egress), dataplane: { kind: 'ml2/ovs', localVlan, egress } };
}
