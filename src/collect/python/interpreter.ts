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

const PRINT_SYS_PATH = 'import json, sys; print(json.dumps(sys.path))';
const TIMEOUT_MS = 15_000;

/** Runs `python -c` asynchronously, so that loading the grammar can go on meanwhile. */
export function queryPythonPath(python: string): Promise<PythonPath> {
  return new Promise((resolvePath, reject) => {
    execFile(python, ['-c', PRINT_SYS_PATH], { encoding: 'utf8', timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new NetxrayError('environment', `cannot run ${python} to read sys.path (not found); pass --python PATH or a directory`));
      } else if (error) {
        const reason = error.killed ? `no answer within ${TIMEOUT_MS / 1000} s` : stderr.trim().split('\n').pop() || error.message;
        reject(new NetxrayError('environment', `${python} failed to print sys.path: ${reason}`));
      } else {
        resolvePath({ python, entries: (JSON.parse(stdout) as string[]).map((entry) => resolve(entry === '' ? '.' : entry)) });
      }
    });
  });
}
