// ML2/OVN collection: the read-only ovn-nbctl/ovn-sbctl reads of the NB and SB tables a trace needs, filtered to the
// instance's rows (`find`) for a trace, whole tables (`list`) for a scan, one command per table (those asked for
// together run as one process per database).
import { createHash } from 'node:crypto';
import { NetxrayError } from '../../../errors.js';
import { HOST_OUTPUT, type HostOutputId } from '../../../model/hostOutputIds.js';
import { ACL_PRIORITY_DROP, DROP_PORT_GROUP, EXT_ID, SG_RULE_EXT_ID, LSP_TYPE, crLrpName, lrpName, metadataNamespace, ovnName, portGroupName } from '../../../neutron/ovnRules.js';
import type { HostCommand } from '../../hosts/hostCommands.js';

/** Where the OVN databases are read (`--ovn-db-host`, `--ovn-nb`, `--ovn-sb`, `--ovn-ssl-*`). */
export interface OvnDbAccess {
  /** The host that runs ovn-nbctl/ovn-sbctl, over SSH (default: the first OVN gateway chassis of the agent list). */
  dbHost?: string;
  /** OVSDB endpoints (`unix:PATH`, `tcp:IP:PORT`, `ssl:IP:PORT`); without dbHost they are read from this machine. */
  nb?: string;
  sb?: string;
  /** For ssl: endpoints: the private key, certificate and CA certificate files (paths where the tools run). */
  ssl?: { privateKey: string; certificate: string; caCert: string };
}

/** The rows a trace needs, by the Neutron ids they are named after (checked as UUIDs/IPs before use). */
export interface OvnRowQuery {
  ports: string[];
  networks: string[];
  /** Routers with an external gateway, and their gateway port ids. */
  routers: string[];
  gatewayPorts: string[];
  securityGroups: string[];
  /** The rules of those groups (their ACLs are found by external_ids:neutron:security_group_rule_id). */
  securityGroupRules: string[];
  subnets: string[];
  fixedIps: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IP = /^[0-9a-f.:]+$/i;
const ENDPOINT = /^(unix|tcp|ssl):\S+$/;

/** Checks `--ovn-nb`/`--ovn-sb` where they enter: one line naming the flag at fault. */
export function checkOvnDbAccess(access: OvnDbAccess): OvnDbAccess {
  for (const [flag, value] of [['--ovn-nb', access.nb], ['--ovn-sb', access.sb]] as const) {
    if (value !== undefined && !ENDPOINT.test(value)) throw new NetxrayError('bad-input', `${flag} "${value}": give an OVSDB endpoint, unix:PATH, tcp:IP:PORT or ssl:IP:PORT`);
  }
  if ([access.nb, access.sb].some((e) => e?.startsWith('ssl:')) && !access.ssl) {
    throw new NetxrayError('bad-input', '--ovn-nb/--ovn-sb ssl: endpoints need --ovn-ssl-key, --ovn-ssl-cert and --ovn-ssl-ca');
  }
  return access;
}

/**
 * The tool's options before its commands: the endpoint, ssl files, a timeout (a DB that does not answer must not
 * hold the batch), any cluster member (reads only), JSON cells.
 */
function toolArgv(tool: 'ovn-nbctl' | 'ovn-sbctl', access: OvnDbAccess): string[] {
  return [tool, ...dbOptions(tool === 'ovn-nbctl' ? access.nb : access.sb, access), '--timeout=10', '--format=json', '--data=json'];
}

/** The endpoint, ssl files and any cluster member (reads only), as ovn-nbctl, ovn-sbctl and ovn-trace take them. */
function dbOptions(endpoint: string | undefined, access: OvnDbAccess): string[] {
  const ssl = access.ssl && endpoint?.startsWith('ssl:') ? ['-p', access.ssl.privateKey, '-c', access.ssl.certificate, '-C', access.ssl.caCert] : [];
  return [...(endpoint ? [`--db=${endpoint}`] : []), ...ssl, '--no-leader-only'];
}

/** ovn-trace's database options: it reads the SB (ovn-trace(8) --db). */
export const ovnTraceDbOptions = (access: OvnDbAccess): string[] => dbOptions(access.sb, access);

/**
 * One `find` per condition, joined with `--` (one JSON document per line); `list` when `conditions` is 'all'. The reads
 * of one tool and database asked for together share one process (HostCommand.joinable: ovn-nbctl(8) runs every
 * command of its command line in one transaction and prints one table per command).
 */
function tableRead(tool: 'ovn-nbctl' | 'ovn-sbctl', access: OvnDbAccess, table: string, conditions: string[] | 'all'): HostCommand<HostOutputId> | null {
  const idOf = tool === 'ovn-nbctl' ? HOST_OUTPUT.ovnNb : HOST_OUTPUT.ovnSb;
  const head = toolArgv(tool, access);
  const joinable = (tail: string[], documents: number) => ({ key: head.join(' '), head, tail, documents });
  if (conditions === 'all') return { id: idOf(table), argv: [...head, 'list', table], joinable: joinable(['list', table], 1) };
  if (conditions.length === 0) return null;
  const id = idOf(table, createHash('sha256').update(conditions.join('\n')).digest('hex').slice(0, 12));
  const finds = conditions.flatMap((c, i) => [...(i > 0 ? ['--'] : []), 'find', table, c]);
  return { id, argv: [...head, ...finds], joinable: joinable(finds, conditions.length) };
}

const uuids = (ids: string[]) => [...new Set(ids.filter((id) => UUID.test(id)))].sort();

/**
 * The NB and SB reads: for a trace, the rows named after the instance's ports, networks, routers, security groups
 * and subnets (so the cost does not grow with the cloud); for a scan ('all'), every table once. Tables with one row
 * per chassis (Chassis, Chassis_Private, Encap) and the NB_Global/SB_Global/Gateway_Chassis tables are read whole.
 */
export function ovnDbCommands(query: OvnRowQuery | 'all', access: OvnDbAccess): HostCommand<HostOutputId>[] {
  const q = query === 'all' ? null : query;
  const pick = (make: () => string[]): string[] | 'all' => (q ? make() : 'all');
  const nb = (table: string, c: string[] | 'all') => tableRead('ovn-nbctl', access, table, c);
  const sb = (table: string, c: string[] | 'all') => tableRead('ovn-sbctl', access, table, c);
  const reads = [
    nb('NB_Global', 'all'),
    nb('Logical_Switch', pick(() => uuids(q!.networks).map((n) => `name=${ovnName(n)}`))),
    nb(
      'Logical_Switch_Port',
      pick(() => [
        ...uuids(q!.ports).map((p) => `name=${p}`),
        // provider networks' localnet ports (one per provider segment) and each network's metadata localport
        `type=${LSP_TYPE.localnet}`,
        ...uuids(q!.networks).map((n) => `external_ids:"${EXT_ID.deviceId}"=${metadataNamespace(n)}`),
      ]),
    ),
    nb('Logical_Router', pick(() => uuids(q!.routers).map((r) => `name=${ovnName(r)}`))),
    nb('Logical_Router_Port', pick(() => uuids(q!.gatewayPorts).map((p) => `name=${lrpName(p)}`))),
    nb('Gateway_Chassis', 'all'),
    nb('NAT', pick(() => [...new Set(q!.fixedIps.filter((ip) => IP.test(ip)))].sort().map((ip) => `logical_ip="${ip}"`))),
    nb('Port_Group', pick(() => [...uuids(q!.securityGroups).map((g) => `name=${portGroupName(g)}`), `name=${DROP_PORT_GROUP}`])),
    // the groups' rules' ACLs, and neutron's default-drop ACLs (their priority: constants.py ACL_PRIORITY_DROP)
    nb('ACL', pick(() => [...uuids(q!.securityGroupRules).map((r) => `external_ids:"${SG_RULE_EXT_ID}"=${r}`), `priority=${ACL_PRIORITY_DROP}`])),
    nb('DHCP_Options', pick(() => uuids(q!.subnets).map((s) => `external_ids:subnet_id=${s}`))),
    // SB_Global nb_cfg: what northd carried into the SB, the value each OVN metadata agent copies as its liveness ack
    sb('SB_Global', 'all'),
    sb('Chassis', 'all'),
    sb('Chassis_Private', 'all'),
    sb('Encap', 'all'),
    sb('Port_Binding', pick(() => [...uuids(q!.ports).map((p) => `logical_port=${p}`), ...uuids(q!.gatewayPorts).map((p) => `logical_port=${crLrpName(p)}`)])),
    // northd names a switch's datapath after it (northd/northd.c ovn_datapath external_ids:name)
    sb('Datapath_Binding', pick(() => uuids(q!.networks).map((n) => `external_ids:name=${ovnName(n)}`))),
  ];
  return reads.filter((r): r is HostCommand<HostOutputId> => r !== null);
}
