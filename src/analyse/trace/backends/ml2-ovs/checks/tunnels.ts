// ML2/OVS checks on tunnels between the hosts with ports on a tunnel network (br-tun ports and flood flows).
import { TUN_TABLES } from '../../../../../neutron/ml2OvsRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import { str } from '../../../cloudIndex.js';
import { matchedTunnelId, setVlan } from '../../../flows.js';
import { flowsInTable } from '../hostState.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostState, ovsAgentConfig } from '../ovsFacts.js';
import { hasOvsdb } from './ovsCheckHelpers.js';

export const tunnelPortMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'tunnel-port-missing',
  severity: 'error',
  summary: 'no tunnel port to (or back from) a host with ports on the network',
  run: perInterface((a, ctx) => {
    const tunnel = a.ovs.tunnel;
    if (!tunnel || !a.state || !hasOvsdb(a)) return [];
    const drafts: FindingDraft[] = [];
    for (const host of tunnel.hostsWithPorts) {
      const remoteIp = str(ovsAgentConfig(ctx.index, host), 'tunneling_ip');
      if (!remoteIp) continue;
      if (!tunnel.ports.some((p) => p.ip === remoteIp)) {
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} ${a.tunnelBridge} has no ${tunnel.type} port to ${host} (${remoteIp}), which has ports on ${a.trace.network.name || a.trace.network.id}`, at: { part: 'hop', host: a.host, device: a.tunnelBridge ?? 'br-tun' }, hint: `restart the OVS agent on ${a.host} (tunnel_sync re-creates it) and check local_ip/tunnel_types on both hosts`, evidence: [{ source: `${a.host} ovsdb Interface`, text: `no type=${tunnel.type} interface with options:remote_ip="${remoteIp}" on ${a.tunnelBridge}` }, { source: `neutron agent on ${host}`, text: `tunneling_ip=${remoteIp}` }] });
      }
      // And back: the remote host needs a tunnel to this host.
      const remote = hostState(ctx.index, host);
      // Asked without building the remote host's rows (tens of thousands on a big host): hostState.ts.
      if (remote?.reachable && remote.hasPorts() && tunnel.localIp) {
        const back = remote.bridgeInterfaceOptions(a.tunnelBridge ?? 'br-tun', 'remote_ip').includes(tunnel.localIp);
        if (!back) {
          drafts.push({ portId: a.trace.port.id, host, message: `${host} has no ${tunnel.type} port back to ${a.host} (${tunnel.localIp}): replies to this port are lost`, at: { part: 'remote', host }, hint: `restart the OVS agent on ${host}`, evidence: [{ source: `${host} ovsdb Interface`, text: `no interface with options:remote_ip="${tunnel.localIp}"` }] });
        }
      }
    }
    return drafts;
  }),
};

export const floodEntryMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'flood-entry-missing',
  severity: 'error',
  summary: 'the flood flow misses a host with ports on the network, or the peer does not map the tunnel id',
  run: perInterface((a, ctx) => {
    const tunnel = a.ovs.tunnel;
    if (!tunnel || a.ovs.egress.action !== 'tunnel') return [];
    const drafts: FindingDraft[] = [];
    const reached = new Set((a.ovs.egress.remoteHosts ?? []).map((r) => r.port));
    for (const host of tunnel.hostsWithPorts) {
      const remoteIp = str(ovsAgentConfig(ctx.index, host), 'tunneling_ip');
      const port = tunnel.ports.find((p) => p.ip === remoteIp);
      if (!port || reached.has(port.port)) continue; // no port at all is tunnel-port-missing
      const flood = a.ovs.egress.flows[0];
      drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} floods local VLAN ${a.ovs.localVlan} without ${port.port} (to ${host}): broadcasts (ARP, DHCP) never reach ${host}`, at: { part: 'hop', host: a.host, device: a.tunnelBridge ?? 'br-tun' }, hint: `restart the OVS agent on ${a.host} (or with l2population: check the l2pop fdb entries for ${host})`, evidence: [{ source: `${a.host} flows:${a.tunnelBridge}`, text: flood ? `table=${flood.table}, priority=${flood.priority},${flood.match} actions=${flood.actions}` : 'no flood flow' }] });
    }
    // The remote hosts must map the tunnel id back to a local VLAN (br_tun.py provision_local_vlan) if they have ports.
    const tunnelBridge = a.tunnelBridge ?? 'br-tun';
    for (const host of tunnel.hostsWithPorts) {
      const remote = hostState(ctx.index, host);
      if (!remote?.flows.get(tunnelBridge)?.hasFlows() || tunnel.tunnelId === null) continue;
      const mapped = flowsInTable(remote, tunnelBridge, TUN_TABLES.tunToLv[tunnel.type]).some((f) => matchedTunnelId(f) === tunnel.tunnelId && setVlan(f) !== null);
      if (!mapped) {
        drafts.push({ severity: 'error', portId: a.trace.port.id, host, message: `${host} br-tun has no flow for ${tunnel.type} id ${tunnel.tunnelId}: what this port sends is dropped there`, at: { part: 'remote', host }, hint: `restart the OVS agent on ${host}`, evidence: [{ source: `${host} flows:${a.tunnelBridge}`, text: `missing: table=${TUN_TABLES.tunToLv[tunnel.type]}, tun_id=0x${tunnel.tunnelId.toString(16)} actions=mod_vlan_vid:<lvid>,resubmit(,10)` }] });
      }
    }
    return drafts;
  }),
};
