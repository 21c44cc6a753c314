// The ML2/OVS backend of trace analysis: Open vSwitch agents wiring ports into br-int with a local VLAN, translated
// on the physical bridges and br-tun (docs/trace.md); the packet walk (ofproto/trace) is ./walk/.
import { BACKEND_LABEL } from '../../../../model/backends.js';
import type { TraceHost } from '../../../../model/traceModel.js';
import { AGENT_TYPE } from '../../../../neutron/neutronRules.js';
import type { TraceBackend } from '../../backend.js';
import { type CloudIndex, obj, str } from '../../cloudIndex.js';
import { ml2OvsChecks } from './checks/index.js';
import { OFFLINE_ABSENT, hostDerivedApi, offlineVifsByHost } from './hostDerivedApi.js';
import { analyseOvsInterface, type OvsInterfaceAnalysis } from './interface.js';
import { hostState, ovsAgentConfig } from './ovsFacts.js';
import { WALK_FINDINGS, analyseWalk, walkFinding } from './walk/analyseWalk.js';
import { analyseAutoWalks } from './walk/autoWalks.js';
import { AUTO_WALK_FINDINGS } from '../../autoWalkFindings.js';

function describeHost(index: CloudIndex, host: string): TraceHost {
  const state = hostState(index, host);
  const captured = index.snapshot.hosts.some((h) => h.host === host);
  const conf = ovsAgentConfig(index, host);
  const mappings = obj(conf, 'bridge_mappings');
  const agent = index.agentRef(AGENT_TYPE.ovs, host);
  const tableLayout = state && state.tableLayoutDetected ? state.tableLayout.name : null;
  const tunnelEndpoint = str(conf, 'tunneling_ip');
  const summary = [
    // Without the API (sosreports) the agent is what its host shows: whether it reports in is Neutron's to say.
    index.snapshot.offline?.api === 'derived-from-hosts' ? 'OVS agent liveness unknown (no API)' : agent ? `OVS agent ${agent.alive ? 'alive' : 'DEAD'}` : 'no OVS agent',
    tableLayout ? `br-int table layout ${tableLayout}` : 'table layout unknown',
    ...(tunnelEndpoint ? [`tunnel endpoint ${tunnelEndpoint}`] : []),
  ].join('; ');
  return {
    host,
    reachable: state?.reachable ?? false,
    ...(state?.error ? { error: state.error } : captured ? {} : { error: 'not collected' }),
    agent,
    tunnelEndpoint,
    summary,
    dataplane: {
      kind: 'ml2/ovs',
      tableLayout,
      bridgeMappings: Object.fromEntries(Object.entries(mappings).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    },
  };
}

export const ml2OvsBackend: TraceBackend<OvsInterfaceAnalysis> = {
  id: 'ml2-ovs',
  label: BACKEND_LABEL['ml2-ovs'],
  analyseInterface: analyseOvsInterface,
  describeHost,
  checks: ml2OvsChecks,
  hostDerivedApi,
  offlineAbsent: OFFLINE_ABSENT,
  offlineVifs: offlineVifsByHost,
  walk: { walk: analyseWalk, finding: walkFinding, findings: [...Object.values(WALK_FINDINGS), ...Object.values(AUTO_WALK_FINDINGS)], autoWalks: analyseAutoWalks },
};
