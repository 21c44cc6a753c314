// The read-only OVSDB table read every backend runs on a host's Open vSwitch.

// ovs-vsctl --format=json implies --data=json; spelled out so the cell encoding never depends on a default.
/** `ovs-vsctl list <Table>` as JSON; a hung ovsdb-server must not hold the host's command batch: it gives up after 10 s. */
export const ovsdbList = (table: string): string[] => ['ovs-vsctl', '--timeout=10', '--format=json', '--data=json', 'list', table];
