// Checks on the hosts of the path every backend shares: a host the instance uses that could not be read over SSH.
import type { Evidence } from '../../../model/traceModel.js';
import { VIF_TYPE_BINDING_FAILED, VIF_TYPE_UNBOUND } from '../../../neutron/neutronRules.js';
import type { FindingDraft, TraceCheck } from '../backend.js';

export const hostUnreachableCheck: TraceCheck = {
  id: 'host-unreachable',
  severity: 'error',
  summary: 'a host the instance uses could not be read over SSH',
  unverified: true,
  run(ctx) {
    const needed = new Map<string, 'error' | 'warning'>();
    for (const a of ctx.interfaces) {
      // An unbound port's host has nothing to read (binding-failed says why).
      const unbound = a.trace.port.vifType === VIF_TYPE_BINDING_FAILED || a.trace.port.vifType === VIF_TYPE_UNBOUND;
      if (a.host && !unbound) needed.set(a.host, 'error');
      for (const h of a.peerHosts) if (!needed.has(h)) needed.set(h, 'warning');
    }
    const drafts: FindingDraft[] = [];
    for (const [host, severity] of needed) {
      const capture = ctx.index.snapshot.hosts.find((h) => h.host === host);
      const problems = ctx.index.snapshot.problems.filter((p) => p.host === host);
      if (capture?.reachable) continue;
      if (!capture && problems.length === 0) {
        // Not collected by choice (--no-hosts, --max-tunnel-peers 0): say so without failing the run.
        drafts.push({ severity: 'info', host, message: `${host} was not read (not collected): the OVS parts of the path there are unknown`, hint: `trace again without --no-hosts, or with --extra-host ${host}`, evidence: [{ source: 'snapshot hosts', text: `no capture for ${host}` }] });
        continue;
      }
      const evidence: Evidence[] = problems.map((p) => ({ source: `collection ${p.source} ${p.code}`, text: p.message }));
      if (capture?.error) evidence.push({ source: `host ${host}`, text: capture.error });
      drafts.push({
        severity,
        host,
        message: `${host} could not be read${severity === 'warning' ? ' (a tunnel peer of this instance)' : ''}: its OVS state is unknown`,
        hint: `check SSH to ${host} (sshd running, --ssh-config, host key, user with ovs-vsctl/ovs-ofctl rights)`,
        evidence,
      });
    }
    return drafts;
  },
};
