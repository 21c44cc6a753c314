// ML2/OVS check on flows no Neutron rule installs: br-int flows matching what the VIF sends, with another cookie than the agent's.
import type { TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

export const foreignFlowCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'foreign-flow',
  severity: 'error',
  summary: "a br-int flow matching what the port sends carries another cookie than the OVS agent's: no Neutron rule installed it",
  run: perInterface((a) => {
    if (a.foreignFlows.length === 0) return [];
    const bridge = a.integrationBridge;
    const drops = a.foreignFlows.filter((f) => f.actions.length === 1 && f.actions[0].type === 'drop');
    const first = drops[0] ?? a.foreignFlows[0];
    const what = drops.length ? 'drops everything it sends' : `takes what it sends elsewhere (${first.actionsText})`;
    return [{
      portId: a.trace.port.id,
      host: a.host ?? undefined,
      ...(a.ovsPort ? { at: { part: 'hop' as const, host: a.host, device: a.ovsPort.name } } : {}),
      message: `a flow the OVS agent did not install on ${a.host} ${bridge} table ${first.table} (priority ${first.priority}) matches ${a.ovsPort?.name ?? 'the port'}'s in_port and ${what}`,
      hint: `remove it on ${a.host}: ovs-ofctl --strict del-flows ${bridge} "table=${first.table},priority=${first.priority},${first.matchText}" (and find the tool that added it: cookie ${first.cookie ?? '?'})`,
      evidence: a.foreignFlows.map((f) => ({ source: `${a.host} flows:${bridge}`, text: `${f.raw} (the agent's cookie on ${bridge}: ${a.agentCookie ?? '?'})` })),
    }];
  }),
};
