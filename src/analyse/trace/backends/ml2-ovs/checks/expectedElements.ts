// ML2/OVS checks of the path's elements against what Neutron and the agent's rules say they must be (src/neutron/
// ml2OvsRules.ts): patch pairs and their peers, tunnel ports' remote_ip, the VIF's external_ids, devices' admin state.
// Each finding quotes both sides: "expected: … / found: …".
import type { Evidence } from '../../../../../model/traceModel.js';
import { ATTACHED_MAC, IFACE_ID, IFACE_STATUS, IFACE_STATUS_ACTIVE, PATCH_PORT_SYMPTOMS, TUNNEL_REMOTE_SYMPTOMS, tunnelPortIp } from '../../../../../neutron/ml2OvsRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import { str } from '../../../cloudIndex.js';
import type { PathDevice } from '../chain.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostOfTunnelIp, ovsAgentConfig } from '../ovsFacts.js';
import { hasOvsdb } from './ovsCheckHelpers.js';

const expectedFound = (host: string | null, what: string, expected: string, found: string): Evidence[] => [
  { source: `${host} expected ${what}`, text: `expected: ${expected}` },
  { source: `${host} found ${what}`, text: `found: ${found}` },
];

/** The patch pairs of the path: an integration-bridge patch port followed by its partner on the other bridge. */
function patchPairs(a: OvsInterfaceAnalysis): [PathDevice, PathDevice][] {
  const pairs: [PathDevice, PathDevice][] = [];
  for (let i = 0; i + 1 < a.chain.length; i++) {
    const [first, second] = [a.chain[i], a.chain[i + 1]];
    if (first.kind === 'patch-port' && second.kind === 'patch-port' && first.bridge === a.integrationBridge) pairs.push([first, second]);
  }
  return pairs;
}

const recreatePatch = (host: string | null, d: PathDevice, peer: string) =>
  `re-create it on ${host}: ovs-vsctl add-port ${d.bridge} ${d.name} -- set Interface ${d.name} type=patch options:peer=${peer}; then restart the OVS agent there so that its flows use the new port number (setup_physical_bridges/setup_tunnel_br re-create the pair and flows)`;

export const patchPortMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'patch-port-missing',
  severity: 'error',
  summary: "a patch port of the path (int-/phy- to a provider bridge, patch-tun/patch-int to br-tun) is not on its bridge: nothing crosses between the bridges",
  explains: PATCH_PORT_SYMPTOMS,
  run: perInterface((a) => {
    if (!hasOvsdb(a)) return [];
    return patchPairs(a).flatMap(([intSide, otherSide]) =>
      [[intSide, otherSide], [otherSide, intSide]].flatMap(([d, partner]): FindingDraft[] =>
        d.present || !a.state?.bridges.has(d.bridge ?? '')
          ? []
          : [{ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'hop', host: a.host, device: d.name }, message: `${a.host} ${d.bridge} has no patch port ${d.name} (to ${partner.name} on ${partner.bridge}): this port's traffic cannot cross between ${intSide.bridge} and ${otherSide.bridge}`, hint: recreatePatch(a.host, d, partner.name), evidence: expectedFound(a.host, `ovsdb Port ${d.name}`, `Port ${d.name} on ${d.bridge}, Interface type=patch options:peer=${partner.name}`, `no Port ${d.name} in OVSDB (ports of ${d.bridge}: ${(a.state?.bridges.get(d.bridge ?? '') ?? []).join(', ')})`) }],
      ),
    );
  }),
};

export const patchPeerMismatchCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'patch-peer-mismatch',
  severity: 'error',
  summary: "a patch port of the path names another peer than its partner on the other bridge (options:peer): the pair is broken",
  explains: PATCH_PORT_SYMPTOMS,
  run: perInterface((a) => {
    if (!hasOvsdb(a) || !a.state) return [];
    const drafts: FindingDraft[] = [];
    for (const [intSide, otherSide] of patchPairs(a)) {
      for (const [d, partner] of [[intSide, otherSide], [otherSide, intSide]]) {
        const iface = a.state.interfaces.get(d.name);
        if (!d.present || !iface || !a.state.ports.has(partner.name)) continue;
        const peer = iface.options.peer ?? '';
        if (iface.type === 'patch' && peer === partner.name) continue;
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'hop', host: a.host, device: d.name }, message: `${a.host} patch port ${d.name} on ${d.bridge} ${iface.type === 'patch' ? `points to "${peer}"` : `is of type "${iface.type}"`}, not to ${partner.name} on ${partner.bridge}: the patch pair is broken`, hint: `on ${a.host}: ovs-vsctl set Interface ${d.name} type=patch options:peer=${partner.name}`, evidence: expectedFound(a.host, `ovsdb Interface ${d.name}`, `type=patch options:peer=${partner.name}`, `type=${iface.type || 'system'} options:peer=${peer || '(none)'}`) });
      }
    }
    return drafts;
  }),
};

export const tunnelRemoteIpWrongCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'tunnel-remote-ip-wrong',
  needsApi: true,
  severity: 'error',
  summary: "a tunnel port of the path has a remote_ip that is no OVS agent's local_ip (tunneling_ip): its tunnel leads nowhere (not a missing tunnel port)",
  explains: TUNNEL_REMOTE_SYMPTOMS,
  run: perInterface((a, ctx) => {
    const tunnel = a.ovs.tunnel;
    if (!tunnel || !hasOvsdb(a)) return [];
    const reached = new Set(tunnel.ports.map((p) => p.ip));
    const unreached = tunnel.hostsWithPorts.map((h) => ({ host: h, ip: str(ovsAgentConfig(ctx.index, h), 'tunneling_ip') })).filter((h) => h.ip && !reached.has(h.ip));
    return tunnel.ports.flatMap((p): FindingDraft[] => {
      if (p.host !== null) return [];
      // The agent names a tunnel port after the remote_ip it was made for (tunnelPortName): that is the one expected.
      const byName = tunnelPortIp(p.port);
      const intended = byName && hostOfTunnelIp(ctx.index, byName) ? { host: hostOfTunnelIp(ctx.index, byName) as string, ip: byName } : unreached.length === 1 ? unreached[0] : undefined;
      const expected = intended ? `remote_ip=${intended.ip} (tunneling_ip of ${intended.host}'s OVS agent)` : `remote_ip = the tunneling_ip of an OVS agent (${tunnel.hostsWithPorts.map((h) => `${h}: ${str(ovsAgentConfig(ctx.index, h), 'tunneling_ip') ?? '?'}`).join(', ') || 'none with ports on this network'})`;
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'hop', host: a.host, device: p.port }, message: `${a.host} tunnel port ${p.port} on ${a.tunnelBridge} has remote_ip ${p.ip || '(none)'}, which is no OVS agent's local_ip${intended ? `; it should reach ${intended.host} (${intended.ip})` : ''}`, hint: intended ? `on ${a.host}: ovs-vsctl set Interface ${p.port} options:remote_ip=${intended.ip} (or restart the OVS agent there: tunnel_sync re-creates its tunnels)` : `restart the OVS agent on ${a.host} (tunnel_sync re-creates its tunnels) and check local_ip on every host`, evidence: expectedFound(a.host, `ovsdb Interface ${p.port}`, expected, `remote_ip=${p.ip || '(none)'}`) }];
    });
  }),
};

export const vifExternalIdMismatchCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'vif-external-id-mismatch',
  needsApi: true,
  severity: 'warning',
  summary: "the VIF's OVSDB external_ids disagree with Neutron: attached-mac is not the port's MAC, or iface-status is not active",
  run: perInterface((a) => {
    const iface = a.ovsInterface;
    if (!hasOvsdb(a) || !iface || iface.externalIds[IFACE_ID] !== a.trace.port.id) return [];
    const drafts: FindingDraft[] = [];
    const differs = (key: string, expected: string, same: (found: string) => boolean) => {
      const found = iface.externalIds[key];
      if (found !== undefined && same(found)) return;
      drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'hop', host: a.host, device: iface.name }, message: `${iface.name} on ${a.host} has external_ids:${key}=${found ?? '(none)'}, Neutron says ${expected}`, hint: `on ${a.host}: ovs-vsctl set Interface ${iface.name} external_ids:${key}=${expected} (or re-plug the VIF: nova reboot --hard)`, evidence: expectedFound(a.host, `ovsdb Interface ${iface.name}`, `external_ids:${key}=${expected}`, `external_ids:${key}=${found ?? '(none)'}`) });
    };
    if (a.trace.port.mac) differs(ATTACHED_MAC, a.trace.port.mac, (found) => found.toLowerCase() === a.trace.port.mac.toLowerCase());
    differs(IFACE_STATUS, IFACE_STATUS_ACTIVE, (found) => found === IFACE_STATUS_ACTIVE);
    return drafts;
  }),
};

const VIF_DEVICE_KINDS: readonly PathDevice['kind'][] = ['vm-tap', 'linux-bridge', 'veth', 'ovs-port'];

export const deviceDownCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'device-down',
  severity: 'error',
  summary: 'a Linux device of the path (the VIF tap, qbr, qvb, qvo) is administratively down (ip link: no UP flag): it passes no traffic',
  run: perInterface((a) => {
    const links = a.state?.links;
    if (!links || links.size === 0) return [];
    // A bridge's own (LOCAL) device is down by default and carries nothing of the path: only the VIF's devices count.
    return a.chain.filter((d) => VIF_DEVICE_KINDS.includes(d.kind)).flatMap((d): FindingDraft[] => {
      const link = links.get(d.name);
      if (!link || link.flags.length === 0 || link.flags.includes('UP')) return [];
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, at: { part: 'hop', host: a.host, device: d.name }, message: `${d.name} on ${a.host} is administratively down: no traffic passes it`, hint: `on ${a.host}: ip link set dev ${d.name} up`, evidence: expectedFound(a.host, `ip link ${d.name}`, 'flags include UP', `flags ${link.flags.join(',')}, operstate ${link.state ?? '?'}`) }];
    });
  }),
};
