// Plans an ML2/OVN packet walk from the Neutron API alone: the source logical port, the packet (addresses from Neutron:
// the peer's MAC on the same network, the router interface's MAC for routed targets) as an ovn-trace microflow, and where
// the walk should end. One ovn-trace follows the packet through every logical switch and router (ovn-trace(8)), so a walk
// is one simulation on the host that reads the OVN databases. Collection and analysis plan the same walk (same output id).
import { NetxrayError } from '../../errors.js';
import { HOST_OUTPUT, type HostOutputId } from '../../model/hostOutputIds.js';
import type { ApiObject, CloudSnapshot } from '../../model/cloudSnapshot.js';
import { protoText, type WalkPacket, type WalkProto, type WalkRequest, type WalkTarget } from '../../model/walkModel.js';
import { fixedIps, str } from '../apiFields.js';
import { DEVICE_OWNER, isRouterInterfaceOwner } from '../neutronRules.js';
import { isIpv4 } from '../ipv4.js';
import { CT_NEW, metadataNamespace } from '../ovnRules.js';
import { WALK } from '../walkCommands.js';
import { hostOf, ipv4Of, outsideAddress, resolveWalk, routerInterfaceOn, subnetOf, walkDestination } from '../walkTargets.js';

type CloudApi = CloudSnapshot['api'];

/** Where the walk should end, in ovn-trace's terms. */
export type OvnWalkExpectation =
  /** output to this logical port (an instance's LSP, the metadata localport) */
  | { kind: 'port'; lsp: string; into: 'vif' | 'port' }
  /** the router answers (ICMP echo, ARP): its reply comes back out to the source port */
  | { kind: 'router-reply'; routerPort: string }
  /** OVN's native DHCP answers (put_dhcp_opts), the reply out to the source port */
  | { kind: 'dhcp-reply' }
  /** leaves the cloud through a localnet port (the external or provider network) */
  | { kind: 'localnet' };

export interface OvnWalkPlan {
  source: { instance: string; port: ApiObject; interface: number; host: string; mac: string; ip: string; network: ApiObject | undefined };
  target: WalkTarget;
  targetPort: ApiObject | null;
  packet: WalkPacket;
  microflow: string;
  /** conntrack states for the walk's ct_next actions, in order (ovn-trace --ct); the rest default to established. */
  ct: string[];
  expect: OvnWalkExpectation;
  name: string;
  assumptions: string[];
  id: HostOutputId;
}

const isMac = (mac: string) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The microflow (ovn-sb(5) expression syntax, as ovn-trace(8) asks: inport, eth.src/dst, ip4.src/dst, ip.ttl). Every value
 * is checked first (UUID port name, MACs, IPv4, port numbers): nothing from the API reaches ovn-trace's parser unchecked.
 */
export function microflowOf(inport: string, p: WalkPacket, proto: WalkProto): string {
  if (!UUID.test(inport)) throw new NetxrayError('bad-input', `walk: "${inport}" from the API is not a Neutron port id`);
  for (const mac of [p.srcMac, p.dstMac]) if (!isMac(mac)) throw new NetxrayError('bad-input', `walk: "${mac}" from the API is not a MAC address`);
  for (const ip of [p.srcIp, p.dstIp]) if (!isIpv4(ip)) throw new NetxrayError('bad-input', `walk: "${ip}" is not an IPv4 address (the walk handles IPv4 only)`);
  const start = `inport == "${inport}" && eth.src == ${p.srcMac}`;
  // An ARP request is broadcast; sender and target fields are the addresses (RFC 826).
  if (proto.kind === 'arp') return `${start} && eth.dst == ${WALK.broadcastMac} && arp.op == 1 && arp.sha == ${p.srcMac} && arp.spa == ${p.srcIp} && arp.tha == 00:00:00:00:00:00 && arp.tpa == ${p.dstIp}`;
  const l3 = `${start} && eth.dst == ${p.dstMac} && ip4.src == ${p.srcIp} && ip4.dst == ${p.dstIp} && ip.ttl == 64`;
  if (proto.kind === 'icmp') return `${l3} && icmp4.type == 8 && icmp4.code == 0`;
  return `${l3} && ${proto.kind}.src == ${WALK.sourcePort(proto)} && ${proto.kind}.dst == ${proto.port}`;
}

/** The ovn-trace command (read-only: it reads the SB and simulates; ovn-trace(8)); `db` options come from the collector. */
export function ovnTraceArgv(db: readonly string[], plan: Pick<OvnWalkPlan, 'ct' | 'microflow'>): string[] {
  return ['ovn-trace', ...db, '--no-friendly-names', ...plan.ct.map((c) => `--ct=${c}`), plan.microflow];
}

const networkOf = (api: CloudApi, port: ApiObject) => api.networks.find((n) => n.id === port.network_id);

function describe(api: CloudApi, port: ApiObject): string {
  const ip = ipv4Of(port) ?? '?';
  const id = str(port, 'id') ?? '?';
  const owner = str(port, 'device_owner') ?? '';
  if (isRouterInterfaceOwner(owner) || owner === DEVICE_OWNER.routerGateway) {
    const router = api.routers.find((r) => r.id === port.device_id);
    return `router ${str(router, 'name') || str(port, 'device_id')} port ${id} (${ip})`;
  }
  const server = api.servers.find((s) => s.id === port.device_id);
  return `${server ? `${str(server, 'name')} ` : ''}port ${id} (${ip})`;
}

/** The metadata localport of a network (device_id ovnmeta-<network>, neutron/common/ovn/utils.py ovn_metadata_name). */
const metadataPortOf = (api: CloudApi, networkId: unknown) => api.ports.find((p) => p.network_id === networkId && p.device_id === metadataNamespace(String(networkId)));

/** The walk for `request` from instance `instanceId`; throws NetxrayError bad-input/not-found when it cannot be planned. */
export function planOvnWalk(api: CloudApi, instanceId: string, request: WalkRequest): OvnWalkPlan {
  const server = api.servers.find((s) => s.id === instanceId);
  if (!server) throw new NetxrayError('not-found', `instance ${instanceId} is not in the snapshot`);
  const walk = resolveWalk(api, server, request);
  const { to, keyword, src, index, srcIp, srcHost, srcMac } = walk;
  const srcSubnet = subnetOf(api, src, srcIp);
  const source = { instance: str(server, 'name') ?? instanceId, port: src, interface: index, host: srcHost, mac: srcMac, ip: srcIp, network: networkOf(api, src) };
  const assumptions: string[] = [];
  const plan = (target: WalkTarget, targetPort: ApiObject | null, dstMac: string, expect: OvnWalkExpectation, ct: string[], name: string): OvnWalkPlan => {
    const packet: WalkPacket = { srcMac, dstMac, srcIp, dstIp: target.ip, proto: protoText(request.proto) };
    const microflow = microflowOf(String(src.id), packet, request.proto);
    // ARP never reaches conntrack (ls_in_pre_acl only sends ip to it)
    const states = request.proto.kind === 'arp' ? [] : ct;
    return { source, target, targetPort, packet, microflow, ct: states, expect, name, assumptions, id: HOST_OUTPUT.ovnTrace(`${states.join('|')} ${microflow}`) };
  };
  const portTarget = (p: ApiObject, kind: WalkTarget['kind']): WalkTarget => ({ kind, description: describe(api, p), ip: (isIpv4(to) && fixedIps(p).some((f) => f.ip === to) ? to : ipv4Of(p)) ?? '', portId: str(p, 'id'), host: hostOf(p) });
  const router = routerInterfaceOn(api, str(srcSubnet, 'id'));
  const routerName = str(api.routers.find((r) => r.id === router?.device_id), 'name') || String(router?.device_id ?? '');
  const viaRouter = (target: WalkTarget, targetPort: ApiObject | null, expect: OvnWalkExpectation, ct: string[]): OvnWalkPlan => {
    if (!router) throw new NetxrayError('not-found', `--to ${to}: no Neutron router on ${str(srcSubnet, 'cidr') ?? 'the source subnet'}; OVN does not route it (a provider network's gateway is outside the cloud)`);
    assumptions.push(`${target.ip} is routed by ${routerName} (the packet is sent to its interface ${ipv4Of(router) ?? '?'}, MAC ${str(router, 'mac_address')})`);
    return plan(target, targetPort, str(router, 'mac_address') ?? '', expect, ct, `${source.instance} → ${routerName} → ${target.description}`);
  };
  // Conntrack: the source's egress ACLs see a new connection; so does the target's ingress. A reply (router, DHCP) is established.
  const bothWays = [CT_NEW, CT_NEW];
  const toPort = (p: ApiObject, kind: WalkTarget['kind']): OvnWalkPlan => {
    const target = portTarget(p, kind);
    if (p.network_id === src.network_id) return plan(target, p, str(p, 'mac_address') ?? '', { kind: 'port', lsp: String(p.id), into: String(p.device_owner ?? '').startsWith(DEVICE_OWNER.computePrefix) ? 'vif' : 'port' }, bothWays, `${source.instance} → ${target.description}`);
    return viaRouter(target, p, { kind: 'port', lsp: String(p.id), into: 'vif' }, bothWays);
  };
  if (keyword === 'dhcp') {
    if (srcSubnet?.enable_dhcp === false) throw new NetxrayError('not-found', `--to dhcp: subnet ${str(srcSubnet, 'cidr') ?? '?'} has DHCP disabled`);
    assumptions.push("OVN answers DHCP itself (ovn-controller, from the subnet's NB DHCP_Options): the walk ends where the reply is sent back to the port");
    const target: WalkTarget = { kind: 'dhcp', description: "OVN's native DHCP (ovn-controller on the port's chassis)", ip: '255.255.255.255', portId: null, host: srcHost };
    return plan(target, null, WALK.broadcastMac, { kind: 'dhcp-reply' }, [CT_NEW], `${source.instance} → DHCP`);
  }
  if (keyword === 'gateway') {
    const gatewayIp = str(srcSubnet, 'gateway_ip');
    if (!gatewayIp) throw new NetxrayError('not-found', `--to gateway: subnet ${str(srcSubnet, 'cidr') ?? '?'} has no gateway_ip`);
    const owner = api.ports.find((p) => p.network_id === src.network_id && fixedIps(p).some((f) => f.ip === gatewayIp));
    if (!owner || !isRouterInterfaceOwner(str(owner, 'device_owner') ?? '')) {
      // A provider network's own gateway, outside the cloud: the logical switch sends what it does not know to its localnet port.
      assumptions.push(`the gateway ${gatewayIp} is not a Neutron port (a provider network's router, outside the cloud): its MAC is unknown, so the walk uses ${WALK.unknownMac}, which the logical switch sends out of its localnet port`);
      const target: WalkTarget = { kind: 'gateway', description: `gateway ${gatewayIp} (not a Neutron port: outside the cloud)`, ip: gatewayIp, portId: null, host: null };
      return plan(target, null, WALK.unknownMac, { kind: 'localnet' }, [CT_NEW], `${source.instance} → gateway ${gatewayIp} (outside the cloud)`);
    }
    const target = portTarget(owner, 'gateway');
    return plan(target, owner, str(owner, 'mac_address') ?? '', { kind: 'router-reply', routerPort: String(owner.id) }, [CT_NEW], `${source.instance} → ${target.description}`);
  }
  if (keyword === 'metadata') {
    const meta = metadataPortOf(api, src.network_id);
    if (!meta) throw new NetxrayError('not-found', `--to metadata: network ${str(source.network, 'name') || String(src.network_id)} has no OVN metadata port (device_id ${metadataNamespace(String(src.network_id))})`);
    assumptions.push(`${WALK.metadataIp} is served by the OVN metadata agent behind the network's localport ${String(meta.id)} (namespace ${metadataNamespace(String(src.network_id))} on the port's chassis); the instance reaches it through the route DHCP gives it, so the packet goes to the localport's MAC`);
    const target: WalkTarget = { kind: 'metadata', description: `metadata ${WALK.metadataIp} via localport ${String(meta.id)}`, ip: WALK.metadataIp, portId: String(meta.id), host: srcHost };
    return plan(target, meta, str(meta, 'mac_address') ?? '', { kind: 'port', lsp: String(meta.id), into: 'port' }, bothWays, `${source.instance} → metadata`);
  }
  if (keyword === 'internet') {
    const ip = outsideAddress(api);
    assumptions.push(`"internet" is ${ip}, an address outside every subnet of the cloud; the router resolves its next hop by ARP, which ovn-trace follows out of the external network's localnet port`);
    return viaRouter({ kind: 'internet', description: `the internet (${ip})`, ip, portId: null, host: null }, null, { kind: 'localnet' }, [CT_NEW]);
  }
  const destination = walkDestination(api, walk, srcSubnet);
  if (destination.kind === 'port') return toPort(destination.port, destination.as);
  if (destination.kind === 'unknown-in-subnet') {
    assumptions.push(`no port has ${to}: the walk sends it to ${WALK.unknownMac}, which a logical switch sends to its localnet port (if any) or drops`);
    return plan({ kind: 'address', description: `${to} (no Neutron port has it)`, ip: to, portId: null, host: null }, null, WALK.unknownMac, { kind: 'localnet' }, [CT_NEW], `${source.instance} → ${to}`);
  }
  return viaRouter({ kind: 'address', description: `${to} (outside the cloud)`, ip: to, portId: null, host: null }, null, { kind: 'localnet' }, [CT_NEW]);
}
