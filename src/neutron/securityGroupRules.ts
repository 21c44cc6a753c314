// Which security-group rule lets the walked packet out of its source port and into its destination port (Neutron API
// semantics: neutron/db/securitygroups_db.py rule fields; a rule matches ethertype, protocol, port range and remote).
import type { ApiObject, CloudSnapshot } from '../model/cloudSnapshot.js';
import type { SecurityGroupDecision, SecurityGroupRuleRef, WalkProto } from '../model/walkModel.js';
import { fixedIps, list, num, str } from './apiFields.js';
import { ipInCidr } from './ipv4.js';

type CloudApi = CloudSnapshot['api'];

/** neutron_lib/constants.py IP_PROTOCOL_MAP: the names and numbers a rule's protocol may hold. */
const PROTOCOL_NUMBERS: Record<string, string> = { icmp: '1', tcp: '6', udp: '17' };

function protocolMatches(rule: ApiObject, proto: WalkProto): boolean {
  const p = str(rule, 'protocol');
  if (p === null || p === 'any' || p === '') return true;
  return p === proto.kind || p === PROTOCOL_NUMBERS[proto.kind];
}

function portMatches(rule: ApiObject, proto: WalkProto): boolean {
  if (proto.kind === 'icmp' || proto.kind === 'arp') return true; // for ICMP, port_range_min/max are type/code; the walk sends an echo request
  const min = num(rule, 'port_range_min');
  const max = num(rule, 'port_range_max');
  return (min === null || proto.port >= min) && (max === null || proto.port <= max);
}

/** A rule in words, e.g. `ingress IPv4 icmp from anywhere`; `groupName` names a remote group. */
export function ruleText(rule: ApiObject, groupName: (id: string) => string): string {
  const dir = str(rule, 'direction') ?? '?';
  const proto = str(rule, 'protocol') ?? 'any';
  const min = num(rule, 'port_range_min');
  const max = num(rule, 'port_range_max');
  const ports = min === null ? '' : proto === 'icmp' ? ` type ${min}${max !== null ? ` code ${max}` : ''}` : ` port ${min === max || max === null ? min : `${min}-${max}`}`;
  const remoteGroup = str(rule, 'remote_group_id');
  const remote = remoteGroup ? `members of ${groupName(remoteGroup)}` : str(rule, 'remote_ip_prefix') ?? 'anywhere';
  return `${dir} ${str(rule, 'ethertype') ?? 'IPv4'} ${proto}${ports} ${dir === 'ingress' ? 'from' : 'to'} ${remote}`;
}

const ipsOf = (port: ApiObject) => fixedIps(port).map((f) => f.ip);
const groupsOf = (port: ApiObject) => (Array.isArray(port.security_groups) ? (port.security_groups as unknown[]).filter((g): g is string => typeof g === 'string') : []);

/**
 * The decision of one port's groups for the packet: `direction` egress from `port` towards `peerIp`, or ingress into
 * `port` from `peerIp`. `peerPort` (if in the cloud) lets remote-group rules match by membership.
 */
export function decide(api: CloudApi, port: ApiObject, direction: 'ingress' | 'egress', peerIp: string, peerPort: ApiObject | null, proto: WalkProto): SecurityGroupDecision {
  const portId = str(port, 'id') ?? '';
  const groupIds = groupsOf(port);
  const groupName = (id: string) => str(api.securityGroups.find((g) => g.id === id), 'name') || id;
  const groups = groupIds.map((id) => ({ id, name: groupName(id) }));
  if (port.port_security_enabled === false) return { portId, direction, allowedBy: null, groups, missing: null, portSecurityDisabled: true };
  const peerGroups = peerPort ? groupsOf(peerPort) : [];
  // Remote-group rules match the addresses of the group's ports: the peer's own, when it is a member.
  const remoteMatches = (rule: ApiObject) => {
    const rg = str(rule, 'remote_group_id');
    if (rg) return peerGroups.includes(rg) && !!peerPort && ipsOf(peerPort).includes(peerIp);
    const prefix = str(rule, 'remote_ip_prefix');
    return prefix === null || ipInCidr(peerIp, prefix);
  };
  let allowedBy: SecurityGroupRuleRef | null = null;
  for (const id of groupIds) {
    const group = api.securityGroups.find((g) => g.id === id);
    const rule = list(group, 'security_group_rules').find(
      (r) => str(r, 'direction') === direction && (str(r, 'ethertype') ?? 'IPv4') === 'IPv4' && protocolMatches(r, proto) && portMatches(r, proto) && remoteMatches(r),
    );
    if (rule) {
      allowedBy = { id: str(rule, 'id') ?? '', groupId: id, groupName: groupName(id), text: ruleText(rule, groupName) };
      break;
    }
  }
  const unknown = groupIds.filter((id) => !api.securityGroups.some((g) => g.id === id));
  const protoFlags = proto.kind === 'icmp' || proto.kind === 'arp' ? `--protocol ${proto.kind}` : `--protocol ${proto.kind} --dst-port ${proto.port}`;
  const missing = allowedBy
    ? null
    : `openstack security group rule create --${direction} --ethertype IPv4 ${protoFlags} --remote-ip ${peerIp}/32 ${groups[0]?.id ?? '<group>'}${unknown.length ? ` (groups not in the data: ${unknown.join(', ')})` : ''}`;
  return { portId, direction, allowedBy, groups, missing, portSecurityDisabled: false };
}

/** Whether the port's groups let the packet through in that direction (port security off: no firewall, so yes). */
export function securityGroupsAllow(api: CloudApi, port: ApiObject, direction: 'ingress' | 'egress', peerIp: string, peerPort: ApiObject | null, proto: WalkProto): boolean {
  const d = decide(api, port, direction, peerIp, peerPort, proto);
  return d.portSecurityDisabled || d.allowedBy !== null;
}
