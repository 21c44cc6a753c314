// The report's backend-neutral path of an ML2/OVS interface: its device chain as hops, with what each hop does to the
// frame (local VLAN tag, provider VLAN rewrite/strip, tunnel encap/decap, drops), and how frames leave the host.
import type { Egress, FrameAction, Hop, OvsInterfaceDataplane, PathExit } from '../../../../model/traceModel.js';
import type { PathDevice } from './chain.js';

/** How frames leave the host, from the egress translation (`tunnelType`: the network's, for tunnels). */
export function exitOf(egress: Egress, tunnelType?: string): PathExit {
  const wireVlan = egress.vlan !== undefined ? { vlan: egress.vlan } : {};
  const id = egress.tunnelId !== undefined ? { tunnelId: egress.tunnelId } : {};
  switch (egress.action) {
    case 'mod_vlan_vid':
      return { action: 'vlan-rewrite', bridge: egress.bridge, ...wireVlan };
    case 'strip_vlan':
      return { action: 'vlan-strip', bridge: egress.bridge };
    case 'tunnel':
      return {
        action: 'tunnel',
        bridge: egress.bridge,
        ...(tunnelType ? { tunnelType } : {}),
        ...id,
        remotes: (egress.remoteHosts ?? []).map((r) => ({ host: r.host, ip: r.ip, device: r.port, segment: r.remoteLocalVlan })),
      };
    case 'missing':
      return { action: 'missing', bridge: egress.bridge, ...wireVlan, ...(tunnelType ? { tunnelType } : {}), ...id };
    case 'unknown':
      return { action: 'unknown', bridge: egress.bridge };
    default:
      return { action: 'none', bridge: egress.bridge };
  }
}

export interface HopInputs {
  host: string | null;
  /** The VIF's port on br-int and the br-int name. */
  vifPort: string;
  integrationBridge: string;
  networkType: string | null;
  /** Drop flows on the VIF's in_port (dead port). */
  deadPort: boolean;
  /** A flow the agent did not install drops what the VIF sends. */
  foreignDrop: boolean;
}

/** Where each translation happens: the VIF port (tag), the int- patch (provider ingress), br-tun or the physical bridge. */
export function hopsOf(chain: readonly PathDevice[], dp: OvsInterfaceDataplane, inputs: HopInputs): Hop[] {
  const hops: Hop[] = chain.map((d) => ({
    host: inputs.host,
    device: d.name,
    kind: d.kind,
    ...(d.bridge !== undefined ? { bridge: d.bridge } : {}),
    ...(d.ofport !== undefined ? { portNumber: d.ofport } : {}),
    ...(d.mtu !== undefined ? { mtu: d.mtu } : {}),
    present: d.present,
    ...(d.peer !== undefined ? { peer: d.peer } : {}),
    frame: [],
  }));
  const at = (test: (h: Hop) => boolean, action: FrameAction) => hops.find(test)?.frame.push(action);
  const isVif = (h: Hop) => h.device === inputs.vifPort && h.bridge === inputs.integrationBridge;
  const isBridge = (name: string | null) => (h: Hop) => h.kind === 'ovs-bridge' && h.device === name;
  if (dp.localVlan !== null) at(isVif, { action: 'segment-tag', direction: 'egress', segment: dp.localVlan });
  if (inputs.deadPort) at(isVif, { action: 'drop', direction: 'egress', reason: 'dead port: the agent drops everything from it' });
  if (inputs.foreignDrop) at(isVif, { action: 'drop', direction: 'egress', reason: 'a flow the OVS agent did not install drops what this port sends' });

  const { ingress, egress } = dp;
  const tunnelType = dp.tunnel?.type ?? inputs.networkType ?? '';
  // Ingress: provider translation on br-int's int- patch port (in_port=int-<br>), tunnels on br-tun.
  const ingressAt = dp.tunnel ? isBridge(ingress.bridge) : (h: Hop) => h.kind === 'patch-port' && h.bridge === inputs.integrationBridge;
  if (ingress.action === 'mod_vlan_vid' && dp.tunnel && ingress.tunnelId !== undefined) at(ingressAt, { action: 'tunnel-decap', direction: 'ingress', tunnelType, tunnelId: ingress.tunnelId, segment: ingress.localVlan });
  else if (ingress.action === 'mod_vlan_vid' && ingress.localVlan !== null) at(ingressAt, { action: 'vlan-rewrite', direction: 'ingress', from: ingress.vlan ?? null, to: ingress.localVlan });
  else if (ingress.action === 'push_vlan' && ingress.localVlan !== null) at(ingressAt, { action: 'vlan-push', direction: 'ingress', vlan: ingress.localVlan });
  else if (ingress.action === 'missing') at(ingressAt, { action: 'drop', direction: 'ingress', reason: `no ingress flow on ${ingress.bridge ?? '?'} into local VLAN ${dp.localVlan ?? '?'}` });

  if (egress.action === 'mod_vlan_vid' && egress.vlan !== undefined) at(isBridge(egress.bridge), { action: 'vlan-rewrite', direction: 'egress', from: egress.localVlan, to: egress.vlan });
  else if (egress.action === 'strip_vlan') at(isBridge(egress.bridge), { action: 'vlan-strip', direction: 'egress', vlan: egress.localVlan });
  else if (egress.action === 'missing') at(isBridge(egress.bridge), { action: 'drop', direction: 'egress', reason: `no egress flow on ${egress.bridge ?? '?'} for local VLAN ${dp.localVlan ?? '?'}: traffic does not leave the host` });
  else if (egress.action === 'tunnel' && egress.tunnelId !== undefined) {
    for (const r of egress.remoteHosts ?? []) {
      at((h) => h.kind === 'tunnel-port' && h.device === r.port, { action: 'tunnel-encap', direction: 'egress', tunnelType, tunnelId: egress.tunnelId, remoteIp: r.ip, remoteHost: r.host, remoteSegment: r.remoteLocalVlan });
    }
  }
  return hops;
}
