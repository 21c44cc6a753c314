// Asks a Python interpreter for its module search path, the only thing netxray ever asks it: packages are never imported.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { NetxrayError } from '../../errors.js';

export interface PythonPath {
  /** The interpreter that answered. */
  python: string;
  /** sys.path, with '' replaced by the current directory as Python does for `-c`. */
  entries: string[];
}

// Each entry as the bytes the file system knows, ended by a NUL (no path holds one). `os` is loaded at start-up
// anyway; `json` would cost a quarter of this python3's run (20 ms vs 16 ms) and it waits on the critical path.
const PRINT_SYS_PATH = "import os, sys; sys.stdout.buffer.write(b''.join(os.fsencode(p) + b'\\0' for p in sys.path))";
const TIMEOUT_MS = 15_000;

/** Runs `python -c` asynchronously, so that loading the grammar can go on meanwhile. */
export function queryPythonPath(python: string): Promise<PythonPath> {
  return new Promise((resolvePath, reject) => {
    execFile(python, ['-c', PRINT_SYS_PATH], { encoding: 'buffer', timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new NetxrayError('environment', `cannot run ${python} to read sys.path (not found); pass --python PATH or a directory`));
      } else if (error) {
        // The last line of its error output, else its exit status: error.message repeats the command on two lines.
        const status = typeof error.code === 'number' ? `exit ${error.code}` : error.signal ? `killed by ${error.signal}` : 'no output';
        const reason = error.killed ? `no answer within ${TIMEOUT_MS / 1000} s` : stderr.toString().trim().split('\n').pop()?.trim() || status;
        reject(new NetxrayError('environment', `${python} failed to print sys.path: ${reason}`));
      } else {
        const entries = stdout.toString('utf8').split('\0').slice(0, -1);
        resolvePath({ python, entries: entries.map((entry) => resolve(entry === '' ? '.' : entry)) });
      }
    });
  });
}
