// Checks on the port's security groups, the same for every backend: can ping and SSH get in from outside the group.
import type { ApiObject } from '../../../model/cloudSnapshot.js';
import type { CheckContext, FindingDraft, InterfaceAnalysis, TraceCheck } from '../backend.js';
import { list, str } from '../cloudIndex.js';
import { perInterface } from './checkHelpers.js';

/** ICMP / SSH ingress from anywhere (remote group rules only open the group's own members). */
function securityGroupGap(a: InterfaceAnalysis, ctx: CheckContext, what: 'icmp' | 'ssh'): FindingDraft[] {
  if (!a.trace.port.portSecurityEnabled || a.trace.port.deviceOwner.startsWith('network:')) return [];
  const groups = a.trace.port.securityGroups.map((id) => ctx.index.securityGroup(id)).filter((g): g is ApiObject => !!g);
  if (groups.length === 0 && a.trace.port.securityGroups.length > 0) return []; // groups not visible: do not guess
  const rules = groups.flatMap((g) => list(g, 'security_group_rules'));
  const allows = rules.some((r) => {
    if (str(r, 'direction') !== 'ingress' || (str(r, 'ethertype') ?? 'IPv4') !== 'IPv4') return false;
    if (str(r, 'remote_group_id') || str(r, 'remote_address_group_id')) return false;
    const proto = str(r, 'protocol') ?? (typeof r.protocol === 'number' ? String(r.protocol) : null);
    if (proto === null || proto === 'any') return true;
    if (what === 'icmp') return proto === 'icmp' || proto === '1';
    if (proto !== 'tcp' && proto !== '6') return false;
    const min = typeof r.port_range_min === 'number' ? r.port_range_min : null;
    const max = typeof r.port_range_max === 'number' ? r.port_range_max : null;
    return (min === null || min <= 22) && (max === null || max >= 22);
  });
  if (allows) return [];
  const label = what === 'icmp' ? 'ICMP (ping)' : 'SSH (TCP 22)';
  return [{ portId: a.trace.port.id, message: `no security group of port ${a.trace.port.id} allows ${label} in from outside the group`, hint: `openstack security group rule create --ingress --protocol ${what === 'icmp' ? 'icmp' : 'tcp --dst-port 22'} <group>`, evidence: groups.map((g) => ({ source: `neutron security group ${str(g, 'id')}`, text: `${str(g, 'name')}: ${list(g, 'security_group_rules').filter((r) => str(r, 'direction') === 'ingress').map((r) => `${str(r, 'protocol') ?? 'any'}${r.port_range_min != null ? `:${r.port_range_min}-${r.port_range_max}` : ''}${str(r, 'remote_group_id') ? ' from group' : ` from ${str(r, 'remote_ip_prefix') ?? 'any'}`}`).join(', ') || 'no ingress rule'}` })) }];
}

export const sgNoIcmpCheck: TraceCheck = {
  id: 'sg-no-icmp',
  needsApi: true,
  severity: 'warning',
  summary: 'no security group rule lets ICMP in from outside the group',
  run: perInterface((a, ctx) => securityGroupGap(a, ctx, 'icmp')),
};

export const sgNoSshCheck: TraceCheck = {
  id: 'sg-no-ssh',
  needsApi: true,
  severity: 'warning',
  summary: 'no security group rule lets TCP 22 in from outside the group',
  run: perInterface((a, ctx) => securityGroupGap(a, ctx, 'ssh')),
};
