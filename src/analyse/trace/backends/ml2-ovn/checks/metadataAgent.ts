// ML2/OVN checks on the OVN metadata agent of the instance's chassis, before Neutron calls it dead: its liveness ack
// (Chassis_Private external_ids neutron:ovn-metadata-sb-cfg, a copy of SB_Global.nb_cfg) rounds behind, and the
// haproxy it runs in ovnmeta-<network> not listening on 169.254.169.254:80.
import { AGENT_TYPE, METADATA } from '../../../../../neutron/neutronRules.js';
import { METADATA_ACK_ROUNDS_IN_PROGRESS, METADATA_AGENT_KEY } from '../../../../../neutron/ovnRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perHost, perInterface } from '../../../checks/checkHelpers.js';
import { chassisOfHost } from '../chassis.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import { ovnDb, rowNum } from '../ovnDb.js';

type OvnCheck = TraceCheck<OvnInterfaceAnalysis>;

export const metadataAgentDownCheck: OvnCheck = {
  id: 'ovn-metadata-agent-down',
  severity: 'error',
  summary: "the OVN metadata agent of the instance's chassis has missed whole liveness rounds (its Chassis_Private ack of SB_Global nb_cfg is two or more behind): it is down or cut off from the SB",
  explains: ['ovn-metadata-missing', 'ovn-metadata-proxy-down'],
  run: perHost((host, first, ctx) => {
    if (!first.trace.metadata.offered) return [];
    const chassis = chassisOfHost(ctx.index, host)[0];
    const sbGlobal = ovnDb(ctx.index).table('sb', 'SB_Global');
    const wanted = rowNum(sbGlobal.rows[0], 'nb_cfg');
    const agent = chassis?.metadataAgent;
    if (!chassis || !agent?.registered || agent.ack === null || wanted === null) return [];
    const behind = wanted - agent.ack;
    if (behind <= METADATA_ACK_ROUNDS_IN_PROGRESS) return [];
    const neutron = ctx.index.agentRef(AGENT_TYPE.ovnMetadata, host);
    // two rounds behind while Neutron still calls it alive: a warning; more, or Neutron agrees: an error
    const sure = behind > METADATA_ACK_ROUNDS_IN_PROGRESS + 1 || neutron?.alive === false;
    const drafts: FindingDraft[] = ctx.interfaces
      .filter((a) => a.host === host)
      .map((a) => ({
        severity: sure ? 'error' : 'warning',
        portId: a.trace.port.id,
        host,
        at: { part: 'metadata' as const },
        message: `the OVN metadata agent on ${host} has not acknowledged the last ${behind} liveness rounds (SB nb_cfg ${wanted}, its ack ${agent.ack}): it is down or cut off from the SB; ${a.metadataNamespace && a.trace.metadata.proxy?.state === 'listening' ? "the haproxy already running still answers, but no change to this chassis's networks is provisioned" : "no metadata change for this chassis's networks is provisioned"}`,
        hint: `systemctl status neutron-ovn-metadata-agent on ${host} and its log (it must reach the SB DB); Neutron will call it dead after agent_down_time`,
        evidence: [
          { source: `${ovnDb(ctx.index).table('sb', 'Chassis_Private').source} name=${chassis.ref.name}`, text: `external_ids:"${METADATA_AGENT_KEY.ack}"="${agent.ack}"` },
          { source: sbGlobal.source, text: `nb_cfg=${wanted}` },
          ...(neutron ? [{ source: `neutron agent ${neutron.id}`, text: `${neutron.type} on ${host} alive=${neutron.alive}` }] : []),
        ],
      }));
    return drafts;
  }),
};

export const metadataProxyDownCheck: OvnCheck = {
  id: 'ovn-metadata-proxy-down',
  severity: 'warning',
  summary: `the ovnmeta-<network> namespace is on the instance's chassis, but nothing listens on ${METADATA.ip}:${METADATA.port} in it (the agent's haproxy is not running)`,
  run: perInterface((a) => {
    const m = a.trace.metadata;
    if (!m.offered || a.metadataNamespace !== true || m.proxy?.state !== 'not-listening' || !a.host) return [];
    return [
      {
        portId: a.trace.port.id,
        host: a.host,
        at: { part: 'metadata' },
        message: `nothing listens on ${METADATA.ip}:${METADATA.port} in ${m.namespace} on ${a.host}: the instance gets no metadata`,
        hint: `the OVN metadata agent on ${a.host} starts haproxy in the namespace when it provisions the network: its log; restarting the agent re-provisions it`,
        evidence: [{ source: `${a.host} ip netns exec ${m.namespace} ss -l -t -n -p`, text: `no LISTEN socket on ${METADATA.ip}:${METADATA.port}` }],
      },
    ];
  }),
};
