// The device chain of an ML2/OVS path (tap, bridges, patch and tunnel ports) and the flow references that explain it.
// Citations: AGENT = neutron/plugins/ml2/drivers/openvswitch/agent (neutron 21.0.0).
import type { DeviceKind, FlowRef } from '../../../../model/traceModel.js';
import type { Flow } from '../../flows.js';
import { type HostState, ofportOf, portNameOf } from './hostState.js';

/** One device of the path as the host has it; the report's hops are made from these (./hops.ts). */
export interface PathDevice {
  name: string;
  kind: DeviceKind;
  /** The OVS bridge the device is a port of, if any. */
  bridge?: string;
  ofport?: number;
  /** MTU from `ip link` (Linux side) or OVSDB Interface.mtu. */
  mtu?: number;
  /** Whether the device was seen on the host (OVSDB or ip link). */
  present: boolean;
  /** For patch ports: the peer; for tunnel ports: the remote IP. */
  peer?: string;
}

export function flowRef(state: HostState | undefined, host: string, bridge: string, flow: Flow, role: string): FlowRef {
  // Port numbers resolved to names (per bridge), as `ovs-ofctl --names` would print them.
  const name = (n: string) => (state ? portNameOf(state, bridge, n) : n);
  const quote = (n: string) => (/^\d+$/.test(n) ? n : `"${n}"`);
  const named = `${flow.matchText.replace(/\bin_port=(\d+)/g, (_m, n: string) => `in_port=${quote(name(n))}`)} actions=${flow.actionsText.replace(/\boutput:(\d+)/g, (_m, n: string) => `output:${quote(name(n))}`)}`;
  return { host, bridge, table: flow.table, priority: flow.priority, match: flow.matchText, actions: flow.actionsText, named, role };
}

export function linkMtu(state: HostState | undefined, name: string): number | undefined {
  return state?.links.get(name)?.mtu ?? undefined;
}

export function mtuField(mtu: number | undefined): { mtu?: number } {
  return mtu === undefined ? {} : { mtu };
}

/** The patch port on `fromBridge` whose peer sits on `toBridge` (AGENT/ovs_neutron_agent.py setup_physical_bridges / setup_tunnel_br). */
export function patchBetween(state: HostState | undefined, fromBridge: string, toBridge: string, fallback: string): { name: string; peer: string | null } {
  if (state) {
    for (const portName of state.bridges.get(fromBridge) ?? []) {
      const iface = state.interfaces.get(portName);
      if (iface?.type !== 'patch') continue;
      const peer = iface.options.peer ?? null;
      if (peer && state.ports.get(peer)?.bridge === toBridge) return { name: portName, peer };
    }
  }
  return { name: fallback, peer: state?.interfaces.get(fallback)?.options.peer ?? null };
}

export function ovsDevice(state: HostState | undefined, bridge: string, name: string, kind: DeviceKind, peer?: string | null): PathDevice {
  const iface = state?.interfaces.get(name);
  const device: PathDevice = { name, kind, bridge, present: !!state?.ports.get(name) };
  const ofport = state ? ofportOf(state, bridge, name) : null;
  if (ofport !== null) device.ofport = ofport;
  const mtu = linkMtu(state, name) ?? iface?.mtu ?? undefined;
  if (mtu !== undefined && mtu !== null) device.mtu = mtu;
  if (peer) device.peer = peer;
  return device;
}

export function bridgeDevice(state: HostState | undefined, name: string): PathDevice {
  return { name, kind: 'ovs-bridge', present: !!state?.bridges.has(name) };
}

/** The two patch ports between the integration bridge and another bridge, as path devices. */
export function patchPair(state: HostState | undefined, integrationBridge: string, otherBridge: string, intFallback: string, otherFallback: string): { devices: PathDevice[]; intPatch: string; otherPatch: string } {
  const intPatch = patchBetween(state, integrationBridge, otherBridge, intFallback);
  const otherPatch = patchBetween(state, otherBridge, integrationBridge, intPatch.peer ?? otherFallback);
  return {
    devices: [ovsDevice(state, integrationBridge, intPatch.name, 'patch-port', intPatch.peer ?? otherPatch.name), ovsDevice(state, otherBridge, otherPatch.name, 'patch-port', intPatch.name)],
    intPatch: intPatch.name,
    otherPatch: otherPatch.name,
  };
}
