// ML2/OVS check on MTUs along the path: devices, provider uplinks and the tunnel underlay.
import { ENCAP_OVERHEAD } from '../../../../../neutron/neutronRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

export const mtuMismatchCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'mtu-mismatch',
  severity: 'warning',
  summary: 'a device on the path has a larger MTU than the network; a provider uplink a smaller one; or the tunnel underlay device (the one holding tunneling_ip, ip -j addr) cannot carry network MTU + encapsulation',
  run: perInterface((a) => {
    const mtu = a.trace.network.mtu;
    if (mtu === null) return [];
    const big = a.chain.filter((d) => ['vm-tap', 'linux-bridge', 'veth', 'ovs-port'].includes(d.kind) && d.mtu !== undefined && d.mtu > mtu);
    const drafts: FindingDraft[] = [];
    // The wire below: a provider uplink must carry the network MTU; a tunnel's underlay device the MTU plus the
    // encapsulation (neutron_lib/constants.py *_ENCAP_OVERHEAD + 20 bytes IPv4 / 40 IPv6 header; doc config-mtu.rst).
    for (const d of a.chain.filter((x) => x.kind === 'uplink' && x.mtu !== undefined && x.mtu < mtu)) {
      drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `uplink ${d.name} on ${a.host} has MTU ${d.mtu}, less than network ${a.trace.network.name || a.trace.network.id} MTU ${mtu}: full-size frames are dropped on the wire`, at: { part: 'hop', host: a.host, device: d.name }, hint: `raise ${d.name}'s MTU to at least ${mtu}, or lower the network's MTU (openstack network set --mtu)`, evidence: [{ source: `${a.host} ip link / ovsdb Interface`, text: `${d.name} mtu ${d.mtu}` }, { source: `neutron network ${a.trace.network.id}`, text: `mtu=${mtu}` }] });
    }
    const tunnel = a.ovs.tunnel;
    const underlay = tunnel?.localIp ? a.state?.addresses.find((x) => x.address === tunnel.localIp) : undefined;
    if (tunnel && underlay?.mtu != null) {
      const needed = mtu + (ENCAP_OVERHEAD[tunnel.type] ?? 30) + (underlay.family === 'inet6' ? 40 : 20);
      if (needed > underlay.mtu) {
        drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${tunnel.type} packets of network MTU ${mtu} need ${needed} bytes, but the underlay device ${underlay.device} (${tunnel.localIp}) on ${a.host} has MTU ${underlay.mtu}: large packets are dropped`, hint: `lower the network MTU to ${underlay.mtu - (needed - mtu)} (openstack network set --mtu) or raise ${underlay.device}'s MTU (and global_physnet_mtu/path_mtu)`, evidence: [{ source: `${a.host} ip addr`, text: `${underlay.device} ${tunnel.localIp} mtu ${underlay.mtu}` }, { source: `neutron network ${a.trace.network.id}`, text: `mtu=${mtu}` }] });
      }
    }
    if (!big.length) return drafts;
    return [...drafts, { portId: a.trace.port.id, host: a.host ?? undefined, message: `${big.map((d) => `${d.name} MTU ${d.mtu}`).join(', ')} on ${a.host} exceed network ${a.trace.network.name || a.trace.network.id} MTU ${mtu}: large packets are dropped after encapsulation or on the wire`, at: { part: 'hop', host: a.host, device: big[0].name }, hint: `set the device MTU back: ip link set ${big[0].name} mtu ${mtu} (nova/os-vif use the network MTU when plugging)`, evidence: [...big.map((d) => ({ source: `${a.host} ${d.kind === 'ovs-port' || d.bridge ? 'ovsdb Interface / ip link' : 'ip link'}`, text: `${d.name} mtu ${d.mtu}` })), { source: `neutron network ${a.trace.network.id}`, text: `mtu=${mtu}` }] }];
  }),
};
