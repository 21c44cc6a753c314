// Which integration-bridge VIFs of a host read from a sosreport netxray can attribute to a Neutron port (port id, MAC,
// local VLAN, network from the agent's Port other_config), and why each other one is not understood (docs/sos.md).
import type { HostCapture } from '../../../../model/cloudSnapshot.js';
import { HOST_OUTPUT } from '../../../../model/hostOutputIds.js';
import type { OfflineVifs } from '../../../../model/traceModel.js';
import { IFACE_ID } from '../../../../neutron/ml2OvsRules.js';
import { isTunnelType } from '../../../../neutron/neutronRules.js';
import { CHASSIS_OVS_KEY } from '../../../../neutron/ovnRules.js';
import { asMap, parseOvsdbList } from '../../ovsdb.js';
import type { HostState, OvsInterfaceState, OvsPortState } from './hostState.js';

/** One device on the integration bridge: attributed (port and interface known, `reason` absent) or not, and why. */
export interface IntegrationBridgeVif {
  device: string;
  portId: string | null;
  port?: OvsPortState;
  iface?: OvsInterfaceState;
  /** Why netxray cannot attribute it; absent when it can. */
  reason?: string;
}

/** other_config keys the OVS agent writes when it wires a port (AGENT/ovs_neutron_agent.py port_bound). */
const NET_UUID = 'net_uuid';
const NETWORK_TYPE = 'network_type';

/**
 * The OVN keys of the host's Open_vSwitch external_ids (ovn-controller(8)), when it is an ML2/OVN chassis: its br-int is
 * ovn-controller's, whose ports' networks and flows come from the OVN southbound database, not from an OVS agent.
 */
export function ovnChassisKeys(capture: HostCapture): string[] {
  const out = capture.outputs.find((o) => o.id === HOST_OUTPUT.ovsdbOpenVswitch && o.exitCode === 0);
  if (!out) return [];
  try {
    const ids = asMap(parseOvsdbList(out.stdout)[0]?.external_ids);
    return [CHASSIS_OVS_KEY.remote, CHASSIS_OVS_KEY.encapIp, CHASSIS_OVS_KEY.encapType].filter((k) => ids[k] !== undefined);
  } catch {
    return [];
  }
}

/** Every device on `bridge` but the bridge's own port and its patch and tunnel ports, each attributed or with the reason it is not. */
export function integrationBridgeVifs(state: HostState, bridge: string, ovnKeys: readonly string[]): IntegrationBridgeVif[] {
  return (state.bridges.get(bridge) ?? []).flatMap((device): IntegrationBridgeVif[] => {
    const port = state.ports.get(device);
    const iface = state.interfaces.get(device);
    if (device === bridge || iface?.type === 'patch' || isTunnelType(iface?.type ?? '')) return [];
    const portId = iface?.externalIds[IFACE_ID] ?? null;
    const vif = { device, portId, ...(port ? { port } : {}), ...(iface ? { iface } : {}) };
    if (ovnKeys.length) return [{ ...vif, reason: `ML2/OVN chassis (Open_vSwitch external_ids ${ovnKeys.join(', ')}): the port's network and flows are in the OVN southbound database, which a host's report does not hold; netxray reads ML2/OVS hosts only from sosreports` }];
    if (!iface) return [{ ...vif, reason: 'listed on the bridge but not in the Interface table of the report' }];
    if (!port) return [{ ...vif, reason: 'listed on the bridge but not in the Port table of the report (its local VLAN and network are unknown)' }];
    if (!portId) return [{ ...vif, reason: `no external_ids:${IFACE_ID}: not a Neutron port, the OVS agent ignores it (unmanaged-port)` }];
    if (!port.otherConfig[NET_UUID]) return [{ ...vif, reason: `the OVS agent recorded no network in the Port's other_config (no ${NET_UUID}): not wired by the agent yet, or by another one` }];
    if (!port.otherConfig[NETWORK_TYPE]) return [{ ...vif, reason: `the Port's other_config has ${NET_UUID} but no ${NETWORK_TYPE}: the network's type and segment are unknown` }];
    return [vif];
  });
}

/** The report's accounting: attributed port ids, and the devices not understood with their reason. */
export function offlineVifsOf(vifs: readonly IntegrationBridgeVif[], bridge: string): OfflineVifs {
  return {
    bridge,
    attributed: vifs.filter((v) => !v.reason && v.portId).map((v) => v.portId as string),
    notUnderstood: vifs.filter((v) => v.reason).map((v) => ({ device: v.device, portId: v.portId, reason: v.reason as string })),
  };
}
