// The Neutron-generic parts of a traced interface (port, network, floating IPs, its router and DHCP ports), the same for every backend.
import type { ApiObject } from '../../model/cloudSnapshot.js';
import type { TraceInterface } from '../../model/traceModel.js';
import { DEVICE_OWNER, isRouterInterfaceOwner } from '../../neutron/neutronRules.js';
import { type CloudIndex, fixedIps, list, num, obj, str } from './cloudIndex.js';

export function portFields(port: ApiObject): TraceInterface['port'] {
  const vifDetails = obj(port, 'binding:vif_details');
  return {
    id: str(port, 'id') ?? '',
    name: str(port, 'name') ?? '',
    mac: str(port, 'mac_address') ?? '',
    ips: fixedIps(port).map((f) => f.ip),
    status: str(port, 'status') ?? 'UNKNOWN',
    vifType: str(port, 'binding:vif_type'),
    vnicType: str(port, 'binding:vnic_type'),
    deviceOwner: str(port, 'device_owner') ?? '',
    securityGroups: (Array.isArray(port.security_groups) ? port.security_groups : []).map(String),
    portSecurityEnabled: port.port_security_enabled !== false,
    hybridPlug: typeof vifDetails.ovs_hybrid_plug === 'boolean' ? vifDetails.ovs_hybrid_plug : null,
    adminStateUp: port.admin_state_up !== false,
  };
}

export function networkFields(network: ApiObject | undefined, port: ApiObject): TraceInterface['network'] {
  return {
    id: str(network, 'id') ?? str(port, 'network_id') ?? '',
    name: str(network, 'name') ?? '',
    type: str(network, 'provider:network_type'),
    segmentationId: num(network, 'provider:segmentation_id'),
    physicalNetwork: str(network, 'provider:physical_network'),
    mtu: num(network, 'mtu'),
    external: network?.['router:external'] === true,
  };
}

export function floatingIpsOf(index: CloudIndex, portId: string): string[] {
  return index.floatingIpsOfPort(portId).flatMap((f) => (str(f, 'floating_ip_address') ? [str(f, 'floating_ip_address') as string] : []));
}

/** The floating IPs of the port and the fixed IP each is translated to. */
export function natOf(index: CloudIndex, portId: string): { floatingIp: string; fixedIp: string | null }[] {
  return index.floatingIpsOfPort(portId).flatMap((f) => (str(f, 'floating_ip_address') ? [{ floatingIp: str(f, 'floating_ip_address') as string, fixedIp: str(f, 'fixed_ip_address') }] : []));
}

/** The DHCP ports of the port's network (device_owner network:dhcp), and whether any subnet has DHCP on. */
export function dhcpPortsOf(index: CloudIndex, network: ApiObject | undefined): { enabled: boolean; ports: ApiObject[] } | null {
  const networkId = str(network, 'id');
  if (!networkId) return null;
  return {
    enabled: index.subnetsOf(networkId).some((s) => s.enable_dhcp === true),
    ports: index.portsOnNetwork(networkId).filter((p) => str(p, 'device_owner') === DEVICE_OWNER.dhcp),
  };
}

export interface RouterOfPort {
  id: string;
  name: string;
  router: ApiObject | undefined;
  /** The router's interface port on the network (the subnet's gateway). */
  interfacePort: ApiObject;
  gatewayIp: string | null;
  /** binding:host_id of the interface port. */
  host: string | null;
  externalNetworkId: string | null;
  externalIps: string[];
}

/** The router with an interface on the port's subnet (else any router interface on its network). */
export function routerOfPort(index: CloudIndex, port: ApiObject, network: ApiObject | undefined): RouterOfPort | null {
  const networkId = str(network, 'id');
  if (!networkId) return null;
  const mySubnets = new Set(fixedIps(port).map((f) => f.subnetId));
  const routerPorts = index.portsOnNetwork(networkId).filter((p) => isRouterInterfaceOwner(str(p, 'device_owner') ?? ''));
  const routerPort = routerPorts.find((p) => fixedIps(p).some((f) => mySubnets.has(f.subnetId))) ?? routerPorts[0];
  if (!routerPort) return null;
  const id = str(routerPort, 'device_id') ?? '';
  const router = index.router(id);
  const gatewayInfo = obj(router, 'external_gateway_info');
  return {
    id,
    name: str(router, 'name') ?? '',
    router,
    interfacePort: routerPort,
    gatewayIp: fixedIps(routerPort).find((f) => mySubnets.has(f.subnetId))?.ip ?? fixedIps(routerPort)[0]?.ip ?? null,
    host: str(routerPort, 'binding:host_id') || null,
    externalNetworkId: str(gatewayInfo, 'network_id'),
    externalIps: list(gatewayInfo, 'external_fixed_ips').flatMap((f) => (str(f, 'ip_address') ? [str(f, 'ip_address') as string] : [])),
  };
}

/** The router's gateway port (device_owner network:router_gateway). */
export function routerGatewayPort(index: CloudIndex, routerId: string): ApiObject | undefined {
  return index.portsOfDevice(routerId).find((p) => str(p, 'device_owner') === DEVICE_OWNER.routerGateway);
}
