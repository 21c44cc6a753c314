// Whether the OVN databases were read for this snapshot: the reason they were not, or null.
import type { CloudIndex } from '../../cloudIndex.js';
import { ovnDb } from './ovnDb.js';

/** The first problem of the two tables every ML2/OVN answer starts from (NB Logical_Switch_Port, SB Port_Binding). */
export function dbProblem(index: CloudIndex): string | null {
  const db = ovnDb(index);
  return db.table('nb', 'Logical_Switch_Port').problem ?? db.table('sb', 'Port_Binding').problem;
}
