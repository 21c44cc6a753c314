// Plans a packet walk from the Neutron API alone: which packet, from which port, and which ofproto/trace simulations
// on which hosts (the source host's br-int, then the peer host's br-tun or provider bridge, then the router's egress).
// The collector runs the probes; the analysis finds their outputs again by id, so both must plan the same walk.
import { NetxrayError } from '../../errors.js';
import { HOST_OUTPUT, type HostOutputId } from '../../model/hostOutputIds.js';
import type { ApiObject, CloudSnapshot } from '../../model/cloudSnapshot.js';
import { protoText, type WalkPacket, type WalkProto, type WalkRequest, type WalkTarget } from '../../model/walkModel.js';
import { fixedIps, list, num, obj, str } from '../apiFields.js';
import { DEFAULT_INTEGRATION_BRIDGE, DEFAULT_TUNNEL_BRIDGE, DEVICE_PREFIX, deviceName, isHybridPlugged, tunnelPortName } from '../ml2OvsRules.js';
import { AGENT_TYPE, DEVICE_OWNER, isRouterInterfaceOwner, isTunnelType } from '../neutronRules.js';
import { ipInCidr, isIpv4 } from '../ipv4.js';
import { WALK } from '../walkCommands.js';
import { hostOf, ipv4Of, outsideAddress, resolveWalk, routerInterfaceOn, subnetOf, walkDestination } from '../walkTargets.js';
import { DEVICE_OWNER_AGENT_GW, DVR_DEVICE_PREFIX, DVR_NAMESPACE_PREFIX, dvrDeviceName, fipAgentGatewayPort, isDistributedRouter, snatPortOn } from '../dvrRules.js';

export { hostOf, ipv4Of } from '../walkTargets.js';

type CloudApi = CloudSnapshot['api'];

/** One ofproto/trace run on one host. */
export interface WalkProbe {
  /** CommandOutput id in the host's capture. */
  id: HostOutputId;
  host: string;
  bridge: string;
  inPort: string;
  /** The flow argument of ofproto/trace. */
  flow: string;
  arrival: string;
  argv: string[];
}

/** Where a leg should end. */
export interface LegExpectation {
  host: string | null;
  /** The br-int device that receives the packet (tap…, qvo…, qr-…), or null when it should leave the cloud. */
  device: string | null;
  portId: string | null;
  into: 'vif' | 'router' | 'dhcp' | 'port' | 'uplink';
  description: string;
}

export type Continuation =
  | { kind: 'tunnel'; remoteIp: string; tunnelId: number; probe: WalkProbe }
  | { kind: 'provider'; vlan: number | null; probe: WalkProbe };

export interface PlannedLeg {
  name: string;
  packet: WalkPacket;
  start: WalkProbe;
  /** Probes on the next host, taken when the start host sends the packet there. */
  continuations: Continuation[];
  expect: LegExpectation;
}

export interface WalkPlan {
  source: { instance: string; port: ApiObject; interface: number; host: string | null; mac: string; ip: string; network: ApiObject | undefined };
  target: WalkTarget;
  /** The destination port, when the target is one (its security groups decide ingress). */
  targetPort: ApiObject | null;
  legs: PlannedLeg[];
  assumptions: string[];
}

const isMac = (mac: string) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac);
const isPortName = (name: string) => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/.test(name);

/** The L4 part of the flow; every value was checked before (numbers, IPv4, MACs). */
function packetFields(p: WalkPacket, proto: WalkProto): string {
  // An ARP request is broadcast; its sender and target fields are the addresses (arp_op=1: request, RFC 826).
  if (proto.kind === 'arp') return `arp,dl_src=${p.srcMac},dl_dst=${WALK.broadcastMac},arp_op=1,arp_sha=${p.srcMac},arp_spa=${p.srcIp},arp_tpa=${p.dstIp}`;
  const l3 = `dl_src=${p.srcMac},dl_dst=${p.dstMac},nw_src=${p.srcIp},nw_dst=${p.dstIp},nw_ttl=64`;
  if (proto.kind === 'icmp') return `icmp,${l3},icmp_type=8,icmp_code=0`;
  // udp_src/tcp_src, not tp_src: OVS 3.1's ofproto/trace refuses tp_src after `udp` ("prerequisites not met").
  return `${proto.kind},${l3},${proto.kind}_src=${WALK.sourcePort(proto)},${proto.kind}_dst=${proto.port}`;
}

function probe(host: string, bridge: string, inPort: string, prefix: string, packet: WalkPacket, proto: WalkProto, arrival: string): WalkProbe {
  for (const mac of [packet.srcMac, packet.dstMac]) if (!isMac(mac)) throw new NetxrayError('bad-input', `walk: "${mac}" from the API is not a MAC address`);
  for (const ip of [packet.srcIp, packet.dstIp]) if (!isIpv4(ip)) throw new NetxrayError('bad-input', `walk: "${ip}" is not an IPv4 address (the walk handles IPv4 only)`);
  if (!isPortName(inPort) && inPort !== 'LOCAL') throw new NetxrayError('bad-input', `walk: "${inPort}" is not a valid OVS port name`);
  const flow = `in_port=${inPort},${prefix}${packetFields(packet, proto)}`;
  return { id: HOST_OUTPUT.ofprotoTrace(bridge, flow), host, bridge, inPort, flow, arrival, argv: WALK.traceArgv(bridge, flow) };
}

interface Context {
  api: CloudApi;
  proto: WalkProto;
  agents: Map<string, ApiObject>;
  assumptions: string[];
}

/**
 * The host a port is met on when the walk is on `here`: its binding host, or `here` for a distributed router's interface
 * (DVR: one binding per host, neutron/plugins/ml2/models.py DistributedPortBinding; the API's binding:host_id stays empty
 * and every host with ports on the subnet has the qr- port in its own qrouter-).
 */
const hostIn = (port: ApiObject, here: string): string | null =>
  hostOf(port) ?? (str(port, 'device_owner') === DEVICE_OWNER.routerInterfaceDistributed ? here : null);
const networkOf = (api: CloudApi, port: ApiObject) => api.networks.find((n) => n.id === port.network_id);

function agentConf(ctx: Context, host: string | null): ApiObject {
  return host ? obj(ctx.agents.get(host), 'configurations') : {};
}

/** The br-int device of a port: qr-/qg- for routers, qvo… for a hybrid plug, tap… otherwise (neutronOvsRules DEVICE_PREFIX). */
export function brIntDevice(port: ApiObject): string {
  const id = str(port, 'id') ?? '';
  const owner = str(port, 'device_owner') ?? '';
  if (isRouterInterfaceOwner(owner)) return deviceName(DEVICE_PREFIX.routerInterface, id);
  if (owner === DEVICE_OWNER.routerGateway) return deviceName(DEVICE_PREFIX.routerGateway, id);
  if (owner === DEVICE_OWNER_AGENT_GW) return dvrDeviceName(DVR_DEVICE_PREFIX.fipGateway, id);
  if (owner === DEVICE_OWNER.routerCentralizedSnat) return dvrDeviceName(DVR_DEVICE_PREFIX.snatInterface, id);
  return isHybridPlugged(owner, obj(port, 'binding:vif_details')) ? deviceName(DEVICE_PREFIX.qvo, id) : deviceName(DEVICE_PREFIX.tap, id);
}

function into(port: ApiObject): LegExpectation['into'] {
  const owner = str(port, 'device_owner') ?? '';
  if (isRouterInterfaceOwner(owner) || owner === DEVICE_OWNER.routerGateway || owner === DEVICE_OWNER_AGENT_GW || owner === DEVICE_OWNER.routerCentralizedSnat) return 'router';
  if (owner === DEVICE_OWNER.dhcp) return 'dhcp';
  return owner.startsWith(DEVICE_OWNER.computePrefix) ? 'vif' : 'port';
}

function integrationBridge(ctx: Context, host: string): string {
  return str(agentConf(ctx, host), 'integration_bridge') ?? DEFAULT_INTEGRATION_BRIDGE;
}

/**
 * The probes that follow the packet from `fromHost` to `toHost` on `network`: the VXLAN/GRE/Geneve port back to the
 * sender on the receiver's br-tun, or the receiver's provider bridge entered from the physical network.
 */
function continuations(ctx: Context, network: ApiObject | undefined, fromHost: string | null, toHost: string | null, packet: WalkPacket): Continuation[] {
  if (!fromHost || !toHost || fromHost === toHost || !network) return [];
  const type = str(network, 'provider:network_type');
  const segment = num(network, 'provider:segmentation_id');
  if (isTunnelType(type) && segment !== null) {
    const localIp = str(agentConf(ctx, fromHost), 'tunneling_ip');
    const remoteIp = str(agentConf(ctx, toHost), 'tunneling_ip');
    const port = localIp ? tunnelPortName(type as string, localIp) : null;
    if (!localIp || !remoteIp || !port || !isIpv4(localIp) || !isIpv4(remoteIp)) return [];
    const prefix = `tun_id=0x${segment.toString(16)},tun_src=${localIp},tun_dst=${remoteIp},`;
    const arrival = `${(type as string).toUpperCase()} ${segment} from ${fromHost} (${localIp})`;
    return [{ kind: 'tunnel', remoteIp, tunnelId: segment, probe: probe(toHost, DEFAULT_TUNNEL_BRIDGE, port, prefix, packet, ctx.proto, arrival) }];
  }
  const physnet = str(network, 'provider:physical_network');
  const bridge = physnet ? str(obj(agentConf(ctx, toHost), 'bridge_mappings'), physnet) : null;
  if ((type !== 'vlan' && type !== 'flat') || !bridge) return [];
  const vlan = type === 'vlan' ? segment : null;
  ctx.assumptions.push(`the physical network ${physnet} carries ${vlan !== null ? `VLAN ${vlan}` : 'untagged frames'} from ${fromHost} to ${toHost}; the walk enters ${toHost}'s ${bridge} by its LOCAL port, standing for the uplink (a provider bridge forwards NORMAL whatever the uplink)`);
  const prefix = vlan !== null ? `dl_vlan=${vlan},` : '';
  return [{ kind: 'provider', vlan, probe: probe(toHost, bridge, 'LOCAL', prefix, packet, ctx.proto, `${vlan !== null ? `VLAN ${vlan}` : 'untagged'} from the provider network ${physnet}`) }];
}

/** A leg inside one Neutron network, from a br-int port to a port (or out of the cloud). */
function l2Leg(ctx: Context, name: string, from: { host: string; device: string; arrival: string }, packet: WalkPacket, network: ApiObject | undefined, to: ApiObject | null, outside: string): PlannedLeg {
  const start = probe(from.host, integrationBridge(ctx, from.host), from.device, '', packet, ctx.proto, from.arrival);
  if (!to) {
    return { name, packet, start, continuations: [], expect: { host: null, device: null, portId: null, into: 'uplink', description: outside } };
  }
  const toHost = hostIn(to, from.host);
  const expect: LegExpectation = { host: toHost, device: brIntDevice(to), portId: str(to, 'id'), into: into(to), description: describePort(ctx.api, to) };
  return { name, packet, start, continuations: continuations(ctx, network, from.host, toHost, packet), expect };
}

export function describePort(api: CloudApi, port: ApiObject): string {
  const ip = ipv4Of(port) ?? '?';
  const owner = str(port, 'device_owner') ?? '';
  const id = str(port, 'id') ?? '?';
  if (isRouterInterfaceOwner(owner) || owner === DEVICE_OWNER.routerGateway) {
    const router = api.routers.find((r) => r.id === port.device_id);
    return `router ${str(router, 'name') || str(port, 'device_id')} port ${id} (${ip}, namespace qrouter-${str(port, 'device_id')})`;
  }
  if (owner === DEVICE_OWNER.routerCentralizedSnat) {
    const router = api.routers.find((r) => r.id === port.device_id);
    return `router ${str(router, 'name') || str(port, 'device_id')} SNAT port ${id} (${ip}, namespace ${DVR_NAMESPACE_PREFIX.snat}${str(port, 'device_id')})`;
  }
  if (owner === DEVICE_OWNER.dhcp) return `DHCP port ${id} (${ip}, namespace qdhcp-${str(port, 'network_id')})`;
  const server = api.servers.find((s) => s.id === port.device_id);
  return `${server ? `${str(server, 'name')} ` : ''}port ${id} (${ip})`;
}

/**
 * The walk for `request` from instance `instanceId`. Throws NetxrayError (bad-input / not-found) when the target
 * cannot be resolved from the API objects: for --from that means the snapshot was not collected for this target.
 */
export function planWalk(api: CloudApi, instanceId: string, request: WalkRequest): WalkPlan {
  const server = api.servers.find((s) => s.id === instanceId);
  if (!server) throw new NetxrayError('not-found', `instance ${instanceId} is not in the snapshot`);
  const ctx: Context = {
    api,
    proto: request.proto,
    agents: new Map(api.agents.filter((a) => a.agent_type === AGENT_TYPE.ovs).map((a) => [String(a.host), a])),
    assumptions: [],
  };
  const walk = resolveWalk(api, server, request);
  const { to, keyword, src, index, srcIp, srcHost, srcMac } = walk;
  const srcNet = networkOf(api, src);
  const srcSubnet = subnetOf(api, src, srcIp);
  const source = { instance: str(server, 'name') ?? instanceId, port: src, interface: index, host: srcHost, mac: srcMac, ip: srcIp, network: srcNet };
  const from = { host: srcHost, device: brIntDevice(src), arrival: `from ${source.instance} (${srcIp})` };
  const packetTo = (dstMac: string, dstIp: string): WalkPacket => ({ srcMac, dstMac, srcIp, dstIp, proto: protoText(request.proto) });
  const srcName = source.instance;

  // A port of the cloud: same network → one leg; another network → via the router joining both.
  const toPort = (target: ApiObject, kind: WalkTarget['kind']): WalkPlan => {
    const ip = (isIpv4(to) && fixedIps(target).some((f) => f.ip === to) ? to : ipv4Of(target)) ?? '';
    const desc = describePort(api, target);
    const wt: WalkTarget = { kind, description: desc, ip, portId: str(target, 'id'), host: hostOf(target) };
    if (target.network_id === src.network_id) {
      return { source, target: wt, targetPort: target, assumptions: ctx.assumptions, legs: [l2Leg(ctx, `${srcName} → ${desc}`, from, packetTo(str(target, 'mac_address') ?? '', ip), srcNet, target, '')] };
    }
    return routed(wt, target, ip);
  };

  // Out of the source network through its router (or the provider network's own gateway).
  const routed = (wt: WalkTarget, targetPort: ApiObject | null, dstIp: string): WalkPlan => {
    const qr = routerInterfaceOn(api, str(srcSubnet, 'id'));
    const gatewayIp = str(srcSubnet, 'gateway_ip');
    if (!qr) {
      // No Neutron router: the subnet's gateway is outside the cloud (a provider network's physical router).
      ctx.assumptions.push(`no Neutron router on ${str(srcSubnet, 'cidr') ?? 'the subnet'}: ${dstIp} is reached through the subnet's gateway ${gatewayIp ?? '(none set)'}, outside the cloud; its MAC is unknown to Neutron, so the walk uses ${WALK.unknownMac}, which switches flood like any unlearned destination`);
      return { source, target: wt, targetPort: null, assumptions: ctx.assumptions, legs: [l2Leg(ctx, `${srcName} → gateway ${gatewayIp ?? '?'} (outside the cloud)`, from, packetTo(WALK.unknownMac, dstIp), srcNet, null, `the provider network's gateway ${gatewayIp ?? '?'}`)] };
    }
    const router = api.routers.find((r) => r.id === qr.device_id);
    const routerName = str(router, 'name') || String(qr.device_id);
    const qrIp = fixedIps(qr).find((f) => f.subnetId === str(srcSubnet, 'id'))?.ip ?? gatewayIp ?? '?';
    const legs = [l2Leg(ctx, `${srcName} → ${routerName} (${qrIp})`, from, packetTo(str(qr, 'mac_address') ?? '', dstIp), srcNet, qr, '')];
    const routes = list(router, 'routes').filter((r) => str(r, 'destination') && ipInCidr(dstIp, str(r, 'destination') as string));
    if (targetPort) {
      // East-west: the router's interface on the target's subnet sends it on, source address unchanged.
      const targetSubnet = subnetOf(api, targetPort, dstIp);
      const qrOut = api.ports.find((p) => p.device_id === qr.device_id && isRouterInterfaceOwner(str(p, 'device_owner') ?? '') && fixedIps(p).some((f) => f.subnetId === str(targetSubnet, 'id')));
      if (!qrOut || !hostIn(qrOut, srcHost)) {
        ctx.assumptions.push(`${routerName} has no interface on ${str(targetSubnet, 'cidr') ?? "the target's subnet"}: the second leg is not planned`);
        return { source, target: wt, targetPort, assumptions: ctx.assumptions, legs };
      }
      ctx.assumptions.push(`${routerName} routes ${dstIp} directly out of its interface on ${str(targetSubnet, 'cidr')} (a connected subnet${routes.length ? `; it also has extra routes ${routes.map((r) => str(r, 'destination')).join(', ')}` : ''}), without NAT`);
      const outPacket: WalkPacket = { srcMac: str(qrOut, 'mac_address') ?? '', dstMac: str(targetPort, 'mac_address') ?? '', srcIp, dstIp, proto: protoText(request.proto) };
      const hop = { host: hostIn(qrOut, srcHost) as string, device: brIntDevice(qrOut), arrival: `from ${routerName}'s interface ${ipv4Of(qrOut) ?? ''}` };
      legs.push(l2Leg(ctx, `${routerName} → ${wt.description}`, hop, outPacket, networkOf(api, targetPort), targetPort, ''));
      return { source, target: wt, targetPort, assumptions: ctx.assumptions, legs };
    }
    // North-south: out of the router's gateway port, after NAT.
    const gwInfo = obj(router, 'external_gateway_info');
    const qg = api.ports.find((p) => p.device_id === qr.device_id && p.device_owner === DEVICE_OWNER.routerGateway);
    if (!qg || !hostOf(qg) || !str(gwInfo, 'network_id')) {
      ctx.assumptions.push(`${routerName} has no external gateway port in the data: the walk ends at the router`);
      return { source, target: wt, targetPort: null, assumptions: ctx.assumptions, legs };
    }
    const fip = api.floatingIps.find((f) => f.port_id === src.id && str(f, 'fixed_ip_address') === srcIp);
    // DVR (src/neutron/dvrRules.ts): a floating IP leaves on the instance's own host, from its fip- namespace's fg- port
    const fg = fip && isDistributedRouter(router) ? fipAgentGatewayPort(api.ports, srcHost, String(gwInfo.network_id)) : undefined;
    if (fip && fg) {
      const extNet = api.networks.find((n) => n.id === gwInfo.network_id);
      const floating = str(fip, 'floating_ip_address') as string;
      ctx.assumptions.push(`${routerName} is distributed: ${srcHost}'s qrouter- rewrites the source ${srcIp} to ${floating} and sends it through the rfp-/fpr- pair to its fip- namespace, which routes it out of ${brIntDevice(fg)}; the next hop is outside the cloud (MAC unknown: ${WALK.unknownMac})`);
      const outPacket: WalkPacket = { srcMac: str(fg, 'mac_address') ?? '', dstMac: WALK.unknownMac, srcIp: floating, dstIp, proto: protoText(request.proto) };
      const hop = { host: srcHost, device: brIntDevice(fg), arrival: `from ${srcHost}'s floating-IP gateway port (${ipv4Of(fg) ?? '?'})` };
      legs.push(l2Leg(ctx, `${routerName} → ${dstIp} (outside the cloud, through fip-)`, hop, outPacket, extNet, null, `the external network ${str(extNet, 'name') || str(extNet, 'id')}`));
      return { source, target: wt, targetPort: null, assumptions: ctx.assumptions, legs };
    }
    // DVR without a floating IP (dvr_local_router.py _snat_redirect_add): the instance host's qrouter- sends the packet, still
    // unNATed, from its qr- port to the router's SNAT port (sg-) on the same network, bound to the dvr_snat node; the snat-
    // namespace there NATs it out of qg- (dvr_edge_router.py). The frame crosses hosts with the source host's DVR MAC.
    const sg = !fip && isDistributedRouter(router) ? snatPortOn(api.ports, String(qr.device_id), String(src.network_id)) : undefined;
    if (sg && hostOf(sg)) {
      ctx.assumptions.push(`${routerName} is distributed: ${srcHost}'s qrouter- sends traffic without a floating IP to its SNAT port ${ipv4Of(sg) ?? '?'} (${brIntDevice(sg)}) in ${DVR_NAMESPACE_PREFIX.snat}${String(qr.device_id)} on ${hostOf(sg)}, which SNATs it out of the gateway port`);
      const toSnat: WalkPacket = { srcMac: str(qr, 'mac_address') ?? '', dstMac: str(sg, 'mac_address') ?? '', srcIp, dstIp, proto: protoText(request.proto) };
      const hop = { host: hostIn(qr, srcHost) as string, device: brIntDevice(qr), arrival: `from ${routerName}'s interface ${qrIp}` };
      legs.push(l2Leg(ctx, `${routerName} → its SNAT port ${ipv4Of(sg) ?? '?'}`, hop, toSnat, srcNet, sg, ''));
    }
    const snatIp = ipv4Of(qg);
    const natSource = fip ? (str(fip, 'floating_ip_address') as string) : gwInfo.enable_snat === false ? srcIp : snatIp ?? srcIp;
    const extNet = api.networks.find((n) => n.id === gwInfo.network_id);
    const extSubnet = subnetOf(api, qg, snatIp ?? '');
    const extGateway = str(extSubnet, 'gateway_ip');
    ctx.assumptions.push(
      routes.length
        ? `${routerName} has extra routes for ${dstIp} (${routes.map((r) => `${str(r, 'destination')} via ${str(r, 'nexthop')}`).join(', ')}); the walk still follows its default route out of the gateway port`
        : `${routerName} has no route for ${dstIp} (routes: ${list(router, 'routes').length || 'none'}): its default route leads out of its gateway port ${str(qg, 'id')} to ${extGateway ?? 'the external gateway'}`,
    );
    ctx.assumptions.push(fip ? `the router's floating-IP NAT rewrites the source ${srcIp} to ${natSource}` : natSource !== srcIp ? `the router's SNAT rewrites the source ${srcIp} to ${natSource}` : 'SNAT is disabled: the source address is kept');
    ctx.assumptions.push(`the external gateway ${extGateway ?? '?'} is not a Neutron port: its MAC is unknown, so the walk uses ${WALK.unknownMac}`);
    const outPacket: WalkPacket = { srcMac: str(qg, 'mac_address') ?? '', dstMac: WALK.unknownMac, srcIp: natSource, dstIp, proto: protoText(request.proto) };
    const hop = { host: hostOf(qg) as string, device: brIntDevice(qg), arrival: `from ${routerName}'s gateway port (${snatIp ?? '?'})` };
    legs.push(l2Leg(ctx, `${routerName} → ${dstIp} (outside the cloud)`, hop, outPacket, extNet, null, `the external network ${str(extNet, 'name') || str(extNet, 'id')}`));
    return { source, target: wt, targetPort: null, assumptions: ctx.assumptions, legs };
  };

  if (keyword === 'dhcp') {
    const dhcp = api.ports.find((p) => p.network_id === src.network_id && p.device_owner === DEVICE_OWNER.dhcp && ipv4Of(p));
    if (!dhcp) throw new NetxrayError('not-found', `--to dhcp: network ${str(srcNet, 'name') || String(src.network_id)} has no DHCP port with an IPv4 address`);
    return toPort(dhcp, 'dhcp');
  }
  if (keyword === 'gateway') {
    const gatewayIp = str(srcSubnet, 'gateway_ip');
    if (!gatewayIp) throw new NetxrayError('not-found', `--to gateway: subnet ${str(srcSubnet, 'cidr') ?? '?'} has no gateway_ip`);
    const owner = api.ports.find((p) => p.network_id === src.network_id && fixedIps(p).some((f) => f.ip === gatewayIp));
    if (owner) return toPort(owner, 'gateway');
    return routed({ kind: 'gateway', description: `gateway ${gatewayIp} (not a Neutron port: outside the cloud)`, ip: gatewayIp, portId: null, host: null }, null, gatewayIp);
  }
  if (keyword === 'metadata') {
    const qr = routerInterfaceOn(api, str(srcSubnet, 'id'));
    const dhcp = api.ports.find((p) => p.network_id === src.network_id && p.device_owner === DEVICE_OWNER.dhcp);
    const via = qr ?? dhcp;
    if (!via) throw new NetxrayError('not-found', `--to metadata: no router interface or DHCP port on ${str(srcSubnet, 'cidr') ?? 'the subnet'} to serve ${WALK.metadataIp}`);
    ctx.assumptions.push(`${WALK.metadataIp} is answered by the metadata proxy in ${qr ? `the router's namespace qrouter-${String(qr.device_id)}` : `the DHCP namespace qdhcp-${String(src.network_id)} (isolated metadata)`}: the walk ends where the packet enters it`);
    const desc = describePort(api, via);
    const wt: WalkTarget = { kind: 'metadata', description: `metadata ${WALK.metadataIp} via ${desc}`, ip: WALK.metadataIp, portId: str(via, 'id'), host: hostOf(via) };
    return { source, target: wt, targetPort: null, assumptions: ctx.assumptions, legs: [l2Leg(ctx, `${srcName} → metadata via ${desc}`, from, packetTo(str(via, 'mac_address') ?? '', WALK.metadataIp), srcNet, via, '')] };
  }
  if (keyword === 'internet') {
    const ip = outsideAddress(api);
    ctx.assumptions.push(`"internet" is ${ip}, an address outside every subnet of the cloud`);
    return routed({ kind: 'internet', description: `the internet (${ip})`, ip, portId: null, host: null }, null, ip);
  }
  const destination = walkDestination(api, walk, srcSubnet);
  if (destination.kind === 'port') return toPort(destination.port, destination.as);
  if (destination.kind === 'unknown-in-subnet') {
    ctx.assumptions.push(`no port has ${to}: the walk sends it to ${WALK.unknownMac} (an unlearned MAC, flooded)`);
    const wt: WalkTarget = { kind: 'address', description: `${to} (no Neutron port has it)`, ip: to, portId: null, host: null };
    return { source, target: wt, targetPort: null, assumptions: ctx.assumptions, legs: [l2Leg(ctx, `${srcName} → ${to}`, from, packetTo(WALK.unknownMac, to), srcNet, null, `${to} on the network, outside OpenStack`)] };
  }
  return routed({ kind: 'address', description: `${to} (outside the cloud)`, ip: to, portId: null, host: null }, null, to);
}

/** Every probe of a plan, by host: what the collector runs (plus the datapath port listing of each host). */
export function probesByHost(plan: WalkPlan): Map<string, WalkProbe[]> {
  const byHost = new Map<string, WalkProbe[]>();
  for (const leg of plan.legs) {
    for (const p of [leg.start, ...leg.continuations.map((c) => c.probe)]) byHost.set(p.host, [...(byHost.get(p.host) ?? []), p]);
  }
  return byHost;
}
