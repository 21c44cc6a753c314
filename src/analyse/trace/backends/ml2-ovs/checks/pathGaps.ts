// The net under the specific checks (issue #12, "nothing the analysis sees stays silent"): what the text output marks
// as missing or unknown on an interface whose host was read, when no other check found anything wrong with that port.
// A gap nobody explains is a warning that names it, never a silent "healthy".
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { asMl2Ovs } from '../../../../../model/traceModel.js';

/** The path's gaps as the text output shows them, each with what it means; only for a host that was read. */
function gapsOf(a: OvsInterfaceAnalysis): string[] {
  if (!a.host || !a.hostRead || !a.state?.reachable) return [];
  const t = a.trace;
  // The VM's own tap behind a hybrid plug is made by the hypervisor when the VM runs: a host without it may just run
  // Nova's fake driver (as the lab does), so it is not called a gap; the walks start at qvo… and prove the rest.
  const gaps = t.hops.filter((h) => !h.present && !(h.kind === 'vm-tap' && t.hops.some((o) => o.kind === 'linux-bridge' && o.present))).map((h) => `${h.device}${h.host && h.host !== a.host ? ` on ${h.host}` : ''} is not on the host ("(missing)" in the path)`);
  if (t.rules.length === 0) gaps.push(`no flow of ${a.integrationBridge} handles this port ("flows none found")`);
  if (t.firewall.driver === 'unknown') gaps.push(`no firewall or anti-spoofing flow for the port (firewall "unknown": ${t.firewall.evidence})`);
  const gw = t.floatingIps.length ? t.router?.gateway : null;
  if (gw) {
    const egress = asMl2Ovs(gw.dataplane).egress;
    if (egress.action !== 'strip_vlan' && egress.action !== 'mod_vlan_vid') gaps.push(`the floating IP's way out has no provider flow for the router's gateway port ${gw.device} ("no provider flow found")`);
  }
  return gaps;
}

export const pathGapCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'path-gap',
  severity: 'warning',
  fallback: true,
  summary: 'a part of the path is missing or unknown (shown as "(missing)", "none found", "unknown" or "no provider flow found") and no other finding about the port explains it',
  run: perInterface((a): FindingDraft[] => {
    const gaps = gapsOf(a);
    if (!gaps.length) return [];
    return [{
      portId: a.trace.port.id,
      host: a.host ?? undefined,
      message: `the path of port ${a.trace.port.id} on ${a.host} has ${gaps.length === 1 ? 'a gap' : `${gaps.length} gaps`} no check explains: ${gaps.join('; ')}`,
      hint: `compare with a healthy port on ${a.host} (netxray trace of another instance there); the OVS agent's log on ${a.host} says what it did with the port`,
      evidence: gaps.map((g) => ({ source: `${a.host} path`, text: g })),
    }];
  }),
};
