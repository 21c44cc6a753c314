// ML2/OVN checks on the Geneve endpoints of the chassis a port's traffic meets (its own and the peers'): each SB Encap
// IP must be an address of that chassis (else every tunnel towards it leads nowhere), and the one its OVS asks for.
import type { FindingPlace } from '../../../../../model/traceModel.js';
import { isTunnelType } from '../../../../../neutron/neutronRules.js';
import { CHASSIS_OVS_KEY } from '../../../../../neutron/ovnRules.js';
import type { TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { CloudIndex } from '../../../cloudIndex.js';
import { chassisOfHost, chassisOvs, type ChassisOvs, type SbChassis } from '../chassis.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import { ovnDb } from '../ovnDb.js';

type OvnCheck = TraceCheck<OvnInterfaceAnalysis>;
interface TunnelEnd {
  host: string;
  chassis: SbChassis;
  ovs: ChassisOvs;
  at: FindingPlace;
}

/** The chassis a Geneve port's traffic leaves from (at its integration bridge) and arrives at (each peer). */
function tunnelEnds(index: CloudIndex, a: OvnInterfaceAnalysis): TunnelEnd[] {
  if (!isTunnelType(a.trace.network.type) || !a.host) return [];
  const ends: TunnelEnd[] = [];
  const own = chassisOfHost(index, a.host)[0];
  if (own) ends.push({ host: a.host, chassis: own, ovs: a.hostOvs, at: { part: 'hop', host: a.host, device: a.trace.hops[1]?.device ?? 'br-int' } });
  for (const p of a.peers) if (p.chassis) ends.push({ host: p.host, chassis: p.chassis, ovs: chassisOvs(index, p.host), at: { part: 'remote', host: p.host } });
  return ends;
}

const encapSource = (index: CloudIndex, c: SbChassis) => `${ovnDb(index).table('sb', 'Encap').source} chassis_name=${c.ref.name}`;

export const encapIpUnassignedCheck: OvnCheck = {
  id: 'encap-ip-unassigned',
  severity: 'error',
  summary: "a chassis's Geneve Encap IP (SB Encap, from its ovn-encap-ip) is on no device of that host: tunnels to it lead nowhere",
  explains: ['encap-ip-mismatch'],
  run: perInterface((a, ctx) =>
    tunnelEnds(ctx.index, a).flatMap((end) => {
      const addresses = end.ovs.addresses;
      if (!addresses) return [];
      const lost = end.chassis.encapIps.filter((ip) => !addresses.some((x) => x.address === ip));
      if (!lost.length) return [];
      const own = end.host === a.host;
      const family = lost[0].includes(':') ? 'inet6' : 'inet';
      const onHost = addresses.filter((x) => x.family === family).map((x) => `${x.device} ${x.address}`).join(', ');
      return [
        {
          portId: a.trace.port.id,
          host: end.host,
          at: end.at,
          message: `${end.host}'s Geneve endpoint ${lost.join(', ')} (SB Encap of chassis ${end.chassis.ref.name}) is on no device of ${end.host}: ${own ? 'traffic from the other chassis to this port is lost' : `traffic from this port to the ports on ${end.host} is lost`}`,
          hint: `on ${end.host}: ovs-vsctl set Open_vSwitch . external_ids:${CHASSIS_OVS_KEY.encapIp}=<an address of its tunnel interface>; ovn-controller updates the Encap and every chassis's tunnel port`,
          evidence: [
            { source: encapSource(ctx.index, end.chassis), text: `ip=${lost.join(',')}` },
            { source: `${end.host} ip-addr`, text: `${family === 'inet' ? 'IPv4' : 'IPv6'} addresses: ${onHost || 'none'}` },
          ],
        },
      ];
    }),
  ),
};

export const encapIpMismatchCheck: OvnCheck = {
  id: 'encap-ip-mismatch',
  severity: 'warning',
  summary: "a chassis's SB Encap IPs differ from the ovn-encap-ip its own OVS asks for (ovn-controller has not carried the change into the SB)",
  run: perInterface((a, ctx) =>
    tunnelEnds(ctx.index, a).flatMap((end) => {
      const wanted = end.ovs.encapIps;
      const sb = end.chassis.encapIps;
      if (!end.ovs.read || !wanted.length || (wanted.length === sb.length && wanted.every((ip) => sb.includes(ip)))) return [];
      return [
        {
          portId: a.trace.port.id,
          host: end.host,
          at: end.at,
          message: `${end.host}'s OVS asks for Geneve endpoint ${wanted.join(', ')}, the SB has ${sb.join(', ') || 'none'} for chassis ${end.chassis.ref.name}: the other chassis tunnel to the SB's`,
          hint: `ovn-controller on ${end.host} writes the Encap: check it runs and reaches the SB (ovn-appctl -t ovn-controller connection-status)`,
          evidence: [
            { source: `${end.host} ovsdb-open-vswitch`, text: `external_ids:${CHASSIS_OVS_KEY.encapIp}=${wanted.join(',')}` },
            { source: encapSource(ctx.index, end.chassis), text: `ip=${sb.join(',') || '[]'}` },
          ],
        },
      ];
    }),
  ),
};
