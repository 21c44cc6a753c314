// Tunnel networks (VXLAN, GRE, Geneve) on ML2/OVS: br-int → patch-tun/patch-int → br-tun → the tunnel ports the flood
// flow outputs to. br_tun.py = neutron/plugins/ml2/drivers/openvswitch/agent/openflow/native/br_tun.py;
// ovs_lib.py = neutron/agent/common/ovs_lib.py.
import type { Egress, FlowRef, RemoteHost, Translation, TunnelInfo } from '../../../../model/traceModel.js';
import { DEFAULT_TUNNEL_BRIDGE, PATCH_INT_TO_TUN, PATCH_TUN_TO_INT, TUN_TABLES } from '../../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE, isUnboundVifType } from '../../../../neutron/neutronRules.js';
import { type CloudIndex, str } from '../../cloudIndex.js';
import { matchValue, matchedTunnelId, matchedVlan, outputs, setTunnelId, setVlan } from '../../flows.js';
import { bridgeDevice, flowRef, ovsDevice, patchPair, type PathDevice } from './chain.js';
import { type HostState, flowsInTable, ofportOf, portNameOf } from './hostState.js';
import { hostOfTunnelIp, remoteLocalVlan } from './ovsFacts.js';
import type { NetworkSegment } from './providerPath.js';
import type { PluggedVif } from './vif.js';

export interface TunnelPath {
  tunnelBridge: string;
  devices: PathDevice[];
  ingress: Translation;
  egress: Egress;
  tunnel: TunnelInfo;
  flows: FlowRef[];
}

/** br-tun, or (renamed) the host's bridge whose name says tun. */
function tunnelBridgeOf(state: HostState | undefined): string {
  if (!state || state.bridges.has(DEFAULT_TUNNEL_BRIDGE)) return DEFAULT_TUNNEL_BRIDGE;
  return [...state.bridges.keys()].find((b) => b.includes('tun')) ?? DEFAULT_TUNNEL_BRIDGE;
}

export function tunnelPath(index: CloudIndex, vif: PluggedVif, segment: NetworkSegment & { type: string }, networkId: string, hostName: string): TunnelPath {
  const { state, integrationBridge, localVlan } = vif;
  const { type: netType, segmentationId } = segment;
  const tunnelBridge = tunnelBridgeOf(state);
  const patches = patchPair(state, integrationBridge, tunnelBridge, PATCH_INT_TO_TUN, PATCH_TUN_TO_INT);
  const devices = [...patches.devices, bridgeDevice(state, tunnelBridge)];
  const ports = tunnelPorts(index, state, tunnelBridge, netType, segmentationId);
  const flows: FlowRef[] = [];
  const expectedId = segmentationId !== null ? { tunnelId: segmentationId } : {};
  // Ingress: br_tun.py provision_local_vlan: table TUN_TABLE[type], tun_id=<segment> → mod_vlan_vid:<lvid>, goto LEARN_FROM_TUN.
  const ingressFlow = segmentationId === null ? undefined : flowsInTable(state, tunnelBridge, TUN_TABLES.tunToLv[netType]).find((f) => matchedTunnelId(f) === segmentationId && setVlan(f) !== null);
  const ingress: Translation = ingressFlow
    ? { bridge: tunnelBridge, action: 'mod_vlan_vid', tunnelId: segmentationId as number, localVlan: setVlan(ingressFlow), flows: [] }
    : { bridge: tunnelBridge, action: 'missing', localVlan, ...expectedId, flows: [] };
  if (ingressFlow) {
    const ref = flowRef(state, hostName, tunnelBridge, ingressFlow, `ingress: ${netType} id ${segmentationId} → local VLAN ${setVlan(ingressFlow)}`);
    ingress.flows = [ref];
    flows.push(ref);
  }
  // Egress: br_tun.py install_flood_to_tun: table FLOOD_TO_TUN, dl_vlan=<lvid> → strip, set tun_id, output every tunnel port.
  const floodFlow = localVlan === null ? undefined : flowsInTable(state, tunnelBridge, TUN_TABLES.floodToTun).find((f) => matchedVlan(f) === localVlan && setTunnelId(f) !== null);
  const unicastFlows = localVlan === null ? [] : flowsInTable(state, tunnelBridge, TUN_TABLES.ucastToTun).filter((f) => matchedVlan(f) === localVlan && setTunnelId(f) !== null);
  let egress: Egress;
  if (floodFlow) {
    const outNames = outputs(floodFlow).map((o) => (state ? portNameOf(state, tunnelBridge, o) : o));
    const remoteHosts = outNames.map((name) => ports.find((p) => p.port === name) ?? { host: null, ip: '', port: name, ofport: null, remoteLocalVlan: null });
    egress = { bridge: tunnelBridge, action: 'tunnel', tunnelId: setTunnelId(floodFlow) as number, localVlan, remoteHosts, flows: [] };
    const ref = flowRef(state, hostName, tunnelBridge, floodFlow, `egress flood: local VLAN ${localVlan} → ${netType} id ${setTunnelId(floodFlow)} to ${outNames.join(', ') || 'no tunnel port'}`);
    egress.flows = [ref];
    flows.push(ref);
    for (const name of outNames) devices.push(ovsDevice(state, tunnelBridge, name, 'tunnel-port', ports.find((p) => p.port === name)?.ip));
  } else {
    egress = { bridge: tunnelBridge, action: 'missing', localVlan, ...expectedId, remoteHosts: [], flows: [] };
  }
  for (const u of unicastFlows) {
    const ref = flowRef(state, hostName, tunnelBridge, u, `egress unicast: local VLAN ${localVlan} dl_dst=${matchValue(u, 'dl_dst') ?? '?'} → ${u.actionsText}`);
    egress.flows.push(ref);
    flows.push(ref);
  }
  const tunnel: TunnelInfo = {
    type: netType,
    tunnelId: segmentationId,
    localIp: str(vif.agentConf, 'tunneling_ip'),
    ports,
    hostsWithPorts: hostsWithPortsOn(index, networkId, vif.host),
  };
  return { tunnelBridge, devices, ingress, egress, tunnel, flows };
}

/** Tunnel ports on br-tun (ovs_lib.py add_tunnel_port: options remote_ip/local_ip), named by the host owning remote_ip. */
function tunnelPorts(index: CloudIndex, state: HostState | undefined, tunnelBridge: string, type: string, segmentationId: number | null): RemoteHost[] {
  if (!state) return [];
  const result: RemoteHost[] = [];
  for (const name of state.bridges.get(tunnelBridge) ?? []) {
    const iface = state.interfaces.get(name);
    if (!iface || iface.type !== type) continue;
    const ip = iface.options.remote_ip ?? '';
    const remoteHost = hostOfTunnelIp(index, ip);
    result.push({ host: remoteHost, ip, port: name, ofport: ofportOf(state, tunnelBridge, name), remoteLocalVlan: remoteLocalVlan(index, remoteHost, type, segmentationId) });
  }
  return result;
}

/** Other hosts with a bound port on the network and an OVS agent (those need a tunnel from here). */
export function hostsWithPortsOn(index: CloudIndex, networkId: string, exceptHost: string | null): string[] {
  const hosts = index.derived(`hosts-with-ports ${networkId}`, () => {
    const found = new Set<string>();
    for (const p of index.portsOnNetwork(networkId)) {
      const h = str(p, 'binding:host_id');
      if (!h || isUnboundVifType(str(p, 'binding:vif_type'))) continue;
      if (index.agent(AGENT_TYPE.ovs, h)) found.add(h);
    }
    return [...found].sort();
  });
  return hosts.filter((h) => h !== exceptHost);
}
