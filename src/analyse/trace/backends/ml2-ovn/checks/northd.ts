// ML2/OVN check on ovn-northd, the one daemon between the northbound DB (what Neutron writes) and the southbound DB
// (what every ovn-controller reads). Its progress is in NB_Global (ovn-nb(5)): `nb_cfg` is the configuration
// sequence number the CMS asks for (Neutron bumps it in its agent health check, ml2 ovn mech_driver
// ping_all_chassis), `sb_cfg` the one northd has carried into the SB and seen acknowledged. sb_cfg behind nb_cfg:
// northd is down, cut off from a DB, or still working. When it is down, every chassis also looks stale to Neutron,
// so this is the cause of the ovn-controller-down / peer-chassis-down findings (and of a gateway judged unclaimed because
// its chassis looks dead), not the controllers.
import { AGENT_TYPE } from '../../../../../neutron/neutronRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import { ovnDb, rowNum, type OvsdbRow } from '../ovnDb.js';

/** nb_cfg - sb_cfg when northd is behind (null: in step, or not read). */
export function northdLag(nbGlobal: OvsdbRow | undefined): { nbCfg: number; sbCfg: number } | null {
  const nbCfg = rowNum(nbGlobal, 'nb_cfg');
  const sbCfg = rowNum(nbGlobal, 'sb_cfg');
  return nbCfg !== null && sbCfg !== null && nbCfg > sbCfg ? { nbCfg, sbCfg } : null;
}

export const ovnNorthdBehindCheck: TraceCheck<OvnInterfaceAnalysis> = {
  id: 'ovn-northd-behind',
  severity: 'error',
  summary: "ovn-northd has not carried the northbound DB's latest configuration into the southbound DB (NB_Global sb_cfg behind nb_cfg): new changes reach no chassis",
  explains: ['ovn-controller-down', 'peer-chassis-down', 'gateway-unclaimed'],
  run(ctx) {
    const table = ovnDb(ctx.index).table('nb', 'NB_Global');
    const lag = northdLag(table.rows[0]);
    if (!lag) return [];
    const controllers = ctx.index.snapshot.api.agents.filter((a) => a.agent_type === AGENT_TYPE.ovnController || a.agent_type === AGENT_TYPE.ovnControllerGateway);
    const allDead = controllers.length > 0 && controllers.every((a) => a.alive === false);
    // One sequence number behind can be northd at work on a change made a moment ago (Neutron bumps nb_cfg when its
    // agents are listed, as this trace did): a warning. Two or more, or every chassis dead to Neutron: an error.
    const sure = lag.nbCfg - lag.sbCfg >= 2 || allDead;
    const drafts: FindingDraft[] = ctx.interfaces.map((a) => ({
      severity: sure ? 'error' : 'warning',
      portId: a.trace.port.id,
      message: `ovn-northd is behind: the northbound DB asks for configuration ${lag.nbCfg}, the southbound has ${lag.sbCfg}${allDead ? ', and Neutron sees every OVN controller agent dead' : ''}: changes to this port and its network reach no chassis`,
      hint: 'check ovn-northd on the OVN central host (ovn-appctl -t ovn-northd status: active/standby; its log); it must reach both the NB and the SB DB',
      evidence: [{ source: table.source, text: `nb_cfg=${lag.nbCfg} sb_cfg=${lag.sbCfg}` }],
    }));
    return drafts;
  },
};
