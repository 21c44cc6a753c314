// What every backend's packet walk starts from, from the Neutron API alone: the source port, what `--to` names (an
// instance, a port, an address, a keyword), the router on a subnet and an address outside the cloud.
import { NetxrayError } from '../errors.js';
import type { ApiObject, CloudSnapshot } from '../model/cloudSnapshot.js';
import { WALK_KEYWORDS, type WalkRequest } from '../model/walkModel.js';
import { fixedIps, str } from './apiFields.js';
import { isRouterInterfaceOwner } from './neutronRules.js';
import { orderPorts } from './portOrder.js';
import { chooseTraceSubject, type TraceSubject } from './traceSubject.js';
import { ipInCidr, isIpv4 } from './ipv4.js';
import { WALK } from './walkCommands.js';

type CloudApi = CloudSnapshot['api'];

export const ipv4Of = (port: ApiObject): string | null => fixedIps(port).find((f) => isIpv4(f.ip))?.ip ?? null;
export const hostOf = (port: ApiObject): string | null => str(port, 'binding:host_id') || null;
/** The first address outside every subnet of the snapshot (documentation ranges first, RFC 5737). */
export function outsideAddress(api: CloudApi): string {
  const cidrs = api.subnets.map((s) => str(s, 'cidr')).filter((c): c is string => !!c);
  return WALK.internetCandidates.find((ip) => !cidrs.some((c) => ipInCidr(ip, c))) ?? WALK.internetCandidates[0];
}

export function subnetOf(api: CloudApi, port: ApiObject, ip: string): ApiObject | undefined {
  const id = fixedIps(port).find((f) => f.ip === ip)?.subnetId;
  return api.subnets.find((s) => s.id === id);
}

/** The router with an interface on this subnet (its qr- port on the network), if any. */
export function routerInterfaceOn(api: CloudApi, subnetId: string | null): ApiObject | undefined {
  if (!subnetId) return undefined;
  return api.ports.find((p) => isRouterInterfaceOwner(str(p, 'device_owner') ?? '') && fixedIps(p).some((f) => f.subnetId === subnetId));
}

/** The ports of what `--to` names: an instance (its ports, in Nova's order) or a port, by the trace argument's rule. */
export function targetPortByRef(api: CloudApi, ref: string): ApiObject[] {
  let subject: TraceSubject;
  try {
    subject = chooseTraceSubject(ref, api.servers, api.ports, 'in the data');
  } catch (error) {
    if (error instanceof NetxrayError && error.code === 'not-found') return [];
    throw error instanceof NetxrayError ? new NetxrayError(error.code, `--to ${error.message}`) : error;
  }
  if (subject.kind === 'port') return [subject.port];
  const server = subject.server;
  return orderPorts(server, api.ports.filter((p) => p.device_id === server.id));
}

export function chooseSource(api: CloudApi, server: ApiObject, request: WalkRequest, targetPorts: ApiObject[]): { port: ApiObject; index: number } {
  const ports = orderPorts(server, api.ports.filter((p) => p.device_id === server.id));
  if (ports.length === 0) throw new NetxrayError('not-found', `${str(server, 'name')} has no port in the snapshot: nothing to walk from`);
  if (request.fromInterface !== undefined) {
    const port = ports[request.fromInterface - 1];
    if (!port) throw new NetxrayError('bad-input', `--from-interface ${request.fromInterface}: ${str(server, 'name')} has ${ports.length} interface(s)`);
    return { port, index: request.fromInterface };
  }
  const shared = ports.findIndex((p) => targetPorts.some((t) => t.network_id === p.network_id));
  const withIp = ports.findIndex((p) => ipv4Of(p) !== null);
  const index = shared >= 0 ? shared : Math.max(withIp, 0);
  return { port: ports[index], index: index + 1 };
}

/** What every backend's walk starts from: the target as `--to` names it (keyword, ports, address owners) and the source port. */
export function resolveWalk(api: CloudApi, server: ApiObject, request: WalkRequest) {
  const to = request.to.trim();
  const keyword = (WALK_KEYWORDS as readonly string[]).includes(to) ? to : null;
  const byRef = keyword || isIpv4(to) ? [] : targetPortByRef(api, to);
  if (!keyword && !isIpv4(to) && byRef.length === 0) {
    throw new NetxrayError('not-found', `--to "${to}": no instance, port or keyword of that name in the data (use an IPv4 address, an instance name or UUID, or ${WALK_KEYWORDS.join(', ')})`);
  }
  const ipTarget = isIpv4(to) ? api.ports.filter((p) => fixedIps(p).some((f) => f.ip === to)) : [];
  const { port: src, index } = chooseSource(api, server, request, [...byRef, ...ipTarget]);
  const srcIp = ipv4Of(src);
  const srcHost = hostOf(src);
  if (!srcIp) throw new NetxrayError('bad-input', `interface ${index} of ${str(server, 'name')} has no IPv4 address: the walk handles IPv4 only`);
  if (!srcHost) throw new NetxrayError('bad-input', `interface ${index} of ${str(server, 'name')} is not bound to a host (binding:host_id empty or hidden): nothing to walk on`);
  return { to, keyword, byRef, ipTarget, src, index, srcIp, srcHost, srcMac: str(src, 'mac_address') ?? '' };
}

/** Where a `--to` that is no keyword leads: a port (named, or owning the address), an unknown host in the source subnet, or outside. */
export type WalkDestination = { kind: 'port'; port: ApiObject; as: 'instance' | 'port' | 'address' } | { kind: 'unknown-in-subnet' } | { kind: 'outside' };

/** The destination of a resolved walk's `--to` (after its keywords), the same for every backend. */
export function walkDestination(api: CloudApi, walk: ReturnType<typeof resolveWalk>, srcSubnet: ApiObject | undefined): WalkDestination {
  const { to, byRef, ipTarget, src } = walk;
  if (byRef.length > 0) {
    const onShared = byRef.find((p) => p.network_id === src.network_id) ?? byRef.find((p) => ipv4Of(p));
    if (!onShared) throw new NetxrayError('not-found', `--to "${to}" has no port with an IPv4 address`);
    return { kind: 'port', port: onShared, as: api.servers.some((s) => s.id === onShared.device_id) ? 'instance' : 'port' };
  }
  // An address: a port's, one in the source subnet (an unknown host there), or outside (routed).
  const owner = ipTarget.find((p) => p.network_id === src.network_id) ?? ipTarget[0];
  if (owner) return { kind: 'port', port: owner, as: 'address' };
  const cidr = str(srcSubnet, 'cidr');
  return cidr && ipInCidr(to, cidr) ? { kind: 'unknown-in-subnet' } : { kind: 'outside' };
}
