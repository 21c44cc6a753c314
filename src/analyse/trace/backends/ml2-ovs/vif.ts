// Where an ML2/OVS port's VIF is plugged: its host, its br-int port (tap, or qvo for the hybrid plug), tag and ofport,
// and the Linux devices in front of it (neutron/agent/common/ovs_lib.py get_vifs_by_ids; os-vif vif_plug_ovs).
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import { DEFAULT_INTEGRATION_BRIDGE, DEVICE_PREFIX, deviceName } from '../../../../neutron/ml2OvsRules.js';
import { type CloudIndex, obj, str } from '../../cloudIndex.js';
import { bridgeDevice, linkMtu, mtuField, ovsDevice, type PathDevice } from './chain.js';
import { type HostState, type OvsInterfaceState, type OvsPortState, interfacesOfPort, ofportOf } from './hostState.js';
import { capturedHosts, hostState, ovsAgentConfig } from './ovsFacts.js';

export interface PluggedVif {
  portId: string;
  /** Where the VIF is plugged: binding:host_id, unless the VIF was found on another host (a failed migration). */
  host: string | null;
  boundHost: string | null;
  state: HostState | undefined;
  agentConf: ApiObject;
  integrationBridge: string;
  /** The hybrid plug (tap → qbr → qvb → qvo → br-int), from binding:vif_details or the device found. */
  hybrid: boolean;
  /** The VIF's port name on br-int (tap… or qvo…). */
  brIntName: string;
  ovsInterface: OvsInterfaceState | undefined;
  ovsPort: OvsPortState | undefined;
  localVlan: number | null;
  ofport: number | null;
}

export function findOvsInterface(state: HostState | undefined, portId: string, names: string[]): OvsInterfaceState | undefined {
  if (!state) return undefined;
  const byId = interfacesOfPort(state, portId);
  if (byId.length > 0) return byId.find((i) => names.includes(i.name)) ?? byId[0];
  return names.map((n) => state.interfaces.get(n)).find((i) => i !== undefined);
}

/** The host whose OVSDB has an Interface with this iface-id: the bound host first, then any other captured host. */
function findPluggedHost(index: CloudIndex, portId: string, boundHost: string | null): string | null {
  const has = (h: HostState | undefined) => interfacesOfPort(h, portId).length > 0;
  const bound = hostState(index, boundHost);
  if (boundHost && (has(bound) || !bound?.reachable)) return boundHost;
  for (const name of capturedHosts(index)) if (name !== boundHost && has(hostState(index, name))) return name;
  return boundHost;
}

export function locateVif(index: CloudIndex, port: ApiObject): PluggedVif {
  const portId = str(port, 'id') ?? '';
  const boundHost = str(port, 'binding:host_id') || null;
  const host = findPluggedHost(index, portId, boundHost) ?? boundHost;
  const state = hostState(index, host);
  const agentConf = ovsAgentConfig(index, host);
  const integrationBridge = str(agentConf, 'integration_bridge') ?? DEFAULT_INTEGRATION_BRIDGE;
  const tapName = deviceName(DEVICE_PREFIX.tap, portId);
  const qvoName = deviceName(DEVICE_PREFIX.qvo, portId);
  const ovsInterface = findOvsInterface(state, portId, [tapName, qvoName]);
  const hybrid = obj(port, 'binding:vif_details').ovs_hybrid_plug === true || (ovsInterface?.name.startsWith(DEVICE_PREFIX.qvo) ?? false);
  const brIntName = ovsInterface?.name ?? (hybrid ? qvoName : tapName);
  const ovsPort = state?.ports.get(brIntName);
  return {
    portId,
    host,
    boundHost,
    state,
    agentConf,
    integrationBridge,
    hybrid,
    brIntName,
    ovsInterface,
    ovsPort,
    localVlan: ovsPort?.tag ?? null,
    ofport: state ? ofportOf(state, integrationBridge, brIntName) : null,
  };
}

/** The devices from the VM to br-int: tap (on br-int), or tap → qbr → qvb → qvo for the hybrid plug; then br-int. */
export function vifChain(vif: PluggedVif): PathDevice[] {
  const { state, portId, integrationBridge, brIntName } = vif;
  const chain: PathDevice[] = [];
  if (vif.hybrid) {
    const linux = (name: string, kind: PathDevice['kind'], peer?: string): PathDevice => ({ name, kind, present: !!state?.links.has(name), ...(peer ? { peer } : {}), ...mtuField(linkMtu(state, name)) });
    chain.push(linux(deviceName(DEVICE_PREFIX.tap, portId), 'vm-tap'));
    chain.push(linux(deviceName(DEVICE_PREFIX.qbr, portId), 'linux-bridge'));
    chain.push(linux(deviceName(DEVICE_PREFIX.qvb, portId), 'veth', brIntName));
    chain.push(ovsDevice(state, integrationBridge, brIntName, 'ovs-port'));
  } else {
    chain.push(ovsDevice(state, integrationBridge, brIntName, 'vm-tap'));
  }
  chain.push(bridgeDevice(state, integrationBridge));
  return chain;
}
