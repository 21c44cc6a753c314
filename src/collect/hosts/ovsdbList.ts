// The read-only OVSDB table read every backend runs on a host's Open vSwitch.
import type { HostCommand } from './hostCommands.js';

// ovs-vsctl --format=json implies --data=json; spelled out so the cell encoding never depends on a default.
/** A hung ovsdb-server must not hold the host's command batch: ovs-vsctl gives up after 10 s. */
const OVS_VSCTL_JSON = ['ovs-vsctl', '--timeout=10', '--format=json', '--data=json'] as const;

/** `ovs-vsctl list <Table>` as JSON. */
export const ovsdbList = (table: string): string[] => [...OVS_VSCTL_JSON, 'list', table];

/**
 * The table read as a host command. The tables a batch reads share one ovs-vsctl (`list A -- list B ...`, one
 * transaction, one JSON table per line, each line byte for byte what `list` alone prints: checked with ovs-vsctl 3.1.0),
 * so a host's visit starts one process and opens one OVSDB connection for them instead of one per table.
 */
export function ovsdbListCommand<Id extends string>(id: Id, table: string, optional?: boolean): HostCommand<Id> {
  return {
    id,
    argv: ovsdbList(table),
    ...(optional ? { optional } : {}),
    joinable: { key: OVS_VSCTL_JSON.join(' '), head: OVS_VSCTL_JSON, tail: ['list', table], documents: 1 },
  };
}
