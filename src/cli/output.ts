// Writes a rendered result to a file or stdout; the only place the CLI writes results.
import { mkdirSync, writeFileSync, writeSync } from 'node:fs';
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

/** Writes `content`; returns the absolute path written, or undefined for stdout. */
export function writeResult(content: string | Uint8Array, target: WriteTarget, isBinary: boolean): string | undefined {
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
    writeFileSync(path, content);
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
function writeStdout(content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // a non-blocking pipe that is full
        continue;
      }
      if (code === 'EPIPE') throw error;
      throw new NetxrayError('environment', `cannot write the result to stdout: ${code ?? String(error)}`);
    }
  }
}
