// The router of an ML2/OVN interface: the Neutron router on its subnet, its gateway LRP's Gateway_Chassis, the chassis
// that claims `cr-lrp-<gateway port>` (where SNAT and centralized floating IPs happen) and the NB NAT rows of the port.
import type { ApiObject } from '../../../../model/cloudSnapshot.js';
import type { OvnRouterGatewayDataplane, PathExit, RouterPath } from '../../../../model/traceModel.js';
import { AGENT_TYPE } from '../../../../neutron/neutronRules.js';
import { NAT_TYPE, crLrpName, lrpName } from '../../../../neutron/ovnRules.js';
import { type CloudIndex, fixedIps, num, str } from '../../cloudIndex.js';
import { natOf, routerGatewayPort, routerOfPort } from '../../neutronPort.js';
import { type SbChassis, chassisByUuid } from './chassis.js';
import { ovnDb, rowList, rowNum, rowStr, rowsWhere, type OvsdbRow } from './ovnDb.js';

export interface OvnGateway {
  router: RouterPath;
  dataplane: OvnRouterGatewayDataplane;
  /** SB Port_Binding of cr-lrp-<gateway port>, absent when northd made none (no Gateway_Chassis). */
  crBinding: OvsdbRow | undefined;
  claimedBy: SbChassis | undefined;
  /** NB rows of the port's floating IPs (dnat_and_snat on one of its fixed IPs). */
  natRows: OvsdbRow[];
}

/**
 * How the router's external traffic leaves the claiming chassis: through the localnet port of the external network,
 * onto the bridge that chassis maps its physnet to (SB Chassis ovn-bridge-mappings), tagged for a VLAN network.
 */
function gatewayExit(index: CloudIndex, externalNetworkId: string | null, chassis: SbChassis | undefined): PathExit {
  const network = index.network(externalNetworkId);
  const type = str(network, 'provider:network_type');
  const physnet = str(network, 'provider:physical_network');
  if (!chassis || !physnet || (type !== 'flat' && type !== 'vlan')) return { action: 'unknown', bridge: null };
  const bridge = chassis.bridgeMappings[physnet] ?? null;
  const vlan = num(network, 'provider:segmentation_id');
  if (!bridge) return { action: 'missing', bridge: null, ...(type === 'vlan' && vlan !== null ? { vlan } : {}) };
  return type === 'vlan' && vlan !== null ? { action: 'vlan-rewrite', bridge, vlan } : { action: 'vlan-strip', bridge };
}

export function ovnRouterPath(index: CloudIndex, port: ApiObject, network: ApiObject | undefined, host: string | null): OvnGateway | null {
  const r = routerOfPort(index, port, network);
  if (!r) return null;
  const db = ovnDb(index);
  const gw = routerGatewayPort(index, r.id);
  const gwPortId = str(gw, 'id');
  const crName = gwPortId ? crLrpName(gwPortId) : null;
  const crBinding = crName ? rowsWhere(db.table('sb', 'Port_Binding'), 'logical_port', crName)[0] : undefined;
  const claimedBy = chassisByUuid(index, rowStr(crBinding, 'chassis'));
  const lrp = gwPortId ? rowsWhere(db.table('nb', 'Logical_Router_Port'), 'name', lrpName(gwPortId))[0] : undefined;
  const lrpGateways = new Set(rowList(lrp, 'gateway_chassis'));
  const gatewayChassis = db
    .table('nb', 'Gateway_Chassis')
    .rows.filter((g) => lrpGateways.has(String(g._uuid)))
    .map((g) => ({ chassis: rowStr(g, 'chassis_name') ?? '?', priority: rowNum(g, 'priority') ?? 0 }))
    .sort((a, b) => b.priority - a.priority);
  const ips = new Set(fixedIps(port).map((f) => f.ip));
  const natRows = db.table('nb', 'NAT').rows.filter((n) => rowStr(n, 'type') === NAT_TYPE.floatingIp && ips.has(rowStr(n, 'logical_ip') ?? ''));
  const dataplane: OvnRouterGatewayDataplane = {
    kind: 'ml2/ovn',
    chassisRedirectPort: crName ?? '?',
    claimedBy: claimedBy?.ref ?? null,
    gatewayChassis,
    // distributed: ovn-controller of the VM's chassis does the NAT (ovn-nb(5) NAT logical_port + external_mac)
    nat: natRows.map((n) => ({ type: rowStr(n, 'type') ?? '?', externalIp: rowStr(n, 'external_ip') ?? '?', logicalIp: rowStr(n, 'logical_ip') ?? '?', distributed: !!rowStr(n, 'logical_port') && !!rowStr(n, 'external_mac') })),
  };
  const gwHost = claimedBy?.ref.hostname ?? null;
  const router: RouterPath = {
    id: r.id,
    name: r.name,
    interfacePortId: str(r.interfacePort, 'id') ?? '',
    gatewayIp: r.gatewayIp,
    host: gwHost,
    agent: index.agentRef(AGENT_TYPE.ovnControllerGateway, gwHost),
    externalNetworkId: r.externalNetworkId,
    externalIps: r.externalIps,
    nat: natOf(index, str(port, 'id') ?? ''),
    gateway: gw
      ? {
          portId: gwPortId ?? '',
          device: crName ?? '?',
          host: gwHost,
          localSegment: null,
          ips: fixedIps(gw).map((f) => f.ip),
          exit: gatewayExit(index, r.externalNetworkId, claimedBy),
          dataplane,
        }
      : null,
    via: `routed by OVN on ${host ?? '?'} (distributed router ${r.name || r.id}); SNAT and centralized floating IPs on the chassis claiming ${crName ?? 'no gateway port'}: ${gwHost ?? 'none'}`,
  };
  return { router, dataplane, crBinding, claimedBy, natRows };
}
