// Asks a Python interpreter for its module search path, the only thing netxray ever asks it: packages are never imported.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { NetxrayError } from '../../errors.js';
import { cachedSysPath, keepSysPath } from './sysPathCache.js';

export interface PythonPath {
  /** The interpreter that answered. */
  python: string;
  /** sys.path, with '' replaced by the current directory as Python does for `-c`. */
  entries: string[];
}

// Each entry as the bytes the file system knows, ended by a NUL (no path holds one), then \1: `os` is loaded at
// start-up anyway; `json` would cost a quarter of this python3's run (20 ms vs 16 ms). After that, the paths the answer
// rests on (sysPathCache.ts): site.py's folders, their .pth files and the folders those name, sitecustomize and
// usercustomize, ended by \1 too. The .pth lines are read as site.addpackage reads them (lines starting with
// `import` are run, not added; comments and blank lines skipped).
const PRINT_SYS_PATH = String.raw`import os, sys
sys.stdout.buffer.write(b''.join(os.fsencode(p) + b'\0' for p in sys.path) + b'\1\0')
try:
    import site
    w = []
    for d in site.getsitepackages() + ([site.USER_SITE] if site.ENABLE_USER_SITE and site.USER_SITE else []):
        w.append(d)
        for n in sorted(os.listdir(d)) if os.path.isdir(d) else ():
            if n.endswith('.pth'):
                w.append(os.path.join(d, n))
                for l in open(os.path.join(d, n), errors='replace'):
                    if l.strip() and not l.startswith(('#', 'import ', 'import\t')): w.append(os.path.join(d, l.rstrip()))
    w += [getattr(sys.modules.get(m), '__file__', None) or '' for m in ('sitecustomize', 'usercustomize')]
    sys.stdout.buffer.write(b''.join(os.fsencode(p) + b'\0' for p in w if p) + b'\1\0')
except Exception:
    pass
`;
const END_OF_LIST = '\u0001';
const TIMEOUT_MS = 15_000;

/** sys.path of `python`: kept from an earlier run when nothing it rests on has changed (sysPathCache.ts), else asked. */
export async function pythonSysPath(python: string): Promise<PythonPath> {
  const kept = cachedSysPath(python);
  if (kept) return { python, entries: kept };
  const answer = await queryPythonPath(python);
  if (answer.witnesses) keepSysPath(python, { entries: answer.entries, witnesses: answer.witnesses });
  return { python, entries: answer.entries };
}

/** Runs `python -c` asynchronously, so that loading the grammar can go on meanwhile. */
export function queryPythonPath(python: string): Promise<PythonPath & { witnesses?: string[] }> {
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
        const parts = stdout.toString('utf8').split('\0').slice(0, -1);
        const entriesEnd = parts.indexOf(END_OF_LIST);
        const witnessesEnd = parts.indexOf(END_OF_LIST, entriesEnd + 1);
        const entries = (entriesEnd < 0 ? parts : parts.slice(0, entriesEnd)).map((entry) => resolve(entry === '' ? '.' : entry));
        resolvePath(witnessesEnd < 0 ? { python, entries } : { python, entries, witnesses: parts.slice(entriesEnd + 1, witnessesEnd) });
      }
    });
  });
}
