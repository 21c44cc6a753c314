// Reads a file named by the user or found in a source tree, bounded: a regular file (or stdin) only, so a FIFO cannot
// block and /dev/zero cannot fill memory, and no more than a limit. Callers turn the error into their one line.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const MB = 1024 * 1024;

/** Limits per kind of input: far above real files, far below what exhausts memory or a string (~512 MB). */
export const INPUT_LIMITS = {
  pythonSource: 16 * MB,
  model: 480 * MB,
  /** A snapshot without its host outputs (those are streamed: src/collect/snapshotStream.ts). */
  snapshot: 480 * MB,
  privateKey: 1 * MB,
  /** clouds.yaml, ssh_config and its Includes, known_hosts, a CA bundle, a pyenv version file, a PyEZ YAML table. */
  config: 16 * MB,
} as const;

/** A refusal: `code` is the reason in words, so callers that print `(code)` stay one readable line. */
export class InputFileRefused extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'InputFileRefused';
  }
}

/** The bytes of `file` (0: stdin), or an error: fs errors as thrown by fs, InputFileRefused for what is refused. */
export function readInputFile(file: string | 0, maxBytes: number): Buffer {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer for ever; it is refused below.
  const fd = file === 0 ? 0 : openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (file !== 0 && !stat.isFile()) throw new InputFileRefused(stat.isDirectory() ? 'EISDIR' : 'not a regular file');
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(maxBytes);
    // One buffer of the file's size and a byte more (so that a read of 0 there proves the end), grown only for a file
    // that grows meanwhile or for stdin. A fixed 4 MB chunk per file was 8 MB of garbage for every .py file read:
    // on netmiko's 119 files a fifth of the run was spent collecting it.
    let buffer = Buffer.allocUnsafe(stat.isFile() ? Math.min(stat.size + 1, maxBytes + 1) : Math.min(64 * 1024, maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) buffer = Buffer.concat([buffer], Math.min(buffer.length * 2, maxBytes + 1));
      const n = readChunk(fd, buffer.subarray(total));
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
    }
    return buffer.subarray(0, total);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** The file as UTF-8 text, bounded as readInputFile. */
export function readInputText(file: string, maxBytes: number): string {
  return readInputFile(file, maxBytes).toString('utf8');
}

/** Why a read failed, in a word or two for a one-line message: the fs error code or the refusal's reason. */
export function readFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function tooLarge(maxBytes: number): InputFileRefused {
  return new InputFileRefused(`larger than ${maxBytes >= MB ? `${maxBytes / MB} MB` : `${maxBytes} bytes`}`);
}

/** One read; a non-blocking stdin pipe with nothing yet is waited on briefly, not spun on. */
function readChunk(fd: number, into: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, into, 0, into.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
