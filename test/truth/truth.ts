// Runs python_truth.py (the interpreter's own view of a package) and caches its JSON per package version.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MethodKind, ParameterKind } from '../../src/model/classModel.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TRUTH_HELPER = join(HERE, 'python_truth.py');
export const TRUTH_CACHE_DIR = resolve(HERE, '../../test-artifacts/truth');

/** The interpreter that has the Debian packages (pyenv's python3 on PATH does not). */
export function testPython(): string {
  return process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
}

/** Dispatch tables whose real contents the helper reports, per top package ("if present"). */
export const KNOWN_DISPATCH_TABLES: Record<string, string[]> = {
  netmiko: [
    'netmiko.ssh_dispatcher.CLASS_MAPPER',
    'netmiko.ssh_dispatcher.FILE_TRANSFER_MAP',
    'netmiko.ssh_dispatcher.CLASS_MAPPER_BASE',
    'netmiko.ssh_dispatcher.FILE_TRANSFER_MAP_BASE',
  ],
};

export interface TruthParameter {
  name: string;
  kind: ParameterKind;
  hasDefault: boolean;
  /** Set for None, bool, int, float and str defaults (ints beyond 2^53 lose precision: use defaultRepr). */
  defaultLiteral?: null | boolean | number | string;
  /** repr() of the default, only when it is a plain literal (no object addresses). */
  defaultRepr?: string;
  /** type(default).__name__ */
  defaultType?: string;
}

export interface TruthMethod {
  /** Name as written in the class body (private-name mangling undone). */
  name: string;
  kind: MethodKind;
  /** Key in the class __dict__ (differs from name for `__private` methods). */
  dictKey: string;
  line?: number;
  /** co_name of the function after unwrapping; differs from name for aliases and wrappers. */
  codeName?: string;
  isAsync?: boolean;
  /** Type of a non-standard descriptor (property subclass, lru_cache wrapper). */
  wrapper?: string;
  /** The function was reached through a __wrapped__ chain (functools.wraps decorators). */
  unwrapped?: boolean;
  signature: TruthParameter[] | null;
  /** Why the signature does not describe a function written under this name. */
  signatureProblem?: string;
}

export interface TruthClass {
  id: string;
  module: string;
  qualname: string;
  name: string;
  /** Made by a `class` statement of its module (ast); null when the source could not be parsed. */
  static: boolean | null;
  /** `module.qualname` of each of __bases__; builtins are `builtins.*`. */
  bases: string[];
  mro: string[] | null;
  methods: TruthMethod[];
  metaclass?: string;
}

export interface TruthYamlClass {
  /** Loading module + name: where the class is reachable by import. */
  id: string;
  module: string;
  name: string;
  /** __module__ as rewritten by the factory (e.g. jnpr.junos.factory.OpTable). */
  runtimeModule: string;
  runtimeQualname: string;
  yamlFile: string | null;
  bases: string[];
  mro: string[];
}

export interface TruthDispatchTable {
  id: string;
  module: string;
  name: string;
  entries: { key: string; target: string }[];
}

export interface PackageTruth {
  package: string;
  python: string;
  pythonVersion: string;
  distribution: string | null;
  version: string | null;
  modules: { name: string; file: string | null }[];
  importErrors: { module: string; error: string }[];
  /** Modules made by an import hook from data files (PyEZ >= 2.2's op/*.yml and command/*.yml). */
  importHookModules?: string[];
  /** Failures of the helper itself while describing an imported module (should stay empty). */
  introspectionErrors: { module: string; error: string }[];
  /** `class` statements (read with ast) of modules that failed to import: not interpreter truth. */
  unimportedStaticClasses: string[];
  classes: TruthClass[];
  yamlClasses: TruthYamlClass[];
  dispatchTables: TruthDispatchTable[];
  /** Module-level dicts whose values are all classes: dispatch-table candidates, for information. */
  classValuedDicts: { id: string; size: number }[];
  /**
   * Bases (by the id used in `bases`) whose `module.qualname` does not lead back to them: made at
   * run time (sqlalchemy declarative_base(), an inline namedtuple() base). `aliases` are the
   * module-level globals bound to them, e.g. neutron_lib.db.model_base.BASEV2.
   */
  unreachableBases: Record<string, { aliases: string[] }>;
}

export interface TruthOptions {
  python?: string;
  /** Milliseconds for the whole helper run. */
  timeoutMs?: number;
  /** Seconds allowed for importing one module. */
  perModuleTimeoutS?: number;
  /** Ignore the cache and run the helper again. */
  refresh?: boolean;
  /**
   * A folder holding another copy of the package (an unpacked release, ../shared/data/python/netmiko-4.6.0):
   * imported from there, first on sys.path, with the interpreter's own copy kept out (python_truth.py --prefer).
   */
  prefer?: string;
  /** `A.B=C` stand-ins for modules the release imports that Debian does not package (python_truth.py --alias). */
  aliases?: string[];
  /** A Python file run before the walk, for a framework that must be configured first (python_truth.py --setup). */
  setup?: string;
}

interface CacheFile {
  cacheKey: string;
  truth: PackageTruth;
}

function runPython(python: string, args: string[], timeoutMs: number, stderrFile?: string): string {
  const errFd = stderrFile ? openSync(stderrFile, 'w') : 'pipe';
  try {
    const res = spawnSync(python, args, {
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', errFd],
      // Keep the interpreter from writing .pyc files into the system tree and from reading user site.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1', PYTHONWARNINGS: 'ignore' },
    });
    if (res.error) throw new Error(`${python} ${args.join(' ')}: ${res.error.message}`);
    if (res.status !== 0) {
      const detail = stderrFile ? `see ${stderrFile}` : String(res.stderr ?? '').slice(-2000);
      throw new Error(`${python} ${args.join(' ')} exited with ${res.status ?? res.signal}: ${detail}`);
    }
    return res.stdout;
  } finally {
    if (typeof errFd === 'number') closeSync(errFd);
  }
}

/** Distribution name and version of the package's top module, as the interpreter's metadata says. */
export function packageVersion(pkg: string, python = testPython(), prefer?: string): { distribution: string | null; version: string | null } {
  const out = runPython(python, [TRUTH_HELPER, pkg, '--version-only', ...(prefer ? ['--prefer', prefer] : [])], 60_000);
  const parsed = JSON.parse(out) as { distribution: string | null; version: string | null };
  return { distribution: parsed.distribution, version: parsed.version };
}

/**
 * The interpreter's truth for `pkg`, from test-artifacts/truth/<pkg>.json when its key matches
 * (package version + interpreter + helper source + dispatch tables), else by running the helper.
 */
export function loadTruth(pkg: string, options: TruthOptions = {}): PackageTruth {
  const python = options.python ?? testPython();
  const dispatch = KNOWN_DISPATCH_TABLES[pkg] ?? [];
  const { version } = packageVersion(pkg, python, options.prefer);
  const helperHash = createHash('sha256').update(readFileSync(TRUTH_HELPER)).digest('hex').slice(0, 12);
  const aliases = options.aliases ?? [];
  const cacheKey = `${pkg}@${version ?? 'unknown'} python=${python} helper=${helperHash} dispatch=${dispatch.join(',')}` +
    ` prefer=${options.prefer ?? ''} alias=${aliases.join(',')}` +
    (options.setup ? ` setup=${createHash('sha256').update(readFileSync(options.setup)).digest('hex').slice(0, 12)}` : '');
  // One cache file per copy: Debian's netmiko and the shared 4.6.0 are judged side by side.
  const cacheName = options.prefer ? `${pkg}@${basename(options.prefer)}` : pkg;
  const cacheFile = join(TRUTH_CACHE_DIR, `${cacheName}.json`);
  if (!options.refresh && existsSync(cacheFile)) {
    try {
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CacheFile;
      if (cached.cacheKey === cacheKey) return cached.truth;
    } catch {
      // A half-written or older cache file: regenerate below.
    }
  }
  mkdirSync(TRUTH_CACHE_DIR, { recursive: true });
  const tmp = join(TRUTH_CACHE_DIR, `${cacheName}.${process.pid}.tmp`);
  // Hang guards, not speed bounds: importing jnpr.junos 2.8.0 (it builds its Tables from YAML) took over 30 s at load 28.
  const args = [TRUTH_HELPER, pkg, '--out', tmp, '--timeout', String(options.perModuleTimeoutS ?? 600)];
  if (dispatch.length > 0) args.push('--dispatch', dispatch.join(','));
  if (options.prefer) args.push('--prefer', options.prefer);
  if (aliases.length > 0) args.push('--alias', aliases.join(','));
  if (options.setup) args.push('--setup', options.setup);
  try {
    runPython(python, args, options.timeoutMs ?? 1_800_000, join(TRUTH_CACHE_DIR, `${cacheName}.stderr.log`));
    const truth = JSON.parse(readFileSync(tmp, 'utf8')) as PackageTruth;
    // An import cut short by the guard is not the interpreter's answer: fail now, and cache nothing, so a rerun asks again.
    const cut = truth.importErrors.filter((e) => /^timeout after/.test(e.error));
    if (cut.length) throw new Error(`the interpreter's truth for ${pkg} is incomplete: ${cut.map((e) => `${e.module} (${e.error})`).join(', ')}`);
    const file: CacheFile = { cacheKey, truth };
    // Write then rename: two vitest workers may build the same truth at once.
    writeFileSync(tmp, JSON.stringify(file));
    renameSync(tmp, cacheFile);
    return truth;
  } finally {
    rmSync(tmp, { force: true });
  }
}
