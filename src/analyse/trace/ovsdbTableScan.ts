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
  const length = text.length;
  let pos = 0;
  const skipBlanks = () => {
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++pos));
  };
  const expect = (code: number) => {
    skipBlanks();
    if (text.charCodeAt(pos) !== code) notPlain();
    pos++;
  };
  /** Skips a JSON string at pos (its opening quote); true when it holds an escape. */
  const skipString = (): boolean => {
    if (text.charCodeAt(pos) !== QUOTE) notPlain();
    let escaped = false;
    for (let i = pos + 1; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        pos = i + 1;
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
  };
  const readString = (): string => {
    const start = pos;
    return skipString() ? (JSON.parse(text.slice(start, pos)) as string) : text.slice(start + 1, pos - 1);
  };
  /** Skips a JSON number (RFC 8259 §6 grammar). */
  const skipNumber = () => {
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
  };
  const skipWord = (word: string) => {
    if (!text.startsWith(word, pos)) notPlain();
    pos += word.length;
  };
  /** An atom (string, number, true, false) or ["uuid"|"named-uuid", string]. */
  const skipAtomOrUuid = () => {
    skipBlanks();
    const c = text.charCodeAt(pos);
    if (c === QUOTE) skipString();
    else if (c === MINUS || isDigit(c)) skipNumber();
    else if (c === 0x74) skipWord('true');
    else if (c === 0x66) skipWord('false');
    else if (c === OPEN_BRACKET) {
      pos++;
      skipBlanks();
      const tag = readString();
      if (tag !== 'uuid' && tag !== 'named-uuid') notPlain();
      expect(COMMA);
      skipBlanks();
      skipString();
      expect(CLOSE_BRACKET);
    } else notPlain();
  };
  /** `[` item (`,` item)* `]` or `[]`. */
  const skipList = (skipItem: () => void) => {
    expect(OPEN_BRACKET);
    skipBlanks();
    if (text.charCodeAt(pos) === CLOSE_BRACKET) {
      pos++;
      return;
    }
    for (;;) {
      skipItem();
      skipBlanks();
      const c = text.charCodeAt(pos++);
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) notPlain();
    }
  };
  const skipPair = () => {
    expect(OPEN_BRACKET);
    skipAtomOrUuid();
    expect(COMMA);
    skipAtomOrUuid();
    expect(CLOSE_BRACKET);
  };
  /** One cell: an atom, a uuid, ["set", [atoms or uuids]] or ["map", [[key, value], ...]]. */
  const skipCell = () => {
    skipBlanks();
    if (text.charCodeAt(pos) !== OPEN_BRACKET) return skipAtomOrUuid();
    const open = pos;
    pos++;
    skipBlanks();
    const tag = readString();
    if (tag === 'uuid' || tag === 'named-uuid') {
      pos = open;
      return skipAtomOrUuid();
    }
    expect(COMMA);
    if (tag === 'set') skipList(skipAtomOrUuid);
    else if (tag === 'map') skipList(skipPair);
    else notPlain();
    expect(CLOSE_BRACKET);
  };

  let headings: string[] | undefined;
  let rowCount = -1;
  let starts = new Int32Array(1024);
  let cells = 0;
  let rowWidth = -1; // every row's width, -1 before the first row; rows of other widths are JSON.parse's to refuse
  const note = (start: number) => {
    if (cells === starts.length) {
      const grown = new Int32Array(cells * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[cells++] = start;
  };
  const skipRow = () => {
    let width = 0;
    skipList(() => {
      skipBlanks();
      note(pos);
      skipCell();
      width++;
    });
    if (rowWidth < 0) rowWidth = width;
    else if (width !== rowWidth) notPlain();
    rowCount++;
  };

  expect(OPEN_BRACE);
  for (;;) {
    skipBlanks();
    const key = readString();
    expect(COLON);
    skipBlanks();
    if (key === 'headings' && !headings) {
      const names: string[] = [];
      skipList(() => {
        skipBlanks();
        names.push(readString());
      });
      headings = names;
    } else if (key === 'data' && rowCount < 0) {
      rowCount = 0;
      skipList(skipRow);
    } else notPlain();
    skipBlanks();
    const c = text.charCodeAt(pos++);
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) notPlain();
  }
  skipBlanks();
  if (!headings || pos !== length || rowCount < 0 || (rowCount > 0 && rowWidth !== headings.length)) return notPlain();
  return { headings, rowCount, starts };
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

  /** Lists of `item` between brackets. */
  private list<T>(item: () => T): T[] {
    const out: T[] = [];
    this.step(); // [
    this.blanks();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(item());
      this.blanks();
      if (this.text.charCodeAt(this.pos++) === CLOSE_BRACKET) return out;
    }
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
    else if (tag === 'set') value = this.list(() => this.cell());
    else {
      const map = Object.create(null) as Record<string, OvsdbValue>; // keys come from the host: __proto__ stays a key
      this.list(() => {
        this.step(); // [
        const key = String(this.cell());
        this.step(); // ,
        map[key] = this.cell();
        this.step(); // ]
        return null;
      });
      value = map;
    }
    this.step(); // ]
    return value;
  }
}
