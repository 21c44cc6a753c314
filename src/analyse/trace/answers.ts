// The six questions of issue 5 answered in plain words for one interface, from its path model only.
import type { PlainAnswers, TraceInterface } from '../../model/traceModel.js';
import { DEAD_VLAN, isTunnelType } from './neutronOvsRules.js';

/** `hostRead`: the host's OVSDB was read; otherwise the OVS answers are "unknown", not "missing". */
export function plainAnswers(iface: TraceInterface, count: number, instanceName: string, hostRead: boolean): PlainAnswers {
  const host = iface.host ?? 'an unknown host';
  const unbound = iface.port.vifType === 'binding_failed' || iface.port.vifType === 'unbound' || !iface.host;
  if (unbound || !hostRead) {
    const why = unbound ? `unknown: the port is not bound (binding:vif_type=${iface.port.vifType ?? 'none'}), so no host wires it` : `unknown: ${host} could not be read`;
    return {
      interfaceCount: interfaceCountAnswer(iface, count, instanceName),
      mac: `MAC ${iface.port.mac || 'unknown'}`,
      ips: ipsAnswer(iface),
      localVlan: why,
      provider: unbound ? why : `${why}; Neutron says ${iface.network.type ?? '?'}${iface.network.segmentationId !== null ? ` ${iface.network.segmentationId}` : ''}${iface.network.physicalNetwork ? ` on ${iface.network.physicalNetwork}` : ''}`,
      ports: why,
    };
  }
  return {
    interfaceCount: interfaceCountAnswer(iface, count, instanceName),
    mac: `MAC ${iface.port.mac || 'unknown'}`,
    ips: ipsAnswer(iface),
    localVlan: localVlanAnswer(iface, host),
    provider: providerAnswer(iface, host),
    ports: portsAnswer(iface),
  };
}

function interfaceCountAnswer(iface: TraceInterface, count: number, instanceName: string): string {
  return `${instanceName} has ${count} interface${count === 1 ? '' : 's'}; this is interface ${iface.index + 1} (port ${iface.port.id}${iface.port.name ? `, "${iface.port.name}"` : ''}) on network ${iface.network.name || iface.network.id}`;
}

function ipsAnswer(iface: TraceInterface): string {
  const fixed = iface.port.ips.length ? iface.port.ips.join(', ') : 'no fixed IP';
  return iface.floatingIps.length ? `${fixed} (floating ${iface.floatingIps.join(', ')})` : fixed;
}

function localVlanAnswer(iface: TraceInterface, host: string): string {
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

function providerAnswer(iface: TraceInterface, host: string): string {
  return providerOfNetwork(iface, host) + floatingAnswer(iface);
}

/** Floating IPs leave through the router's gateway port, on the L3 agent's host. */
function floatingAnswer(iface: TraceInterface): string {
  if (!iface.floatingIps.length || !iface.router) return '';
  const r = iface.router;
  const gw = r.gateway;
  const where = `NAT in qrouter-${r.id} on ${r.host ?? '?'}`;
  if (!gw) return `; floating IP ${iface.floatingIps.join(', ')}: ${where}, no gateway port found`;
  const eg = gw.egress;
  const out =
    eg.action === 'strip_vlan'
      ? `leaves on ${eg.bridge} untagged (${gw.device} local VLAN ${gw.localVlan} stripped)`
      : eg.action === 'mod_vlan_vid'
        ? `leaves on ${eg.bridge} tagged VLAN ${eg.vlan} (${gw.device} local VLAN ${gw.localVlan} rewritten)`
        : `leaves through ${gw.device} (local VLAN ${gw.localVlan ?? '?'}; no provider flow found)`;
  return `; floating IP ${iface.floatingIps.join(', ')}: ${where}, ${out}`;
}

function providerOfNetwork(iface: TraceInterface, host: string): string {
  const { egress, ingress, network } = iface;
  const lvid = iface.localVlan;
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

function portsAnswer(iface: TraceInterface): string {
  const byBridge = new Map<string, string[]>();
  for (const d of iface.deviceChain) {
    if (!d.bridge) continue;
    const list = byBridge.get(d.bridge) ?? [];
    list.push(`${d.name}${d.ofport !== undefined ? ` (ofport ${d.ofport})` : ''}`);
    byBridge.set(d.bridge, list);
  }
  const ports = [...byBridge].map(([bridge, names]) => `${bridge}: ${names.join(', ')}`).join('; ');
  const flows = iface.flows.map((f) => `${f.bridge} table ${f.table} priority ${f.priority} ${f.match} → ${f.actions}`);
  const linux = iface.deviceChain.filter((d) => !d.bridge && d.kind !== 'ovs-bridge').map((d) => d.name);
  return `${linux.length ? `Linux: ${linux.join(' → ')}; ` : ''}${ports || 'no OVS port found'}; flows: ${flows.length ? flows.join(' | ') : 'none found'}`;
}
