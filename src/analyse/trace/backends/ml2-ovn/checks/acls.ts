// ML2/OVN checks of security groups as the NB holds them, expected against actual: neutron's OVN driver writes one ACL
// per security-group rule into the group's Port_Group (`pg_<group id>`), tagged with the rule id
// (neutron/common/ovn/acl.py add_acls_for_sg_port_group, _add_sg_rule_acl_for_port_group; constants.py
// OVN_SG_RULE_EXT_ID_KEY). A rule without its ACL is traffic the API allows and OVN drops; an ACL no rule stands for
// decides traffic Neutron never asked for. Both are NB drift behind Neutron's back.
import type { ApiObject } from '../../../../../model/cloudSnapshot.js';
import { ruleText } from '../../../../../neutron/securityGroupRules.js';
import { SG_RULE_EXT_ID, portGroupName } from '../../../../../neutron/ovnRules.js';
import type { CheckContext, FindingDraft, TraceCheck } from '../../../backend.js';
import { list, str } from '../../../cloudIndex.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import { ovnDb, rowList, rowMap, rowNum, rowStr, type OvsdbRow } from '../ovnDb.js';

interface GroupState {
  group: ApiObject;
  portId: string;
  portGroup: OvsdbRow | undefined;
  /** The ACL rows in the port group (of those read: a trace reads the groups' rules' ACLs). */
  acls: OvsdbRow[];
  /** ACL uuids in the port group that were read as no rule's ACL (or not read at all). */
  unknownAclUuids: string[];
}

/** Each security group of the instance's ports once, with its Port_Group and ACLs; null when the NB tables were not read. */
function groupStates(ctx: CheckContext<OvnInterfaceAnalysis>): GroupState[] | null {
  const db = ovnDb(ctx.index);
  const pgs = db.table('nb', 'Port_Group');
  const aclTable = db.table('nb', 'ACL');
  if (pgs.problem || aclTable.problem) return null;
  const seen = new Map<string, GroupState>();
  for (const a of ctx.interfaces) {
    if (!a.trace.port.portSecurityEnabled) continue;
    for (const id of a.trace.port.securityGroups) {
      const group = ctx.index.securityGroup(id);
      if (!group || seen.has(id)) continue;
      const portGroup = pgs.rows.find((r) => rowStr(r, 'name') === portGroupName(id));
      const uuids = rowList(portGroup, 'acls');
      const acls = aclTable.rows.filter((r) => uuids.includes(String(r._uuid)));
      seen.set(id, { group, portId: a.trace.port.id, portGroup, acls, unknownAclUuids: uuids.filter((u) => !acls.some((r) => r._uuid === u)) });
    }
  }
  return [...seen.values()];
}

const groupWords = (g: ApiObject) => `security group ${str(g, 'name') ?? ''} (${str(g, 'id')})`;
const aclText = (acl: OvsdbRow) => `${rowStr(acl, 'direction')} priority ${rowNum(acl, 'priority')} "${rowStr(acl, 'match')}" ${rowStr(acl, 'action')}`;

export const sgAclMissingCheck: TraceCheck<OvnInterfaceAnalysis> = {
  id: 'sg-acl-missing',
  severity: 'error',
  needsApi: true,
  summary: "a security-group rule Neutron has has no ACL in the group's NB Port_Group (NB drifted from Neutron): OVN drops what the rule allows",
  run(ctx) {
    const out: FindingDraft[] = [];
    const names = (id: string) => str(ctx.index.securityGroup(id), 'name') ?? id;
    const source = ovnDb(ctx.index).table('nb', 'Port_Group').source;
    for (const s of groupStates(ctx) ?? []) {
      const pg = portGroupName(String(s.group.id));
      const rules = list(s.group, 'security_group_rules');
      const missing = rules.filter((r) => !s.acls.some((acl) => rowMap(acl, 'external_ids')[SG_RULE_EXT_ID] === r.id));
      for (const rule of missing) {
        out.push({
          portId: s.portId,
          message: `${groupWords(s.group)}: rule ${str(rule, 'id')} (${ruleText(rule, names)}) has no ACL in the NB port group ${pg}${s.portGroup ? '' : ' (the port group itself is missing)'}: OVN does not allow what the rule allows`,
          hint: `let Neutron write the ACL again: re-create the rule (openstack security group rule delete/create), or run neutron-ovn-db-sync-util in log mode first to see the drift, then repair mode`,
          evidence: [
            { source: `neutron security group ${str(s.group, 'id')}`, text: `expected: ACL with external_ids:${SG_RULE_EXT_ID}=${str(rule, 'id')} in ${pg}` },
            { source, text: s.portGroup ? `found: ${pg} acls ${s.acls.map((acl) => rowMap(acl, 'external_ids')[SG_RULE_EXT_ID] ?? String(acl._uuid)).join(', ') || '(none)'}` : `found: no Port_Group ${pg}` },
          ],
        });
      }
    }
    return out;
  },
};

export const sgAclForeignCheck: TraceCheck<OvnInterfaceAnalysis> = {
  id: 'sg-acl-foreign',
  severity: 'warning',
  needsApi: true,
  summary: "an ACL in a security group's NB Port_Group stands for no rule Neutron has (added or left behind outside Neutron): it decides traffic Neutron never asked for",
  run(ctx) {
    const out: FindingDraft[] = [];
    const source = ovnDb(ctx.index).table('nb', 'ACL').source;
    for (const s of groupStates(ctx) ?? []) {
      const pg = portGroupName(String(s.group.id));
      const ruleIds = new Set(list(s.group, 'security_group_rules').map((r) => str(r, 'id')));
      const foreign = s.acls.filter((acl) => !ruleIds.has(rowMap(acl, 'external_ids')[SG_RULE_EXT_ID] ?? ''));
      for (const acl of foreign) {
        const rule = rowMap(acl, 'external_ids')[SG_RULE_EXT_ID];
        out.push({
          portId: s.portId,
          message: `${groupWords(s.group)}: the NB port group ${pg} has ACL ${String(acl._uuid)} (${aclText(acl)}) for ${rule ? `rule ${rule}, which the group does not have` : 'no security-group rule'}`,
          hint: `remove the ACL from the port group (ovn-nbctl remove Port_Group ${pg} acls ${String(acl._uuid)}) once you know who added it, or add the rule in Neutron if it is wanted`,
          evidence: [{ source, text: `${String(acl._uuid)}: ${aclText(acl)} external_ids:${SG_RULE_EXT_ID}=${rule ?? '(none)'}` }],
        });
      }
      // ACLs a trace did not read (it finds ACLs by the group's rule ids): none of the group's rules names them
      if (s.unknownAclUuids.length) {
        out.push({
          portId: s.portId,
          message: `${groupWords(s.group)}: the NB port group ${pg} has ${s.unknownAclUuids.length} ACL(s) that stand for none of the group's ${ruleIds.size} rules: ${s.unknownAclUuids.join(', ')}`,
          hint: `look at them (ovn-nbctl list ACL ${s.unknownAclUuids[0]}) and remove those no rule stands for, or add the rule in Neutron if it is wanted`,
          evidence: [{ source: ovnDb(ctx.index).table('nb', 'Port_Group').source, text: `${pg} acls: ${rowList(s.portGroup, 'acls').join(', ')}` }],
        });
      }
    }
    return out;
  },
};
