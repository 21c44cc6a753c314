// The OVN NB/SB rows of a snapshot: every `ovn-nb:<Table>`/`ovn-sb:<Table>` output (one JSON document per find/list
// line) merged per table, with the lookups the ML2/OVN analysis joins on. Parsed once per snapshot (CloudIndex.derived).
import type { CommandOutput } from '../../../../model/cloudSnapshot.js';
import { HOST_OUTPUT } from '../../../../model/hostOutputIds.js';
import type { CloudIndex } from '../../cloudIndex.js';
import { asList, asMap, optionalAtom, optionalNumber, parseOvsdbList, type OvsdbRow } from '../../ovsdb.js';

export type { OvsdbRow } from '../../ovsdb.js';

/** One table as read: its rows, or why it could not be (not collected, the command failed, unparsable). */
export interface OvnTable {
  rows: OvsdbRow[];
  /** null when read; else what went wrong, for an unverified finding. */
  problem: string | null;
  /** `<host> ovn-nbctl find …`: where the rows came from, for evidence. */
  source: string;
}

export interface OvnDb {
  /** The capture that holds the DB reads (the DB host, or `local`), null when none does. */
  reader: string | null;
  table(db: 'nb' | 'sb', name: string): OvnTable;
}

const str = (v: unknown): string | null => {
  const atom = optionalAtom(v as never);
  return typeof atom === 'string' && atom !== '' ? atom : null;
};
export const rowStr = (row: OvsdbRow | undefined, column: string): string | null => (row ? str(row[column]) : null);
export const rowNum = (row: OvsdbRow | undefined, column: string): number | null => (row ? optionalNumber(row[column]) : null);
export const rowBool = (row: OvsdbRow | undefined, column: string): boolean | null => {
  const atom = row ? optionalAtom(row[column]) : null;
  return typeof atom === 'boolean' ? atom : null;
};
export const rowMap = (row: OvsdbRow | undefined, column: string): Record<string, string> => (row ? asMap(row[column]) : {});
export const rowList = (row: OvsdbRow | undefined, column: string): string[] => (row ? asList(row[column]).map(String) : []);

function parseOutput(output: CommandOutput): OvsdbRow[] {
  return output.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => parseOvsdbList(line));
}

/** Every output of one table (a whole `list`, and each set of `find`s a trace asked for), merged by row uuid. */
function readTable(index: CloudIndex, reader: string | null, id: string): OvnTable {
  const capture = reader ? index.snapshot.hosts.find((h) => h.host === reader) : undefined;
  const outputs = capture?.outputs.filter((o) => o.id === id || o.id.startsWith(`${id}?`)) ?? [];
  const source = `${reader ?? '?'} ${id}`;
  if (!capture) return { rows: [], problem: 'the OVN databases were not read', source };
  if (!capture.reachable) return { rows: [], problem: `${reader} was not reachable${capture.error ? ` (${capture.error})` : ''}`, source };
  if (outputs.length === 0) return { rows: [], problem: `${id} was not collected`, source };
  const failed = outputs.find((o) => o.exitCode !== 0);
  if (failed) return { rows: [], problem: `${id} exited ${failed.exitCode ?? 'without status'}: ${failed.stderr.trim().split('\n')[0] ?? ''}`, source };
  try {
    const seen = new Map<string, OvsdbRow>();
    for (const output of outputs) for (const row of parseOutput(output)) seen.set(String(row._uuid ?? seen.size), row);
    return { rows: [...seen.values()], problem: null, source };
  } catch (error) {
    return { rows: [], problem: `${id}: ${(error as Error).message}`, source };
  }
}

/** The capture holding the NB reads: the host with an `ovn-nb:` output (the DB host or `local`). */
function readerOf(index: CloudIndex): string | null {
  const withDb = index.snapshot.hosts.filter((h) => h.outputs.some((o) => o.id.startsWith('ovn-nb:') || o.id.startsWith('ovn-sb:')));
  if (withDb.length) return withDb[0].host;
  // a DB host that could not be reached has no outputs: its plan role says which it was
  return index.snapshot.hosts.find((h) => h.roles?.includes('ovn-db'))?.host ?? null;
}

export function ovnDb(index: CloudIndex): OvnDb {
  return index.derived('ml2-ovn:db', () => {
    const reader = readerOf(index);
    const tables = new Map<string, OvnTable>();
    return {
      reader,
      table(db, name) {
        const id = db === 'nb' ? HOST_OUTPUT.ovnNb(name) : HOST_OUTPUT.ovnSb(name);
        let t = tables.get(id);
        if (!t) tables.set(id, (t = readTable(index, reader, id)));
        return t;
      },
    };
  });
}

/** The rows of a table whose column equals a value. */
export const rowsWhere = (t: OvnTable, column: string, value: string): OvsdbRow[] => t.rows.filter((r) => rowStr(r, column) === value);
export const rowByUuid = (t: OvnTable, uuid: string | null): OvsdbRow | undefined => (uuid ? t.rows.find((r) => r._uuid === uuid) : undefined);
