// ML2/OVS check on the router port of the interface's subnet gateway: the element of the expected path the gateway and
// floating-IP traffic goes through (Neutron: ACTIVE and enabled; the L3 agent: its qr- device plugged into br-int).
import { DEVICE_PREFIX, deviceName } from '../../../../../neutron/ml2OvsRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import { str } from '../../../cloudIndex.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostState } from '../ovsFacts.js';

export const routerPortDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'router-port-down',
  severity: 'error',
  summary: "the router port of the subnet's gateway is disabled or not ACTIVE in Neutron, or its qr- device is not on br-int of the router's host",
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
    // l3 agent router_info.py internal_network_added → interface_driver.plug: the qr- device becomes a br-int port
    const state = r.host ? hostState(ctx.index, r.host) : undefined;
    const device = deviceName(DEVICE_PREFIX.routerInterface, r.interfacePortId);
    if (state?.reachable && state.ports.size > 0 && !state.ports.has(device)) {
      drafts.push({
        ...base,
        message: `router ${r.name || r.id}'s device ${device} (port ${r.interfacePortId}, gateway ${r.gatewayIp ?? '?'}) is not a port of br-int on ${r.host}: nothing reaches the router from this network`,
        hint: `restart the L3 agent on ${r.host} (neutron-l3-agent) so that it plugs the router's interfaces again`,
        evidence: [...evidence, { source: `${r.host} ovs-vsctl list Port`, text: `no Port named ${device}` }],
      });
    }
    return drafts;
  }),
};
