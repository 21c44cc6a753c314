// The ML2/OVN analysis of one Neutron port: its NB Logical_Switch_Port, the SB Port_Binding (which chassis claimed it),
// the OVS interface on that chassis, and the way out (Geneve to the peers' Encap IPs, or the localnet port's bridge),
// assembled into the report's interface (neutral fields + hops) and the detail the ML2/OVN checks read.
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import type { DhcpPath, FrameAction, Hop, MetadataPath, OvnInterfaceDataplane, PathExit, RouterPath, TraceInterface } from '../../../../model/traceModel.js';
import { AGENT_TYPE, METADATA, isTunnelType } from '../../../../neutron/neutronRules.js';
import { DEFAULT_OVN_INTEGRATION_BRIDGE, EXT_ID, LSP_TYPE, LOCALNET_NETWORK_NAME, REQUESTED_CHASSIS, localnetPatchNames, metadataNamespace, ovnName } from '../../../../neutron/ovnRules.js';
import { interfaceCountAnswer, ipsAnswer } from '../../answers.js';
import type { InterfaceAnalysis, InterfacePlace } from '../../backend.js';
import { type CloudIndex, fixedIps, num, str } from '../../cloudIndex.js';
import { floatingIpsOf, networkFields, portFields } from '../../neutronPort.js';
import { type ChassisOvs, type SbChassis, chassisByUuid, chassisOfHost, chassisOvs, tunnelPortTo, vifInterface } from './chassis.js';
import { ovnDb, rowBool, rowList, rowMap, rowNum, rowStr, rowsWhere, type OvsdbRow } from './ovnDb.js';
import { ovnRouterPath, type OvnGateway } from './router.js';
import { dbProblem } from './dbProblem.js';
import { proxyState } from '../../listening.js';

export interface OvnInterfaceAnalysis extends InterfaceAnalysis {
  ovn: OvnInterfaceDataplane;
  /** Why the NB/SB rows could not be read (then "missing" is "unknown"), null when they were. */
  dbProblem: string | null;
  lsp: OvsdbRow | undefined;
  portBinding: OvsdbRow | undefined;
  /** The chassis that claimed the port (SB Port_Binding.chassis). */
  claimedBy: SbChassis | undefined;
  /** The SB chassis of Neutron's binding host (more than one: duplicates). */
  hostChassis: SbChassis[];
  requestedChassis: string | null;
  /** Neutron's revision_number and the LSP's external_ids:neutron:revision_number. */
  revisions: { neutron: number | null; nb: number | null };
  hostOvs: ChassisOvs;
  /** Provider networks: the physnet the localnet port names and the bridge the host maps it to (null: not mapped). */
  localnet: OvnInterfaceDataplane['localnet'];
  /** Geneve peers: chassis with ports on the network and this host's tunnel port to each. */
  peers: { host: string; chassis: SbChassis | undefined; port: { name: string; remoteIp: string | null } | null }[];
  gateway: OvnGateway | null;
  /** ovnmeta-<network> on the host: true/false, null when the host's namespaces were not read. */
  metadataNamespace: boolean | null;
  /** The VIF's MTU on its host (OVS Interface mtu, else ip link), null when not read. */
  vifMtu: number | null;
}

/** The captured host whose OVS plugs the port (iface-id), else Neutron's binding host. */
function vifHost(index: CloudIndex, portId: string, boundHost: string | null): string | null {
  if (boundHost && vifInterface(chassisOvs(index, boundHost), portId)) return boundHost;
  for (const h of index.snapshot.hosts) if (h.host !== boundHost && vifInterface(chassisOvs(index, h.host), portId)) return h.host;
  return boundHost;
}

function namespacePresent(index: CloudIndex, host: string | null, namespace: string): boolean | null {
  const out = index.hostOutput(host, 'ip-netns');
  if (!out || out.exitCode !== 0) return null;
  try {
    const list = JSON.parse(out.stdout || '[]') as { name?: string }[];
    return list.some((n) => n.name === namespace);
  } catch {
    return null;
  }
}

function localnetOf(index: CloudIndex, ls: OvsdbRow | undefined, ovs: ChassisOvs, physnetFromApi: string | null): OvnInterfaceDataplane['localnet'] {
  const lspTable = ovnDb(index).table('nb', 'Logical_Switch_Port');
  const members = new Set(rowList(ls, 'ports'));
  const row = lspTable.rows.find((r) => members.has(String(r._uuid)) && rowStr(r, 'type') === LSP_TYPE.localnet);
  const physnet = rowMap(row, 'options')[LOCALNET_NETWORK_NAME] ?? physnetFromApi;
  return {
    port: rowStr(row, 'name') ?? '?',
    physnet,
    vlan: rowNum(row, 'tag'),
    bridge: physnet ? (ovs.bridgeMappings[physnet] ?? null) : null,
  };
}

/** Other hosts with bound Neutron ports on the network: the chassis a Geneve network's traffic is tunnelled to. */
function peersOf(index: CloudIndex, networkId: string, host: string | null, ovs: ChassisOvs): OvnInterfaceAnalysis['peers'] {
  const hosts = [...new Set(index.portsOnNetwork(networkId).map((p) => str(p, 'binding:host_id')).filter((h): h is string => !!h && h !== host))].sort();
  return hosts.map((h) => {
    const chassis = chassisOfHost(index, h)[0];
    return { host: h, chassis, port: chassis ? tunnelPortTo(ovs, chassis.ref) : null };
  });
}

const hop = (host: string | null, device: string, kind: Hop['kind'], present: boolean, extra: Partial<Hop> = {}): Hop => ({ host, device, kind, present, frame: [], ...extra });

/** The hops and exit: the VIF on br-int, the logical switch, then Geneve ports or the localnet patch and provider bridge. */
function pathOf(a: Pick<OvnInterfaceAnalysis, 'host' | 'hostOvs' | 'localnet' | 'peers' | 'ovn' | 'vifMtu'>, networkType: string | null): { hops: Hop[]; exit: PathExit } {
  const { host, hostOvs: ovs, ovn } = a;
  const br = DEFAULT_OVN_INTEGRATION_BRIDGE;
  const vif = ovn.ovsInterface;
  const key = ovn.datapathKey;
  const hops: Hop[] = [
    hop(host, vif?.name ?? `(no interface with iface-id)`, 'vm-tap', !!vif, { bridge: br, ...(vif?.ofport != null ? { portNumber: vif.ofport } : {}), ...(vif && a.vifMtu !== null ? { mtu: a.vifMtu } : {}) }),
    hop(host, br, 'ovs-bridge', ovs.read && ovs.bridgeOfPort.size > 0 ? [...ovs.bridgeOfPort.values()].includes(br) : false, {
      frame: key !== null ? [{ action: 'segment-tag', direction: 'egress', segment: key }] : [],
    }),
  ];
  if (a.localnet && (networkType === 'vlan' || networkType === 'flat')) {
    const ln = a.localnet;
    const vlan = networkType === 'vlan' ? ln.vlan : null;
    if (!ln.bridge) return { hops, exit: { action: 'missing', bridge: null, ...(vlan !== null ? { vlan } : {}) } };
    const patch = localnetPatchNames(br, ln.bridge, ln.port);
    const has = (name: string) => ovs.interfaces.some((i) => rowStr(i, 'name') === name);
    const frame: FrameAction[] = vlan !== null ? [{ action: 'vlan-push', direction: 'egress', vlan }, { action: 'vlan-strip', direction: 'ingress', vlan }] : [];
    hops.push(hop(host, patch.fromIntegration, 'patch-port', has(patch.fromIntegration), { bridge: br, peer: patch.fromProvider }));
    hops.push(hop(host, ln.bridge, 'ovs-bridge', [...ovs.bridgeOfPort.values()].includes(ln.bridge), { frame }));
    return { hops, exit: vlan !== null ? { action: 'vlan-rewrite', bridge: ln.bridge, vlan } : { action: 'vlan-strip', bridge: ln.bridge } };
  }
  if (isTunnelType(networkType) && key !== null) {
    const remotes: NonNullable<PathExit['remotes']> = [];
    for (const p of a.peers) {
      const ip = p.chassis?.ref.encapIp ?? p.port?.remoteIp ?? '?';
      const device = p.port?.name ?? `(no tunnel to ${p.host})`;
      hops.push(
        hop(host, device, 'tunnel-port', !!p.port, {
          bridge: br,
          peer: p.port?.remoteIp ?? ip,
          frame: [{ action: 'tunnel-encap', direction: 'egress', tunnelType: 'geneve', tunnelId: key, remoteIp: ip, remoteHost: p.host, remoteSegment: key }],
        }),
      );
      remotes.push({ host: p.host, ip, device, segment: key });
    }
    return { hops, exit: { action: 'tunnel', bridge: br, tunnelType: 'geneve', tunnelId: key, remotes } };
  }
  return { hops, exit: { action: networkType === 'local' ? 'none' : 'unknown', bridge: null } };
}

function dhcpOf(index: CloudIndex, network: ApiObject | undefined, subnetIds: string[]): { dhcp: DhcpPath; options: OvnInterfaceDataplane['dhcpOptions'] } {
  const networkId = str(network, 'id');
  const enabled = networkId ? index.subnetsOf(networkId).some((s) => s.enable_dhcp === true) : false;
  const table = ovnDb(index).table('nb', 'DHCP_Options');
  const options = subnetIds.flatMap((s) => table.rows.filter((r) => rowMap(r, 'external_ids').subnet_id === s).map((r) => ({ subnetId: s, cidr: rowStr(r, 'cidr') ?? '?' })));
  const native = options.length
    ? `OVN native DHCP: ovn-controller answers from DHCP_Options ${options.map((o) => o.cidr).join(', ')}`
    : enabled
      ? table.problem
        ? `OVN native DHCP: DHCP_Options not read (${table.problem})`
        : 'OVN native DHCP: no DHCP_Options row for the port\'s subnet'
      : 'disabled';
  return { dhcp: { enabled, native, ports: [] }, options };
}

function metadataOf(index: CloudIndex, host: string | null, networkId: string, present: boolean | null): MetadataPath {
  const namespace = metadataNamespace(networkId);
  const agent = index.agentRef(AGENT_TYPE.ovnMetadata, host);
  const offered = index.snapshot.api.agents.some((a) => a.agent_type === AGENT_TYPE.ovnMetadata);
  const state = present === null ? 'unknown' : present ? 'present' : 'missing';
  // the agent's haproxy listens on 169.254.169.254:80 inside ovnmeta-<network> (neutron/agent/ovn/metadata/driver.py)
  const proxy = offered ? proxyState(index, host, namespace, METADATA.port, METADATA.ip) : null;
  return {
    address: '169.254.169.254',
    port: 80,
    via: offered ? 'chassis' : 'none',
    host: offered ? host : null,
    namespace: offered ? namespace : null,
    entry: offered ? { how: 'address', state, evidence: present ? `${host ?? '?'} ip netns: ${namespace}` : null } : null,
    proxy,
    agent,
    offered,
    summary: offered
      ? `answered in ${namespace} on ${host ?? '?'} (the OVN metadata agent's haproxy): namespace ${state === 'unknown' ? 'not read' : state}${proxy && proxy.state !== 'unknown' ? `, ${proxy.state === 'listening' ? `${proxy.process ?? 'a process'} listening on ${METADATA.ip}:${METADATA.port}` : `nothing listening on ${METADATA.ip}:${METADATA.port}`}` : ''}`
      : 'no OVN metadata agent in the cloud: not offered',
  };
}

function answersOf(iface: Omit<TraceInterface, 'answers'>, ovn: OvnInterfaceDataplane, place: InterfacePlace, gateway: OvnGateway | null): TraceInterface['answers'] {
  const net = iface.network;
  const lsp = ovn.logicalPort;
  const binding = ovn.portBinding;
  const where = binding?.chassis ? `bound to chassis ${binding.chassis.hostname ?? binding.chassis.name}` : binding ? 'not bound to any chassis' : 'no SB Port_Binding';
  const vif = ovn.ovsInterface;
  let provider: string;
  if (ovn.localnet) {
    const ln = ovn.localnet;
    provider = `${net.type === 'vlan' ? `VLAN ${ln.vlan ?? '?'}` : 'flat (untagged)'} on ${ln.physnet ?? '?'} through localnet port ${ln.port}, bridge ${ln.bridge ?? '(not in ovn-bridge-mappings)'} on ${iface.host ?? '?'}`;
  } else if (ovn.tunnels.length || isTunnelType(net.type)) {
    const to = ovn.tunnels.map((t) => `${t.host ?? t.chassis} (${t.encapIp ?? '?'}${t.port ? ` via ${t.port}` : ', no tunnel port'})`);
    provider = `Geneve VNI ${ovn.datapathKey ?? '?'}${to.length ? ` to ${to.join(', ')}` : ': no other chassis has ports on this network'}`;
  } else provider = `${net.type ?? 'unknown'} network`;
  if (iface.floatingIps.length && gateway) {
    const claim = gateway.dataplane.claimedBy;
    provider += `; floating IP ${iface.floatingIps.join(', ')}: ${gateway.dataplane.nat.some((n) => n.distributed) ? 'distributed NAT on this chassis' : `NAT on the gateway chassis ${claim ? (claim.hostname ?? claim.name) : '(none claims the router gateway)'}`}`;
  }
  return {
    interfaceCount: interfaceCountAnswer(iface, place.count, place.instanceName),
    mac: `${iface.port.mac}${lsp ? ` (LSP addresses ${lsp.addresses.join(' ') || 'none'})` : ' (no Logical_Switch_Port)'}`,
    ips: ipsAnswer(iface),
    localSegment: ovn.logicalSwitch ? `logical switch ${ovn.logicalSwitch}, tunnel key ${ovn.datapathKey ?? '?'}${isTunnelType(net.type) ? ' (the Geneve VNI between chassis)' : ''}` : 'no logical switch found',
    provider,
    ports: `LSP ${lsp ? `up=${String(lsp.up)}` : 'missing'}; ${where}; ${vif ? `${vif.name} on br-int ofport ${vif.ofport ?? '?'}${vif.ovnInstalled ? ', ovn-installed' : ', not ovn-installed'}` : 'no OVS interface with its iface-id'}`,
    attachment: vif ? `br-int ofport ${vif.ofport ?? '?'}` : 'not attached',
  };
}

export function analyseOvnInterface(index: CloudIndex, port: ApiObject, place: InterfacePlace): OvnInterfaceAnalysis {
  const db = ovnDb(index);
  const portId = str(port, 'id') ?? '';
  const network = index.network(str(port, 'network_id'));
  const portPart = portFields(port);
  const networkPart = networkFields(network, port);
  const boundHost = str(port, 'binding:host_id') || null;
  const host = vifHost(index, portId, boundHost);
  const hostOvs = chassisOvs(index, host);

  const lsName = ovnName(networkPart.id);
  const ls = rowsWhere(db.table('nb', 'Logical_Switch'), 'name', lsName)[0];
  const datapath = db.table('sb', 'Datapath_Binding').rows.find((r) => rowMap(r, 'external_ids').name === lsName);
  const lsp = rowsWhere(db.table('nb', 'Logical_Switch_Port'), 'name', portId)[0];
  const portBinding = rowsWhere(db.table('sb', 'Port_Binding'), 'logical_port', portId)[0];
  const claimedBy = chassisByUuid(index, rowStr(portBinding, 'chassis'));
  const requestedChassis = rowMap(lsp, 'options')[REQUESTED_CHASSIS] ?? null;
  const vif = vifInterface(hostOvs, portId);
  const physnet = networkPart.physicalNetwork;
  const localnet = networkPart.type === 'vlan' || networkPart.type === 'flat' ? localnetOf(index, ls, hostOvs, physnet) : null;
  const peers = isTunnelType(networkPart.type) ? peersOf(index, networkPart.id, host, hostOvs) : [];
  const groups = db.table('nb', 'Port_Group').rows.filter((g) => lsp && rowList(g, 'ports').includes(String(lsp._uuid)));
  const { dhcp, options } = dhcpOf(index, network, fixedIps(port).map((f) => f.subnetId).filter((s): s is string => !!s));

  const ovn: OvnInterfaceDataplane = {
    kind: 'ml2/ovn',
    logicalSwitch: ls ? lsName : null,
    datapathKey: rowNum(datapath, 'tunnel_key'),
    logicalPort: lsp
      ? {
          up: rowBool(lsp, 'up'),
          enabled: rowBool(lsp, 'enabled'),
          addresses: rowList(lsp, 'addresses'),
          portSecurity: rowList(lsp, 'port_security'),
          requestedChassis,
          revision: Number(rowMap(lsp, 'external_ids')[EXT_ID.revision] ?? NaN) || null,
        }
      : null,
    portBinding: portBinding ? { tunnelKey: rowNum(portBinding, 'tunnel_key'), chassis: claimedBy?.ref ?? null, up: rowBool(portBinding, 'up') } : null,
    ovsInterface: vif ? { name: vif.name, ofport: vif.ofport, ovnInstalled: vif.ovnInstalled } : null,
    localnet,
    tunnels: peers.map((p) => ({ chassis: p.chassis?.ref.name ?? '?', host: p.host, encapIp: p.chassis?.ref.encapIp ?? null, port: p.port?.name ?? null, remoteIp: p.port?.remoteIp ?? null })),
    portGroups: groups.map((g) => rowStr(g, 'name') ?? '?').sort(),
    dhcpOptions: options,
  };
  const gateway = ovnRouterPath(index, port, network, host);
  const router: RouterPath | null = gateway?.router ?? null;
  const vifMtu = vif?.mtu ?? null;
  const path = pathOf({ host, hostOvs, localnet, peers, ovn, vifMtu }, networkPart.type);
  const metaPresent = namespacePresent(index, host, metadataNamespace(networkPart.id));
  const neutral: Omit<TraceInterface, 'answers'> = {
    index: place.position,
    port: portPart,
    floatingIps: floatingIpsOf(index, portId),
    network: networkPart,
    host,
    boundHost,
    localSegment: { label: 'datapath', id: ovn.datapathKey },
    hops: path.hops,
    exit: path.exit,
    firewall: {
      driver: 'ovn',
      summary: portPart.portSecurityEnabled
        ? `OVN ACLs of ${ovn.portGroups.join(', ') || 'no port group'} (northd's ls_in_acl/ls_out_acl stages, on the chassis)`
        : 'port security disabled: no ACLs apply',
      evidence: lsp ? `${db.table('nb', 'Port_Group').source}: groups holding LSP ${portId}` : 'no Logical_Switch_Port',
    },
    dhcp,
    router,
    metadata: metadataOf(index, host, networkPart.id, metaPresent),
    rules: [],
    dataplane: ovn,
  };
  const trace: TraceInterface = { ...neutral, answers: answersOf(neutral, ovn, place, gateway) };
  return {
    trace,
    port,
    network,
    host,
    boundHost,
    peerHosts: peers.map((p) => p.host),
    ovn,
    dbProblem: dbProblem(index),
    lsp,
    portBinding,
    claimedBy,
    hostChassis: chassisOfHost(index, boundHost),
    requestedChassis,
    revisions: { neutron: num(port, 'revision_number'), nb: ovn.logicalPort?.revision ?? null },
    hostOvs,
    localnet,
    peers,
    gateway,
    metadataNamespace: metaPresent,
    vifMtu,
  };
}
