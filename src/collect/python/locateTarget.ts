// Turns what the user typed (a dotted package name, a directory or a file) into the modules to analyse.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { NetxrayError } from '../../errors.js';
import type { AnalysisTarget } from '../../model/classModel.js';
import { interpreterForPath, withoutShim } from './choosePython.js';
import { pythonSysPath, type PythonPath } from './interpreter.js';
import { ModuleFinder } from './moduleFinder.js';

export interface LocatedTarget {
  target: AnalysisTarget;
  /** Package directories to walk (several for a namespace package), or none for a single file. */
  directories: string[];
  /** The single file, for a module target. */
  file?: string;
  finder: ModuleFinder;
}

const DOTTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Interpreters tried in order when none is given: the user's, then Debian's (which sees apt-installed packages). */
const DEFAULT_PYTHONS = ['python3', '/usr/bin/python3'];

export async function locateTarget(spec: string, python?: string): Promise<LocatedTarget> {
  if (spec.trim() === '') throw new NetxrayError('bad-input', 'no target given: name a Python package, a directory or a .py file');
  const looksLikePath = spec.includes('/') || spec.endsWith('.py') || spec === '.' || spec === '..';
  if (existsSync(spec) || looksLikePath || !DOTTED_NAME.test(spec)) return locatePath(spec, python);
  return locatePackage(spec, python);
}

/**
 * The interpreters to ask, in order: the one given; else NETXRAY_PYTHON, the interpreter owning the packages folder
 * a path target is in, then python3 (a pyenv shim replaced by the interpreter it would start) and /usr/bin/python3.
 */
function interpreters(python?: string, path?: string): string[] {
  if (python) return [python];
  const candidates = [process.env.NETXRAY_PYTHON, path && interpreterForPath(path), ...DEFAULT_PYTHONS.map((p) => withoutShim(p))];
  return [...new Set(candidates.filter((p): p is string => !!p))];
}

async function locatePackage(name: string, python?: string): Promise<LocatedTarget> {
  let firstError: NetxrayError | undefined;
  let tried = 0;
  for (const candidate of interpreters(python)) {
    let path: PythonPath;
    try {
      path = await pythonSysPath(candidate);
    } catch (error) {
      firstError ??= error as NetxrayError;
      continue;
    }
    tried++;
    const finder = new ModuleFinder(path.entries);
    const location = finder.find(name);
    if (!location) continue;
    const target = (kind: AnalysisTarget['kind'], where: string): AnalysisTarget => ({ spec: name, kind, module: name, path: where, python: path.python });
    switch (location.kind) {
      case 'package':
        return { target: target('package', location.directory), directories: [location.directory], finder };
      case 'namespace':
        return { target: target('package', location.directories[0]), directories: location.directories, finder };
      case 'module':
        return { target: target('file', location.file), directories: [], file: location.file, finder };
      case 'extension':
        throw new NetxrayError('bad-input', `${name} is a compiled extension (${location.file}); it has no Python source to read`);
    }
  }
  if (tried === 0 && firstError) throw firstError;
  throw new NetxrayError('not-found', `no Python package or module named '${name}' on sys.path of ${interpreters(python).join(' or ')}`);
}

async function locatePath(spec: string, python?: string): Promise<LocatedTarget> {
  const path = resolve(spec);
  if (!existsSync(path)) throw new NetxrayError('not-found', `${spec}: no such file or directory`);
  const isDirectory = statSync(path).isDirectory();
  if (!isDirectory && !path.endsWith('.py')) throw new NetxrayError('bad-input', `${spec}: not a directory or a .py file`);
  const searchPath = await firstWorkingPythonPath(python, realpathSync(path));
  const finder = new ModuleFinder(searchPath?.entries ?? []);
  const module = dottedNameOf(path, searchPath?.entries ?? [], isDirectory);
  const target: AnalysisTarget = { spec, kind: isDirectory ? 'directory' : 'file', module, path };
  if (searchPath) target.python = searchPath.python;
  return isDirectory
    ? { target, directories: [path], finder }
    : { target, directories: [], file: path, finder };
}

async function firstWorkingPythonPath(python?: string, path?: string): Promise<PythonPath | undefined> {
  for (const candidate of interpreters(python, path)) {
    try {
      return await pythonSysPath(candidate);
    } catch (error) {
      if (python) throw error;
    }
  }
  return undefined;
}

/**
 * The dotted name Python would give a directory or file: up through the __init__.py files, then on through
 * namespace-package directories (PEP 420) up to the sys.path entry that holds them, so that a directory of
 * jnpr.junos is still named jnpr.junos. The current directory is not used for the namespace step: a checkout
 * in ~/src/netmiko is `netmiko`, not `src.netmiko`.
 */
export function dottedNameOf(path: string, searchPath: readonly string[], isDirectory: boolean): string {
  const real = realpathSync(path);
  let stem = isDirectory ? real : real.replace(/\.py$/, '');
  if (basename(stem) === '__init__') stem = dirname(stem);
  const parts = [basename(stem)];
  let directory = dirname(stem);
  while (existsSync(join(directory, '__init__.py')) && IDENTIFIER.test(basename(directory))) {
    parts.unshift(basename(directory));
    directory = dirname(directory);
  }
  const cwd = resolve('.');
  let namespaceParts: string[] | undefined;
  for (const entry of searchPath) {
    if (entry === cwd) continue;
    let realEntry: string;
    try {
      realEntry = realpathSync(entry);
    } catch {
      continue;
    }
    const rel = relative(realEntry, directory);
    if (rel.startsWith('..') || rel.startsWith(sep)) continue;
    const extra = rel === '' ? [] : rel.split(sep);
    if (extra.every((part) => IDENTIFIER.test(part)) && (!namespaceParts || extra.length < namespaceParts.length)) {
      namespaceParts = extra;
    }
  }
  return [...(namespaceParts ?? []), ...parts].join('.');
}
