// ML2/OVS DVR checks: the elements a distributed router needs for one interface (src/neutron/dvrRules.ts), compared with what
// the API and the hosts say: the L3 agents' modes, the fip- namespace with its fg- port and the rfp-/fpr- pair on the
// instance's host, the snat- namespace with its ports and default route on the gateway's host, the peers' DVR MAC flows.
import type { CommandOutput } from '../../../../../model/cloudSnapshot.js';
import { HOST_OUTPUT } from '../../../../../model/hostOutputIds.js';
import { DVR_SERVING_MODES, L3_AGENT_MODE } from '../../../../../neutron/dvrRules.js';
import { DVR_PHYSICAL_NETWORK_TYPES, DVR_TABLES } from '../../../../../neutron/ml2OvsRules.js';
import { obj } from '../../../cloudIndex.js';
import { ovsAgentConfig } from '../ovsFacts.js';
import { NAMESPACE_PREFIX } from '../../../../../neutron/neutronRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { hostOutput, perInterface } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

/** Devices of an `ip -j addr show` output → their IPv4/IPv6 addresses; null when the command failed (no namespace). */
function devicesOf(out: CommandOutput | undefined): Map<string, string[]> | null {
  if (!out || out.exitCode !== 0) return null;
  try {
    const rows = JSON.parse(out.stdout) as { ifname?: string; addr_info?: { local?: string }[] }[];
    return new Map(rows.filter((r) => r.ifname).map((r) => [r.ifname as string, (r.addr_info ?? []).flatMap((a) => (a.local ? [a.local] : []))]));
  } catch {
    return null;
  }
}
const firstLine = (o: CommandOutput) => o.stderr.trim().split('\n')[0] ?? '';

export const dvrAgentModeCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dvr-agent-mode',
  needsApi: true,
  severity: 'error',
  summary: "an L3 agent's agent_mode does not fit its host's role for a distributed router: not dvr/dvr_snat on the instance's host, not dvr_snat where the router's SNAT is",
  explains: ['fip-nat-missing', 'dvr-fip-namespace-missing', 'dvr-fip-pair-missing'],
  run: perInterface((a) => {
    const r = a.trace.router;
    if (!r?.dvr) return [];
    const drafts: FindingDraft[] = [];
    const base = { portId: a.trace.port.id, at: { part: 'router' as const } };
    // neutron/db/l3_dvrscheduler_db.py: a distributed router is served on a compute host only by a dvr/dvr_snat/dvr_no_external agent
    const local = r.dvr.localAgentMode;
    if (r.host && r.agent && local && !DVR_SERVING_MODES.includes(local)) {
      drafts.push({ ...base, host: r.host, message: `the L3 agent on ${r.host} runs agent_mode=${local}: it does not serve distributed router ${r.name || r.id}, so the instance's host has no qrouter- (no routing, no floating IP there)`, hint: `set agent_mode = ${L3_AGENT_MODE.dvr} in the l3_agent.ini of ${r.host} and restart neutron-l3-agent there`, evidence: [{ source: `neutron agent ${r.agent.id}`, text: `configurations.agent_mode=${local}` }] });
    }
    // neutron/scheduler/l3_agent_scheduler.py: the SNAT part of a distributed router goes to dvr_snat agents only
    const s = r.dvr.snat;
    if (s.host && s.agent && s.agentMode !== L3_AGENT_MODE.dvrSnat) {
      drafts.push({ ...base, host: s.host, message: `the router's gateway is bound to ${s.host}, whose L3 agent runs agent_mode=${s.agentMode ?? '?'}, not ${L3_AGENT_MODE.dvrSnat}: no snat- namespace serves traffic without a floating IP`, hint: `set agent_mode = ${L3_AGENT_MODE.dvrSnat} on the network node ${s.host} and restart its L3 agent (or move the router: openstack network agent remove/add router --l3)`, evidence: [{ source: `neutron agent ${s.agent.id}`, text: `configurations.agent_mode=${s.agentMode ?? '?'}` }] });
    }
    return drafts;
  }),
};

export const dvrFipNamespaceMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dvr-fip-namespace-missing',
  needsApi: true,
  severity: 'error',
  summary: "a floating IP is bound on a DVR host without the fip- namespace of its external network, or without the namespace's fg- gateway port",
  explains: ['dvr-fip-pair-missing'],
  run: perInterface((a, ctx) => {
    const fip = a.trace.router?.dvr?.fip;
    if (!fip || !fip.host) return [];
    const base = { portId: a.trace.port.id, host: fip.host, at: { part: 'router' as const } };
    const hint = `restart neutron-l3-agent on ${fip.host}: its router sync re-creates ${fip.namespace} and re-plugs the fg- port`;
    if (!fip.gatewayPortId) {
      return [{ ...base, message: `no floatingip_agent_gateway port of the external network is bound to ${fip.host}: ${fip.namespace} has no way out for floating IP ${a.trace.router!.nat.map((n) => n.floatingIp).join(', ')}`, hint, evidence: [{ source: 'neutron ports', text: `no device_owner=network:floatingip_agent_gateway with binding:host_id=${fip.host} on network ${a.trace.router!.externalNetworkId}` }] }];
    }
    const out = hostOutput(ctx, fip.host, HOST_OUTPUT.netnsAddr(fip.namespace));
    if (!out) return [];
    const devices = devicesOf(out);
    if (!devices) {
      return [{ ...base, message: `namespace ${fip.namespace} is missing on ${fip.host}: floating IP ${a.trace.router!.nat.map((n) => n.floatingIp).join(', ')} of this interface has no way in or out`, hint, evidence: [{ source: `${fip.host} ${out.command}`, text: `exit ${out.exitCode}: ${firstLine(out)}` }] }];
    }
    if (fip.gatewayDevice && !devices.has(fip.gatewayDevice)) {
      return [{ ...base, message: `${fip.namespace} on ${fip.host} has no ${fip.gatewayDevice} (the fip- gateway port ${fip.gatewayPortId}, ${fip.gatewayIps.join(', ')}): floating-IP traffic cannot leave`, hint, evidence: [{ source: `${fip.host} ${out.command}`, text: `devices: ${[...devices.keys()].join(' ')}` }] }];
    }
    return [];
  }),
};

export const dvrFipPairMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dvr-fip-pair-missing',
  needsApi: true,
  severity: 'error',
  summary: "the rfp-/fpr- veth pair between the instance host's qrouter- and fip- namespaces is missing",
  run: perInterface((a, ctx) => {
    const r = a.trace.router;
    const fip = r?.dvr?.fip;
    if (!r || !fip || !fip.host) return [];
    const drafts: FindingDraft[] = [];
    for (const [ns, device] of [[NAMESPACE_PREFIX.router + r.id, fip.routerDevice], [fip.namespace, fip.fipDevice]] as const) {
      const devices = devicesOf(hostOutput(ctx, fip.host, HOST_OUTPUT.netnsAddr(ns)));
      if (!devices || devices.has(device)) continue; // a missing namespace is another finding
      drafts.push({ portId: a.trace.port.id, host: fip.host, at: { part: 'router' }, message: `${ns} on ${fip.host} has no ${device}: the link between qrouter- and ${fip.namespace} is broken, floating IP ${r.nat.map((n) => n.floatingIp).join(', ')} does not work`, hint: `restart neutron-l3-agent on ${fip.host} (dvr_local_router.py re-creates the ${fip.routerDevice}/${fip.fipDevice} pair)`, evidence: [{ source: `${fip.host} ip netns exec ${ns} ip -j addr show`, text: `devices: ${[...devices.keys()].join(' ')}` }] });
    }
    return drafts;
  }),
};

export const dvrSnatMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dvr-snat-missing',
  needsApi: true,
  severity: 'error',
  summary: "the distributed router's snat- namespace, its sg-/qg- ports or its default route are missing on the gateway's host",
  run: perInterface((a, ctx) => {
    const r = a.trace.router;
    const s = r?.dvr?.snat;
    if (!r || !s || !s.host || !r.externalNetworkId) return [];
    const base = { portId: a.trace.port.id, host: s.host, at: { part: 'router' as const } };
    const hint = `restart neutron-l3-agent on ${s.host} (agent_mode dvr_snat): it rebuilds ${s.namespace}`;
    const out = hostOutput(ctx, s.host, HOST_OUTPUT.netnsAddr(s.namespace));
    if (!out) return [];
    const devices = devicesOf(out);
    if (!devices) {
      return [{ ...base, message: `namespace ${s.namespace} is missing on ${s.host}: traffic of this interface without a floating IP is not SNATed out`, hint, evidence: [{ source: `${s.host} ${out.command}`, text: `exit ${out.exitCode}: ${firstLine(out)}` }] }];
    }
    const missing = [s.device, s.gatewayDevice].filter((d): d is string => !!d && !devices.has(d));
    if (missing.length > 0) {
      return [{ ...base, message: `${s.namespace} on ${s.host} lacks ${missing.join(' and ')}: SNAT of this network does not work`, hint, evidence: [{ source: `${s.host} ${out.command}`, text: `devices: ${[...devices.keys()].join(' ')}` }] }];
    }
    // dvr_edge_router.py _external_gateway_added: the snat- namespace routes out of qg- to the external subnet's gateway
    const route = hostOutput(ctx, s.host, HOST_OUTPUT.netnsRoute(s.namespace));
    if (route && route.exitCode === 0) {
      let routes: { dst?: string }[] = [];
      try {
        routes = JSON.parse(route.stdout) as { dst?: string }[];
      } catch {
        return [];
      }
      if (!routes.some((x) => x.dst === 'default')) {
        return [{ ...base, message: `${s.namespace} on ${s.host} has no default route: SNATed traffic of this network has no way out`, hint: `${hint}; or put it back: ip netns exec ${s.namespace} ip route add default via <external subnet gateway> dev ${s.gatewayDevice ?? 'qg-…'}`, evidence: [{ source: `${s.host} ${route.command}`, text: routes.length ? routes.map((x) => x.dst ?? '?').join(', ') : 'no routes' }] }];
      }
    }
    return [];
  }),
};

/**
 * The DVR MAC of a host as its own flows show it: br-tun DVR_PROCESS rewrites the source MAC of routed frames to it
 * (br_dvr_process.py install_dvr_process: actions=mod_dl_src:<host DVR MAC>). Null while the host has no local DVR router port.
 */
function ownDvrMac(out: CommandOutput | undefined): string | null {
  if (!out || out.exitCode !== 0) return null;
  const re = new RegExp(`table=${DVR_TABLES.tunDvrProcess},.*actions=[^\\n]*mod_dl_src:([0-9a-f:]{17})`);
  return re.exec(out.stdout)?.[1] ?? null;
}

/** The flows of a dump (ovs-ofctl dump-flows) in one table; table 0's lines carry no `table=`. */
function flowsInTable(dump: string, table: number): string[] {
  return dump.split('\n').filter((l) => l.includes('actions=') && (table === 0 ? !/\btable=/.test(l) || /\btable=0,/.test(l) : new RegExp(`\\btable=${table},`).test(l)));
}
/** A flow of `table` that matches `match` (a regexp source) and sends to `next` (resubmit(,N) / goto_table:N / output:…), if any. */
function hasFlow(dump: string, table: number, match: string, next: string): boolean {
  const m = new RegExp(match), n = new RegExp(`actions=.*${next}`);
  return flowsInTable(dump, table).some((l) => m.test(l) && n.test(l));
}
const toTable = (t: number) => `(resubmit\\(,${t}\\)|goto_table:${t})`;

interface DvrMacFlow {
  host: string;
  bridge: string;
  table: number;
  /** the flow as neutron installs it, for the evidence */
  expected: string;
  present: boolean;
}

/**
 * The DVR MAC flows a host needs for one peer DVR MAC, each with the neutron function that installs it
 * (AGENT/ovs_dvr_neutron_agent.py _add_dvr_mac_for_tun_br / _add_dvr_mac_for_phys_br, for every peer host's MAC).
 */
function peerMacFlows(ctx: Parameters<TraceCheck<OvsInterfaceAnalysis>['run']>[0], a: OvsInterfaceAnalysis, host: string, mac: string): DvrMacFlow[] {
  const flows: DvrMacFlow[] = [];
  const dump = (bridge: string) => {
    const out = hostOutput(ctx, host, HOST_OUTPUT.flows(bridge));
    return out && out.exitCode === 0 ? out.stdout : null;
  };
  const mine = (bridge: string, table: number, match: string, next: string, expected: string) => {
    const d = dump(bridge);
    if (d !== null) flows.push({ host, bridge, table, expected, present: hasFlow(d, table, match, next) });
  };
  const src = `dl_src=${mac}\\b`;
  if (a.tunnelBridge) {
    // br_tun.py add_dvr_mac_tun: DVR_NOT_LEARN dl_src=<peer MAC> → output:<patch-int>
    mine(a.tunnelBridge, DVR_TABLES.tunDvrNotLearn, src, 'output:', `table=${DVR_TABLES.tunDvrNotLearn}, priority=1,dl_src=${mac} actions=output:<patch-int>`);
    // br_int.py add_dvr_mac_tun: LOCAL_SWITCHING priority 2 in_port=<patch-tun>,dl_src=<peer MAC> → DVR_TO_SRC_MAC
    mine(a.integrationBridge, DVR_TABLES.intLocalSwitching, `priority=2,.*${src}`, toTable(DVR_TABLES.intDvrToSrcMac), `table=0, priority=2,in_port=<patch-tun>,dl_src=${mac} actions=resubmit(,${DVR_TABLES.intDvrToSrcMac})`);
  }
  const mappings = obj(ovsAgentConfig(ctx.index, host), 'bridge_mappings');
  for (const bridge of Object.values(mappings).filter((b): b is string => typeof b === 'string')) {
    // br_phys.py add_dvr_mac_physical: DVR_NOT_LEARN_PHYSICAL dl_src=<peer MAC> → output:<phy-br-int patch>
    mine(bridge, DVR_TABLES.physDvrNotLearn, src, 'output:', `table=${DVR_TABLES.physDvrNotLearn}, priority=2,dl_src=${mac} actions=output:<patch to br-int>`);
    // br_int.py add_dvr_mac_physical: LOCAL_SWITCHING priority 4 in_port=<int-br patch>,dl_src=<peer MAC> → DVR_TO_SRC_MAC_PHYSICAL
    mine(a.integrationBridge, DVR_TABLES.intLocalSwitching, `priority=4,.*${src}`, toTable(DVR_TABLES.intDvrToSrcMacPhysical), `table=0, priority=4,in_port=<patch from ${bridge}>,dl_src=${mac} actions=resubmit(,${DVR_TABLES.intDvrToSrcMacPhysical})`);
  }
  return flows;
}

export const dvrMacFlowMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dvr-mac-flow-missing',
  needsApi: true,
  severity: 'error',
  summary: "the instance's host lacks a DVR MAC flow: for a peer host's DVR MAC (br-tun DVR_NOT_LEARN table 9, br-int table 0 entries to DVR_TO_SRC_MAC from patch-tun and to DVR_TO_SRC_MAC_PHYSICAL from each physical bridge, the physical bridge's DVR_NOT_LEARN_PHYSICAL table 3) or for the instance port itself (br-int DVR_TO_SRC_MAC table 1, table 2 on VLAN/flat): routed frames between the hosts are flooded or dropped",
  run: perInterface((a, ctx) => {
    const r = a.trace.router;
    const host = a.trace.host;
    if (!r?.dvr || !host) return [];
    const mine = hostOutput(ctx, host, HOST_OUTPUT.flows(a.tunnelBridge ?? 'br-tun'));
    if (!mine || mine.exitCode !== 0 || !ownDvrMac(mine)) return [];
    const drafts: FindingDraft[] = [];
    const base = { portId: a.trace.port.id, host, at: { part: 'router' as const } };
    const hint = `restart neutron-openvswitch-agent on ${host}: it re-adds the DVR MAC flows of every peer and of its DVR-routed ports (ovs_dvr_neutron_agent.py)`;
    for (const peer of ctx.index.snapshot.hosts.map((h) => h.host).filter((h) => h !== host)) {
      const peerTun = hostOutput(ctx, peer, HOST_OUTPUT.flows(a.tunnelBridge ?? 'br-tun'));
      const mac = ownDvrMac(peerTun);
      if (!mac) continue;
      for (const f of peerMacFlows(ctx, a, host, mac).filter((x) => !x.present)) {
        drafts.push({ ...base, message: `${f.bridge} on ${host} has no table ${f.table} flow for ${peer}'s DVR MAC ${mac}: frames routed on ${peer} to this instance are ${f.table === DVR_TABLES.intLocalSwitching ? 'not handed to the DVR tables (the source MAC stays the peer\'s DVR MAC)' : 'learned and flooded instead of delivered'}, east-west routing between the hosts breaks`, hint, evidence: [{ source: `${host} flows:${f.bridge}`, text: `missing: ${f.expected}` }, { source: `${peer} flows:${a.tunnelBridge ?? 'br-tun'}`, text: `table=${DVR_TABLES.tunDvrProcess} … actions=mod_dl_src:${mac}` }] });
      }
    }
    // br_int.py install_dvr_to_src_mac (ovs_dvr_neutron_agent.py _bind_port_on_dvr_subnet): a peer's routed frame for this port
    // gets the router interface's MAC as source in DVR_TO_SRC_MAC (tunnel) / DVR_TO_SRC_MAC_PHYSICAL (vlan, flat); else table 1/2 drops it
    const qr = ctx.index.snapshot.api.ports.find((p) => p.id === r.interfacePortId);
    const intFlows = hostOutput(ctx, host, HOST_OUTPUT.flows(a.integrationBridge));
    const portMac = a.trace.port.mac;
    if (qr && portMac && intFlows && intFlows.exitCode === 0) {
      const table = DVR_PHYSICAL_NETWORK_TYPES.includes(a.trace.network.type ?? '') ? DVR_TABLES.intDvrToSrcMacPhysical : DVR_TABLES.intDvrToSrcMac;
      const qrMac = String(qr.mac_address ?? '');
      if (qrMac && !hasFlow(intFlows.stdout, table, `dl_dst=${portMac}\\b`, `mod_dl_src:${qrMac}`)) {
        drafts.push({ ...base, message: `${a.integrationBridge} on ${host} has no table ${table} (DVR_TO_SRC_MAC${table === DVR_TABLES.intDvrToSrcMacPhysical ? '_PHYSICAL' : ''}) flow for this port's MAC ${portMac}: frames routed to it on another host are dropped there instead of getting the router's MAC ${qrMac} as source`, hint, evidence: [{ source: `${host} flows:${a.integrationBridge}`, text: `missing: table=${table}, priority=20,dl_vlan=<local VLAN>,dl_dst=${portMac} actions=mod_dl_src:${qrMac},resubmit(,59)` }] });
      }
    }
    return drafts;
  }),
};
