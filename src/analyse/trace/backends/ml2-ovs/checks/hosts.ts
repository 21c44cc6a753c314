// ML2/OVS checks on the hosts of the path: OVS outputs missing, ports the agent ignores (unreachable hosts: ../../../checks/hosts.ts; DVR: ./dvr.ts).
import { IFACE_ID } from '../../../../../neutron/ml2OvsRules.js';
import { isTunnelType } from '../../../../../neutron/neutronRules.js';
import type { TraceCheck } from '../../../backend.js';
import { perHost } from '../../../checks/checkHelpers.js';
import type { CloudIndex } from '../../../cloudIndex.js';
import type { OvsInterfaceState } from '../hostState.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostState } from '../ovsFacts.js';
import { silentDaemonFailures } from './daemons.js';

/** Ports on a host's integration bridge that the OVS agent does not manage: no iface-id, not a patch or tunnel port. */
function unmanagedPorts(index: CloudIndex, host: string, bridge: string): { name: string; iface: OvsInterfaceState }[] {
  return index.derived(`unmanaged-ports ${host} ${bridge}`, () => {
    const state = hostState(index, host);
    return (state?.bridges.get(bridge) ?? []).flatMap((name) => {
      const iface = state?.interfaces.get(name);
      if (!iface || name === bridge || iface.type === 'patch' || isTunnelType(iface.type) || iface.externalIds[IFACE_ID]) return [];
      return [{ name, iface }];
    });
  });
}

export const ovsDataMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'ovs-data-missing',
  severity: 'warning',
  summary: 'a reachable host did not return an OVS/Linux output the trace needs',
  unverified: true,
  run: perHost((host, _a, ctx) => {
    const state = hostState(ctx.index, host);
    // The outputs a silent daemon explains are its finding (./daemons.ts), not a missing permission.
    const explained = new Set([...silentDaemonFailures(state, 'ovsdb-server'), ...silentDaemonFailures(state, 'ovs-vswitchd')].map(([id]) => id));
    const gaps = (state?.gaps ?? []).filter((g) => ![...explained].some((id) => g.startsWith(`${id}: `)));
    if (!state?.reachable || gaps.length === 0) return [];
    return [{ host, message: `${host}: ${gaps.length} output(s) missing or unreadable; parts of the path are unknown`, hint: 'run the trace with a user allowed to run ovs-vsctl/ovs-ofctl (sudo) and check the tools exist', evidence: gaps.map((g) => ({ source: `host ${host}`, text: g })) }];
  }),
};

export const unmanagedPortCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'unmanaged-port',
  severity: 'warning',
  summary: "a br-int port without iface-id on the instance's host (a half-done plug)",
  run: perHost((host, a, ctx) =>
    unmanagedPorts(ctx.index, host, a.integrationBridge).map(({ name, iface }) => ({ host, message: `${a.integrationBridge} on ${host} has port ${name} without external_ids:iface-id: the OVS agent ignores it (no VLAN, no flows)`, hint: `finish the plug (set external_ids:iface-id/attached-mac) or remove it: ovs-vsctl del-port ${a.integrationBridge} ${name}`, evidence: [{ source: `${host} ovsdb Interface ${name}`, text: `type=${iface.type || 'system'} external_ids=${JSON.stringify(iface.externalIds)}` }] })),
  ),
};
