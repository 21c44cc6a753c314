// ML2/OVS check on the router port of the interface's subnet gateway: the element of the expected path the gateway and
// floating-IP traffic goes through, as Neutron has it (enabled and ACTIVE), and the br-int devices of the router and
// DHCP ports as the agent must have wired them. That the packets reach them is proven by the gateway and DHCP walks.
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import { str } from '../../../cloudIndex.js';
import { DEAD_VLAN } from '../../../../../neutron/ml2OvsRules.js';
import { interfacesOfPort } from '../hostState.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostState } from '../ovsFacts.js';

export const routerPortDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'router-port-down',
  needsApi: true,
  severity: 'error',
  summary: "the router port of the subnet's gateway is disabled or not ACTIVE in Neutron; its dead-VLAN qr- device (service-port-unwired) and the dropped gateway walk are reported under it",
  // a disabled port is put on the dead VLAN by the OVS agent (port_dead): the unwired device is its symptom
  explains: ['service-port-unwired'],
  // its own qr- device only (both at the router branch), not a DHCP port's unwired device on the same network
  explainsWhere: 'same-place',
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

/**
 * The br-int device of a port the interface's traffic classes need (the router port of its gateway, its DHCP ports) as
 * the OVS agent must have wired it: tagged with the network's local VLAN. Found by its iface-id, whatever its name
 * (older labs plug routers as tap…). The dead VLAN while Neutron says ACTIVE was seen on the lab: under load the agent
 * asked for the device's details a moment before its binding was committed, parked it on the dead VLAN and was never
 * told again (AGENT/ovs_neutron_agent.py treat_devices_added_or_updated: "not defined on plugin or binding failed").
 */
export const servicePortUnwiredCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'service-port-unwired',
  severity: 'error',
  summary: "the router port of the subnet's gateway or a DHCP port is on br-int without the network's local VLAN (dead VLAN 4095, or no tag): the agent did not wire it",
  run: perInterface((a, ctx) => {
    const wanted: { id: string; host: string | null; what: string; part: 'router' | 'dhcp' }[] = [];
    const r = a.trace.router;
    if (r) wanted.push({ id: r.interfacePortId, host: r.host, what: `router ${r.name || r.id}'s port ${r.interfacePortId} (gateway ${r.gatewayIp ?? '?'})`, part: 'router' });
    for (const p of a.trace.dhcp.ports) wanted.push({ id: p.id, host: p.host, what: `DHCP port ${p.id}`, part: 'dhcp' });
    return wanted.flatMap(({ id, host, what, part }): FindingDraft[] => {
      const state = host ? hostState(ctx.index, host) : undefined;
      const device = interfacesOfPort(state, id)[0];
      const port = device ? state?.ports.get(device.name) : undefined;
      if (!host || !device || !port || (port.tag !== null && port.tag !== DEAD_VLAN)) return [];
      const status = str(ctx.index.port(id), 'status');
      const tag = port.tag === null ? 'has no tag' : `is in the dead VLAN ${DEAD_VLAN}`;
      return [{
        portId: a.trace.port.id,
        host,
        at: { part },
        message: `${what}: its device ${device.name} on ${host} ${tag}${status === 'ACTIVE' ? ' although Neutron says ACTIVE' : ''}, so the OVS agent drops its traffic and the instance's ${part === 'router' ? 'gateway' : 'DHCP server'} does not answer`,
        hint: `make the OVS agent on ${host} process the port again: openstack port set --disable ${id} && openstack port set --enable ${id}, or restart neutron-openvswitch-agent on ${host}; its log says why it skipped the port`,
        evidence: [
          { source: `${host} ovsdb Port ${device.name}`, text: `tag=${port.tag ?? '[]'} external_ids:iface-id=${id}` },
          { source: `neutron port ${id}`, text: `status=${status ?? '?'}` },
        ],
      }];
    });
  }),
};
