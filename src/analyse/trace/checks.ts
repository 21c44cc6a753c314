// The findings of a trace: one small check per finding kind behind one interface, listed in one registry (TRACE_CHECKS).
// Rules come from neutronOvsRules.ts (with their neutron citations) and the path model of paths.ts.
import type { ApiObject, CommandOutput } from '../../model/cloudSnapshot.js';
import type { Evidence, Finding, Severity, TraceInstance } from '../../model/traceModel.js';
import { CloudIndex, list, str } from './cloudIndex.js';
import { matchedTunnelId, setVlan } from './flows.js';
import { type OvsInterfaceState, flowsInTable, interfacesOfPort } from './hostState.js';
import type { InterfaceAnalysis } from './paths.js';
import { AGENT_TYPE, DEAD_VLAN, ENCAP_OVERHEAD, IFACE_ID, TUN_TABLES, VIF_TYPE_BINDING_FAILED, VIF_TYPE_UNBOUND, isTunnelType } from './neutronOvsRules.js';

export interface CheckContext {
  index: CloudIndex;
  instance: TraceInstance;
  interfaces: InterfaceAnalysis[];
}

interface MiswiredHost {
  host: string;
  ovsPort: string;
  segmentationId: string;
}

/**
 * Per network, once per snapshot: each host whose OVSDB records a port of the network under another segmentation id
 * than Neutron's (other_config:segmentation_id, set by the agent's port_bound), with its first such port, in port order.
 */
function miswiredHosts(index: CloudIndex, networkId: string, segmentationId: number): MiswiredHost[] {
  return index.derived(`miswired-hosts ${networkId} ${segmentationId}`, () => {
    const found = new Map<string, MiswiredHost>();
    for (const port of index.portsOnNetwork(networkId)) {
      const host = str(port, 'binding:host_id');
      const state = host ? index.hosts.get(host) : undefined;
      if (!host || !state || found.has(host)) continue;
      const row = interfacesOfPort(state, str(port, 'id') ?? '')[0];
      const seg = row ? state.ports.get(row.name)?.otherConfig.segmentation_id : undefined;
      if (seg !== undefined && Number(seg) !== segmentationId) found.set(host, { host, ovsPort: row.name, segmentationId: seg });
    }
    return [...found.values()];
  });
}

/** Ports on a host's integration bridge that the OVS agent does not manage: no iface-id, not a patch or tunnel port. */
function unmanagedPorts(index: CloudIndex, host: string, bridge: string): { name: string; iface: OvsInterfaceState }[] {
  return index.derived(`unmanaged-ports ${host} ${bridge}`, () => {
    const state = index.hosts.get(host);
    return (state?.bridges.get(bridge) ?? []).flatMap((name) => {
      const iface = state?.interfaces.get(name);
      if (!iface || name === bridge || iface.type === 'patch' || isTunnelType(iface.type) || iface.externalIds[IFACE_ID]) return [];
      return [{ name, iface }];
    });
  });
}

/** What a check reports; id and severity default to the check's own. */
export interface FindingDraft {
  message: string;
  hint: string;
  evidence: Evidence[];
  severity?: Severity;
  portId?: string;
  host?: string;
}

export interface TraceCheck {
  id: string;
  severity: Severity;
  /** One line for docs/trace.md and `--help`. */
  summary: string;
  run(ctx: CheckContext): FindingDraft[];
}

function hostOutput(ctx: CheckContext, host: string, id: string): CommandOutput | undefined {
  return ctx.index.snapshot.hosts.find((h) => h.host === host && h.reachable)?.outputs.find((o) => o.id === id);
}

const perInterface = (fn: (a: InterfaceAnalysis, ctx: CheckContext) => FindingDraft[]) => (ctx: CheckContext) => ctx.interfaces.flatMap((a) => fn(a, ctx));
/** Once per host of the instance's interfaces, in order, with the first interface on that host. */
const perHost = (fn: (host: string, a: InterfaceAnalysis, ctx: CheckContext) => FindingDraft[]) => (ctx: CheckContext) => {
  const first = new Map<string, InterfaceAnalysis>();
  for (const a of ctx.interfaces) if (a.host && !first.has(a.host)) first.set(a.host, a);
  return [...first].flatMap(([host, a]) => fn(host, a, ctx));
};

const portEvidence = (a: InterfaceAnalysis, field: string, value: unknown): Evidence => ({ source: `neutron port ${a.trace.port.id} ${field}`, text: `${field}=${JSON.stringify(value)}` });
const ovsdbEvidence = (a: InterfaceAnalysis, text: string): Evidence => ({ source: `${a.host} ovsdb Port ${a.ovsPort?.name ?? '?'}`, text });
/** Only judge OVS state when the host's OVSDB was actually read. */
const hasOvsdb = (a: InterfaceAnalysis) => !!a.state && a.state.reachable && a.state.ports.size > 0;
const hasFlows = (a: InterfaceAnalysis, bridge: string | null) => !!bridge && !!a.state?.flows.get(bridge)?.length;
/** Wired by the agent with a consistent tag (a hand-changed tag is tag-mismatch; its missing flows follow from it). */
const wired = (a: InterfaceAnalysis) =>
  a.trace.localVlan !== null && a.trace.localVlan !== DEAD_VLAN && (a.trace.otherConfigTag === null || a.trace.otherConfigTag === a.trace.localVlan);

export const TRACE_CHECKS: readonly TraceCheck[] = [
  {
    id: 'host-unreachable',
    severity: 'error',
    summary: 'a host the instance uses (or one its tunnels lead to) could not be read over SSH',
    run(ctx) {
      const needed = new Map<string, 'error' | 'warning'>();
      for (const a of ctx.interfaces) {
        // An unbound port's host has nothing to read (binding-failed says why).
        const unbound = a.trace.port.vifType === VIF_TYPE_BINDING_FAILED || a.trace.port.vifType === VIF_TYPE_UNBOUND;
        if (a.host && !unbound) needed.set(a.host, 'error');
        for (const h of a.trace.tunnel?.hostsWithPorts ?? []) if (!needed.has(h)) needed.set(h, 'warning');
      }
      const drafts: FindingDraft[] = [];
      for (const [host, severity] of needed) {
        const capture = ctx.index.snapshot.hosts.find((h) => h.host === host);
        const problems = ctx.index.snapshot.problems.filter((p) => p.host === host);
        if (capture?.reachable) continue;
        if (!capture && problems.length === 0) {
          // Not collected by choice (--no-hosts, --max-tunnel-peers 0): say so without failing the run.
          drafts.push({ severity: 'info', host, message: `${host} was not read (not collected): the OVS parts of the path there are unknown`, hint: `trace again without --no-hosts, or with --extra-host ${host}`, evidence: [{ source: 'snapshot hosts', text: `no capture for ${host}` }] });
          continue;
        }
        const evidence: Evidence[] = problems.map((p) => ({ source: `collection ${p.source} ${p.code}`, text: p.message }));
        if (capture?.error) evidence.push({ source: `host ${host}`, text: capture.error });
        drafts.push({
          severity,
          host,
          message: `${host} could not be read${severity === 'warning' ? ' (a tunnel peer of this instance)' : ''}: its OVS state is unknown`,
          hint: `check SSH to ${host} (sshd running, --ssh-config, host key, user with ovs-vsctl/ovs-ofctl rights)`,
          evidence,
        });
      }
      return drafts;
    },
  },
  {
    id: 'instance-state',
    severity: 'warning',
    summary: 'the instance has no network interface, or Nova reports it in ERROR',
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
  },
  {
    id: 'ovs-data-missing',
    severity: 'warning',
    summary: 'a reachable host did not return some OVS/Linux output the trace needs',
    run: perHost((host, _a, ctx) => {
      const state = ctx.index.hosts.get(host);
      if (!state?.reachable || state.gaps.length === 0) return [];
      return [{ host, message: `${host}: ${state.gaps.length} output(s) missing or unreadable; parts of the path are unknown`, hint: 'run the trace with a user allowed to run ovs-vsctl/ovs-ofctl (sudo) and check the tools exist', evidence: state.gaps.map((g) => ({ source: `host ${host}`, text: g })) }];
    }),
  },
  {
    id: 'agent-dead',
    severity: 'error',
    summary: "the OVS agent of the port's host is missing, down or disabled in the agents API",
    run: perInterface((a, ctx) => {
      if (!a.host || ctx.index.agent(AGENT_TYPE.ovs, a.host) === undefined) {
        if (!a.host) return [];
        return [{ portId: a.trace.port.id, host: a.host, message: `no Open vSwitch agent is registered for ${a.host}`, hint: `start neutron-openvswitch-agent on ${a.host} (or check its 'host' option)`, evidence: [{ source: 'neutron agents', text: `no agent_type="${AGENT_TYPE.ovs}" with host="${a.host}"` }] }];
      }
      const agent = ctx.index.agentRef(AGENT_TYPE.ovs, a.host);
      if (agent && agent.alive && agent.adminStateUp) return [];
      return [{ portId: a.trace.port.id, host: a.host, message: `the Open vSwitch agent on ${a.host} is ${agent?.alive ? 'administratively down' : 'dead (no heartbeat)'}: the port's flows are not maintained`, hint: `restart neutron-openvswitch-agent on ${a.host} and check its log and RabbitMQ connection`, evidence: [{ source: `neutron agent ${agent?.id}`, text: `alive=${agent?.alive} admin_state_up=${agent?.adminStateUp}` }] }];
    }),
  },
  {
    id: 'binding-failed',
    severity: 'error',
    summary: 'Neutron could not bind the port (binding:vif_type binding_failed/unbound)',
    run: perInterface((a) => {
      const vif = a.trace.port.vifType;
      if (vif !== VIF_TYPE_BINDING_FAILED && vif !== VIF_TYPE_UNBOUND) return [];
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `port ${a.trace.port.id} is not bound (binding:vif_type=${vif}) on host "${a.host ?? ''}"`, hint: 'check that an alive OVS agent runs on binding:host_id with a bridge mapping / tunnel type for this network; see neutron-server log "Failed to bind port"', evidence: [portEvidence(a, 'binding:vif_type', vif), portEvidence(a, 'binding:host_id', a.host)] }];
    }),
  },
  {
    id: 'binding-host-mismatch',
    severity: 'error',
    summary: 'the VIF is plugged on another host than binding:host_id says',
    run: perInterface((a) => {
      if (!a.boundHost || !a.host || a.boundHost === a.host) return [];
      return [{ portId: a.trace.port.id, host: a.host, message: `port ${a.trace.port.id} is bound to ${a.boundHost} but its VIF ${a.ovsInterface?.name ?? ''} is plugged on ${a.host}: ${a.host}'s agent isolates it, ${a.boundHost} has nothing to wire`, hint: `finish or roll back the migration: set binding:host_id to ${a.host}, or unplug the VIF there and plug it on ${a.boundHost}`, evidence: [portEvidence(a, 'binding:host_id', a.boundHost), { source: `${a.host} ovsdb Interface ${a.ovsInterface?.name ?? ''}`, text: `external_ids:iface-id="${a.trace.port.id}"` }] }];
    }),
  },
  {
    id: 'port-down',
    severity: 'error',
    summary: 'the Neutron port is not ACTIVE',
    run: perInterface((a) => {
      if (a.trace.port.status === 'ACTIVE') return [];
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `port ${a.trace.port.id} is ${a.trace.port.status}`, hint: 'the OVS agent has not wired the port: check the agent on the host is alive and the port appears in its br-int with an iface-id', evidence: [portEvidence(a, 'status', a.trace.port.status)] }];
    }),
  },
  {
    id: 'port-not-plugged',
    severity: 'error',
    summary: "no OVSDB interface on the host's br-int carries the port's iface-id",
    run: perInterface((a) => {
      if (!hasOvsdb(a) || a.ovsInterface?.externalIds[IFACE_ID] === a.trace.port.id) return [];
      const vif = a.trace.port.vifType;
      if (vif === VIF_TYPE_BINDING_FAILED || vif === VIF_TYPE_UNBOUND) return [];
      const byName = a.ovsInterface; // found by its expected device name only
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: byName ? `${byName.name} on ${a.host} is not this port's VIF for the agent: its external_ids:iface-id is "${byName.externalIds[IFACE_ID] ?? ''}", not ${a.trace.port.id}` : `no OVS interface on ${a.host} has external_ids:iface-id=${a.trace.port.id}`, hint: 'the VIF was never plugged (nova-compute/os-vif), was removed, or was plugged with the wrong iface-id: check nova-compute log and `ovs-vsctl find Interface external_ids:iface-id=<port>`', evidence: [{ source: `${a.host} ovsdb Interface`, text: byName ? `${byName.name} external_ids=${JSON.stringify(byName.externalIds)}` : `no row with external_ids:iface-id="${a.trace.port.id}"` }] }];
    }),
  },
  {
    id: 'dead-vlan',
    severity: 'error',
    summary: 'the port sits in the dead VLAN 4095 (the agent isolated it)',
    run: perInterface((a) => {
      if (a.trace.localVlan !== DEAD_VLAN) return [];
      const evidence = [ovsdbEvidence(a, `tag=${DEAD_VLAN}`), ...a.deadDropFlows.map((f) => ({ source: `${a.host} flows:${a.integrationBridge}`, text: f.raw }))];
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.ovsPort?.name} on ${a.host} is in the dead VLAN ${DEAD_VLAN}: all its traffic is dropped`, hint: "the agent could not bind it here (binding moved to another host, network deleted or binding failed): fix the port's binding:host_id or re-plug the VIF, then the agent re-tags it", evidence }];
    }),
  },
  {
    id: 'no-local-vlan',
    severity: 'error',
    summary: 'the port is on br-int but has no VLAN tag (never wired by the agent)',
    run: perInterface((a) => {
      if (!a.ovsPort || a.trace.localVlan !== null) return [];
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.ovsPort.name} on ${a.host} has no local VLAN tag: the OVS agent has not wired it`, hint: `check the OVS agent on ${a.host} is alive and processing ports (its log: "Port ... updated")`, evidence: [ovsdbEvidence(a, `tag=[] other_config=${JSON.stringify(a.ovsPort.otherConfig)}`)] }];
    }),
  },
  {
    id: 'tag-mismatch',
    severity: 'error',
    summary: "the Port's tag differs from the agent's other_config:tag",
    run: perInterface((a) => {
      const { localVlan, otherConfigTag } = a.trace;
      if (localVlan === null || otherConfigTag === null || localVlan === otherConfigTag || localVlan === DEAD_VLAN) return [];
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.ovsPort?.name} on ${a.host} is tagged ${localVlan} but the agent recorded local VLAN ${otherConfigTag}: the translation flows use ${otherConfigTag}`, hint: `someone changed the tag by hand: \`ovs-vsctl set Port ${a.ovsPort?.name} tag=${otherConfigTag}\` (or restart the agent to resync)`, evidence: [ovsdbEvidence(a, `tag=${localVlan} other_config:tag="${otherConfigTag}"`)] }];
    }),
  },
  {
    id: 'segmentation-mismatch',
    severity: 'error',
    summary: 'a host maps the network to another segmentation id than Neutron has',
    run: perInterface((a, ctx) => {
      const netSeg = a.trace.network.segmentationId;
      if (netSeg === null) return [];
      const drafts: FindingDraft[] = [];
      if (a.trace.otherConfigSegmentationId !== null && a.trace.otherConfigSegmentationId !== netSeg) {
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} wired the port for segmentation id ${a.trace.otherConfigSegmentationId}, Neutron says ${netSeg}`, hint: 'the agent has a stale mapping: restart it to resync the network', evidence: [ovsdbEvidence(a, `other_config:segmentation_id="${a.trace.otherConfigSegmentationId}"`), { source: `neutron network ${a.trace.network.id}`, text: `provider:segmentation_id=${netSeg}` }] });
      }
      // Other hosts with ports on the same network: their OVSDB other_config and br-tun mapping must agree.
      const other = miswiredHosts(ctx.index, a.trace.network.id, netSeg).find((m) => m.host !== a.host);
      if (other) {
        drafts.push({ severity: 'error', portId: a.trace.port.id, host: other.host, message: `${other.host} wired network ${a.trace.network.name || a.trace.network.id} with segmentation id ${other.segmentationId}, this port's host uses ${netSeg}: they cannot reach each other`, hint: `restart the OVS agent on ${other.host} so it resyncs the network's segment`, evidence: [{ source: `${other.host} ovsdb Port ${other.ovsPort}`, text: `other_config:segmentation_id="${other.segmentationId}"` }, { source: `neutron network ${a.trace.network.id}`, text: `provider:segmentation_id=${netSeg}` }] });
      }
      return drafts;
    }),
  },
  {
    id: 'ingress-flow-missing',
    severity: 'error',
    summary: 'no flow turns the wire VLAN / tunnel id into the local VLAN on this host',
    run: perInterface((a) => {
      if (a.trace.ingress.action !== 'missing' || !wired(a)) return [];
      const bridge = a.trace.ingress.bridge;
      if (!hasFlows(a, bridge)) return [];
      const isTun = isTunnelType(a.trace.network.type);
      const expected = isTun
        ? `table ${TUN_TABLES.tunToLv[a.trace.network.type as string]} tun_id=0x${(a.trace.network.segmentationId ?? 0).toString(16)} actions=mod_vlan_vid:${a.trace.localVlan},resubmit(,${TUN_TABLES.learnFromTun})`
        : `table 0 in_port=int-${a.providerBridge},${a.trace.network.type === 'vlan' ? `dl_vlan=${a.trace.network.segmentationId}` : 'vlan_tci=0x0000/0x1fff'} actions=mod_vlan_vid:${a.trace.localVlan},…`;
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} ${bridge}: no ingress flow for ${isTun ? `${a.trace.network.type} id ${a.trace.network.segmentationId}` : a.trace.network.type === 'vlan' ? `VLAN ${a.trace.network.segmentationId}` : 'untagged traffic'} → local VLAN ${a.trace.localVlan}: traffic towards the port is dropped`, hint: `restart the OVS agent on ${a.host} (it reinstalls provision_local_vlan flows); expected: ${expected}`, evidence: [{ source: `${a.host} flows:${bridge}`, text: `missing: ${expected}` }] }];
    }),
  },
  {
    id: 'egress-flow-missing',
    severity: 'error',
    summary: 'no flow turns the local VLAN into the wire VLAN / tunnel id on this host',
    run: perInterface((a) => {
      if (a.trace.egress.action !== 'missing' || !wired(a)) return [];
      const bridge = a.trace.egress.bridge;
      if (!hasFlows(a, bridge)) return [];
      const isTun = isTunnelType(a.trace.network.type);
      const expected = isTun
        ? `table ${TUN_TABLES.floodToTun} dl_vlan=${a.trace.localVlan} actions=strip_vlan,load:0x${(a.trace.network.segmentationId ?? 0).toString(16)}->NXM_NX_TUN_ID[],output:<tunnel ports>`
        : `in_port=phy-${bridge},dl_vlan=${a.trace.localVlan} actions=${a.trace.network.type === 'vlan' ? `mod_vlan_vid:${a.trace.network.segmentationId}` : 'strip_vlan'},NORMAL`;
      return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} ${bridge}: no egress flow for local VLAN ${a.trace.localVlan}: traffic from the port never leaves the host`, hint: `restart the OVS agent on ${a.host} (it reinstalls the ${isTun ? 'flood' : 'provider VLAN'} flow); expected: ${expected}`, evidence: [{ source: `${a.host} flows:${bridge}`, text: `missing: ${expected}` }] }];
    }),
  },
  {
    id: 'tunnel-port-missing',
    severity: 'error',
    summary: 'no tunnel port to (or back from) a host that has ports on the network',
    run: perInterface((a, ctx) => {
      const tunnel = a.trace.tunnel;
      if (!tunnel || !a.state || !hasOvsdb(a)) return [];
      const drafts: FindingDraft[] = [];
      for (const host of tunnel.hostsWithPorts) {
        const remoteIp = str(ctx.index.ovsAgentConfig(host), 'tunneling_ip');
        if (!remoteIp) continue;
        if (!tunnel.ports.some((p) => p.ip === remoteIp)) {
          drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} ${a.tunnelBridge} has no ${tunnel.type} port to ${host} (${remoteIp}), which has ports on ${a.trace.network.name || a.trace.network.id}`, hint: `restart the OVS agent on ${a.host} (tunnel_sync re-creates it) and check local_ip/tunnel_types on both hosts`, evidence: [{ source: `${a.host} ovsdb Interface`, text: `no type=${tunnel.type} interface with options:remote_ip="${remoteIp}" on ${a.tunnelBridge}` }, { source: `neutron agent on ${host}`, text: `tunneling_ip=${remoteIp}` }] });
        }
        // And back: the remote host needs a tunnel to this host.
        const remote = ctx.index.hosts.get(host);
        if (remote?.reachable && remote.ports.size > 0 && tunnel.localIp) {
          const back = [...(remote.bridges.get(a.tunnelBridge ?? 'br-tun') ?? [])].some((n) => remote.interfaces.get(n)?.options.remote_ip === tunnel.localIp);
          if (!back) {
            drafts.push({ portId: a.trace.port.id, host, message: `${host} has no ${tunnel.type} port back to ${a.host} (${tunnel.localIp}): replies to this port are lost`, hint: `restart the OVS agent on ${host}`, evidence: [{ source: `${host} ovsdb Interface`, text: `no interface with options:remote_ip="${tunnel.localIp}"` }] });
          }
        }
      }
      return drafts;
    }),
  },
  {
    id: 'flood-entry-missing',
    severity: 'error',
    summary: "the network's flood flow does not reach the tunnel port of a host that has ports on it",
    run: perInterface((a, ctx) => {
      const tunnel = a.trace.tunnel;
      if (!tunnel || a.trace.egress.action !== 'tunnel') return [];
      const drafts: FindingDraft[] = [];
      const reached = new Set((a.trace.egress.remoteHosts ?? []).map((r) => r.port));
      for (const host of tunnel.hostsWithPorts) {
        const remoteIp = str(ctx.index.ovsAgentConfig(host), 'tunneling_ip');
        const port = tunnel.ports.find((p) => p.ip === remoteIp);
        if (!port || reached.has(port.port)) continue; // no port at all is tunnel-port-missing
        const flood = a.trace.egress.flows[0];
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} floods local VLAN ${a.trace.localVlan} without ${port.port} (to ${host}): broadcasts (ARP, DHCP) never reach ${host}`, hint: `restart the OVS agent on ${a.host} (or with l2population: check the l2pop fdb entries for ${host})`, evidence: [{ source: `${a.host} flows:${a.tunnelBridge}`, text: flood ? `table=${flood.table}, priority=${flood.priority},${flood.match} actions=${flood.actions}` : 'no flood flow' }] });
      }
      // The remote hosts must map the tunnel id back to a local VLAN (br_tun.py provision_local_vlan) if they have ports.
      const tunnelBridge = a.tunnelBridge ?? 'br-tun';
      for (const host of tunnel.hostsWithPorts) {
        const remote = ctx.index.hosts.get(host);
        if (!remote?.flows.get(tunnelBridge)?.length || tunnel.tunnelId === null) continue;
        const mapped = flowsInTable(remote, tunnelBridge, TUN_TABLES.tunToLv[tunnel.type]).some((f) => matchedTunnelId(f) === tunnel.tunnelId && setVlan(f) !== null);
        if (!mapped) {
          drafts.push({ severity: 'error', portId: a.trace.port.id, host, message: `${host} br-tun has no flow for ${tunnel.type} id ${tunnel.tunnelId}: what this port sends is dropped there`, hint: `restart the OVS agent on ${host}`, evidence: [{ source: `${host} flows:${a.tunnelBridge}`, text: `missing: table=${TUN_TABLES.tunToLv[tunnel.type]}, tun_id=0x${tunnel.tunnelId.toString(16)} actions=mod_vlan_vid:<lvid>,resubmit(,10)` }] });
        }
      }
      return drafts;
    }),
  },
  {
    id: 'mtu-mismatch',
    severity: 'warning',
    summary: "a device on the instance's path has a larger MTU than the network allows",
    run: perInterface((a) => {
      const mtu = a.trace.network.mtu;
      if (mtu === null) return [];
      const big = a.trace.deviceChain.filter((d) => ['vm-tap', 'linux-bridge', 'veth', 'ovs-port'].includes(d.kind) && d.mtu !== undefined && d.mtu > mtu);
      const drafts: FindingDraft[] = [];
      // The wire below: a provider uplink must carry the network MTU; a tunnel's underlay device the MTU plus the
      // encapsulation (neutron_lib/constants.py *_ENCAP_OVERHEAD + 20 bytes IPv4 / 40 IPv6 header; doc config-mtu.rst).
      for (const d of a.trace.deviceChain.filter((x) => x.kind === 'uplink' && x.mtu !== undefined && x.mtu < mtu)) {
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `uplink ${d.name} on ${a.host} has MTU ${d.mtu}, less than network ${a.trace.network.name || a.trace.network.id} MTU ${mtu}: full-size frames are dropped on the wire`, hint: `raise ${d.name}'s MTU to at least ${mtu}, or lower the network's MTU (openstack network set --mtu)`, evidence: [{ source: `${a.host} ip link / ovsdb Interface`, text: `${d.name} mtu ${d.mtu}` }, { source: `neutron network ${a.trace.network.id}`, text: `mtu=${mtu}` }] });
      }
      const tunnel = a.trace.tunnel;
      const underlay = tunnel?.localIp ? a.state?.addresses.find((x) => x.address === tunnel.localIp) : undefined;
      if (tunnel && underlay?.mtu != null) {
        const needed = mtu + (ENCAP_OVERHEAD[tunnel.type] ?? 30) + (underlay.family === 'inet6' ? 40 : 20);
        if (needed > underlay.mtu) {
          drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${tunnel.type} packets of network MTU ${mtu} need ${needed} bytes, but the underlay device ${underlay.device} (${tunnel.localIp}) on ${a.host} has MTU ${underlay.mtu}: large packets are dropped`, hint: `lower the network MTU to ${underlay.mtu - (needed - mtu)} (openstack network set --mtu) or raise ${underlay.device}'s MTU (and global_physnet_mtu/path_mtu)`, evidence: [{ source: `${a.host} ip addr`, text: `${underlay.device} ${tunnel.localIp} mtu ${underlay.mtu}` }, { source: `neutron network ${a.trace.network.id}`, text: `mtu=${mtu}` }] });
        }
      }
      if (!big.length) return drafts;
      return [...drafts, { portId: a.trace.port.id, host: a.host ?? undefined, message: `${big.map((d) => `${d.name} MTU ${d.mtu}`).join(', ')} on ${a.host} exceed network ${a.trace.network.name || a.trace.network.id} MTU ${mtu}: large packets are dropped after encapsulation or on the wire`, hint: `set the device MTU back: ip link set ${big[0].name} mtu ${mtu} (nova/os-vif use the network MTU when plugging)`, evidence: [...big.map((d) => ({ source: `${a.host} ${d.kind === 'ovs-port' || d.bridge ? 'ovsdb Interface / ip link' : 'ip link'}`, text: `${d.name} mtu ${d.mtu}` })), { source: `neutron network ${a.trace.network.id}`, text: `mtu=${mtu}` }] }];
    }),
  },
  {
    id: 'dhcp-missing',
    severity: 'warning',
    summary: 'a DHCP-enabled network has no DHCP port',
    run: perInterface((a) => {
      if (!a.trace.dhcp.enabled || a.trace.dhcp.ports.length > 0) return [];
      return [{ portId: a.trace.port.id, message: `network ${a.trace.network.name || a.trace.network.id} has DHCP enabled but no DHCP port: the instance gets no address by DHCP`, hint: 'check that a DHCP agent is alive and scheduled to the network (openstack network agent list --network <net>)', evidence: [{ source: `neutron ports network_id=${a.trace.network.id}`, text: 'no port with device_owner=network:dhcp' }] }];
    }),
  },
  {
    id: 'dhcp-agent-dead',
    severity: 'error',
    summary: "the DHCP agent serving the network is dead, disabled or missing",
    run: perInterface((a) => {
      if (!a.trace.dhcp.enabled) return [];
      return a.trace.dhcp.ports.flatMap((p) => {
        if (p.agent && p.agent.alive && p.agent.adminStateUp) return [];
        return [{ portId: a.trace.port.id, host: p.host ?? undefined, message: p.agent ? `the DHCP agent on ${p.host} is ${p.agent.alive ? 'disabled' : 'dead'}: DHCP port ${p.id} is not served` : `no DHCP agent on ${p.host ?? '(unbound)'} for DHCP port ${p.id}`, hint: `restart neutron-dhcp-agent on ${p.host ?? 'the network node'}`, evidence: [{ source: p.agent ? `neutron agent ${p.agent.id}` : 'neutron agents', text: p.agent ? `alive=${p.agent.alive} admin_state_up=${p.agent.adminStateUp}` : `no DHCP agent with host=${p.host}` }] }];
      });
    }),
  },
  {
    id: 'dnsmasq-missing',
    severity: 'error',
    summary: "no dnsmasq runs for the network on its DHCP agent's host (agent alive, DHCP server gone)",
    run: perInterface((a, ctx) => {
      if (!a.trace.dhcp.enabled) return [];
      const drafts: FindingDraft[] = [];
      for (const host of new Set(a.trace.dhcp.ports.map((p) => p.host).filter((h): h is string => !!h))) {
        // neutron/agent/linux/dhcp.py Dnsmasq._build_cmdline_callback: --pid-file/--dhcp-hostsfile under <state dir>/<network id>/
        const out = hostOutput(ctx, host, 'processes:dnsmasq');
        if (!out || (out.exitCode !== 0 && out.exitCode !== 1)) continue; // not collected, or pgrep failed: unknown
        if (out.stdout.split('\n').some((line) => line.includes(a.trace.network.id))) continue;
        drafts.push({ portId: a.trace.port.id, host, message: `no dnsmasq serves network ${a.trace.network.name || a.trace.network.id} on ${host}: DHCP requests get no answer`, hint: `restart the DHCP agent on ${host} or resync the network (openstack network agent remove/add network); check the agent log for dnsmasq errors`, evidence: [{ source: `${host} ${out.command || 'pgrep -a dnsmasq'}`, text: out.stdout.trim() ? `${out.stdout.trim().split('\n').length} dnsmasq process(es), none for ${a.trace.network.id}` : 'no dnsmasq process' }] });
      }
      return drafts;
    }),
  },
  {
    id: 'fip-nat-missing',
    severity: 'error',
    summary: "the floating IP's DNAT rule is missing in the router namespace (or the namespace is)",
    run: perInterface((a, ctx) => {
      const drafts: FindingDraft[] = [];
      for (const fip of ctx.index.floatingIpsOfPort(a.trace.port.id)) {
        const floating = str(fip, 'floating_ip_address');
        const fixed = str(fip, 'fixed_ip_address');
        const routerId = str(fip, 'router_id') ?? a.trace.router?.id ?? null;
        const host = routerId && a.trace.router?.id === routerId ? a.trace.router.host : null;
        if (!floating || !fixed || !routerId || !host) continue;
        const out = hostOutput(ctx, host, `netns-nat:qrouter-${routerId}`);
        if (!out) continue;
        if (out.exitCode !== 0) {
          drafts.push({ portId: a.trace.port.id, host, message: `namespace qrouter-${routerId} is missing or unreadable on ${host}: floating IP ${floating} and routing do not work`, hint: `restart the L3 agent on ${host} so it rebuilds the router`, evidence: [{ source: `${host} ${out.command}`, text: `exit ${out.exitCode}: ${out.stderr.trim().split('\n')[0] ?? ''}` }] });
          continue;
        }
        // neutron/agent/l3/router_info.py floating_forward_rules: PREROUTING -d <fip>/32 -j DNAT --to-destination <fixed>
        const rule = new RegExp(`^-A \\S*PREROUTING -d ${floating.replace(/\./g, '\\.')}/32 .*-j DNAT --to-destination ${fixed.replace(/\./g, '\\.')}\\b`, 'm');
        if (rule.test(out.stdout)) continue;
        drafts.push({ portId: a.trace.port.id, host, message: `qrouter-${routerId} on ${host} has no DNAT rule for floating IP ${floating} → ${fixed}: traffic to the floating IP does not reach the instance`, hint: `restart the L3 agent on ${host} (it rewrites the router's NAT rules), or disassociate and re-associate the floating IP`, evidence: [{ source: `${host} ${out.command}`, text: `missing: -A neutron-l3-agent-PREROUTING -d ${floating}/32 -j DNAT --to-destination ${fixed}` }] });
      }
      return drafts;
    }),
  },
  {
    id: 'router-gateway-missing',
    severity: 'warning',
    summary: 'a floating IP without a router (or a router without an external gateway) to carry it',
    run: perInterface((a) => {
      if (!a.trace.floatingIps.length) return [];
      if (!a.trace.router) {
        return [{ portId: a.trace.port.id, message: `port has floating IP ${a.trace.floatingIps.join(', ')} but no router is attached to its subnet`, hint: 'openstack router add subnet <router> <subnet>', evidence: [{ source: `neutron ports network_id=${a.trace.network.id}`, text: 'no port with device_owner=network:router_interface*' }] }];
      }
      if (a.trace.router.externalNetworkId) return [];
      return [{ portId: a.trace.port.id, message: `router ${a.trace.router.name || a.trace.router.id} has no external gateway: floating IP ${a.trace.floatingIps.join(', ')} cannot work`, hint: `openstack router set --external-gateway <external network> ${a.trace.router.name || a.trace.router.id}`, evidence: [{ source: `neutron router ${a.trace.router.id}`, text: 'external_gateway_info=null' }] }];
    }),
  },
  {
    id: 'l3-agent-dead',
    severity: 'error',
    summary: "the L3 agent hosting the port's router is dead, disabled or missing",
    run: perInterface((a) => {
      const r = a.trace.router;
      if (!r || !r.host) return [];
      if (r.agent && r.agent.alive && r.agent.adminStateUp) return [];
      return [{ portId: a.trace.port.id, host: r.host, message: r.agent ? `the L3 agent on ${r.host} (router ${r.name || r.id}) is ${r.agent.alive ? 'disabled' : 'dead'}: routing and floating IPs stop` : `no L3 agent on ${r.host} for router ${r.name || r.id}`, hint: `restart neutron-l3-agent on ${r.host}`, evidence: [{ source: r.agent ? `neutron agent ${r.agent.id}` : 'neutron agents', text: r.agent ? `alive=${r.agent.alive} admin_state_up=${r.agent.adminStateUp}` : `no L3 agent with host=${r.host}` }] }];
    }),
  },
  {
    id: 'sg-no-icmp',
    severity: 'warning',
    summary: "the port's security groups allow no ICMP in from outside the group (ping fails)",
    run: perInterface((a, ctx) => securityGroupGap(a, ctx, 'icmp')),
  },
  {
    id: 'sg-no-ssh',
    severity: 'warning',
    summary: "the port's security groups allow no SSH (TCP 22) in from outside the group",
    run: perInterface((a, ctx) => securityGroupGap(a, ctx, 'ssh')),
  },
  {
    id: 'unmanaged-port',
    severity: 'warning',
    summary: "a port on the instance host's br-int has no iface-id (a half-done plug the agent ignores)",
    run: perHost((host, a, ctx) =>
      unmanagedPorts(ctx.index, host, a.integrationBridge).map(({ name, iface }) => ({ host, message: `${a.integrationBridge} on ${host} has port ${name} without external_ids:iface-id: the OVS agent ignores it (no VLAN, no flows)`, hint: `finish the plug (set external_ids:iface-id/attached-mac) or remove it: ovs-vsctl del-port ${a.integrationBridge} ${name}`, evidence: [{ source: `${host} ovsdb Interface ${name}`, text: `type=${iface.type || 'system'} external_ids=${JSON.stringify(iface.externalIds)}` }] })),
    ),
  },
  {
    id: 'not-understood',
    severity: 'info',
    summary: 'the host uses a Neutron feature whose flows the trace does not follow (DVR)',
    run: perHost((host, _a, ctx) => {
      const conf = ctx.index.ovsAgentConfig(host);
      // AGENT/ovs_dvr_neutron_agent.py: with DVR, br-int tables 1-4 and br-phys/br-tun DVR tables rewrite MACs first.
      if (conf.enable_distributed_routing !== true && conf.in_distributed_mode !== true) return [];
      return [{ host, message: `the OVS agent on ${host} runs DVR: routed traffic passes DVR tables the trace does not follow`, hint: 'the L2 path shown is still right; check routed paths with ovs-appctl ofproto/trace', evidence: [{ source: `neutron agent on ${host}`, text: 'configurations.enable_distributed_routing=true' }] }];
    }),
  },
  {
    id: 'collection-problem',
    severity: 'warning',
    summary: 'the collection reported a problem that is not about an unreachable host',
    run(ctx) {
      return ctx.index.snapshot.problems
        .filter((p) => p.source !== 'ssh' && !(p.host && !ctx.index.snapshot.hosts.find((h) => h.host === p.host)?.reachable))
        .map((p) => ({ host: p.host, message: `${p.source}: ${p.message}`, hint: 'the trace may be incomplete; rerun with the credentials/permissions the message asks for', evidence: [{ source: `collection ${p.source}`, text: `${p.code}: ${p.message}` }] }));
    },
  },
];

/** ICMP / SSH ingress from anywhere (remote group rules only open the group's own members). */
function securityGroupGap(a: InterfaceAnalysis, ctx: CheckContext, what: 'icmp' | 'ssh'): FindingDraft[] {
  if (!a.trace.port.portSecurityEnabled || a.trace.port.deviceOwner.startsWith('network:')) return [];
  const groups = a.trace.port.securityGroups.map((id) => ctx.index.securityGroup(id)).filter((g): g is ApiObject => !!g);
  if (groups.length === 0 && a.trace.port.securityGroups.length > 0) return []; // groups not visible: do not guess
  const rules = groups.flatMap((g) => list(g, 'security_group_rules'));
  const allows = rules.some((r) => {
    if (str(r, 'direction') !== 'ingress' || (str(r, 'ethertype') ?? 'IPv4') !== 'IPv4') return false;
    if (str(r, 'remote_group_id') || str(r, 'remote_address_group_id')) return false;
    const proto = str(r, 'protocol') ?? (typeof r.protocol === 'number' ? String(r.protocol) : null);
    if (proto === null || proto === 'any') return true;
    if (what === 'icmp') return proto === 'icmp' || proto === '1';
    if (proto !== 'tcp' && proto !== '6') return false;
    const min = typeof r.port_range_min === 'number' ? r.port_range_min : null;
    const max = typeof r.port_range_max === 'number' ? r.port_range_max : null;
    return (min === null || min <= 22) && (max === null || max >= 22);
  });
  if (allows) return [];
  const label = what === 'icmp' ? 'ICMP (ping)' : 'SSH (TCP 22)';
  return [{ portId: a.trace.port.id, message: `no security group of port ${a.trace.port.id} allows ${label} in from outside the group`, hint: `openstack security group rule create --ingress --protocol ${what === 'icmp' ? 'icmp' : 'tcp --dst-port 22'} <group>`, evidence: groups.map((g) => ({ source: `neutron security group ${str(g, 'id')}`, text: `${str(g, 'name')}: ${list(g, 'security_group_rules').filter((r) => str(r, 'direction') === 'ingress').map((r) => `${str(r, 'protocol') ?? 'any'}${r.port_range_min != null ? `:${r.port_range_min}-${r.port_range_max}` : ''}${str(r, 'remote_group_id') ? ' from group' : ` from ${str(r, 'remote_ip_prefix') ?? 'any'}`}`).join(', ') || 'no ingress rule'}` })) }];
}

export function runChecks(ctx: CheckContext, checks: readonly TraceCheck[] = TRACE_CHECKS): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    for (const draft of check.run(ctx)) {
      const { severity, ...rest } = draft;
      findings.push({ id: check.id, severity: severity ?? check.severity, ...rest });
    }
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return findings.sort((x, y) => rank[x.severity] - rank[y.severity]);
}
