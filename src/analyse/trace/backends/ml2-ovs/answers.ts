// The six questions of issue 5 answered in plain words for one ML2/OVS interface, from its path model only.
import { asMl2Ovs, type OvsInterfaceDataplane, type PlainAnswers, type TraceInterface } from '../../../../model/traceModel.js';
import { DEAD_VLAN } from '../../../../neutron/ml2OvsRules.js';
import { isTunnelType, isUnboundVifType } from '../../../../neutron/neutronRules.js';
import { interfaceCountAnswer, ipsAnswer } from '../../answers.js';
import type { PathDevice } from './chain.js';

/** What the answers are made from: the neutral report part, the OVS detail and the device chain. */
export interface OvsAnswerInputs {
  iface: Omit<TraceInterface, 'answers'>;
  dp: OvsInterfaceDataplane;
  chain: readonly PathDevice[];
}

/** `hostRead`: the host's OVSDB was read; otherwise the OVS answers are "unknown", not "missing". */
export function plainAnswers({ iface, dp, chain }: OvsAnswerInputs, count: number, instanceName: string, hostRead: boolean): PlainAnswers {
  const host = iface.host ?? 'an unknown host';
  const attachment = `${dp.integrationBridge} ofport ${dp.ofport ?? '?'}`;
  const unbound = isUnboundVifType(iface.port.vifType) || !iface.host;
  if (unbound || !hostRead) {
    const why = unbound ? `unknown: the port is not bound (binding:vif_type=${iface.port.vifType ?? 'none'}), so no host wires it` : `unknown: ${host} could not be read`;
    return {
      interfaceCount: interfaceCountAnswer(iface, count, instanceName),
      mac: `MAC ${iface.port.mac || 'unknown'}`,
      ips: ipsAnswer(iface),
      localSegment: why,
      provider: unbound ? why : `${why}; Neutron says ${iface.network.type ?? '?'}${iface.network.segmentationId !== null ? ` ${iface.network.segmentationId}` : ''}${iface.network.physicalNetwork ? ` on ${iface.network.physicalNetwork}` : ''}`,
      ports: why,
      attachment,
    };
  }
  return {
    interfaceCount: interfaceCountAnswer(iface, count, instanceName),
    mac: `MAC ${iface.port.mac || 'unknown'}`,
    ips: ipsAnswer(iface),
    localSegment: localVlanAnswer(dp, host),
    provider: providerAnswer(iface, dp, host),
    ports: portsAnswer(dp, chain),
    attachment,
  };
}

function localVlanAnswer(iface: OvsInterfaceDataplane, host: string): string {
  if (iface.localVlan === null) return `no local VLAN: the port has no tag in ${host}'s br-int (not wired by the OVS agent)`;
  if (iface.localVlan === DEAD_VLAN) return `dead VLAN ${DEAD_VLAN} on ${host}: the OVS agent isolated this port (all its traffic is dropped)`;
  const agree =
    iface.otherConfigTag === null
      ? 'other_config has no tag'
      : iface.otherConfigTag === iface.localVlan
        ? 'matches other_config:tag'
        : `but other_config:tag says ${iface.otherConfigTag}`;
  return `local VLAN ${iface.localVlan} on ${host} (${agree})`;
}

function providerAnswer(iface: OvsAnswerInputs['iface'], dp: OvsInterfaceDataplane, host: string): string {
  return providerOfNetwork(iface, dp, host) + floatingAnswer(iface);
}

/** Floating IPs leave through the router's gateway port, on the L3 agent's host. */
function floatingAnswer(iface: OvsAnswerInputs['iface']): string {
  if (!iface.floatingIps.length || !iface.router) return '';
  const r = iface.router;
  const gw = r.gateway;
  const where = `NAT in qrouter-${r.id} on ${r.host ?? '?'}`;
  // DVR (src/neutron/dvrRules.ts): the floating IP leaves on the instance's own host, through its fip- namespace, not the router's qg-
  const fip = r.dvr?.fip;
  if (fip) return `; floating IP ${iface.floatingIps.join(', ')}: ${where}, out ${fip.routerDevice} → ${fip.namespace} ${fip.gatewayDevice ?? '(no fg- port)'} ${fip.gatewayIps.join(', ')} onto the external network`;
  if (!gw) return `; floating IP ${iface.floatingIps.join(', ')}: ${where}, no gateway port found`;
  const { egress: eg, localVlan: lvid } = asMl2Ovs(gw.dataplane);
  const out =
    eg.action === 'strip_vlan'
      ? `leaves on ${eg.bridge} untagged (${gw.device} local VLAN ${lvid} stripped)`
      : eg.action === 'mod_vlan_vid'
        ? `leaves on ${eg.bridge} tagged VLAN ${eg.vlan} (${gw.device} local VLAN ${lvid} rewritten)`
        : `leaves through ${gw.device} (local VLAN ${lvid ?? '?'}; no provider flow found)`;
  return `; floating IP ${iface.floatingIps.join(', ')}: ${where}, ${out}`;
}

function providerOfNetwork(iface: OvsAnswerInputs['iface'], dp: OvsInterfaceDataplane, host: string): string {
  const { network } = iface;
  const { egress, ingress } = dp;
  const lvid = dp.localVlan;
  if (network.type === 'vlan' || network.type === 'flat') {
    if (egress.action === 'mod_vlan_vid') {
      const back = ingress.action === 'missing' ? '; NO ingress flow maps it back' : ingress.localVlan !== null ? `; incoming VLAN ${ingress.vlan ?? network.segmentationId} becomes local VLAN ${ingress.localVlan}` : '';
      return `leaves ${host} on ${egress.bridge} tagged VLAN ${egress.vlan} (local VLAN ${lvid} rewritten)${back}`;
    }
    if (egress.action === 'strip_vlan') {
      const back = ingress.action === 'missing' ? '; NO ingress flow tags incoming untagged traffic' : ingress.localVlan !== null ? `; incoming untagged traffic is tagged local VLAN ${ingress.localVlan}` : '';
      return `leaves ${host} on ${egress.bridge} untagged (local VLAN ${lvid} stripped; flat network ${network.physicalNetwork ?? ''})${back}`;
    }
    if (egress.action === 'missing') {
      const expected = network.type === 'vlan' ? `tagged VLAN ${network.segmentationId}` : 'untagged';
      return `should leave ${host} on ${egress.bridge ?? `the bridge of ${network.physicalNetwork}`} ${expected}, but no flow translates local VLAN ${lvid ?? '(none)'}: traffic does not leave the host`;
    }
    return `no provider bridge found for physical network ${network.physicalNetwork ?? '?'} on ${host}`;
  }
  if (isTunnelType(network.type)) {
    const type = (network.type ?? '').toUpperCase();
    const id = egress.tunnelId ?? network.segmentationId;
    const kind = network.type === 'vxlan' ? 'VNI' : network.type === 'gre' ? 'key' : 'VNI';
    if (egress.action === 'tunnel') {
      const remotes = egress.remoteHosts ?? [];
      if (!remotes.length) return `tagged for ${type} ${kind} ${id} but flooded to no tunnel port: no other host gets it`;
      const parts = remotes.map((r) =>
        !r.ip && !r.host
          ? `OpenFlow port ${r.port}, which is no tunnel port of ${egress.bridge} (deleted?)`
          : `${r.host ?? 'an unknown host'} (${r.ip || r.port})${r.remoteLocalVlan !== null ? `, where it becomes local VLAN ${r.remoteLocalVlan}` : ''}`,
      );
      return `carried in ${type} ${kind} ${id} to ${parts.join('; and to ')}`;
    }
    return `should be carried in ${type} ${kind} ${id}, but br-tun has no flood flow for local VLAN ${lvid ?? '(none)'}: traffic does not leave ${host}`;
  }
  if (network.type === 'local') return 'stays on this host (local network)';
  return `network type ${network.type ?? 'unknown'}: no provider treatment known`;
}

function portsAnswer(dp: OvsInterfaceDataplane, chain: readonly PathDevice[]): string {
  const byBridge = new Map<string, string[]>();
  for (const d of chain) {
    if (!d.bridge) continue;
    const list = byBridge.get(d.bridge) ?? [];
    list.push(`${d.name}${d.ofport !== undefined ? ` (ofport ${d.ofport})` : ''}`);
    byBridge.set(d.bridge, list);
  }
  const ports = [...byBridge].map(([bridge, names]) => `${bridge}: ${names.join(', ')}`).join('; ');
  const flows = dp.flows.map((f) => `${f.bridge} table ${f.table} priority ${f.priority} ${f.match} → ${f.actions}`);
  const linux = chain.filter((d) => !d.bridge && d.kind !== 'ovs-bridge').map((d) => d.name);
  return `${linux.length ? `Linux: ${linux.join(' → ')}; ` : ''}${ports || 'no OVS port found'}; flows: ${flows.length ? flows.join(' | ') : 'none found'}`;
}
