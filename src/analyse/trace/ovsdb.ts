// Parses `ovs-vsctl --format=json list <Table>` into rows keyed by column name, decoding OVSDB's JSON encoding.
// Encoding (RFC 7047 §5.1): atoms are plain JSON; ["uuid", u] / ["named-uuid", u]; ["set", [...]]; ["map", [[k, v], ...]].

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
      const out: Record<string, OvsdbValue> = {};
      for (const pair of body) {
        if (Array.isArray(pair) && pair.length === 2) out[String(decodeOvsdbValue(pair[0]))] = decodeOvsdbValue(pair[1]);
      }
      return out;
    }
  }
  throw new OvsdbParseError(`not an OVSDB value: ${JSON.stringify(raw).slice(0, 80)}`);
}

/** Parses the whole JSON text of `ovs-vsctl --format=json list <Table>`. */
export function parseOvsdbList(text: string): OvsdbRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new OvsdbParseError(`not JSON: ${(error as Error).message}`);
  }
  const { headings, data } = (doc ?? {}) as { headings?: unknown; data?: unknown };
  if (!Array.isArray(headings) || !Array.isArray(data)) throw new OvsdbParseError('expected {"headings": [...], "data": [...]}');
  return data.map((row, index) => {
    if (!Array.isArray(row) || row.length !== headings.length) throw new OvsdbParseError(`row ${index} does not match the headings`);
    const out: OvsdbRow = {};
    headings.forEach((heading, column) => {
      out[String(heading)] = decodeOvsdbValue(row[column]);
    });
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
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function asList(value: OvsdbValue | undefined): OvsdbValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
