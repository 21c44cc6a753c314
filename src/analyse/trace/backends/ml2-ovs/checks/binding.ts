// ML2/OVS checks on the port binding and the plug: agent, binding, status, VIF on br-int.
import { IFACE_ID, PORT_DISABLED_SYMPTOMS } from '../../../../../neutron/ml2OvsRules.js';
import { AGENT_TYPE, VIF_TYPE_BINDING_FAILED, VIF_TYPE_UNBOUND } from '../../../../../neutron/neutronRules.js';
import type { TraceCheck } from '../../../backend.js';
import { perInterface, portEvidence } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hasOvsdb } from './ovsCheckHelpers.js';

export const agentDeadCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'agent-dead',
  needsApi: true,
  severity: 'error',
  summary: "the OVS agent of the port's host is missing, dead or disabled",
  run: perInterface((a, ctx) => {
    if (!a.host || ctx.index.agent(AGENT_TYPE.ovs, a.host) === undefined) {
      if (!a.host) return [];
      return [{ portId: a.trace.port.id, host: a.host, message: `no Open vSwitch agent is registered for ${a.host}`, hint: `start neutron-openvswitch-agent on ${a.host} (or check its 'host' option)`, evidence: [{ source: 'neutron agents', text: `no agent_type="${AGENT_TYPE.ovs}" with host="${a.host}"` }] }];
    }
    const agent = ctx.index.agentRef(AGENT_TYPE.ovs, a.host);
    if (agent && agent.alive && agent.adminStateUp) return [];
    return [{ portId: a.trace.port.id, host: a.host, message: `the Open vSwitch agent on ${a.host} is ${agent?.alive ? 'administratively down' : 'dead (no heartbeat)'}: the port's flows are not maintained`, hint: `restart neutron-openvswitch-agent on ${a.host} and check its log and RabbitMQ connection`, evidence: [{ source: `neutron agent ${agent?.id}`, text: `alive=${agent?.alive} admin_state_up=${agent?.adminStateUp}` }] }];
  }),
};

export const bindingFailedCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'binding-failed',
  needsApi: true,
  severity: 'error',
  summary: 'binding:vif_type is binding_failed or unbound',
  run: perInterface((a) => {
    const vif = a.trace.port.vifType;
    if (vif !== VIF_TYPE_BINDING_FAILED && vif !== VIF_TYPE_UNBOUND) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `port ${a.trace.port.id} is not bound (binding:vif_type=${vif}) on host "${a.host ?? ''}"`, hint: 'check that an alive OVS agent runs on binding:host_id with a bridge mapping / tunnel type for this network; see neutron-server log "Failed to bind port"', evidence: [portEvidence(a, 'binding:vif_type', vif), portEvidence(a, 'binding:host_id', a.host)] }];
  }),
};

export const bindingHostMismatchCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'binding-host-mismatch',
  needsApi: true,
  severity: 'error',
  summary: 'the VIF is plugged on another host than binding:host_id',
  run: perInterface((a) => {
    if (!a.boundHost || !a.host || a.boundHost === a.host) return [];
    return [{ portId: a.trace.port.id, host: a.host, message: `port ${a.trace.port.id} is bound to ${a.boundHost} but its VIF ${a.ovsInterface?.name ?? ''} is plugged on ${a.host}: ${a.host}'s agent isolates it, ${a.boundHost} has nothing to wire`, hint: `finish or roll back the migration: set binding:host_id to ${a.host}, or unplug the VIF there and plug it on ${a.boundHost}`, evidence: [portEvidence(a, 'binding:host_id', a.boundHost), { source: `${a.host} ovsdb Interface ${a.ovsInterface?.name ?? ''}`, text: `external_ids:iface-id="${a.trace.port.id}"` }] }];
  }),
};

export const portDisabledCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'port-disabled',
  needsApi: true,
  severity: 'error',
  summary: 'the Neutron port is disabled (admin_state_up=false): its VIF is on the dead VLAN and the port DOWN',
  explains: PORT_DISABLED_SYMPTOMS,
  run: perInterface((a) => {
    if (a.trace.port.adminStateUp) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, ...(a.ovsPort ? { at: { part: 'hop' as const, host: a.host, device: a.ovsPort.name } } : {}), message: `port ${a.trace.port.id} is disabled (admin_state_up=false): the OVS agent puts its VIF on the dead VLAN and drops everything from it`, hint: `openstack port set --enable ${a.trace.port.id}`, evidence: [portEvidence(a, 'admin_state_up', false), portEvidence(a, 'status', a.trace.port.status)] }];
  }),
};

export const portDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'port-down',
  needsApi: true,
  severity: 'error',
  summary: 'the Neutron port is not ACTIVE',
  run: perInterface((a) => {
    if (a.trace.port.status === 'ACTIVE') return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `port ${a.trace.port.id} is ${a.trace.port.status}`, hint: 'the OVS agent has not wired the port: check the agent on the host is alive and the port appears in its br-int with an iface-id', evidence: [portEvidence(a, 'status', a.trace.port.status)] }];
  }),
};

export const portNotPluggedCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'port-not-plugged',
  needsApi: true,
  severity: 'error',
  summary: "no OVSDB Interface carries the port's iface-id (or the device of the expected name carries another one)",
  run: perInterface((a) => {
    if (!hasOvsdb(a) || a.ovsInterface?.externalIds[IFACE_ID] === a.trace.port.id) return [];
    const vif = a.trace.port.vifType;
    if (vif === VIF_TYPE_BINDING_FAILED || vif === VIF_TYPE_UNBOUND) return [];
    const byName = a.ovsInterface; // found by its expected device name only
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: byName ? `${byName.name} on ${a.host} is not this port's VIF for the agent: its external_ids:iface-id is "${byName.externalIds[IFACE_ID] ?? ''}", not ${a.trace.port.id}` : `no OVS interface on ${a.host} has external_ids:iface-id=${a.trace.port.id}`, hint: byName ? `on ${a.host}: ovs-vsctl set Interface ${byName.name} external_ids:${IFACE_ID}=${a.trace.port.id} (the agent then wires it as this port)` : 'the VIF was never plugged (nova-compute/os-vif), was removed, or was plugged with the wrong iface-id: check nova-compute log and `ovs-vsctl find Interface external_ids:iface-id=<port>`', evidence: [{ source: `${a.host} expected ovsdb Interface`, text: `expected: ${byName ? byName.name : 'an Interface'} with external_ids:${IFACE_ID}=${a.trace.port.id}` }, { source: `${a.host} ovsdb Interface`, text: byName ? `found: ${byName.name} external_ids=${JSON.stringify(byName.externalIds)}` : `found: no row with external_ids:iface-id="${a.trace.port.id}"` }] }];
  }),
};
