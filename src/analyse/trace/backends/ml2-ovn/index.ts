// The ML2/OVN backend of trace analysis: neutron's OVN driver writes the NB, northd compiles the SB, each chassis's
// ovn-controller claims its ports and wires br-int; a trace joins Neutron, both databases and each chassis's OVS (docs/trace.md).
import { BACKEND_LABEL } from '../../../../model/backends.js';
import type { TraceHost } from '../../../../model/traceModel.js';
import { AGENT_TYPE } from '../../../../neutron/neutronRules.js';
import type { TraceBackend } from '../../backend.js';
import type { CloudIndex } from '../../cloudIndex.js';
import { chassisOfHost, chassisOvs } from './chassis.js';
import { ml2OvnChecks } from './checks/index.js';
import { analyseOvnInterface, type OvnInterfaceAnalysis } from './interface.js';
import { AUTO_WALK_FINDINGS } from '../../autoWalkFindings.js';
import { ovnAutoWalkRequests } from '../../../../neutron/ml2-ovn/autoWalks.js';
import { walkEach } from '../../walkEach.js';
import { OVN_WALK_FINDING_KINDS, ovnWalkFinding, ovnWalkOf } from './walk/analyseWalk.js';

function describeHost(index: CloudIndex, host: string): TraceHost {
  const capture = index.snapshot.hosts.find((h) => h.host === host);
  const ovs = chassisOvs(index, host);
  const chassis = chassisOfHost(index, host)[0];
  const agent = index.agentRef(AGENT_TYPE.ovnControllerGateway, host) ?? index.agentRef(AGENT_TYPE.ovnController, host);
  const encap = chassis?.ref.encapIp ?? ovs.encapIp;
  const mappings = Object.keys(ovs.bridgeMappings).length ? ovs.bridgeMappings : (chassis?.bridgeMappings ?? {});
  const summary = [
    agent ? `${agent.type} ${agent.alive ? 'alive' : 'DEAD'}` : 'no OVN controller agent',
    chassis ? `chassis ${chassis.ref.name}${chassis.gateway ? ' (gateway)' : ''}, nb_cfg ${chassis.ref.nbCfg ?? '?'}/${chassis.ref.nbCfgWanted ?? '?'}` : 'no SB chassis',
    ...(encap ? [`Geneve endpoint ${encap}`] : []),
  ].join('; ');
  return {
    host,
    reachable: capture?.reachable ?? false,
    ...(capture?.error ? { error: capture.error } : capture ? {} : { error: 'not collected' }),
    agent,
    tunnelEndpoint: encap,
    summary,
    dataplane: { kind: 'ml2/ovn', chassis: chassis?.ref ?? null, bridgeMappings: mappings, gateway: chassis?.gateway ?? false },
  };
}

export const ml2OvnBackend: TraceBackend<OvnInterfaceAnalysis> = {
  id: 'ml2-ovn',
  label: BACKEND_LABEL['ml2-ovn'],
  analyseInterface: analyseOvnInterface,
  describeHost,
  checks: ml2OvnChecks,
  walk: {
    walk: (index, instanceId, request) => ovnWalkOf(index, instanceId, request, true),
    finding: ovnWalkFinding,
    findings: [...OVN_WALK_FINDING_KINDS, ...Object.values(AUTO_WALK_FINDINGS)],
    autoWalks: (index, instanceId) => walkEach(ovnAutoWalkRequests(index.snapshot.api, instanceId), (request) => ovnWalkOf(index, instanceId, request, false)),
  },
};
