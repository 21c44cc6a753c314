// Questions about a host's OVSDB tables answered by decoding only the cells that tell, for a host whose rows are not
// built: the checks ask them of the other hosts of the traced network (segmentation-mismatch, tunnel-port-missing),
// and building every row of such a host (10,000 interfaces and ports on a 20,000-port snapshot) cost a trace of one
// instance more than its own host's (issue #22 item 16). Each answer is the one the built rows give (hostState.ts
// ovsdbTables: of rows with the same name or uuid, the last one counts).
import { IFACE_ID, SEGMENTATION_ID_KEY } from '../../../../neutron/ml2OvsRules.js';
import { asList, asMap, type OvsdbTable } from '../../ovsdb.js';

/**
 * False when no interface carrying one of `portIds` (external_ids:iface-id) has the name of a Port row that records
 * other_config:segmentation_id other than `segmentationId` (as a number): then no such port's row can, whichever
 * row of a repeated name is kept. True when one may: the caller reads the built rows to know which.
 */
export function mayRecordOtherSegmentationId(portTable: OvsdbTable, interfaceTable: OvsdbTable, portIds: ReadonlySet<string>, segmentationId: number): boolean {
  const otherIdNames = new Set<string>();
  for (const row of portTable.rows) {
    const seg = asMap(portTable.cell(row, 'other_config'))[SEGMENTATION_ID_KEY];
    if (seg !== undefined && Number(seg) !== segmentationId) otherIdNames.add(String(portTable.cell(row, 'name')));
  }
  if (!otherIdNames.size) return false;
  for (const row of interfaceTable.rows) {
    if (!otherIdNames.has(String(interfaceTable.cell(row, 'name')))) continue;
    const portId = asMap(interfaceTable.cell(row, 'external_ids'))[IFACE_ID];
    if (portId !== undefined && portIds.has(portId)) return true;
  }
  return false;
}

/** The names of `bridge`'s ports, in its `ports` order (the last Bridge row of that name; undefined: no such bridge). */
export function bridgePortNames(bridgeTable: OvsdbTable, portTable: OvsdbTable, bridge: string): string[] | undefined {
  const row = bridgeTable.rows.findLast((r) => String(bridgeTable.cell(r, 'name')) === bridge);
  if (row === undefined) return undefined;
  const uuids = asList(bridgeTable.cell(row, 'ports')).map(String);
  const wanted = new Set(uuids);
  const nameByUuid = new Map<string, string>();
  for (const port of portTable.rows) {
    const uuid = String(portTable.cell(port, '_uuid'));
    if (wanted.has(uuid)) nameByUuid.set(uuid, String(portTable.cell(port, 'name')));
  }
  return uuids.flatMap((uuid) => nameByUuid.get(uuid) ?? []);
}

/** options:`key` of the interface named each of `names` (the last row of that name; undefined: none, or no such key). */
export function interfaceOptions(interfaceTable: OvsdbTable, names: readonly string[], key: string): (string | undefined)[] {
  const wanted = new Set(names);
  const options = new Map<string, Record<string, string>>();
  for (const row of interfaceTable.rows) {
    const name = String(interfaceTable.cell(row, 'name'));
    if (wanted.has(name)) options.set(name, asMap(interfaceTable.cell(row, 'options')));
  }
  return names.map((name) => options.get(name)?.[key]);
}
