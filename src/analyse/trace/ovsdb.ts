// Parses `ovs-vsctl --format=json list <Table>` into rows keyed by column name, decoding OVSDB's JSON encoding.
// Encoding (RFC 7047 §5.1): atoms are plain JSON; ["uuid", u] / ["named-uuid", u]; ["set", [...]]; ["map", [[k, v], ...]].

import { decodeScannedCell, scanOvsdbTable } from './ovsdbTableScan.js';

/** A decoded OVSDB value: atoms stay atoms, uuids become strings, sets arrays, maps records. */
export type OvsdbValue = string | number | boolean | OvsdbValue[] | { [key: string]: OvsdbValue };
export type OvsdbRow = Record<string, OvsdbValue>;

export class OvsdbParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OvsdbParseError';
  }
}

export function decodeOvsdbValue(raw: unknown): OvsdbValue {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw) && raw.length === 2 && typeof raw[0] === 'string') {
    const [tag, body] = raw as [string, unknown];
    if (tag === 'uuid' || tag === 'named-uuid') return String(body);
    if (tag === 'set' && Array.isArray(body)) return body.map(decodeOvsdbValue);
    if (tag === 'map' && Array.isArray(body)) {
      const out = Object.create(null) as Record<string, OvsdbValue>; // keys come from the host: __proto__ stays a key
      for (const pair of body) {
        if (Array.isArray(pair) && pair.length === 2) out[String(decodeOvsdbValue(pair[0]))] = decodeOvsdbValue(pair[1]);
      }
      return out;
    }
  }
  throw new OvsdbParseError(`not an OVSDB value: ${JSON.stringify(raw).slice(0, 80)}`);
}

/**
 * Throws what decodeOvsdbValue throws for `raw`, in the same order, without building the value: a table's cells are
 * all checked when it is read, and only the columns asked for are decoded (a 20,000-port Interface table has 36 columns).
 */
function checkOvsdbValue(raw: unknown): void {
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return;
  if (Array.isArray(raw) && raw.length === 2 && typeof raw[0] === 'string') {
    const [tag, body] = raw as [string, unknown];
    if (tag === 'uuid' || tag === 'named-uuid') return;
    if (tag === 'set' && Array.isArray(body)) return body.forEach(checkOvsdbValue);
    if (tag === 'map' && Array.isArray(body)) {
      for (const pair of body) {
        if (Array.isArray(pair) && pair.length === 2) {
          checkOvsdbValue(pair[0]);
          checkOvsdbValue(pair[1]);
        }
      }
      return;
    }
  }
  decodeOvsdbValue(raw); // throws its error
}

/** One table of `ovs-vsctl --format=json list <Table>`, every cell checked, decoded when read. */
export interface OvsdbTable {
  /** Column names (as strings), in the table's order. */
  headings: readonly string[];
  /** The rows, in the table's order: handles for `cell`. */
  rows: readonly OvsdbRowHandle[];
  /** The decoded cell of `row` in `column` (undefined: no such column); the last of two same-named columns, as in a row record. */
  cell(row: OvsdbRowHandle, column: string): OvsdbValue | undefined;
}

/** A row of an OvsdbTable, opaque: only its table's `cell` reads it. */
export type OvsdbRowHandle = unknown;

export const EMPTY_OVSDB_TABLE: OvsdbTable = { headings: [], rows: [], cell: () => undefined };

/** Column name → its index; the last of two same-named columns, as in a row record. */
function columnIndex(headings: readonly string[]): Map<string, number> {
  const columns = new Map<string, number>();
  headings.forEach((heading, column) => columns.set(heading, column));
  return columns;
}

/**
 * Parses the whole JSON text of `ovs-vsctl --format=json list <Table>`, checking every cell (OvsdbParseError). The text
 * as ovs-vsctl prints it is checked by a scan that decodes only the cells read (ovsdbTableScan.ts); other text by
 * JSON.parse, as the same table or the same error.
 */
export function parseOvsdbTable(text: string): OvsdbTable {
  const scanned = scanOvsdbTable(text);
  if (scanned) {
    const { headings, rowCount, starts } = scanned;
    const width = headings.length;
    const columns = columnIndex(headings);
    return {
      headings,
      rows: Array.from({ length: rowCount }, (_, row) => row),
      cell: (row, column) => {
        const at = columns.get(column);
        return at === undefined ? undefined : decodeScannedCell(text, starts[(row as number) * width + at]);
      },
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new OvsdbParseError(`not JSON: ${(error as Error).message}`);
  }
  const { headings, data } = (doc ?? {}) as { headings?: unknown; data?: unknown };
  if (!Array.isArray(headings) || !Array.isArray(data)) throw new OvsdbParseError('expected {"headings": [...], "data": [...]}');
  data.forEach((row, index) => {
    if (!Array.isArray(row) || row.length !== headings.length) throw new OvsdbParseError(`row ${index} does not match the headings`);
    row.forEach(checkOvsdbValue);
  });
  const names = headings.map(String);
  const columns = columnIndex(names);
  return {
    headings: names,
    rows: data as unknown[][],
    cell: (row, column) => {
      const at = columns.get(column);
      return at === undefined ? undefined : decodeOvsdbValue((row as unknown[])[at]);
    },
  };
}

/** Parses the whole JSON text of `ovs-vsctl --format=json list <Table>` into decoded rows keyed by column name. */
export function parseOvsdbList(text: string): OvsdbRow[] {
  const table = parseOvsdbTable(text);
  return table.rows.map((row) => {
    const out: OvsdbRow = {};
    for (const heading of table.headings) out[heading] = table.cell(row, heading) as OvsdbValue;
    return out;
  });
}

/** A column that is "optional" in OVSDB (a set of 0 or 1 atoms, e.g. Port.tag): the atom or null. */
export function optionalAtom(value: OvsdbValue | undefined): string | number | boolean | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.length === 1 ? optionalAtom(value[0]) : null;
  if (typeof value === 'object') return null;
  return value;
}

export function optionalNumber(value: OvsdbValue | undefined): number | null {
  const atom = optionalAtom(value);
  if (typeof atom === 'number') return atom;
  if (typeof atom === 'string' && /^-?\d+$/.test(atom)) return Number(atom);
  return null;
}

export function asMap(value: OvsdbValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  // As Object.fromEntries(Object.entries(value)) would, without the pairs (20,000 interfaces × 2 maps on a big host).
  for (const key of Object.keys(value)) {
    if (key === '__proto__') Object.defineProperty(out, key, { value: String(value[key]), enumerable: true, writable: true, configurable: true });
    else out[key] = String(value[key]);
  }
  return out;
}

export function asList(value: OvsdbValue | undefined): OvsdbValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
