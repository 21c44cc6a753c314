// The path builder: for one Neutron port, the device chain, local VLAN, ingress/egress translations, tunnels, DHCP and router.
// Citations: br_int.py, br_phys.py, br_tun.py = neutron/plugins/ml2/drivers/openvswitch/agent/openflow/native/ (neutron 21.0.0);
// firewall.py = neutron/agent/linux/openvswitch_firewall/firewall.py; ovs_lib.py = neutron/agent/common/ovs_lib.py.
import type { ApiObject } from '../../model/cloudSnapshot.js';
import type {
  DhcpPath,
  Egress,
  FirewallInfo,
  FlowRef,
  PathDevice,
  RemoteHost,
  RouterPath,
  TraceInterface,
  Translation,
  TunnelInfo,
} from '../../model/traceModel.js';
import { CloudIndex, fixedIps, list, num, obj, str } from './cloudIndex.js';
import { type Flow, gotoTable, matchValue, matchedTunnelId, matchedVlan, outputs, setTunnelId, setVlan, strips } from './flows.js';
import { type HostState, type OvsInterfaceState, type OvsPortState, flowsFromPort, flowsInTable, flowsToMac, interfacesOfPort, ofportOf, portNameOf } from './hostState.js';
import {
  AGENT_TYPE,
  ANTI_SPOOF_TABLES,
  DEFAULT_INTEGRATION_BRIDGE,
  DEFAULT_TUNNEL_BRIDGE,
  DEVICE_OWNER,
  DEVICE_PREFIX,
  INT_TABLES,
  OVS_FIREWALL_TABLES,
  PATCH_INT_TO_PHYS_PREFIX,
  PATCH_INT_TO_TUN,
  PATCH_PHYS_TO_INT_PREFIX,
  PATCH_TUN_TO_INT,
  PHYS_TABLES,
  TUN_TABLES,
  VIF_TYPE_BINDING_FAILED,
  VIF_TYPE_UNBOUND,
  deviceName,
  hybridChainNames,
  isRouterInterfaceOwner,
  isTunnelType,
} from './neutronOvsRules.js';

/** Everything the checks need about one interface: the report part plus the raw objects it came from. */
export interface InterfaceAnalysis {
  trace: TraceInterface;
  port: ApiObject;
  network: ApiObject | undefined;
  /** Where the VIF is plugged (binding:host_id unless the VIF was found on another host). */
  host: string | null;
  /** binding:host_id */
  boundHost: string | null;
  state: HostState | undefined;
  ovsPort: OvsPortState | undefined;
  ovsInterface: OvsInterfaceState | undefined;
  integrationBridge: string;
  providerBridge: string | null;
  tunnelBridge: string | null;
  /** br-int table 0 drop flows on this port's in_port (port_dead() in AGENT/ovs_neutron_agent.py). */
  deadDropFlows: Flow[];
}

export function flowRef(state: HostState | undefined, host: string, bridge: string, flow: Flow, role: string): FlowRef {
  // Port numbers resolved to names (per bridge), as `ovs-ofctl --names` would print them.
  const name = (n: string) => (state ? portNameOf(state, bridge, n) : n);
  const quote = (n: string) => (/^\d+$/.test(n) ? n : `"${n}"`);
  const named = `${flow.matchText.replace(/\bin_port=(\d+)/g, (_m, n: string) => `in_port=${quote(name(n))}`)} actions=${flow.actionsText.replace(/\boutput:(\d+)/g, (_m, n: string) => `output:${quote(name(n))}`)}`;
  return { host, bridge, table: flow.table, priority: flow.priority, match: flow.matchText, actions: flow.actionsText, named, role };
}

function findOvsInterface(state: HostState | undefined, portId: string, names: string[]): OvsInterfaceState | undefined {
  if (!state) return undefined;
  const byId = interfacesOfPort(state, portId);
  if (byId.length > 0) return byId.find((i) => names.includes(i.name)) ?? byId[0];
  return names.map((n) => state.interfaces.get(n)).find((i) => i !== undefined);
}

function linkMtu(state: HostState | undefined, name: string): number | undefined {
  return state?.links.get(name)?.mtu ?? undefined;
}

/** The patch port on `fromBridge` whose peer sits on `toBridge` (AGENT/ovs_neutron_agent.py setup_physical_bridges / setup_tunnel_br). */
function patchBetween(state: HostState | undefined, fromBridge: string, toBridge: string, fallback: string): { name: string; peer: string | null } {
  if (state) {
    for (const portName of state.bridges.get(fromBridge) ?? []) {
      const iface = state.interfaces.get(portName);
      if (iface?.type !== 'patch') continue;
      const peer = iface.options.peer ?? null;
      if (peer && state.ports.get(peer)?.bridge === toBridge) return { name: portName, peer };
    }
  }
  return { name: fallback, peer: state?.interfaces.get(fallback)?.options.peer ?? null };
}

function ovsDevice(state: HostState | undefined, bridge: string, name: string, kind: PathDevice['kind'], peer?: string | null): PathDevice {
  const iface = state?.interfaces.get(name);
  const device: PathDevice = { name, kind, bridge, present: !!state?.ports.get(name) };
  const ofport = state ? ofportOf(state, bridge, name) : null;
  if (ofport !== null) device.ofport = ofport;
  const mtu = linkMtu(state, name) ?? iface?.mtu ?? undefined;
  if (mtu !== undefined && mtu !== null) device.mtu = mtu;
  if (peer) device.peer = peer;
  return device;
}

function bridgeDevice(state: HostState | undefined, name: string): PathDevice {
  return { name, kind: 'ovs-bridge', present: !!state?.bridges.has(name) };
}

export function buildInterface(index: CloudIndex, port: ApiObject, position: number): InterfaceAnalysis {
  const portId = str(port, 'id') ?? '';
  const boundHost = str(port, 'binding:host_id') || null;
  // The VIF may sit on another host than the binding says (a failed migration): follow the VIF, report the mismatch.
  const pluggedHost = findPluggedHost(index, portId, boundHost);
  const host = pluggedHost ?? boundHost;
  const state = host ? index.hosts.get(host) : undefined;
  const network = index.network(str(port, 'network_id'));
  const netType = str(network, 'provider:network_type');
  const segmentationId = num(network, 'provider:segmentation_id');
  const physnet = str(network, 'provider:physical_network');
  const agentConf = index.ovsAgentConfig(host);
  const integrationBridge = str(agentConf, 'integration_bridge') ?? DEFAULT_INTEGRATION_BRIDGE;
  const vifDetails = obj(port, 'binding:vif_details');
  const tapName = deviceName(DEVICE_PREFIX.tap, portId);
  const qvoName = deviceName(DEVICE_PREFIX.qvo, portId);
  const ovsInterface = findOvsInterface(state, portId, [tapName, qvoName]);
  const hybridPlug = typeof vifDetails.ovs_hybrid_plug === 'boolean' ? vifDetails.ovs_hybrid_plug : null;
  const hybrid = hybridPlug === true || (ovsInterface?.name.startsWith(DEVICE_PREFIX.qvo) ?? false);
  const brIntName = ovsInterface?.name ?? (hybrid ? qvoName : tapName);
  const ovsPort = state?.ports.get(brIntName);
  const localVlan = ovsPort?.tag ?? null;
  const ofport = state ? ofportOf(state, integrationBridge, brIntName) : null;
  const mac = str(port, 'mac_address') ?? '';
  const hostName = host ?? '?';

  // Device chain, VM side first.
  const chain: PathDevice[] = [];
  if (hybrid) {
    const qbr = deviceName(DEVICE_PREFIX.qbr, portId);
    const qvb = deviceName(DEVICE_PREFIX.qvb, portId);
    chain.push({ name: tapName, kind: 'vm-tap', present: !!state?.links.has(tapName), ...mtuField(linkMtu(state, tapName)) });
    chain.push({ name: qbr, kind: 'linux-bridge', present: !!state?.links.has(qbr), ...mtuField(linkMtu(state, qbr)) });
    chain.push({ name: qvb, kind: 'veth', present: !!state?.links.has(qvb), peer: brIntName, ...mtuField(linkMtu(state, qvb)) });
    chain.push(ovsDevice(state, integrationBridge, brIntName, 'ovs-port'));
  } else {
    chain.push(ovsDevice(state, integrationBridge, brIntName, 'vm-tap'));
  }
  chain.push(bridgeDevice(state, integrationBridge));

  const flows: FlowRef[] = [];
  let providerBridge: string | null = null;
  let tunnelBridge: string | null = null;
  let ingress: Translation = { bridge: null, action: 'none', localVlan, flows: [] };
  let egress: Egress = { bridge: null, action: 'none', localVlan, flows: [] };
  let tunnel: TunnelInfo | null = null;

  if ((netType === 'vlan' || netType === 'flat') && physnet) {
    const mappings = obj(agentConf, 'bridge_mappings') as Record<string, unknown>;
    providerBridge = typeof mappings[physnet] === 'string' ? (mappings[physnet] as string) : null;
    if (!providerBridge && state) {
      // No agent configuration: the first physical bridge patched to br-int.
      const intPatch = (state.bridges.get(integrationBridge) ?? []).find((p) => p.startsWith(PATCH_INT_TO_PHYS_PREFIX));
      providerBridge = intPatch ? intPatch.slice(PATCH_INT_TO_PHYS_PREFIX.length) : null;
    }
    if (providerBridge) {
      const intPatch = patchBetween(state, integrationBridge, providerBridge, PATCH_INT_TO_PHYS_PREFIX + providerBridge);
      const phyPatch = patchBetween(state, providerBridge, integrationBridge, intPatch.peer ?? PATCH_PHYS_TO_INT_PREFIX + providerBridge);
      chain.push(ovsDevice(state, integrationBridge, intPatch.name, 'patch-port', intPatch.peer ?? phyPatch.name));
      chain.push(ovsDevice(state, providerBridge, phyPatch.name, 'patch-port', intPatch.name));
      chain.push(bridgeDevice(state, providerBridge));
      for (const uplink of (state?.bridges.get(providerBridge) ?? []).filter((p) => p !== providerBridge && p !== phyPatch.name)) {
        const iface = state?.interfaces.get(uplink);
        if (iface && iface.type !== 'patch' && iface.type !== 'internal') chain.push(ovsDevice(state, providerBridge, uplink, 'uplink'));
      }
      // Ingress: br_int.py provision_local_vlan: in_port=int-<br>, dl_vlan=<segment> (vlan) or vlan_tci=0x0000/0x1fff (flat) → lvid.
      const wanted = netType === 'vlan' ? segmentationId : 'untagged';
      const ingressFlows = flowsFromPort(state, integrationBridge, intPatch.name).filter(
        (f) => f.table === INT_TABLES.localSwitching && matchedVlan(f) === wanted && setVlan(f) !== null,
      );
      const ingressFlow = ingressFlows.find((f) => setVlan(f) === localVlan) ?? ingressFlows[0];
      ingress = ingressFlow
        ? { bridge: integrationBridge, action: netType === 'vlan' ? 'mod_vlan_vid' : 'push_vlan', localVlan: setVlan(ingressFlow), ...(netType === 'vlan' && segmentationId !== null ? { vlan: segmentationId } : {}), flows: [] }
        : { bridge: integrationBridge, action: 'missing', localVlan, ...(netType === 'vlan' && segmentationId !== null ? { vlan: segmentationId } : {}), flows: [] };
      if (ingressFlow) {
        const ref = flowRef(state, hostName, integrationBridge, ingressFlow, `ingress: ${netType === 'vlan' ? `VLAN ${segmentationId}` : 'untagged'} from ${providerBridge} → local VLAN ${setVlan(ingressFlow)}`);
        ingress.flows = [ref];
        flows.push(ref);
      }
      egress = physicalEgress(state, hostName, providerBridge, phyPatch.name, localVlan, netType === 'vlan' ? segmentationId : null);
      flows.push(...egress.flows);
    }
  } else if (isTunnelType(netType)) {
    tunnelBridge = state?.bridges.has(DEFAULT_TUNNEL_BRIDGE) || !state ? DEFAULT_TUNNEL_BRIDGE : [...state.bridges.keys()].find((b) => b.includes('tun')) ?? DEFAULT_TUNNEL_BRIDGE;
    const patchTun = patchBetween(state, integrationBridge, tunnelBridge, PATCH_INT_TO_TUN);
    const patchInt = patchBetween(state, tunnelBridge, integrationBridge, patchTun.peer ?? PATCH_TUN_TO_INT);
    chain.push(ovsDevice(state, integrationBridge, patchTun.name, 'patch-port', patchTun.peer ?? patchInt.name));
    chain.push(ovsDevice(state, tunnelBridge, patchInt.name, 'patch-port', patchTun.name));
    chain.push(bridgeDevice(state, tunnelBridge));
    const ports = tunnelPorts(index, state, tunnelBridge, netType as string, segmentationId);
    // Ingress: br_tun.py provision_local_vlan: table TUN_TABLE[type], tun_id=<segment> → mod_vlan_vid:<lvid>, goto LEARN_FROM_TUN.
    const tunTable = TUN_TABLES.tunToLv[netType as string];
    const ingressFlow = segmentationId === null ? undefined : flowsInTable(state, tunnelBridge, tunTable).find((f) => matchedTunnelId(f) === segmentationId && setVlan(f) !== null);
    ingress = ingressFlow
      ? { bridge: tunnelBridge, action: 'mod_vlan_vid', tunnelId: segmentationId as number, localVlan: setVlan(ingressFlow), flows: [] }
      : { bridge: tunnelBridge, action: 'missing', localVlan, ...(segmentationId !== null ? { tunnelId: segmentationId } : {}), flows: [] };
    if (ingressFlow) {
      const ref = flowRef(state, hostName, tunnelBridge, ingressFlow, `ingress: ${netType} id ${segmentationId} → local VLAN ${setVlan(ingressFlow)}`);
      ingress.flows = [ref];
      flows.push(ref);
    }
    // Egress: br_tun.py install_flood_to_tun: table FLOOD_TO_TUN, dl_vlan=<lvid> → strip, set tun_id, output every tunnel port.
    const floodFlow = localVlan === null ? undefined : flowsInTable(state, tunnelBridge, TUN_TABLES.floodToTun).find((f) => matchedVlan(f) === localVlan && setTunnelId(f) !== null);
    const unicastFlows = localVlan === null ? [] : flowsInTable(state, tunnelBridge, TUN_TABLES.ucastToTun).filter((f) => matchedVlan(f) === localVlan && setTunnelId(f) !== null);
    if (floodFlow) {
      const outNames = outputs(floodFlow).map((o) => (state ? portNameOf(state, tunnelBridge as string, o) : o));
      const remoteHosts = outNames.map((name) => ports.find((p) => p.port === name) ?? { host: null, ip: '', port: name, ofport: null, remoteLocalVlan: null });
      egress = { bridge: tunnelBridge, action: 'tunnel', tunnelId: setTunnelId(floodFlow) as number, localVlan, remoteHosts, flows: [] };
      const ref = flowRef(state, hostName, tunnelBridge, floodFlow, `egress flood: local VLAN ${localVlan} → ${netType} id ${setTunnelId(floodFlow)} to ${outNames.join(', ') || 'no tunnel port'}`);
      egress.flows = [ref];
      flows.push(ref);
      for (const name of outNames) chain.push(ovsDevice(state, tunnelBridge, name, 'tunnel-port', ports.find((p) => p.port === name)?.ip));
    } else {
      egress = { bridge: tunnelBridge, action: 'missing', localVlan, ...(segmentationId !== null ? { tunnelId: segmentationId } : {}), remoteHosts: [], flows: [] };
    }
    for (const u of unicastFlows) {
      const ref = flowRef(state, hostName, tunnelBridge, u, `egress unicast: local VLAN ${localVlan} dl_dst=${matchValue(u, 'dl_dst') ?? '?'} → ${u.actionsText}`);
      egress.flows.push(ref);
      flows.push(ref);
    }
    tunnel = {
      type: netType as string,
      tunnelId: segmentationId,
      localIp: str(agentConf, 'tunneling_ip'),
      ports,
      hostsWithPorts: hostsWithPortsOn(index, str(network, 'id') ?? '', host),
    };
  }

  const firewall = detectFirewall(state, integrationBridge, brIntName, mac, hybrid, hostName, flows, portId);
  const deadDropFlows = flowsFromPort(state, integrationBridge, brIntName).filter(
    (f) => f.table === INT_TABLES.localSwitching && f.actions.length === 1 && f.actions[0].type === 'drop',
  );
  for (const f of deadDropFlows) flows.push(flowRef(state, hostName, integrationBridge, f, 'dead port: drop everything from this port'));

  const trace: TraceInterface = {
    index: position,
    port: {
      id: portId,
      name: str(port, 'name') ?? '',
      mac,
      ips: fixedIps(port).map((f) => f.ip),
      status: str(port, 'status') ?? 'UNKNOWN',
      vifType: str(port, 'binding:vif_type'),
      vnicType: str(port, 'binding:vnic_type'),
      deviceOwner: str(port, 'device_owner') ?? '',
      securityGroups: (Array.isArray(port.security_groups) ? port.security_groups : []).map(String),
      portSecurityEnabled: port.port_security_enabled !== false,
      hybridPlug,
    },
    floatingIps: index.floatingIpsOfPort(portId).flatMap((f) => (str(f, 'floating_ip_address') ? [str(f, 'floating_ip_address') as string] : [])),
    network: {
      id: str(network, 'id') ?? str(port, 'network_id') ?? '',
      name: str(network, 'name') ?? '',
      type: netType,
      segmentationId,
      physicalNetwork: physnet,
      mtu: num(network, 'mtu'),
      external: network?.['router:external'] === true,
    },
    host,
    boundHost,
    localVlan,
    otherConfigTag: ovsPort?.otherConfig.tag !== undefined ? Number(ovsPort.otherConfig.tag) : null,
    otherConfigSegmentationId: ovsPort?.otherConfig.segmentation_id !== undefined ? Number(ovsPort.otherConfig.segmentation_id) : null,
    ofport,
    devices: chain.map((d) => d.name),
    deviceChain: chain,
    firewall,
    ingress: { ...ingress, flows: ingress.flows ?? [] },
    egress: { ...egress, flows: egress.flows ?? [] },
    tunnel,
    dhcp: dhcpPath(index, network, host, localVlan, netType, segmentationId, physnet),
    router: routerPath(index, port, network, host, localVlan),
    flows,
    answers: { interfaceCount: '', mac: '', ips: '', localVlan: '', provider: '', ports: '' },
  };
  return { trace, port, network, host, boundHost, state, ovsPort, ovsInterface, integrationBridge, providerBridge, tunnelBridge, deadDropFlows };
}

/** The host whose OVSDB has an Interface with this iface-id: the bound host first, then any other captured host. */
function findPluggedHost(index: CloudIndex, portId: string, boundHost: string | null): string | null {
  const has = (h: HostState | undefined) => interfacesOfPort(h, portId).length > 0;
  if (boundHost && (has(index.hosts.get(boundHost)) || !index.hosts.get(boundHost)?.reachable)) return boundHost;
  for (const [name, state] of index.hosts) if (name !== boundHost && has(state)) return name;
  return boundHost;
}

/** Egress on a physical bridge: br_phys.py provision_local_vlan: in_port=phy-<br>, dl_vlan=<lvid> → mod_vlan_vid:<segment> / strip_vlan. */
export function physicalEgress(state: HostState | undefined, hostName: string, providerBridge: string, phyPatch: string, localVlan: number | null, expectedVlan: number | null): Egress {
  const egressFlow =
    localVlan === null
      ? undefined
      : flowsFromPort(state, providerBridge, phyPatch).find(
          (f) =>
            (f.table === PHYS_TABLES.localSwitching || f.table === PHYS_TABLES.localVlanTranslationDvr) &&
            matchedVlan(f) === localVlan &&
            (setVlan(f) !== null || strips(f)),
        );
  if (!egressFlow) return { bridge: providerBridge, action: 'missing', localVlan, ...(expectedVlan !== null ? { vlan: expectedVlan } : {}), flows: [] };
  const rewritten = setVlan(egressFlow);
  const ref = flowRef(state, hostName, providerBridge, egressFlow, `egress: local VLAN ${localVlan} → ${rewritten !== null ? `VLAN ${rewritten}` : 'untagged'} on ${providerBridge}`);
  return rewritten !== null
    ? { bridge: providerBridge, action: 'mod_vlan_vid', vlan: rewritten, localVlan, flows: [ref] }
    : { bridge: providerBridge, action: 'strip_vlan', localVlan, flows: [ref] };
}

/** The router's gateway (qg-) port: where floating-IP and SNAT traffic leaves the L3 agent's host. */
function routerGateway(index: CloudIndex, routerId: string): RouterPath['gateway'] {
  const gw = index.portsOfDevice(routerId).find((p) => str(p, 'device_owner') === DEVICE_OWNER.routerGateway);
  if (!gw) return null;
  const portId = str(gw, 'id') ?? '';
  const host = str(gw, 'binding:host_id') || null;
  const state = host ? index.hosts.get(host) : undefined;
  const iface = findOvsInterface(state, portId, [deviceName(DEVICE_PREFIX.routerGateway, portId)]);
  const device = iface?.name ?? deviceName(DEVICE_PREFIX.routerGateway, portId);
  const localVlan = state?.ports.get(device)?.tag ?? null;
  const network = index.network(str(gw, 'network_id'));
  const physnet = str(network, 'provider:physical_network');
  const type = str(network, 'provider:network_type');
  const conf = index.ovsAgentConfig(host);
  const integrationBridge = str(conf, 'integration_bridge') ?? DEFAULT_INTEGRATION_BRIDGE;
  const mappings = obj(conf, 'bridge_mappings') as Record<string, unknown>;
  const providerBridge = physnet && typeof mappings[physnet] === 'string' ? (mappings[physnet] as string) : null;
  let egress: Egress = { bridge: null, action: 'unknown', localVlan, flows: [] };
  if (providerBridge && (type === 'flat' || type === 'vlan')) {
    const intPatch = patchBetween(state, integrationBridge, providerBridge, PATCH_INT_TO_PHYS_PREFIX + providerBridge);
    const phyPatch = patchBetween(state, providerBridge, integrationBridge, intPatch.peer ?? PATCH_PHYS_TO_INT_PREFIX + providerBridge);
    egress = physicalEgress(state, host ?? '?', providerBridge, phyPatch.name, localVlan, type === 'vlan' ? num(network, 'provider:segmentation_id') : null);
  }
  return { portId, device, host, localVlan, ips: fixedIps(gw).map((f) => f.ip), egress };
}

function mtuField(mtu: number | undefined): { mtu?: number } {
  return mtu === undefined ? {} : { mtu };
}

/** Tunnel ports on br-tun (ovs_lib.py add_tunnel_port: options remote_ip/local_ip), named by the host owning remote_ip. */
function tunnelPorts(index: CloudIndex, state: HostState | undefined, tunnelBridge: string, type: string, segmentationId: number | null): RemoteHost[] {
  if (!state) return [];
  const result: RemoteHost[] = [];
  for (const name of state.bridges.get(tunnelBridge) ?? []) {
    const iface = state.interfaces.get(name);
    if (!iface || iface.type !== type) continue;
    const ip = iface.options.remote_ip ?? '';
    const remoteHost = index.hostOfTunnelIp(ip);
    result.push({ host: remoteHost, ip, port: name, ofport: ofportOf(state, tunnelBridge, name), remoteLocalVlan: remoteLocalVlan(index, remoteHost, type, segmentationId) });
  }
  return result;
}

/** The local VLAN a tunnel id becomes on another host: its br-tun TUN_TABLE flow (br_tun.py provision_local_vlan). */
export function remoteLocalVlan(index: CloudIndex, host: string | null, type: string, segmentationId: number | null): number | null {
  if (!host || segmentationId === null) return null;
  const f = flowsInTable(index.hosts.get(host), DEFAULT_TUNNEL_BRIDGE, TUN_TABLES.tunToLv[type]).find((x) => matchedTunnelId(x) === segmentationId);
  return f ? setVlan(f) : null;
}

/** Other hosts with a bound port on the network and an OVS agent (those need a tunnel from here). */
export function hostsWithPortsOn(index: CloudIndex, networkId: string, exceptHost: string | null): string[] {
  const hosts = index.derived(`hosts-with-ports ${networkId}`, () => {
    const found = new Set<string>();
    for (const p of index.portsOnNetwork(networkId)) {
      const h = str(p, 'binding:host_id');
      const vif = str(p, 'binding:vif_type');
      if (!h || vif === VIF_TYPE_BINDING_FAILED || vif === VIF_TYPE_UNBOUND) continue;
      if (index.agent(AGENT_TYPE.ovs, h)) found.add(h);
    }
    return [...found].sort();
  });
  return hosts.filter((h) => h !== exceptHost);
}

function detectFirewall(state: HostState | undefined, bridge: string, name: string, mac: string, hybrid: boolean, host: string, flows: FlowRef[], portId: string): FirewallInfo {
  const fromPort = flowsFromPort(state, bridge, name);
  // firewall.py initialize_port_flows: table 60 priority 100 in_port=<ofport> → load reg5/reg6, go to 71 (filtered) or 73 (trusted).
  const entry = fromPort.find((f) => f.table === INT_TABLES.transient && [INT_TABLES.baseEgress, INT_TABLES.acceptOrIngress].includes(gotoTable(f) as 71 | 73));
  if (entry) {
    flows.push(flowRef(state, host, bridge, entry, `firewall egress: port → table ${gotoTable(entry)}`));
    const ingressEntry = flowsToMac(state, bridge, mac).find((f) => f.table === INT_TABLES.transient && gotoTable(f) === INT_TABLES.baseIngress);
    if (ingressEntry) flows.push(flowRef(state, host, bridge, ingressEntry, `firewall ingress: dl_dst=${mac} → table ${INT_TABLES.baseIngress}`));
    const tables = gotoTable(entry) === INT_TABLES.baseEgress ? OVS_FIREWALL_TABLES : [INT_TABLES.transient, INT_TABLES.acceptOrIngress, INT_TABLES.baseIngress, INT_TABLES.rulesIngress, 91, 92, 93, 94];
    return { driver: 'openvswitch', tables, evidence: `${bridge} table 60 ${entry.matchText} actions=${entry.actionsText}` };
  }
  // ovs_neutron_agent.py setup_arp_spoofing_protection → br_int.py install_arp_spoofing_protection / set_allowed_macs_for_port.
  const spoof = fromPort.filter((f) => f.table === INT_TABLES.localSwitching && [INT_TABLES.arpSpoof, INT_TABLES.macSpoof].includes(gotoTable(f) as 24 | 25));
  for (const f of spoof) flows.push(flowRef(state, host, bridge, f, `anti-spoofing: port → table ${gotoTable(f)}`));
  if (hybrid) {
    const chains = hybridChainNames(portId);
    return {
      driver: 'iptables_hybrid',
      tables: spoof.length ? ANTI_SPOOF_TABLES : [],
      evidence: 'binding:vif_details.ovs_hybrid_plug=true: security groups are iptables rules on the qbr bridge',
      chains: [chains.ingress, chains.egress, chains.spoof],
    };
  }
  if (spoof.length) return { driver: 'noop', tables: ANTI_SPOOF_TABLES, evidence: 'anti-spoofing flows only, no firewall tables for this port' };
  return { driver: 'unknown', tables: [], evidence: state ? `no firewall flow for ${name} in ${bridge}` : 'host not captured' };
}

function viaText(sameHost: boolean, host: string | null, localVlan: number | null, netType: string | null, seg: number | null, physnet: string | null, otherHost: string | null): string {
  if (sameHost) return `same host ${host ?? '?'}: switched on br-int in local VLAN ${localVlan ?? '?'}`;
  if (isTunnelType(netType)) return `over ${netType?.toUpperCase()} id ${seg ?? '?'} to ${otherHost ?? '?'}`;
  if (netType === 'vlan') return `over ${physnet ?? '?'} tagged VLAN ${seg ?? '?'} to ${otherHost ?? '?'}`;
  if (netType === 'flat') return `over ${physnet ?? '?'} untagged to ${otherHost ?? '?'}`;
  return `to ${otherHost ?? '?'}`;
}

function dhcpPath(index: CloudIndex, network: ApiObject | undefined, host: string | null, lvid: number | null, netType: string | null, seg: number | null, physnet: string | null): DhcpPath {
  const networkId = str(network, 'id');
  if (!networkId) return { enabled: false, ports: [] };
  const enabled = index.subnetsOf(networkId).some((s) => s.enable_dhcp === true);
  const ports = index
    .portsOnNetwork(networkId)
    .filter((p) => str(p, 'device_owner') === DEVICE_OWNER.dhcp)
    .map((p) => {
      const dhcpHost = str(p, 'binding:host_id') || null;
      return {
        id: str(p, 'id') ?? '',
        host: dhcpHost,
        ips: fixedIps(p).map((f) => f.ip),
        status: str(p, 'status') ?? 'UNKNOWN',
        agent: index.agentRef(AGENT_TYPE.dhcp, dhcpHost),
        via: viaText(dhcpHost === host, host, lvid, netType, seg, physnet, dhcpHost),
      };
    });
  return { enabled, ports };
}

function routerPath(index: CloudIndex, port: ApiObject, network: ApiObject | undefined, host: string | null, lvid: number | null): RouterPath | null {
  const networkId = str(network, 'id');
  if (!networkId) return null;
  const mySubnets = new Set(fixedIps(port).map((f) => f.subnetId));
  const routerPorts = index.portsOnNetwork(networkId).filter((p) => isRouterInterfaceOwner(str(p, 'device_owner') ?? ''));
  const routerPort = routerPorts.find((p) => fixedIps(p).some((f) => mySubnets.has(f.subnetId))) ?? routerPorts[0];
  if (!routerPort) return null;
  const routerId = str(routerPort, 'device_id') ?? '';
  const router = index.router(routerId);
  const gatewayInfo = obj(router, 'external_gateway_info');
  const routerHost = str(routerPort, 'binding:host_id') || null;
  const gatewayIp = fixedIps(routerPort).find((f) => mySubnets.has(f.subnetId))?.ip ?? fixedIps(routerPort)[0]?.ip ?? null;
  return {
    id: routerId,
    name: str(router, 'name') ?? '',
    interfacePortId: str(routerPort, 'id') ?? '',
    gatewayIp,
    host: routerHost,
    agent: index.agentRef(AGENT_TYPE.l3, routerHost),
    externalNetworkId: str(gatewayInfo, 'network_id'),
    externalIps: list(gatewayInfo, 'external_fixed_ips').flatMap((f) => (str(f, 'ip_address') ? [str(f, 'ip_address') as string] : [])),
    gateway: routerGateway(index, routerId),
    via: viaText(routerHost === host, host, lvid, str(network, 'provider:network_type'), num(network, 'provider:segmentation_id'), str(network, 'provider:physical_network'), routerHost),
  };
}
