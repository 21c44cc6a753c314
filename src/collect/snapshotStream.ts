// Reads a snapshot file in chunks without ever holding it as one string: long string values (host command outputs)
// are cut out while streaming and read back from the file only when the analysis asks for them.
// Why: V8 cannot hold a string over ~512 MB (a 40,000-port cloud's snapshot), and a trace of one instance needs the
// outputs of a few hosts, not the whole cloud's flow tables (issue #22 item 16).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { constants as bufferConstants, isAscii } from 'node:buffer';
import { INPUT_LIMITS, InputFileRefused } from '../inputFile.js';
import type { SearchableText } from '../model/searchableText.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/**
 * forEachLine decodes this many bytes of lines at a time (and the rest of the line it ends in). Under V8's large-object
 * size (128 KB) a block is an ordinary young string: 1 MB blocks each took fresh pages (cookie counts of the 20k-port
 * snapshot's 88 MB br-int dump: ~430 ms CPU with 1 MB blocks, ~340 ms with 64 KB, ~700 ms with 256 KB).
 */
const LINE_BLOCK_BYTES = 64 * 1024;
const LATIN_SMALL_N = 0x6e;
const MB = 1024 * 1024;

export interface StreamOptions {
  /** String literals longer than this many bytes are left in the file and read on demand. */
  lazyStringBytes: number;
  /** Bytes per read. */
  chunkBytes: number;
  /** The file without its long strings must stay below this (it becomes one string for JSON.parse). */
  maxSkeletonBytes: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = { lazyStringBytes: 16 * 1024, chunkBytes: 8 * MB, maxSkeletonBytes: INPUT_LIMITS.snapshot };

/** Where one long string literal (quotes included) lies in the file. */
export interface LazyRange {
  start: number;
  end: number;
}

export interface StreamedJson {
  /** The JSON with every long string replaced by `marker + index` (an index into `ranges`). */
  value: unknown;
  marker: string;
  ranges: LazyRange[];
}

/**
 * Parses `file` as JSON, leaving string literals longer than `lazyStringBytes` in the file: the parsed value holds a
 * marker string in their place. Throws fs errors, InputFileRefused for what is not a regular file or too large, and
 * SyntaxError for what is not JSON.
 */
export function streamJsonSkeleton(file: string, options: StreamOptions = DEFAULT_STREAM_OPTIONS): StreamedJson {
  // The marker: a NUL and a random nonce, so no string in the file can pass for one.
  const marker = `\u0000netxray-lazy-${randomBytes(6).toString('hex')}:`;
  const markerJson = JSON.stringify(marker).slice(1, -1);
  const ranges: LazyRange[] = [];
  // The skeleton is copied once, straight from each chunk into one buffer the size of the file (no skeleton is larger
  // unless the file grows meanwhile; its pages are only touched as far as it is written).
  let skeleton = Buffer.alloc(0);
  let skeletonBytes = 0;
  const keep = (bytes: Uint8Array) => {
    if (skeletonBytes + bytes.length > options.maxSkeletonBytes) throw new InputFileRefused(`more than ${options.maxSkeletonBytes / MB} MB outside the host outputs`);
    if (skeletonBytes + bytes.length > skeleton.length) {
      const grown = Buffer.allocUnsafeSlow(Math.min(options.maxSkeletonBytes, Math.max(2 * skeleton.length, skeletonBytes + bytes.length)));
      skeleton.copy(grown, 0, 0, skeletonBytes);
      skeleton = grown;
    }
    skeleton.set(bytes, skeletonBytes);
    skeletonBytes += bytes.length;
  };

  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputFileRefused(stat.isDirectory() ? 'EISDIR' : 'not a regular file');
    skeleton = Buffer.allocUnsafeSlow(Math.min(stat.size, options.maxSkeletonBytes));
    // Room for the carry in front of each read (a carried string is at most lazyStringBytes long, else it is being
    // cut): the chunk is read after it, never concatenated with it (two 8 MB copies of a 270 MB snapshot).
    const room = options.lazyStringBytes + 1;
    const chunk = Buffer.allocUnsafe(room + options.chunkBytes);
    let carry = Buffer.alloc(0); // the start of a short string the last chunk ended in
    let base = 0; // file offset of buf[0]
    let resumeAt = 0; // file offset where scanning goes on
    let keepFrom = 0; // file offset from which bytes still have to go to the skeleton
    const strings = new StringTracker(options.lazyStringBytes);
    for (;;) {
      carry.copy(chunk, room - carry.length);
      const n = readSync(fd, chunk, room, options.chunkBytes, null);
      if (n === 0) break;
      const buf = chunk.subarray(room - carry.length, room + n);
      for (let pos = resumeAt - base; ; ) {
        const after = strings.toLongStringEnd(buf, base, pos);
        if (after < 0) break;
        const { stringStart } = strings;
        const end = base + after;
        if (stringStart > keepFrom) keep(buf.subarray(keepFrom - base, stringStart - base));
        keep(Buffer.from(`"${markerJson}${ranges.length}"`));
        ranges.push({ start: stringStart, end });
        keepFrom = end;
        strings.cutting = false;
        pos = after;
      }
      const bufEnd = base + buf.length;
      resumeAt = bufEnd;
      strings.chunkEnds(buf, base);
      const { inString, cutting, stringStart } = strings;
      const safe = inString ? stringStart : bufEnd;
      if (safe > keepFrom) {
        keep(buf.subarray(keepFrom - base, safe - base));
        keepFrom = safe;
      }
      // A short string still open: its bytes so far travel with the next chunk; a string being cut needs none.
      const carried = inString && !cutting ? stringStart : bufEnd;
      carry = Buffer.from(buf.subarray(carried - base));
      base = carried;
    }
    if (strings.inString) throw new SyntaxError('Unterminated string in JSON');
    if (carry.length) keep(carry);
  } finally {
    closeSync(fd);
  }
  // A UTF-8 byte order mark is not JSON, but editors write one.
  return { value: JSON.parse(asciiOrUtf8(skeleton.subarray(0, skeletonBytes)).replace(/^\uFEFF/, '')), marker, ranges };
}

/**
 * Where the streamed file is in its strings, across chunks, and the loop over its quotes (5.6 million in a 20,000-port
 * snapshot). A small function of its own: inside streamJsonSkeleton's loop, V8 compiled the whole loop five times over
 * as each rare path was first taken (deoptimised for "insufficient type feedback", 18-165 ms of compiling each time).
 */
class StringTracker {
  inString = false;
  /** File offset of the current string's opening quote. */
  stringStart = 0;
  /** The current string is already known to be long: its bytes are not carried (the caller resets it when it ends). */
  cutting = false;
  /** File offset after the last quote inside the current string: backslashes before a quote stop there. */
  private floor = 0;
  /** Backslashes at the end of the previous chunk (a string being cut is not carried). */
  private backslashRun = 0;

  constructor(private readonly lazyStringBytes: number) {}

  /**
   * Goes through `buf` (buf[0] at file offset `base`) from `pos` to the closing quote of a string longer than
   * lazyStringBytes: returns the index after it (the string began at stringStart), or -1 at the buffer's end.
   */
  toLongStringEnd(buf: Buffer, base: number, pos: number): number {
    // Read once: a named access first reached late in the loop made V8 throw its compiled code away.
    let { inString, stringStart, floor } = this;
    const { cutting, lazyStringBytes, backslashRun } = this;
    let after = -1;
    while (pos < buf.length) {
      const quote = nextQuote(buf, pos);
      if (quote < 0) break;
      pos = quote + 1;
      if (!inString) {
        inString = true;
        stringStart = base + quote;
        floor = stringStart + 1;
        continue;
      }
      // Most quotes inside a string follow one backslash after another character (`\"` of a host's JSON output), and
      // a string mostly ends after a character that is no backslash: both are told at once, the rest counted.
      const escaped = quote < 2 || (buf[quote - 1] === BACKSLASH && (buf[quote - 2] === BACKSLASH || base + quote - 1 < floor)) ? backslashesBefore(buf, base, floor, quote, backslashRun) % 2 === 1 : buf[quote - 1] === BACKSLASH;
      floor = base + quote + 1;
      if (escaped) continue;
      inString = false;
      if (cutting || floor - stringStart > lazyStringBytes) {
        after = pos;
        break;
      }
    }
    this.inString = inString;
    this.stringStart = stringStart;
    this.floor = floor;
    return after;
  }

  /** The buffer ends (buf[0] at file offset `base`): a string still open may be known long now. */
  chunkEnds(buf: Buffer, base: number): void {
    if (!this.inString) return;
    this.backslashRun = backslashesBefore(buf, base, this.floor, buf.length, this.backslashRun);
    if (!this.cutting && base + buf.length - this.stringStart > this.lazyStringBytes) this.cutting = true;
  }
}

/**
 * Backslashes right before buf[at] (buf[0] at file offset `base`) inside the current string, whose last quote ended at
 * file offset `floor`; `carriedRun` backslashes ended the previous chunk.
 */
function backslashesBefore(buf: Buffer, base: number, floor: number, at: number, carriedRun: number): number {
  const lo = Math.max(floor - base, 0);
  let i = at - 1;
  while (i >= lo && buf[i] === BACKSLASH) i--;
  return at - 1 - i + (i < lo && floor < base ? carriedRun : 0);
}

/** Bytes nextQuote looks at one by one before it asks Buffer.indexOf (a native call per quote costs more). */
const QUOTE_NEAR_BYTES = 64;

/**
 * buf.indexOf(QUOTE, from): quotes come every few bytes in the API objects and the OVSDB tables (5.6 million in a
 * 20,000-port snapshot) and seldom in flow dumps, so the next few bytes are looked at here before the native search.
 */
function nextQuote(buf: Buffer, from: number): number {
  const near = Math.min(buf.length, from + QUOTE_NEAR_BYTES);
  for (let i = from; i < near; i++) if (buf[i] === QUOTE) return i;
  return near < buf.length ? buf.indexOf(QUOTE, near) : -1;
}

/** Reads one long string literal back from the file: its size and time must not have changed since it was streamed. */
export function readLazyString(file: string, range: LazyRange, expect: { size: number; mtimeMs: number }): string {
  // A UTF-8 text of this many bytes can need as many UTF-16 units: refuse what a string cannot hold.
  if (range.end - range.start > bufferConstants.MAX_STRING_LENGTH) throw new InputFileRefused(`one output of ${Math.round((range.end - range.start) / MB)} MB is more than one text can hold`);
  const text: unknown = JSON.parse(asciiOrUtf8(readLazyBytes(file, range, expect)));
  if (typeof text !== 'string') throw new InputFileRefused('not a string');
  return text;
}

/** Reads one long string literal's bytes (quotes included) back from the file, undecoded. */
export function readLazyBytes(file: string, range: LazyRange, expect: { size: number; mtimeMs: number }): Buffer {
  const length = range.end - range.start;
  const fd = openSync(file, constants.O_RDONLY);
  try {
    const stat = fstatSync(fd);
    if (stat.size !== expect.size || stat.mtimeMs !== expect.mtimeMs) throw new InputFileRefused('the file changed while netxray was reading it');
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, range.start + done);
      if (n === 0) throw new InputFileRefused('the file ended early');
      done += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** Bytes of a string literal in the file, read in windows: a search streams through them, a line reads a few KB. */
export interface LiteralBytes {
  length: number;
  at(i: number): number | undefined;
  indexOf(needle: Buffer, from: number): number;
  lastIndexOf(needle: Buffer, before: number): number;
  text(start: number, end: number): string;
  /** Reads ahead from `from` in one window, when what a block of lines needs there is not read yet (a scan line by line). */
  readAhead?(from: number): void;
}

/** A Buffer as LiteralBytes (tests; short literals). */
export function bufferBytes(bytes: Buffer): LiteralBytes {
  return {
    length: bytes.length,
    at: (i) => bytes[i],
    indexOf: (needle, from) => bytes.indexOf(needle, from),
    lastIndexOf: (needle, before) => (before < 0 ? -1 : bytes.lastIndexOf(needle, before)),
    text: (start, end) => bytes.toString('utf8', start, end),
  };
}

/**
 * Windows grow from the first size to the last while a search goes on: a line is found in the first, a scan streams.
 * A literal up to `readWholeBytes` is read once and kept: searching it again and again (a scan) reads no more.
 */
export interface WindowSizes {
  firstWindowBytes: number;
  lastWindowBytes: number;
  readWholeBytes: number;
}

export const DEFAULT_WINDOW_SIZES: WindowSizes = { firstWindowBytes: 64 * 1024, lastWindowBytes: 4 * MB, readWholeBytes: 64 * MB };

/** One literal's bytes in the file, read a window at a time (the last two windows kept); the file must not change. */
export function fileBytes(file: string, range: LazyRange, expect: { size: number; mtimeMs: number }, sizes: WindowSizes = DEFAULT_WINDOW_SIZES): LiteralBytes {
  const length = range.end - range.start;
  let windows: { start: number; bytes: Buffer }[] = [];
  const read = (wantStart: number, wantEnd: number): Buffer => {
    const kept = windows.find((w) => wantStart >= w.start && wantEnd <= w.start + w.bytes.length);
    if (kept) return kept.bytes.subarray(wantStart - kept.start, wantEnd - kept.start);
    const [start, end] = length <= sizes.readWholeBytes ? [0, length] : [wantStart, wantEnd];
    const fd = openSync(file, constants.O_RDONLY);
    try {
      const stat = fstatSync(fd);
      if (stat.size !== expect.size || stat.mtimeMs !== expect.mtimeMs) throw new InputFileRefused('the file changed while netxray was reading it');
      const bytes = Buffer.allocUnsafe(end - start);
      let done = 0;
      while (done < bytes.length) {
        const n = readSync(fd, bytes, done, bytes.length - done, range.start + start + done);
        if (n === 0) throw new InputFileRefused('the file ended early');
        done += n;
      }
      windows = [{ start, bytes }, ...windows.slice(0, 1)];
      return bytes.subarray(wantStart - start, wantEnd - start);
    } finally {
      closeSync(fd);
    }
  };
  return {
    length,
    at: (i) => {
      if (i < 0 || i >= length) return undefined;
      const kept = windows.find((w) => i >= w.start && i < w.start + w.bytes.length);
      return kept ? kept.bytes[i - kept.start] : read(Math.max(0, i - 2048), Math.min(length, i + 2048))[Math.min(i, 2048)];
    },
    indexOf: (needle, from) => {
      let start = Math.max(from, 0);
      // A kept window holding the start is searched first: a scan line after line reads each byte once.
      const kept = windows.find((w) => start >= w.start && start < w.start + w.bytes.length);
      if (kept) {
        const found = kept.bytes.indexOf(needle, start - kept.start);
        if (found >= 0) return kept.start + found;
        start = Math.max(start, kept.start + kept.bytes.length - needle.length + 1);
      }
      let size = sizes.firstWindowBytes;
      for (; start < length; start += size - needle.length, size = Math.min(size * 2, sizes.lastWindowBytes)) {
        const end = Math.min(length, start + size);
        const found = read(start, end).indexOf(needle);
        if (found >= 0) return start + found;
        if (end === length) break;
      }
      return -1;
    },
    lastIndexOf: (needle, before) => {
      let size = sizes.firstWindowBytes;
      for (let end = Math.min(length, before + needle.length); end > 0; end -= size - needle.length, size = Math.min(size * 2, sizes.lastWindowBytes)) {
        const start = Math.max(0, end - size);
        const found = read(start, end).lastIndexOf(needle);
        if (found >= 0) return start + found;
        if (start === 0) break;
      }
      return -1;
    },
    text: (start, end) => asciiOrUtf8(read(start, end)),
    readAhead: (from) => {
      const want = Math.min(length, from + 2 * LINE_BLOCK_BYTES);
      if (from >= length || windows.some((w) => from >= w.start && want <= w.start + w.bytes.length)) return;
      read(from, Math.min(length, from + sizes.lastWindowBytes));
    },
  };
}

/** UTF-8 text of `bytes`: an all-ASCII run (a flow dump) is copied as Latin-1, which reads the same and needs no decoding. */
function asciiOrUtf8(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * A JSON string literal's bytes searched as the text it encodes: needles are searched in their JSON encoding, lines end
 * at an unescaped `\n` escape, and only the lines asked for are decoded. Positions are byte offsets in the literal.
 */
export function jsonLiteralText(bytes: LiteralBytes): SearchableText {
  const NEWLINE_ESCAPE = Buffer.from('\\n');
  /** An escape starts at `at` when the backslash there is not itself escaped. */
  const escapeStartsAt = (at: number) => {
    let i = at - 1;
    while (i >= 1 && bytes.at(i) === BACKSLASH) i--;
    return (at - 1 - i) % 2 === 0;
  };
  const lineStartBefore = (at: number) => {
    for (let k = bytes.lastIndexOf(NEWLINE_ESCAPE, at - 1); k >= 1; k = bytes.lastIndexOf(NEWLINE_ESCAPE, k - 1)) if (escapeStartsAt(k)) return k + 2;
    return 1; // after the opening quote
  };
  const lineEndFrom = (at: number) => {
    for (let k = bytes.indexOf(NEWLINE_ESCAPE, at); k >= 0; k = bytes.indexOf(NEWLINE_ESCAPE, k + 1)) if (escapeStartsAt(k)) return k;
    return bytes.length - 1; // the closing quote
  };
  const encoded = (needle: string) => Buffer.from(JSON.stringify(needle).slice(1, -1));
  return {
    indexOf: (needle, from = 1) => bytes.indexOf(encoded(needle), Math.max(from, 1)),
    endsField: (at, needle) => {
      const next = bytes.at(at + encoded(needle).length);
      // `"`: the closing quote; a backslash: an escape (a line break, or a character no field ends with — the parse
      // that follows checks).
      return next === undefined || next === 0x22 || next === BACKSLASH || next === 0x2c || next === 0x20;
    },
    lineAt: (at) => {
      const start = lineStartBefore(at);
      const end = lineEndFrom(at);
      return { start, end, text: JSON.parse(`"${bytes.text(start, end)}"`) as string };
    },
    forEachLine: (visit) => {
      const closingQuote = bytes.length - 1;
      for (let start = 1; ; ) {
        // A block of whole lines decoded at once (it ends at a line end, so no UTF-8 character is cut); a line without
        // escapes but its final `\n` reads the same encoded and decoded, so it is visited inside the block as it is.
        // One read for many blocks (each block's line end and text would each read a window of their own).
        bytes.readAhead?.(start);
        const blockEnd = start + LINE_BLOCK_BYTES >= closingQuote ? closingQuote : lineEndFrom(start + LINE_BLOCK_BYTES);
        const block = bytes.text(start, blockEnd);
        for (let at = 0; ; ) {
          const escape = block.indexOf('\\', at);
          if (escape < 0) {
            visit(block, at, block.length);
            break;
          }
          if (block.charCodeAt(escape + 1) === LATIN_SMALL_N) {
            visit(block, at, escape);
            at = escape + 2;
            continue;
          }
          // Another escape first: decode this line as JSON does (a `\u000a` in it is a line feed too).
          let end = escape;
          while (end >= 0 && block.charCodeAt(end + 1) !== LATIN_SMALL_N) end = block.indexOf('\\', end + 2);
          const lineEnd = end < 0 ? block.length : end;
          for (const line of (JSON.parse(`"${block.slice(at, lineEnd)}"`) as string).split('\n')) visit(line, 0, line.length);
          if (end < 0) break;
          at = end + 2;
        }
        if (blockEnd >= closingQuote) return;
        start = blockEnd + 2;
      }
    },
    whole: () => {
      if (bytes.length > bufferConstants.MAX_STRING_LENGTH) throw new InputFileRefused(`one output of ${Math.round(bytes.length / MB)} MB is more than one text can hold`);
      return JSON.parse(bytes.text(0, bytes.length)) as string;
    },
  };
}
