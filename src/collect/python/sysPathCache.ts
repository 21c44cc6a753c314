// Remembers what an interpreter answered for sys.path, so that a later run need not start it, and never hands back
// an answer that could have changed: each answer is kept with everything it was made from.
//
// Starting python3 is the one step of a short run that waits on another process (netmiko: a sixth of the wall time
// on a loaded 2-core machine). What `python -c` puts on sys.path depends on (CPython's getpath and site.py,
// https://docs.python.org/3/library/site.html and https://docs.python.org/3/library/sys_path_init.html):
// - the interpreter and where it is (a venv's pyvenv.cfg beside it or one folder up): the key names its path, and
//   the file, its target and both pyvenv.cfg places are witnesses;
// - PYTHON* variables (PYTHONPATH, PYTHONHOME, PYTHONUSERBASE, PYTHONNOUSERSITE, ...), HOME (the user site) and
//   the current folder (sys.path[0] and relative entries): all in the key;
// - site.py's site folders, their .pth files and the folders those name (added only when they exist), and
//   sitecustomize/usercustomize: the interpreter lists them as witnesses along with every sys.path entry.
// A witness is its stat (inode, size, modification and change time in nanoseconds) or its absence; a folder's
// times change when a file is added to it or removed from it (a new .pth, a new sitecustomize.py). Any difference
// and the interpreter is asked again. An interpreter that is a script (a pyenv shim, a wrapper) may start another
// interpreter each time, so its answer is never kept. NETXRAY_CACHE_DIR names the folder (empty: no cache).
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

/** What the interpreter answered, and the paths whose state that answer rests on. */
export interface SysPathAnswer {
  entries: string[];
  witnesses: string[];
}

interface CacheRecord {
  schema: typeof SCHEMA;
  key: string;
  entries: string[];
  /** Path -> its state when the answer was made. */
  witnesses: Record<string, string>;
}

const SCHEMA = 'netxray/python-path-cache@1';

export interface CacheContext {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The folder answers are kept in, or undefined when caching is off (NETXRAY_CACHE_DIR set to nothing). */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.NETXRAY_CACHE_DIR;
  if (chosen !== undefined) return chosen === '' ? undefined : resolve(chosen);
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'netxray');
}

/** The kept sys.path of `python`, when every witness is as it was; else undefined. */
export function cachedSysPath(python: string, context: CacheContext = {}): string[] | undefined {
  const place = cachePlace(python, context);
  if (!place) return undefined;
  let record: CacheRecord;
  try {
    record = JSON.parse(readFileSync(place.file, 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
  if (record?.schema !== SCHEMA || record.key !== place.key || !Array.isArray(record.entries) || typeof record.witnesses !== 'object') return undefined;
  for (const [path, state] of Object.entries(record.witnesses)) {
    if (stateOf(path) !== state) return undefined;
  }
  return record.entries;
}

/** Keeps `answer` for `python`; a folder that cannot be written only means no cache. */
export function keepSysPath(python: string, answer: SysPathAnswer, context: CacheContext = {}): void {
  const place = cachePlace(python, context);
  if (!place) return;
  const witnesses: Record<string, string> = {};
  for (const path of [...place.ownWitnesses, ...answer.witnesses]) witnesses[path] ??= stateOf(path);
  const record: CacheRecord = { schema: SCHEMA, key: place.key, entries: answer.entries, witnesses };
  // A read-only home or a full disk: the next run asks the interpreter again.
  replaceCacheFile(place.file, JSON.stringify(record));
}

/**
 * Writes a cache file aside and renames it into place: a run reading at the same moment sees the old file or the
 * new one, never half. A folder that cannot be written only means no cache.
 */
export function replaceCacheFile(file: string, content: string | Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, content, { mode: 0o600 });
    renameSync(aside, file);
  } catch {
    // Nothing kept.
  }
}

interface CachePlace {
  file: string;
  key: string;
  /** Witnesses known without asking the interpreter: itself and where a venv's pyvenv.cfg would be. */
  ownWitnesses: string[];
}

function cachePlace(python: string, { env = process.env, cwd = process.cwd() }: CacheContext): CachePlace | undefined {
  const directory = cacheDirectory(env);
  const executable = commandPath(python, env, cwd);
  // A script (a pyenv shim, a wrapper) may start a different interpreter each time: always asked.
  if (!directory || !executable || startsWithHashbang(executable)) return undefined;
  const variables = Object.keys(env).filter((name) => name.startsWith('PYTHON') || name === 'HOME').sort()
    .map((name) => [name, env[name]]);
  const key = JSON.stringify({ python, executable, cwd, variables });
  const home = dirname(executable);
  return {
    file: join(directory, `python-path-${fnv1a(key)}.json`),
    key,
    ownWitnesses: [executable, join(home, 'pyvenv.cfg'), join(dirname(home), 'pyvenv.cfg')],
  };
}

/** The file `command` runs: itself when it names a path, else the first executable of that name on PATH. */
function commandPath(command: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (command.includes('/')) return resolve(cwd, command);
  for (const directory of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = resolve(cwd, directory, command);
    const stat = statSync(candidate, { throwIfNoEntry: false });
    if (stat?.isFile() && (stat.mode & 0o111) !== 0) return candidate;
  }
  return undefined;
}

function startsWithHashbang(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } catch {
    return true;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A path's state: inode, size, modification and change times (ns), following links; '-' when it is not there. */
export function stateOf(path: string): string {
  try {
    const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
    return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : '-';
  } catch {
    // Not a folder on the way, no permission: as good as absent, and still compared next time.
    return '-';
  }
}

/** 32-bit FNV-1a as hex: a file name for a key (the key itself is compared inside the file). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
