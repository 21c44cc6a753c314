// ML2/OVS check on the router port of the interface's subnet gateway: the element of the expected path the gateway and
// floating-IP traffic goes through, as Neutron has it (enabled and ACTIVE). Its qr- device on br-int is proven by the
// gateway walk (delivered on qr-…); a check of it on OVSDB alone was wrong on a real sample (oslab), so it is not made.
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import { str } from '../../../cloudIndex.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

export const routerPortDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'router-port-down',
  needsApi: true,
  severity: 'error',
  summary: "the router port of the subnet's gateway is disabled or not ACTIVE in Neutron",
  run: perInterface((a, ctx) => {
    const r = a.trace.router;
    if (!r) return [];
    const port = ctx.index.port(r.interfacePortId);
    if (!port) return [];
    const status = str(port, 'status');
    const enabled = port.admin_state_up !== false;
    const evidence = [{ source: `neutron port ${r.interfacePortId}`, text: `status=${status ?? '?'} admin_state_up=${String(port.admin_state_up ?? '?')}` }];
    const drafts: FindingDraft[] = [];
    const base = { portId: a.trace.port.id, at: { part: 'router' as const }, ...(r.host ? { host: r.host } : {}) };
    if (!enabled || status !== 'ACTIVE') {
      drafts.push({
        ...base,
        message: `router ${r.name || r.id}'s port ${r.interfacePortId} on this network (gateway ${r.gatewayIp ?? '?'}) is ${enabled ? status ?? 'of unknown status' : 'disabled (admin_state_up=false)'}: the instance's gateway does not answer`,
        hint: enabled ? `check the L3 agent on ${r.host ?? 'the router host'} (openstack network agent list --router ${r.id}) and the port (openstack port show ${r.interfacePortId})` : `openstack port set --enable ${r.interfacePortId}`,
        evidence,
      });
    }
    return drafts;
  }),
};
