// Asks a Python interpreter for its module search path, the only thing netxray ever asks it: packages are never imported.
import { spawnSync } from 'node:child_process';
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

export function queryPythonPath(python: string): PythonPath {
  const run = spawnSync(python, ['-c', PRINT_SYS_PATH], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (run.error) {
    const reason = (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : run.error.message;
    throw new NetxrayError('environment', `cannot run ${python} to read sys.path (${reason}); pass --python PATH or a directory`);
  }
  if (run.status !== 0) {
    throw new NetxrayError('environment', `${python} failed to print sys.path: ${run.stderr.trim().split('\n').pop() ?? ''}`);
  }
  const entries = (JSON.parse(run.stdout) as string[]).map((entry) => resolve(entry === '' ? '.' : entry));
  return { python, entries };
}
