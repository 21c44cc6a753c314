// Writes a rendered result to a file or stdout; the only place the CLI writes results.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NetxrayError } from '../errors.js';
import { mapStrings } from '../model/mapStrings.js';
import { terminalSafe } from '../render/terminalText.js';

export interface WriteTarget {
  /** A file path, or undefined / '-' for stdout. */
  output?: string;
}

/** Formats read as plain text, on a terminal mostly (JSON, HTML, SVG and Mermaid escape in their own syntax). */
const PLAIN_TEXT_FORMATS = new Set(['text', 'tree']);

/** The data a plain-text format draws, every string from outside escaped for the terminal; other formats as is. */
export function forText<T>(format: string, data: T): T {
  return PLAIN_TEXT_FORMATS.has(format) ? (mapStrings(data, terminalSafe) as T) : data;
}

/**
 * Writes `content`, or its pieces as they come (a big JSON text is never made one string); returns the absolute
 * path written, or undefined for stdout.
 */
export function writeResult(content: string | Uint8Array | Iterable<string>, target: WriteTarget, isBinary: boolean): string | undefined {
  if (!target.output || target.output === '-') {
    if (isBinary && process.stdout.isTTY) {
      throw new NetxrayError('bad-input', 'this format is binary: write it to a file with -o FILE');
    }
    writeStdout(content);
    return undefined;
  }
  const path = resolve(target.output);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    try {
      for (const bytes of bytesOf(content)) writeAll(fd, bytes);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new NetxrayError('bad-input', `cannot write ${target.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return path;
}

/**
 * Writes to stdout synchronously, so that a failure (a full disk, /dev/full) is known before the exit status is:
 * process.stdout.write reported it on an 'error' event nobody waited for, and the run ended with 0. EPIPE (the
 * reader left, as `| head` does) is passed on for the CLI to end quietly.
 */
function writeStdout(content: string | Uint8Array | Iterable<string>): void {
  try {
    for (const bytes of bytesOf(content)) writeAll(1, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') throw error;
    throw new NetxrayError('environment', `cannot write the result to stdout: ${code ?? String(error)}`);
  }
}

/** Bytes for the buffer of pieces: a run of small pieces is written at once, and no piece is cut. */
const PIECES_BUFFER_BYTES = 1 << 20;

/**
 * The bytes of `content`. Pieces are encoded one after another into one buffer, written each time it is full: the
 * same fresh memory is not asked for again (a fresh page costs ~10 µs to fault in on the machines netxray was
 * measured on), and no piece is encoded twice. Each part is only good until the next one is asked for.
 */
export function* bytesOf(content: string | Uint8Array | Iterable<string>): Generator<Uint8Array> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    yield typeof content === 'string' ? Buffer.from(content) : content;
    return;
  }
  const buffer = Buffer.allocUnsafe(PIECES_BUFFER_BYTES);
  let used = 0;
  for (const piece of content) {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    const most = piece.length * 3;
    if (used > 0 && used + most > buffer.length) {
      yield buffer.subarray(0, used);
      used = 0;
    }
    if (most > buffer.length) yield Buffer.from(piece);
    else used += buffer.write(piece, used);
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/** All of `bytes` to `fd`, waiting while a non-blocking pipe is full; other errors are thrown as they are. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
