// Which interpreter answers sys.path: the owner of a packages folder, and a pyenv shim replaced by its interpreter.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpreterForPath, withoutShim } from '../../src/collect/python/choosePython.js';

let root: string;

/** A pyenv layout on disk: a shim script (as pyenv writes them: a bash script exec-ing pyenv) and installed versions. */
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'netxray-pyenv-'));
  const executable = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  };
  executable(join(root, 'pyenv', 'shims', 'python3'), '#!/usr/bin/env bash\nexec "/x/pyenv/libexec/pyenv" exec "python3" "$@"\n');
  executable(join(root, 'pyenv', 'versions', '3.12.1', 'bin', 'python3'), '#!/bin/sh\n');
  executable(join(root, 'system', 'bin', 'python3'), '#!/bin/sh\n');
  writeFileSync(join(root, 'pyenv', 'version'), '3.12.1\n');
  mkdirSync(join(root, 'project'));
  writeFileSync(join(root, 'project', '.python-version'), 'system\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('interpreter choice', () => {
  const env = () => ({ PATH: `${join(root, 'pyenv', 'shims')}:${join(root, 'system', 'bin')}`, PYENV_ROOT: join(root, 'pyenv') });

  it('a pyenv shim becomes the version pyenv would pick: PYENV_VERSION, .python-version, then $PYENV_ROOT/version', () => {
    expect(withoutShim('python3', env(), root)).toBe(join(root, 'pyenv', 'versions', '3.12.1', 'bin', 'python3'));
    expect(withoutShim('python3', env(), join(root, 'project'))).toBe(join(root, 'system', 'bin', 'python3'));
    expect(withoutShim('python3', { ...env(), PYENV_VERSION: 'system' }, root)).toBe(join(root, 'system', 'bin', 'python3'));
    // A version that is not installed: the shim itself is run, which reports pyenv's own error.
    expect(withoutShim('python3', { ...env(), PYENV_VERSION: '3.1.4' }, root)).toBe('python3');
  });

  it('an interpreter that is no shim, or a path, is left as given', () => {
    expect(withoutShim('python3', { PATH: join(root, 'system', 'bin') }, root)).toBe('python3');
    expect(withoutShim('/usr/bin/python3', env(), root)).toBe('/usr/bin/python3');
  });

  it('a target inside a packages folder is read with that installation\'s interpreter', () => {
    expect(interpreterForPath('/usr/lib/python3/dist-packages/netmiko')).toBe('/usr/bin/python3');
    expect(interpreterForPath(join(root, 'pyenv', 'versions', '3.12.1', 'lib', 'python3.12', 'site-packages', 'pkg')))
      .toBe(join(root, 'pyenv', 'versions', '3.12.1', 'bin', 'python3'));
    expect(interpreterForPath('/home/me/src/netmiko')).toBeUndefined();
  });
});
