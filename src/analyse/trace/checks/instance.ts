// Checks on the instance itself, the same for every backend.
import type { FindingDraft, TraceCheck } from '../backend.js';


export const instanceStateCheck: TraceCheck = {
  id: 'instance-state',
  needsApi: true,
  severity: 'warning',
  summary: 'the instance has no Neutron port, or Nova reports it in ERROR',
  run(ctx) {
    const drafts: FindingDraft[] = [];
    if (ctx.instance.kind === 'server' && ctx.interfaces.length === 0) {
      drafts.push({ message: `${ctx.instance.name} has no Neutron port: there is no path to trace`, hint: 'attach an interface (openstack server add port/network) or check the ports with openstack port list --server', evidence: [{ source: `neutron ports device_id=${ctx.instance.id}`, text: 'none' }] });
    }
    if (ctx.instance.kind === 'server' && ctx.instance.status === 'ERROR') {
      drafts.push({ severity: 'error', message: `Nova reports ${ctx.instance.name} in ERROR`, hint: 'openstack server show <instance> -c fault; nova-compute log on the host', evidence: [{ source: `nova server ${ctx.instance.id}`, text: 'status=ERROR' }] });
    }
    return drafts;
  },
};
