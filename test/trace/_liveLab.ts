// Live-lab test helpers: the lab's OpenStack APIs and ssh to a node, a node's OVS state as text (statistics left out) to
// check that netxray changed nothing on a host, and a packet walk run through the built CLI.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TraceReport } from '../../src/model/traceModel.js';
import { lab } from '../collect/_lab.js';
import { labApiClient } from '../lab/_api.js';

export const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

const env = { ...process.env, ...lab.env };
const sshConfig = lab.env.NETXRAY_LAB_SSH_CONFIG;

export function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 240_000, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} → ${result.status}: ${result.stderr.slice(-500)}`);
  return result.stdout;
}

export interface LabServer { ID: string; Name: string; Host?: string }

/** GET from the lab's Nova (compute), Neutron (network) or Keystone (identity) API: its JSON (one token per process). */
export const api = labApiClient(() => env);
export const onHost = (host: string, command: string): string => run('ssh', ['-F', sshConfig, '-o', 'BatchMode=yes', host, command]);

/** The lab's instances (Nova, every project) and the compute hosts they run on. */
export function labServers(): { servers: LabServer[]; hosts: string[] } {
  const servers = api<{ servers: Record<string, string>[] }>('compute', '/servers/detail', { all_tenants: '1' }).servers
    .map((s): LabServer => ({ ID: s.id, Name: s.name, Host: s['OS-EXT-SRV-ATTR:host'] || undefined }));
  return { servers, hosts: [...new Set(servers.map((s) => s.Host).filter((h): h is string => !!h))].sort() };
}

/** What a trace may change if it were not read-only: OVSDB rows (statistics left out) and flows (counters left out). */
export function ovsState(host: string): string {
  const columns = 'name,tag,other_config,external_ids,ofport,interfaces,ports,type,options,mtu_request,vlan_mode,trunks';
  const tables = ['Bridge', 'Port', 'Interface'].map((table) =>
    onHost(host, `ovs-vsctl --format=json --data=json --columns=${columns.split(',').filter((c) => validColumn(table, c)).join(',')} list ${table}`));
  const bridges = onHost(host, 'ovs-vsctl list-br').trim().split('\n');
  const flows = bridges.map((bridge) => onHost(host, `ovs-ofctl --no-stats dump-flows ${bridge}`).split('\n').sort().join('\n'));
  return [...tables, ...flows].join('\n');
}

// Columns per OVSDB table (ovs-vswitchd.conf.db(5)); asking a table for a column it lacks is an error.
const COLUMNS: Record<string, string[]> = {
  Bridge: ['name', 'other_config', 'external_ids', 'ports'],
  Port: ['name', 'tag', 'other_config', 'external_ids', 'interfaces', 'vlan_mode', 'trunks'],
  Interface: ['name', 'other_config', 'external_ids', 'ofport', 'type', 'options', 'mtu_request'],
};
const validColumn = (table: string, column: string) => COLUMNS[table].includes(column);


/** `netxray trace SOURCE --to TARGET … --format json` as a user runs it, with its exit status. */
export function walkLive(source: string, target: string, ...more: string[]): { status: number | null; report: TraceReport; stderr: string } {
  return traceLive(source, '--to', target, ...more);
}

/** `netxray trace SOURCE … --format json` (with its automatic walks) as a user runs it, with its exit status. */
export function traceLive(source: string, ...more: string[]): { status: number | null; report: TraceReport; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'trace', source, ...more, '--format', 'json', '--ssh-config', sshConfig],
    { encoding: 'utf8', env, timeout: 240_000, maxBuffer: 64 << 20 });
  return { status: result.status, report: JSON.parse(result.stdout || '{}') as TraceReport, stderr: result.stderr };
}
