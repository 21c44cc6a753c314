// Whether a host's OVSDB records, for any of a network's ports, another segmentation id than Neutron's, decoding only
// the cells that can tell: the `segmentation-mismatch` check asks it of every host with ports on the traced network,
// and building every row of such a host (10,000 interfaces and ports on a 20,000-port snapshot) cost a trace of one
// instance more than its own host's (issue #22 item 16).
import { IFACE_ID, SEGMENTATION_ID_KEY } from '../../../../neutron/ml2OvsRules.js';
import { asMap, type OvsdbTable } from '../../ovsdb.js';

/**
 * False when no interface carrying one of `portIds` (external_ids:iface-id) has the name of a Port row that records
 * other_config:segmentation_id other than `segmentationId` (as a number): then no such port's row can, whichever
 * row of a repeated name HostState keeps. True when one may: the caller reads the built rows to know which.
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
