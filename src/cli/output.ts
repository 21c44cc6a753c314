// Writes a rendered result to a file or stdout; the only place the CLI writes results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NetxrayError } from '../errors.js';

export interface WriteTarget {
  /** A file path, or undefined / '-' for stdout. */
  output?: string;
}

/** Writes `content`; returns the absolute path written, or undefined for stdout. */
export function writeResult(content: string | Uint8Array, target: WriteTarget, isBinary: boolean): string | undefined {
  if (!target.output || target.output === '-') {
    if (isBinary && process.stdout.isTTY) {
      throw new NetxrayError('bad-input', 'this format is binary: write it to a file with -o FILE');
    }
    process.stdout.write(content);
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
