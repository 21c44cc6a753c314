// ML2/OVN checks on where a port is wired: the OVN databases read, ovn-controller alive, the NB port present and
// current, the SB binding on the right chassis, the OVS interface plugged and ovn-installed.
import type { Evidence } from '../../../../../model/traceModel.js';
import { AGENT_TYPE, isUnboundVifType } from '../../../../../neutron/neutronRules.js';
import { IFACE_ID, OVN_INSTALLED, REQUESTED_CHASSIS } from '../../../../../neutron/ovnRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { CloudIndex } from '../../../cloudIndex.js';
import type { SbChassis } from '../chassis.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import { ovnDb } from '../ovnDb.js';

type OvnCheck = TraceCheck<OvnInterfaceAnalysis>;

const hopAt = (a: OvnInterfaceAnalysis) => ({ part: 'hop' as const, host: a.host, device: a.trace.hops[0]?.device ?? '?' });
const lspSource = (index: CloudIndex) => ovnDb(index).table('nb', 'Logical_Switch_Port').source;
const pbSource = (index: CloudIndex) => ovnDb(index).table('sb', 'Port_Binding').source;
const chassisText = (c: SbChassis) => `Chassis ${c.ref.name} hostname=${c.ref.hostname ?? '?'}`;
/** A port Neutron did not bind has nothing on a chassis to check (binding-failed is Neutron's own story). */
const bound = (a: OvnInterfaceAnalysis) => !!a.boundHost && !isUnboundVifType(a.trace.port.vifType);

export const ovnDbUnreadCheck: OvnCheck = {
  id: 'ovn-db-unread',
  severity: 'error',
  summary: 'the OVN northbound/southbound databases could not be read',
  unverified: true,
  run(ctx) {
    const problem = ctx.interfaces[0]?.dbProblem;
    if (!problem) return [];
    const reader = ovnDb(ctx.index).reader;
    return [{ ...(reader ? { host: reader } : {}), message: `the OVN databases could not be read: ${problem}; the logical side of every path is unknown`, hint: 'give --ovn-db-host HOST (a host with ovn-nbctl/ovn-sbctl and access to the DBs) or --ovn-nb/--ovn-sb endpoints', evidence: [{ source: lspSource(ctx.index), text: problem }] }];
  },
};

/** Why a chassis's ovn-controller looks dead: its agent row and its Chassis_Private nb_cfg against NB_Global's. */
export function controllerDown(index: CloudIndex, host: string, chassis: SbChassis | undefined): { evidence: Evidence[]; dead: boolean } | null {
  const agent = index.agentRef(AGENT_TYPE.ovnController, host) ?? index.agentRef(AGENT_TYPE.ovnControllerGateway, host);
  const cfg = chassis?.ref;
  const behind = cfg && cfg.nbCfg !== null && cfg.nbCfgWanted !== null && cfg.nbCfg < cfg.nbCfgWanted;
  if (agent?.alive !== false && !behind) return null;
  const evidence: Evidence[] = [];
  if (agent) evidence.push({ source: `neutron agent ${agent.id}`, text: `${agent.type} on ${host} alive=${agent.alive}` });
  if (cfg) evidence.push({ source: `${ovnDb(index).table('sb', 'Chassis_Private').source} name=${cfg.name}`, text: `nb_cfg=${cfg.nbCfg ?? '?'} (NB_Global nb_cfg=${cfg.nbCfgWanted ?? '?'})` });
  // Neutron calls the agent dead when nb_cfg lags for longer than agent_down_time (ovn agent neutron_agent.py alive).
  return { evidence, dead: agent?.alive === false };
}

export const ovnControllerDownCheck: OvnCheck = {
  id: 'ovn-controller-down',
  severity: 'error',
  summary: "the port's chassis's ovn-controller is dead or stale (agent not alive, Chassis_Private nb_cfg behind)",
  explains: ['lsp-down', 'port-unbound', 'not-ovn-installed'],
  run(ctx) {
    const seen = new Set<string>();
    const drafts: FindingDraft[] = [];
    for (const a of ctx.interfaces) {
      if (!a.host || seen.has(a.host) || !bound(a)) continue;
      seen.add(a.host);
      const down = controllerDown(ctx.index, a.host, a.hostChassis[0]);
      if (!down) continue;
      for (const b of ctx.interfaces.filter((x) => x.host === a.host)) {
        drafts.push({
          severity: down.dead ? 'error' : 'warning',
          portId: b.trace.port.id,
          host: a.host,
          at: hopAt(b),
          message: `ovn-controller on ${a.host} is ${down.dead ? 'dead' : 'behind (stale nb_cfg)'}: changes to this port are not applied there`,
          hint: `systemctl status ovn-controller on ${a.host} (ovn-appctl -t ovn-controller connection-status); it must reach the SB DB`,
          evidence: down.evidence,
        });
      }
    }
    return drafts;
  },
};

export const duplicateChassisCheck: OvnCheck = {
  id: 'duplicate-chassis',
  severity: 'warning',
  summary: 'more than one SB Chassis row claims the host name (stale row after a system-id change)',
  run(ctx) {
    const hosts = new Set(ctx.interfaces.filter((a) => a.hostChassis.length > 1).map((a) => a.boundHost as string));
    return [...hosts].map((host) => {
      const rows = ctx.interfaces.find((a) => a.boundHost === host)!.hostChassis;
      return { host, message: `${rows.length} SB Chassis rows claim hostname ${host}`, hint: 'delete the stale one (ovn-sbctl chassis-del <name>, after checking which system-id the host\'s OVS has)', evidence: rows.map((c) => ({ source: ovnDb(ctx.index).table('sb', 'Chassis').source, text: chassisText(c) })) };
    });
  },
};

export const lspMissingCheck: OvnCheck = {
  id: 'lsp-missing',
  severity: 'error',
  summary: 'Neutron has the port, the NB has no Logical_Switch_Port for it (NB drifted from Neutron)',
  explains: ['port-unbound', 'lsp-down', 'not-ovn-installed', 'ovs-interface-missing'],
  run: perInterface((a, ctx) => {
    if (a.dbProblem || a.lsp) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, at: hopAt(a), message: `no Logical_Switch_Port ${a.trace.port.id} in the NB: OVN does not know this port, no traffic passes`, hint: 'neutron-ovn-db-sync-util --ovn-neutron_sync_mode log lists the drift (repair mode writes: a maintainer\'s decision); or update the port in Neutron so the driver re-creates it', evidence: [{ source: lspSource(ctx.index), text: `find Logical_Switch_Port name=${a.trace.port.id}: no row` }] }];
  }),
};

export const lspRevisionBehindCheck: OvnCheck = {
  id: 'lsp-revision-behind',
  severity: 'warning',
  summary: "the LSP's neutron:revision_number is behind the Neutron port's (an update did not reach the NB)",
  run: perInterface((a, ctx) => {
    const { neutron, nb } = a.revisions;
    if (!a.lsp || neutron === null || nb === null || nb >= neutron) return [];
    return [{ portId: a.trace.port.id, message: `the NB port is at revision ${nb}, Neutron's at ${neutron}: the last change to the port is not in OVN`, hint: 'neutron-server\'s maintenance task repairs it when it runs; see the neutron-server log for the failed OVN transaction', evidence: [{ source: `neutron port ${a.trace.port.id}`, text: `revision_number=${neutron}` }, { source: lspSource(ctx.index), text: `external_ids:neutron:revision_number=${nb}` }] }];
  }),
};

export const requestedChassisMismatchCheck: OvnCheck = {
  id: 'requested-chassis-mismatch',
  severity: 'error',
  summary: "the LSP's options:requested-chassis names another host than Neutron's binding (ovn-controller there will not claim it)",
  explains: ['port-unbound', 'lsp-down', 'not-ovn-installed', 'binding-chassis-mismatch'],
  run: perInterface((a, ctx) => {
    const req = a.requestedChassis;
    if (!a.lsp || !req || !bound(a)) return [];
    // neutron writes the hostname (ovn_client.py _get_port_options); a chassis name is accepted by OVN too
    const matches = req.split(',').some((r) => r === a.boundHost || a.hostChassis.some((c) => c.ref.name === r));
    if (matches) return [];
    return [{ portId: a.trace.port.id, host: a.boundHost ?? undefined, at: hopAt(a), message: `the NB asks chassis ${req} to bind this port, Neutron bound it to ${a.boundHost}: ${a.boundHost}'s ovn-controller will not claim it`, hint: `re-bind the port in Neutron (openstack port set --host ${a.boundHost} ${a.trace.port.id}, or nova live-migrate/rebuild) so the driver rewrites requested-chassis`, evidence: [{ source: lspSource(ctx.index), text: `options:${REQUESTED_CHASSIS}=${req}` }, { source: `neutron port ${a.trace.port.id}`, text: `binding:host_id=${a.boundHost}` }] }];
  }),
};

export const bindingChassisMismatchCheck: OvnCheck = {
  id: 'binding-chassis-mismatch',
  severity: 'error',
  summary: 'the SB Port_Binding is claimed by another chassis than the one of Neutron\'s binding host',
  run: perInterface((a, ctx) => {
    const c = a.claimedBy;
    if (!c || !bound(a) || c.ref.hostname === a.boundHost) return [];
    return [{ portId: a.trace.port.id, host: c.ref.hostname ?? undefined, at: hopAt(a), message: `the port is claimed by chassis ${c.ref.hostname ?? c.ref.name}, Neutron bound it to ${a.boundHost}: traffic goes to the wrong host`, hint: `find the stale VIF with iface-id ${a.trace.port.id} on ${c.ref.hostname ?? '?'} (ovs-vsctl find Interface external_ids:iface-id=${a.trace.port.id})`, evidence: [{ source: pbSource(ctx.index), text: `logical_port=${a.trace.port.id} chassis=${c.ref.name} (${chassisText(c)})` }, { source: `neutron port ${a.trace.port.id}`, text: `binding:host_id=${a.boundHost}` }] }];
  }),
};

export const portUnboundCheck: OvnCheck = {
  id: 'port-unbound',
  severity: 'error',
  summary: 'the SB Port_Binding has no chassis (nobody claimed the port) or does not exist',
  run: perInterface((a, ctx) => {
    if (a.dbProblem || !a.lsp || !bound(a) || a.claimedBy) return [];
    const text = a.portBinding ? `logical_port=${a.trace.port.id} chassis=[]` : `find Port_Binding logical_port=${a.trace.port.id}: no row`;
    return [{ portId: a.trace.port.id, host: a.boundHost ?? undefined, at: hopAt(a), message: `no chassis has claimed the port (Neutron bound it to ${a.boundHost}): no traffic reaches it`, hint: `on ${a.boundHost}: ovs-vsctl find Interface external_ids:iface-id=${a.trace.port.id}; ovn-controller log`, evidence: [{ source: pbSource(ctx.index), text }] }];
  }),
};

export const lspDownCheck: OvnCheck = {
  id: 'lsp-down',
  severity: 'error',
  summary: 'the Logical_Switch_Port is not up (OVN has not finished wiring it)',
  run: perInterface((a, ctx) => {
    const up = a.trace.dataplane.kind === 'ml2/ovn' ? a.trace.dataplane.logicalPort?.up : null;
    if (!a.lsp || !bound(a) || up !== false) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, at: hopAt(a), message: 'the Logical_Switch_Port is down: Neutron reports the port DOWN and no traffic passes', hint: 'see the findings above for why; else the ovn-controller log of the chassis', evidence: [{ source: lspSource(ctx.index), text: `name=${a.trace.port.id} up=false` }] }];
  }),
};

export const ovsInterfaceMissingCheck: OvnCheck = {
  id: 'ovs-interface-missing',
  severity: 'error',
  summary: "no OVS interface with external_ids:iface-id = the port on its host's br-int",
  explains: ['port-unbound', 'lsp-down'],
  run: perInterface((a) => {
    if (!bound(a) || !a.hostOvs.read || a.trace.dataplane.kind !== 'ml2/ovn' || a.trace.dataplane.ovsInterface) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, at: hopAt(a), message: `no OVS interface on ${a.host} carries iface-id ${a.trace.port.id}: the VM's tap is not plugged`, hint: `nova-compute log on ${a.host}; openstack server reboot --hard re-plugs the VIF`, evidence: [{ source: `${a.host} ovsdb-interface`, text: `no Interface with external_ids:${IFACE_ID}=${a.trace.port.id}` }] }];
  }),
};

export const notOvnInstalledCheck: OvnCheck = {
  id: 'not-ovn-installed',
  severity: 'error',
  summary: 'the OVS interface lacks external_ids:ovn-installed: ovn-controller has not installed its flows',
  run: perInterface((a) => {
    const vif = a.trace.dataplane.kind === 'ml2/ovn' ? a.trace.dataplane.ovsInterface : null;
    if (!bound(a) || !vif || vif.ovnInstalled) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, at: hopAt(a), message: `${vif.name} on ${a.host} is not ovn-installed: ovn-controller has not (or no longer) installed the port's flows`, hint: `ovn-controller log on ${a.host}; ovs-vsctl get Interface ${vif.name} external_ids`, evidence: [{ source: `${a.host} ovsdb-interface ${vif.name}`, text: `external_ids:${OVN_INSTALLED} absent` }] }];
  }),
};
