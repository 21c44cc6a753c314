// ML2/OVS checks on the metadata branch (interfaces[].metadata): the router's REDIRECT rule, the proxy's socket and the
// metadata agent it forwards to. Only where the cloud offers metadata through Neutron (a metadata agent is registered).
import { HOST_OUTPUT } from '../../../../../model/hostOutputIds.js';
import type { MetadataPath } from '../../../../../model/traceModel.js';
import { METADATA, metadataRedirectRule } from '../../../../../neutron/neutronRules.js';
import type { CheckContext, TraceCheck } from '../../../backend.js';
import { hostOutput, perInterface } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

const where = (m: MetadataPath) => `${m.namespace ?? '?'} on ${m.host ?? '?'}`;

/** The command a host output came from, as recorded (or the one netxray runs). */
function commandOf(ctx: CheckContext<OvsInterfaceAnalysis>, m: MetadataPath, id: string, fallback: string): string {
  return (m.host && hostOutput(ctx, m.host, id)?.command) || fallback;
}

export const metadataRedirectMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'metadata-redirect-missing',
  needsApi: true,
  severity: 'error',
  summary: "the router namespace has no REDIRECT rule for 169.254.169.254:80: the instance's metadata requests reach no proxy",
  run: perInterface((a, ctx) => {
    const m = a.trace.metadata;
    if (!m.offered || m.via !== 'router' || m.entry?.state !== 'missing' || !m.namespace) return [];
    const command = commandOf(ctx, m, HOST_OUTPUT.netnsNat(m.namespace), `ip netns exec ${m.namespace} iptables-save -t nat`);
    return [{
      portId: a.trace.port.id,
      at: { part: 'metadata' },
      host: m.host ?? undefined,
      message: `${where(m)} has no REDIRECT rule for ${METADATA.ip}:${METADATA.port}: the instance's metadata requests (cloud-init, SSH keys) get no answer`,
      hint: `check enable_metadata_proxy = true in the L3 agent's l3_agent.ini on ${m.host ?? 'the network node'} and restart neutron-l3-agent there: it re-adds the rule and respawns the proxy`,
      evidence: [{ source: `${m.host ?? '?'} ${command}`, text: `missing: ${metadataRedirectRule(m.proxy?.port ?? METADATA.routerProxyPort)}` }],
    }];
  }),
};

export const metadataProxyDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'metadata-proxy-down',
  needsApi: true,
  severity: 'error',
  summary: 'nothing listens on the metadata proxy port in the router or DHCP namespace',
  run: perInterface((a, ctx) => {
    const m = a.trace.metadata;
    if (!m.offered || m.proxy?.state !== 'not-listening' || !m.namespace) return [];
    const command = commandOf(ctx, m, HOST_OUTPUT.netnsListen(m.namespace), `ip netns exec ${m.namespace} ss -l -t -n -p`);
    const agent = m.via === 'router' ? 'neutron-l3-agent' : 'neutron-dhcp-agent';
    return [{
      portId: a.trace.port.id,
      at: { part: 'metadata' },
      host: m.host ?? undefined,
      message: `no metadata proxy listens on tcp port ${m.proxy.port ?? '?'} in ${where(m)}: metadata requests are refused`,
      hint: `restart ${agent} on ${m.host ?? 'the network node'} (its process monitor respawns the haproxy metadata proxy); check the agent log for haproxy errors`,
      evidence: [{ source: `${m.host ?? '?'} ${command}`, text: `no LISTEN socket on port ${m.proxy.port ?? '?'}` }],
    }];
  }),
};

export const metadataAgentDeadCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'metadata-agent-dead',
  needsApi: true,
  severity: 'error',
  summary: "the metadata agent the proxy forwards to is dead, disabled or missing on the proxy's host",
  run: perInterface((a) => {
    const m = a.trace.metadata;
    if (!m.offered || m.via === 'none' || !m.host) return [];
    if (m.agent && m.agent.alive && m.agent.adminStateUp) return [];
    return [{
      portId: a.trace.port.id,
      at: { part: 'metadata' },
      host: m.host,
      message: m.agent ? `the metadata agent on ${m.host} is ${m.agent.alive ? 'disabled' : 'dead'}: the proxy in ${m.namespace ?? '?'} cannot forward metadata requests` : `no metadata agent on ${m.host}, where the proxy in ${m.namespace ?? '?'} forwards metadata requests`,
      hint: `start or restart neutron-metadata-agent on ${m.host}`,
      evidence: [{ source: m.agent ? `neutron agent ${m.agent.id}` : 'neutron agents', text: m.agent ? `alive=${m.agent.alive} admin_state_up=${m.agent.adminStateUp}` : `no Metadata agent with host=${m.host}` }],
    }];
  }),
};
