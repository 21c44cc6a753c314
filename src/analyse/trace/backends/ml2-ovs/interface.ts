// The ML2/OVS analysis of one Neutron port: where its VIF is plugged, the provider or tunnel path, firewall, DHCP and
// router, assembled into the report's interface (neutral fields + hops) and the detail the ML2/OVS checks read.
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import type { FlowRef, OvsInterfaceDataplane, PathRule, TraceInterface } from '../../../../model/traceModel.js';
import { INT_TABLES, SEGMENTATION_ID_KEY } from '../../../../neutron/ml2OvsRules.js';
import { isTunnelType } from '../../../../neutron/neutronRules.js';
import type { InterfaceAnalysis, InterfacePlace } from '../../backend.js';
import { type CloudIndex, num, str } from '../../cloudIndex.js';
import type { Flow } from '../../flows.js';
import { floatingIpsOf, networkFields, portFields } from '../../neutronPort.js';
import { plainAnswers } from './answers.js';
import { flowRef, type PathDevice } from './chain.js';
import { detectFirewall, firewallSummary } from './firewall.js';
import { exitOf, hopsOf } from './hops.js';
import { type HostState, type OvsInterfaceState, type OvsPortState, agentCookieOf, flowsFromPort, prefetchVifFlows } from './hostState.js';
import { providerPath, type NetworkSegment } from './providerPath.js';
import { metadataPath } from './metadata.js';
import { dhcpPath, routerPath } from './services.js';
import { tunnelPath } from './tunnelPath.js';
import { locateVif, vifChain, type PluggedVif } from './vif.js';

/** Everything the ML2/OVS checks need about one interface: the report part plus the OVS state it came from. */
export interface OvsInterfaceAnalysis extends InterfaceAnalysis {
  /** The report's ML2/OVS detail (the same object as trace.dataplane). */
  ovs: OvsInterfaceDataplane;
  /** The devices of the path as the host has them (the hops, with OVS kinds and ofports). */
  chain: PathDevice[];
  state: HostState | undefined;
  ovsPort: OvsPortState | undefined;
  ovsInterface: OvsInterfaceState | undefined;
  integrationBridge: string;
  providerBridge: string | null;
  tunnelBridge: string | null;
  /** br-int table 0 drop flows on this port's in_port (port_dead() in AGENT/ovs_neutron_agent.py). */
  deadDropFlows: Flow[];
  /** br-int flows on this port's in_port whose cookie is not the agent's (agentCookieOf): no Neutron rule installs them. */
  foreignFlows: Flow[];
  /** The OVS agent's cookie on br-int, when its flows were read. */
  agentCookie: string | undefined;
  /** The host's OVSDB was read (otherwise OVS answers are "unknown", not "missing"). */
  hostRead: boolean;
}

interface NetworkPath {
  providerBridge: string | null;
  tunnelBridge: string | null;
  devices: PathDevice[];
  ingress: OvsInterfaceDataplane['ingress'];
  egress: OvsInterfaceDataplane['egress'];
  tunnel: OvsInterfaceDataplane['tunnel'];
  flows: FlowRef[];
}

/** Past br-int: to the physical bridge (vlan, flat), into br-tun (tunnels), or nowhere (local, unknown). */
function networkPath(index: CloudIndex, vif: PluggedVif, network: ApiObject | undefined, networkId: string, hostName: string): NetworkPath {
  const segment: NetworkSegment = { type: str(network, 'provider:network_type'), segmentationId: num(network, 'provider:segmentation_id'), physnet: str(network, 'provider:physical_network') };
  if ((segment.type === 'vlan' || segment.type === 'flat') && segment.physnet) {
    const p = providerPath(vif, { ...segment, physnet: segment.physnet }, hostName);
    return { providerBridge: p.providerBridge, tunnelBridge: null, devices: p.devices, ingress: p.ingress, egress: p.egress, tunnel: null, flows: p.flows };
  }
  if (isTunnelType(segment.type)) {
    const t = tunnelPath(index, vif, { ...segment, type: segment.type as string }, networkId, hostName);
    return { providerBridge: null, tunnelBridge: t.tunnelBridge, devices: t.devices, ingress: t.ingress, egress: t.egress, tunnel: t.tunnel, flows: t.flows };
  }
  const none = { bridge: null, action: 'none' as const, localVlan: vif.localVlan, flows: [] };
  return { providerBridge: null, tunnelBridge: null, devices: [], ingress: { ...none }, egress: { ...none, flows: [] }, tunnel: null, flows: [] };
}

const ruleOf = (f: FlowRef): PathRule => ({ host: f.host, location: f.bridge, text: `table=${f.table} priority=${f.priority} ${f.named}`, role: f.role });

const isDrop = (f: Flow) => f.actions.length === 1 && f.actions[0].type === 'drop';

export function analyseOvsInterface(index: CloudIndex, port: ApiObject, place: InterfacePlace): OvsInterfaceAnalysis {
  const vif = locateVif(index, port);
  const { host, state, integrationBridge, brIntName } = vif;
  const hostName = host ?? '?';
  const network = index.network(str(port, 'network_id'));
  const portPart = portFields(port);
  prefetchVifFlows(state, integrationBridge, brIntName, portPart.mac);
  const networkPart = networkFields(network, port);
  const path = networkPath(index, vif, network, networkPart.id, hostName);
  const chain = [...vifChain(vif), ...path.devices];
  const flows = [...path.flows];
  const firewall = detectFirewall(state, integrationBridge, brIntName, portPart.mac, vif.hybrid, hostName, flows, vif.portId);
  const fromVif = flowsFromPort(state, integrationBridge, brIntName);
  const agentCookie = agentCookieOf(state?.flows.get(integrationBridge));
  const foreignFlows = fromVif.filter((f) => !!agentCookie && !!f.cookie && f.cookie !== agentCookie);
  const deadDropFlows = fromVif.filter((f) => !foreignFlows.includes(f) && f.table === INT_TABLES.localSwitching && isDrop(f));
  for (const f of deadDropFlows) flows.push(flowRef(state, hostName, integrationBridge, f, 'dead port: drop everything from this port'));
  for (const f of foreignFlows) flows.push(flowRef(state, hostName, integrationBridge, f, `not installed by the OVS agent (cookie ${f.cookie}, the agent's is ${agentCookie}): matches everything this port sends`));

  const dp: OvsInterfaceDataplane = {
    kind: 'ml2/ovs',
    integrationBridge,
    localVlan: vif.localVlan,
    otherConfigTag: vif.ovsPort?.otherConfig.tag !== undefined ? Number(vif.ovsPort.otherConfig.tag) : null,
    otherConfigSegmentationId: vif.ovsPort?.otherConfig[SEGMENTATION_ID_KEY] !== undefined ? Number(vif.ovsPort.otherConfig[SEGMENTATION_ID_KEY]) : null,
    ofport: vif.ofport,
    firewallTables: firewall.tables,
    ...(firewall.chains ? { iptablesChains: firewall.chains } : {}),
    ingress: path.ingress,
    egress: path.egress,
    tunnel: path.tunnel,
    flows,
  };
  const dhcp = dhcpPath(index, network, host, vif.localVlan);
  const router = routerPath(index, port, network, host, vif.localVlan);
  const neutral: Omit<TraceInterface, 'answers'> = {
    index: place.position,
    port: portPart,
    floatingIps: floatingIpsOf(index, vif.portId),
    network: networkPart,
    host,
    boundHost: vif.boundHost,
    localSegment: { label: 'local VLAN', id: vif.localVlan },
    hops: hopsOf(chain, dp, { host, vifPort: brIntName, integrationBridge, networkType: networkPart.type, deadPort: deadDropFlows.length > 0, foreignDrop: foreignFlows.some(isDrop) }),
    exit: exitOf(path.egress, path.tunnel?.type),
    firewall: { driver: firewall.driver, summary: firewallSummary(firewall), evidence: firewall.evidence },
    dhcp,
    router,
    metadata: metadataPath(index, router, dhcp, networkPart.id),
    rules: flows.map(ruleOf),
    dataplane: dp,
  };
  const hostRead = !!state?.reachable && state.ports.size > 0;
  const trace: TraceInterface = { ...neutral, answers: plainAnswers({ iface: neutral, dp, chain }, place.count, place.instanceName, hostRead) };
  return {
    trace,
    port,
    network,
    host,
    boundHost: vif.boundHost,
    peerHosts: path.tunnel?.hostsWithPorts ?? [],
    ovs: dp,
    chain,
    state,
    ovsPort: vif.ovsPort,
    ovsInterface: vif.ovsInterface,
    integrationBridge,
    providerBridge: path.providerBridge,
    tunnelBridge: path.tunnelBridge,
    deadDropFlows,
    foreignFlows,
    agentCookie,
    hostRead,
  };
}
