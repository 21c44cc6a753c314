// Which Python interpreter to ask for sys.path: the one that owns the site/dist-packages folder a path target lives
// in, and for `python3` on PATH the interpreter a pyenv shim would run (the shim is a bash script that starts
// pyenv, ~0.3-0.5 s, to pick the same interpreter: pyenv's README "Understanding Shims" and "Choosing the Python
// Version": PYENV_VERSION, then .python-version files from the current folder up, then $PYENV_ROOT/version).
import { accessSync, constants, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';
import { INPUT_LIMITS, readInputText } from '../../inputFile.js';

/** `<prefix>/lib/python3.11/site-packages/...` or Debian's `<prefix>/lib/python3/dist-packages/...`. */
const PACKAGES_FOLDER = /^(.*?)[\\/]lib(?:64)?[\\/]python(\d+(?:\.\d+)?)[\\/](?:site|dist)-packages(?:[\\/]|$)/;

/** The interpreter of the installation whose packages folder holds `path`, when it is there. */
export function interpreterForPath(path: string): string | undefined {
  const match = PACKAGES_FOLDER.exec(path);
  if (!match) return undefined;
  const [, prefix, version] = match;
  const bin = join(prefix || sep, 'bin');
  const candidates = [join(bin, `python${version}`), join(bin, 'python3'), join(bin, 'python')];
  // /usr/local/lib/python3.11/dist-packages belongs to Debian's /usr/bin/python3 (its site.py adds it).
  if (prefix === '/usr/local') candidates.push(`/usr/bin/python${version}`, '/usr/bin/python3');
  return candidates.find(isExecutable);
}

/** `command` itself, unless it is found on PATH as a pyenv shim whose interpreter can be named without running it. */
export function withoutShim(command: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (command.includes('/')) return command;
  const directories = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const index = directories.findIndex((directory) => isExecutable(join(directory, command)));
  if (index < 0) return command;
  const found = join(directories[index], command);
  if (!isPyenvShim(found)) return command;
  const root = env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const version = pyenvVersion(env, cwd, root);
  if (version === undefined) return command;
  if (version === 'system') {
    // pyenv's `system` is the next interpreter of that name on PATH after the shims.
    const next = directories.slice(index + 1).map((directory) => join(directory, command)).find((path) => isExecutable(path) && !isPyenvShim(path));
    return next ?? command;
  }
  const real = join(root, 'versions', version, 'bin', command);
  return isExecutable(real) ? real : command;
}

function pyenvVersion(env: NodeJS.ProcessEnv, cwd: string, root: string): string | undefined {
  const first = (text: string | undefined) => text?.split(/[\s:]+/).find(Boolean);
  if (env.PYENV_VERSION) return first(env.PYENV_VERSION);
  for (let directory = cwd; ; directory = dirname(directory)) {
    const file = join(directory, '.python-version');
    if (existsSync(file)) return first(readText(file));
    if (dirname(directory) === directory) break;
  }
  return first(readText(join(root, 'version')));
}

function isPyenvShim(path: string): boolean {
  if (!path.includes(`${sep}shims${sep}`)) return false;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(512);
    const length = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, length).toString('latin1').includes('pyenv');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readText(file: string): string | undefined {
  try {
    return readInputText(file, INPUT_LIMITS.config);
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
