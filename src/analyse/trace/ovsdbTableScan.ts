// A fast reader for `ovs-vsctl --format=json list <Table>` as ovs-vsctl prints it: one pass over the text that checks it
// and notes where each cell lies, decoding a cell only when it is read. JSON.parse of a 20,000-port host's Interface
// table builds ~3 million values a trace never reads (issue #22 item 16); this builds none.
// It accepts only what it can check completely: JSON text whose cells are atoms (string, number, boolean), uuids, and
// sets and maps of those (RFC 7047 §5.1, what ovs-vsctl emits); anything else (null, objects, other keys, a set of sets,
// malformed JSON) gives undefined, and the caller reads the text with JSON.parse as before, with its exact error.
import type { OvsdbValue } from './ovsdb.js';

/** Where each cell starts: `starts[row * headings.length + column]`. */
export interface ScannedTable {
  headings: string[];
  rowCount: number;
  starts: Int32Array;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Thrown inside the scanner when the text leaves the accepted shape: the caller falls back to JSON.parse. */
class NotPlain extends Error {}
const notPlain = (): never => {
  throw new NotPlain();
};

const isDigit = (c: number) => c >= DIGIT_0 && c <= DIGIT_9;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** The cell places of `text`, or undefined when it is not plain ovs-vsctl JSON (see the file comment). */
export function scanOvsdbTable(text: string): ScannedTable | undefined {
  try {
    return scan(text);
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

function scan(text: string): ScannedTable {
  return new TableScanner(text).table();
}

/** What a list holds, for TableScanner.skipList (one method for every kind keeps its calls' targets fixed). */
const enum ListItem {
  AtomOrUuid,
  Pair,
  Cell,
  Row,
  Heading,
}

/**
 * The scan as one object's methods: as closures made anew for each table, V8 threw away the code it had compiled for
 * the first table when the second came ("wrong call target") and compiled it again (~0.5 s of compiling in the
 * 20,000-port trace, which scans six tables).
 */
class TableScanner {
  private pos = 0;
  private readonly length: number;
  private headings: string[] = [];
  private rowCount = -1;
  private starts = new Int32Array(1024);
  private cells = 0;
  private rowWidth = -1; // every row's width, -1 before the first row; rows of other widths are JSON.parse's to refuse

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  table(): ScannedTable {
    let headings: string[] | undefined;
    this.expect(OPEN_BRACE);
    for (;;) {
      this.skipBlanks();
      const key = this.readString();
      this.expect(COLON);
      this.skipBlanks();
      if (key === 'headings' && !headings) {
        this.skipList(ListItem.Heading);
        headings = this.headings;
      } else if (key === 'data' && this.rowCount < 0) {
        this.rowCount = 0;
        this.skipList(ListItem.Row);
      } else notPlain();
      this.skipBlanks();
      const c = this.text.charCodeAt(this.pos++);
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) notPlain();
    }
    this.skipBlanks();
    const { rowCount, rowWidth, starts } = this;
    if (!headings || this.pos !== this.length || rowCount < 0 || (rowCount > 0 && rowWidth !== headings.length)) return notPlain();
    return { headings, rowCount, starts };
  }

  private skipBlanks(): void {
    const { text } = this;
    let pos = this.pos;
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++pos));
    this.pos = pos;
  }

  private expect(code: number): void {
    this.skipBlanks();
    if (this.text.charCodeAt(this.pos) !== code) notPlain();
    this.pos++;
  }

  /** Skips a JSON string at pos (its opening quote); true when it holds an escape. */
  private skipString(): boolean {
    const { text, length } = this;
    if (text.charCodeAt(this.pos) !== QUOTE) notPlain();
    let escaped = false;
    for (let i = this.pos + 1; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return escaped;
      }
      if (c < 0x20) notPlain();
      if (c === BACKSLASH) {
        escaped = true;
        const e = text.charCodeAt(++i);
        if (e === 0x75) {
          for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(i + k))) notPlain();
          i += 4;
        } else if (!(e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) notPlain();
      }
    }
    return notPlain();
  }

  private readString(): string {
    const start = this.pos;
    return this.skipString() ? (JSON.parse(this.text.slice(start, this.pos)) as string) : this.text.slice(start + 1, this.pos - 1);
  }

  /** Skips a JSON number (RFC 8259 §6 grammar). */
  private skipNumber(): void {
    const { text } = this;
    let pos = this.pos;
    if (text.charCodeAt(pos) === MINUS) pos++;
    if (text.charCodeAt(pos) === DIGIT_0) pos++;
    else if (isDigit(text.charCodeAt(pos))) while (isDigit(text.charCodeAt(pos))) pos++;
    else notPlain();
    if (text.charCodeAt(pos) === 0x2e) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) notPlain();
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === MINUS) pos++;
      if (!isDigit(text.charCodeAt(pos))) notPlain();
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    this.pos = pos;
  }

  private skipWord(word: string): void {
    if (!this.text.startsWith(word, this.pos)) notPlain();
    this.pos += word.length;
  }

  /** An atom (string, number, true, false) or ["uuid"|"named-uuid", string]. */
  private skipAtomOrUuid(): void {
    this.skipBlanks();
    const c = this.text.charCodeAt(this.pos);
    if (c === QUOTE) this.skipString();
    else if (c === MINUS || isDigit(c)) this.skipNumber();
    else if (c === 0x74) this.skipWord('true');
    else if (c === 0x66) this.skipWord('false');
    else if (c === OPEN_BRACKET) {
      this.pos++;
      this.skipBlanks();
      const tag = this.readString();
      if (tag !== 'uuid' && tag !== 'named-uuid') notPlain();
      this.expect(COMMA);
      this.skipBlanks();
      this.skipString();
      this.expect(CLOSE_BRACKET);
    } else notPlain();
  }

  /** `[` item (`,` item)* `]` or `[]`. */
  private skipList(item: ListItem): void {
    this.expect(OPEN_BRACKET);
    this.skipBlanks();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipItem(item);
      this.skipBlanks();
      const c = this.text.charCodeAt(this.pos++);
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) notPlain();
    }
  }

  private skipItem(item: ListItem): void {
    switch (item) {
      case ListItem.AtomOrUuid:
        return this.skipAtomOrUuid();
      case ListItem.Pair:
        return this.skipPair();
      case ListItem.Cell:
        this.skipBlanks();
        this.note(this.pos);
        return this.skipCell();
      case ListItem.Row:
        return this.skipRow();
      case ListItem.Heading:
        this.skipBlanks();
        this.headings.push(this.readString());
        return;
    }
  }

  private skipPair(): void {
    this.expect(OPEN_BRACKET);
    this.skipAtomOrUuid();
    this.expect(COMMA);
    this.skipAtomOrUuid();
    this.expect(CLOSE_BRACKET);
  }

  /** One cell: an atom, a uuid, ["set", [atoms or uuids]] or ["map", [[key, value], ...]]. */
  private skipCell(): void {
    this.skipBlanks();
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACKET) return this.skipAtomOrUuid();
    const open = this.pos;
    this.pos++;
    this.skipBlanks();
    const tag = this.readString();
    if (tag === 'uuid' || tag === 'named-uuid') {
      this.pos = open;
      return this.skipAtomOrUuid();
    }
    this.expect(COMMA);
    if (tag === 'set') this.skipList(ListItem.AtomOrUuid);
    else if (tag === 'map') this.skipList(ListItem.Pair);
    else notPlain();
    this.expect(CLOSE_BRACKET);
  }

  private note(start: number): void {
    if (this.cells === this.starts.length) {
      const grown = new Int32Array(this.cells * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.cells++] = start;
  }

  private skipRow(): void {
    const before = this.cells;
    this.skipList(ListItem.Cell);
    const width = this.cells - before;
    if (this.rowWidth < 0) this.rowWidth = width;
    else if (width !== this.rowWidth) notPlain();
    this.rowCount++;
  }
}

/** Decodes one checked cell as decodeOvsdbValue(JSON.parse(cell)) would. */
export function decodeScannedCell(text: string, start: number): OvsdbValue {
  return new CellReader(text, start).cell();
}

/** Reads the values scan() accepted; it never sees anything else, so it checks nothing. */
class CellReader {
  constructor(
    private readonly text: string,
    private pos: number,
  ) {}

  private blanks(): void {
    for (let c = this.text.charCodeAt(this.pos); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = this.text.charCodeAt(++this.pos));
  }

  /** Steps over blanks and one expected punctuation character. */
  private step(): void {
    this.blanks();
    this.pos++;
  }

  private string(): string {
    const start = this.pos;
    let escaped = false;
    let i = start + 1;
    for (let c = this.text.charCodeAt(i); c !== QUOTE; c = this.text.charCodeAt(++i)) {
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    this.pos = i + 1;
    return escaped ? (JSON.parse(this.text.slice(start, this.pos)) as string) : this.text.slice(start + 1, i);
  }

  private atom(): string | number | boolean {
    this.blanks();
    const c = this.text.charCodeAt(this.pos);
    if (c === QUOTE) return this.string();
    if (c === 0x74) {
      this.pos += 4;
      return true;
    }
    if (c === 0x66) {
      this.pos += 5;
      return false;
    }
    const start = this.pos;
    for (let d = c; d === MINUS || d === 0x2b || d === 0x2e || d === 0x65 || d === 0x45 || isDigit(d); d = this.text.charCodeAt(++this.pos));
    return Number(this.text.slice(start, this.pos));
  }

  /**
   * Steps into a list: true when it has an item at pos, false when it was empty (then stepped over). The lists are
   * walked here, not through a callback: a closure made per list gave V8 a new call target each time.
   */
  private listStart(): boolean {
    this.step(); // [
    this.blanks();
    if (this.text.charCodeAt(this.pos) !== CLOSE_BRACKET) return true;
    this.pos++;
    return false;
  }

  /** After an item: true when another follows, false at the list's end (stepped over). */
  private listGoesOn(): boolean {
    this.blanks();
    return this.text.charCodeAt(this.pos++) !== CLOSE_BRACKET;
  }

  cell(): OvsdbValue {
    this.blanks();
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACKET) return this.atom();
    this.pos++;
    this.blanks();
    const tag = this.string();
    this.step(); // ,
    this.blanks();
    let value: OvsdbValue;
    if (tag === 'uuid' || tag === 'named-uuid') value = this.string();
    else if (tag === 'set') {
      const items: OvsdbValue[] = [];
      if (this.listStart()) do items.push(this.cell());
      while (this.listGoesOn());
      value = items;
    } else {
      const map = Object.create(null) as Record<string, OvsdbValue>; // keys come from the host: __proto__ stays a key
      if (this.listStart())
        do {
          this.step(); // [
          const key = String(this.cell());
          this.step(); // ,
          map[key] = this.cell();
          this.step(); // ]
        } while (this.listGoesOn());
      value = map;
    }
    this.step(); // ]
    return value;
  }
}
