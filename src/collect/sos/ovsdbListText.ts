// Turns OVSDB's text rendering (`ovs-vsctl list <Table>`, `ovsdb-client -f list dump`) into the JSON that
// `ovs-vsctl --format=json --data=json list <Table>` prints, the form netxray's snapshots hold (src/analyse/trace/ovsdb.ts).
// Text rules (ovsdb-data.c ovsdb_atom_to_string): strings are quoted unless they are a plain identifier, sets print as
// `[a, b]`, maps as `{k=v, …}`, integers and UUIDs bare. A bare UUID stays a string: decoding gives the same value.

/** A cell decoded from text, in OVSDB's JSON encoding (RFC 7047 §5.1). */
type JsonCell = string | number | boolean | ['set', JsonAtom[]] | ['map', [JsonAtom, JsonAtom][]];
type JsonAtom = string | number | boolean;

export class OvsdbTextError extends Error {}

/** One table: its column names in first-seen order and its rows. */
export interface OvsdbJsonTable {
  headings: string[];
  data: JsonCell[][];
}

/** Parses `ovs-vsctl list <Table>` text (records separated by blank lines, `column : value` lines). */
export function parseOvsdbListText(text: string): OvsdbJsonTable {
  const records: Map<string, JsonCell>[] = [];
  let current: Map<string, JsonCell> | null = null;
  text.split('\n').forEach((line, n) => {
    if (!line.trim()) {
      current = null;
      return;
    }
    const m = /^([A-Za-z_][\w-]*)\s*:\s?(.*)$/.exec(line);
    if (!m) throw new OvsdbTextError(`line ${n + 1}: not "column : value": ${line.slice(0, 60)}`);
    if (!current) records.push((current = new Map()));
    current.set(m[1], parseValue(m[2].trim(), n + 1));
  });
  const headings: string[] = [];
  for (const r of records) for (const k of r.keys()) if (!headings.includes(k)) headings.push(k);
  return { headings, data: records.map((r) => headings.map((h) => r.get(h) ?? ['set', []])) };
}

/** Splits `ovsdb-client -f list dump` into its tables (`<Name> table` headings), each parsed as above. */
export function splitOvsdbDump(text: string): Map<string, OvsdbJsonTable> {
  const tables = new Map<string, OvsdbJsonTable>();
  const parts = text.split(/^([A-Za-z_]\w*) table$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) tables.set(parts[i], parseOvsdbListText(parts[i + 1]));
  return tables;
}

function parseValue(text: string, line: number): JsonCell {
  const reader = new Reader(text, line);
  const value = reader.value();
  reader.end();
  return value;
}

class Reader {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly line: number,
  ) {}

  private fail(what: string): never {
    throw new OvsdbTextError(`line ${this.line}: ${what} at column ${this.at + 1}: ${this.text.slice(0, 60)}`);
  }

  end(): void {
    if (this.at !== this.text.length) this.fail('unexpected text');
  }

  value(): JsonCell {
    const c = this.text[this.at];
    if (c === '[') return ['set', this.items(']', () => this.atom())];
    if (c === '{') return ['map', this.items('}', () => this.pair())];
    return this.atom();
  }

  private items<T>(close: string, item: () => T): T[] {
    this.at += 1;
    const out: T[] = [];
    while (this.text[this.at] !== close) {
      if (this.at >= this.text.length) this.fail(`missing "${close}"`);
      out.push(item());
      if (this.text.startsWith(', ', this.at)) this.at += 2;
      else if (this.text[this.at] !== close) this.fail(`expected ", " or "${close}"`);
    }
    this.at += 1;
    return out;
  }

  private pair(): [JsonAtom, JsonAtom] {
    const key = this.atom();
    if (this.text[this.at] !== '=') this.fail('expected "="');
    this.at += 1;
    return [key, this.atom()];
  }

  private atom(): JsonAtom {
    if (this.text[this.at] === '"') return this.quoted();
    const m = /^[^,=\]}\s"]+/.exec(this.text.slice(this.at));
    if (!m) this.fail('expected a value');
    this.at += m[0].length;
    const word = m[0];
    if (word === 'true' || word === 'false') return word === 'true';
    if (/^-?\d+$/.test(word)) return Number(word);
    if (/^-?\d+\.\d+(e[-+]?\d+)?$/i.test(word)) return Number(word);
    return word;
  }

  /** A C-style quoted string as OVS prints it (json-like escapes). */
  private quoted(): string {
    const start = this.at;
    this.at += 1;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    if (this.at >= this.text.length) this.fail('unterminated string');
    this.at += 1;
    try {
      return JSON.parse(this.text.slice(start, this.at)) as string;
    } catch {
      return this.text.slice(start + 1, this.at - 1);
    }
  }
}
