// Chassis facts of ML2/OVN: the SB Chassis/Chassis_Private/Encap rows of a host, and what its own OVS says
// (Open_vSwitch external_ids, br-int interfaces with iface-id / ovn-installed, tunnel ports).
import type { OvnChassisRef } from '../../../../model/traceModel.js';
import { HOST_OUTPUT } from '../../../../model/hostOutputIds.js';
import { CHASSIS_KEY, CHASSIS_OVS_KEY, IFACE_ID, METADATA_AGENT_KEY, OVN_INSTALLED, TUNNEL_CHASSIS_ID, parseBridgeMappings, parseEncapIps } from '../../../../neutron/ovnRules.js';
import type { CloudIndex } from '../../cloudIndex.js';
import { parseIpAddr, parseIpLink, type AddressInfo } from '../../ipLink.js';
import { parseOvsdbList } from '../../ovsdb.js';
import { ovnDb, rowByUuid, rowList, rowMap, rowNum, rowStr, rowsWhere, type OvsdbRow } from './ovnDb.js';

/** The SB view of one chassis. */
export interface SbChassis {
  row: OvsdbRow;
  ref: OvnChassisRef;
  /** Chassis_Private row (nb_cfg), absent on a chassis ovn-controller has not (yet) reported for. */
  privateRow: OvsdbRow | undefined;
  bridgeMappings: Record<string, string>;
  gateway: boolean;
  /** Every Encap IP of the chassis (geneve first). */
  encapIps: string[];
  /** The OVN metadata agent on this chassis: registered (its id key) and the SB_Global nb_cfg it last acknowledged. */
  metadataAgent: { registered: boolean; ack: number | null };
}

export function nbCfgWanted(index: CloudIndex): number | null {
  return rowNum(ovnDb(index).table('nb', 'NB_Global').rows[0], 'nb_cfg');
}

function sbChassisOf(index: CloudIndex, row: OvsdbRow): SbChassis {
  const db = ovnDb(index);
  const name = rowStr(row, 'name') ?? '';
  const privateRow = rowsWhere(db.table('sb', 'Chassis_Private'), 'name', name)[0];
  const encaps = rowList(row, 'encaps').map((u) => rowByUuid(db.table('sb', 'Encap'), u)).filter((e): e is OvsdbRow => !!e);
  const geneve = encaps.find((e) => rowStr(e, 'type') === 'geneve') ?? encaps[0];
  const privateIds = rowMap(privateRow, 'external_ids');
  const ack = privateIds[METADATA_AGENT_KEY.ack];
  // OVN 22.09+ writes these to other_config, older releases (and neutron's reads) to external_ids: either will do.
  const options = { ...rowMap(row, 'external_ids'), ...rowMap(row, 'other_config') };
  return {
    row,
    privateRow,
    ref: { name, hostname: rowStr(row, 'hostname'), encapIp: rowStr(geneve, 'ip'), nbCfg: rowNum(privateRow, 'nb_cfg'), nbCfgWanted: nbCfgWanted(index) },
    bridgeMappings: parseBridgeMappings(options[CHASSIS_KEY.bridgeMappings]),
    gateway: (options[CHASSIS_KEY.cmsOptions] ?? '').split(',').includes(CHASSIS_KEY.gatewayOption),
    encapIps: [...new Set([geneve, ...encaps].map((e) => rowStr(e, 'ip')).filter((ip): ip is string => ip !== null))],
    metadataAgent: { registered: METADATA_AGENT_KEY.id in privateIds, ack: ack !== undefined && /^\d+$/.test(ack) ? Number(ack) : null },
  };
}

/** Every SB chassis, parsed once. */
export function sbChassisList(index: CloudIndex): SbChassis[] {
  return index.derived('ml2-ovn:chassis', () => ovnDb(index).table('sb', 'Chassis').rows.map((r) => sbChassisOf(index, r)));
}

export const chassisByUuid = (index: CloudIndex, uuid: string | null) => sbChassisList(index).find((c) => c.row._uuid === uuid);
export const chassisByName = (index: CloudIndex, name: string | null) => sbChassisList(index).find((c) => c.ref.name === name);
/** Every SB chassis claiming this hostname (more than one: a stale row after a system-id change). */
export const chassisOfHost = (index: CloudIndex, host: string | null) => sbChassisList(index).filter((c) => c.ref.hostname === host);

/** What the host's own OVS says, from the captured ovs-vsctl lists. */
export interface ChassisOvs {
  /** The host's OVS was read. */
  read: boolean;
  systemId: string | null;
  encapIp: string | null;
  /** external_ids:ovn-encap-ip as a list. */
  encapIps: string[];
  /** The host's addresses (`ip -j addr`), null when not read. */
  addresses: AddressInfo[] | null;
  /** Linux device name → MTU (`ip -j link`). */
  linkMtu: Map<string, number>;
  bridgeMappings: Record<string, string>;
  interfaces: OvsdbRow[];
  /** OVS Port name → its Bridge name. */
  bridgeOfPort: Map<string, string>;
}

/** A host output parsed, null when it was not read, failed or does not parse. */
function parsedText<T>(index: CloudIndex, host: string, id: string, parse: (text: string) => T): T | null {
  const out = index.hostOutput(host, id);
  if (!out || out.exitCode !== 0) return null;
  try {
    return parse(out.stdout);
  } catch {
    return null;
  }
}
const parsed = (index: CloudIndex, host: string, id: string): OvsdbRow[] | null => parsedText(index, host, id, parseOvsdbList);

export function chassisOvs(index: CloudIndex, host: string | null): ChassisOvs {
  const none: ChassisOvs = { read: false, systemId: null, encapIp: null, encapIps: [], addresses: null, linkMtu: new Map(), bridgeMappings: {}, interfaces: [], bridgeOfPort: new Map() };
  if (!host) return none;
  return index.derived(`ml2-ovn:ovs:${host}`, () => {
    const ovs = parsed(index, host, HOST_OUTPUT.ovsdbOpenVswitch);
    const interfaces = parsed(index, host, HOST_OUTPUT.ovsdbInterface);
    if (!ovs || !interfaces) return none;
    const ids = rowMap(ovs[0], 'external_ids');
    const ports = parsed(index, host, HOST_OUTPUT.ovsdbPort) ?? [];
    const bridges = parsed(index, host, HOST_OUTPUT.ovsdbBridge) ?? [];
    const portName = new Map(ports.map((p) => [String(p._uuid), rowStr(p, 'name') ?? '']));
    const bridgeOfPort = new Map<string, string>();
    for (const b of bridges) for (const u of rowList(b, 'ports')) bridgeOfPort.set(portName.get(u) ?? u, rowStr(b, 'name') ?? '?');
    const linkMtu = new Map<string, number>();
    for (const l of parsedText(index, host, HOST_OUTPUT.ipLink, parseIpLink) ?? []) if (l.mtu !== null) linkMtu.set(l.name, l.mtu);
    return {
      read: true,
      systemId: ids[CHASSIS_OVS_KEY.systemId] ?? null,
      encapIp: ids[CHASSIS_OVS_KEY.encapIp] ?? null,
      encapIps: parseEncapIps(ids[CHASSIS_OVS_KEY.encapIp]),
      addresses: parsedText(index, host, HOST_OUTPUT.ipAddr, parseIpAddr),
      linkMtu,
      bridgeMappings: parseBridgeMappings(ids[CHASSIS_OVS_KEY.bridgeMappings]),
      interfaces,
      bridgeOfPort,
    };
  });
}

/** The OVS Interface plugging a logical port (external_ids:iface-id), with its ovn-installed mark and MTU (OVS's, else ip link's). */
export function vifInterface(ovs: ChassisOvs, portId: string): { row: OvsdbRow; name: string; ofport: number | null; ovnInstalled: boolean; mtu: number | null } | null {
  const row = ovs.interfaces.find((i) => rowMap(i, 'external_ids')[IFACE_ID] === portId);
  if (!row) return null;
  const ofport = rowNum(row, 'ofport');
  const name = rowStr(row, 'name') ?? '?';
  return { row, name, ofport, ovnInstalled: rowMap(row, 'external_ids')[OVN_INSTALLED] === 'true', mtu: rowNum(row, 'mtu') ?? ovs.linkMtu.get(name) ?? null };
}

/** This host's tunnel port to a peer chassis: by external_ids:ovn-chassis-id, else by remote_ip. */
export function tunnelPortTo(ovs: ChassisOvs, peer: OvnChassisRef): { name: string; remoteIp: string | null } | null {
  const tunnels = ovs.interfaces.filter((i) => rowStr(i, 'type') === 'geneve' || rowStr(i, 'type') === 'vxlan' || rowStr(i, 'type') === 'stt');
  const row =
    tunnels.find((i) => (rowMap(i, 'external_ids')[TUNNEL_CHASSIS_ID] ?? '').split('@')[0] === peer.name) ??
    tunnels.find((i) => peer.encapIp !== null && rowMap(i, 'options').remote_ip === peer.encapIp);
  if (!row) return null;
  return { name: rowStr(row, 'name') ?? '?', remoteIp: rowMap(row, 'options').remote_ip ?? null };
}
