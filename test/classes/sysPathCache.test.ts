// The kept sys.path answer: equal to what Debian's python3 says, and asked again whenever something it rests on
// changes (a .pth file added, a folder a .pth names appearing, another PYTHONPATH, a venv's pyvenv.cfg), never for a
// script interpreter. Every answer here is checked against the real interpreter.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pythonSysPath, queryPythonPath } from '../../src/collect/python/interpreter.js';
import { cachedSysPath } from '../../src/collect/python/sysPathCache.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
let root: string;
let userSite: string;
const saved = { ...process.env };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'netxray-syspath-'));
  // The user site folder of a PYTHONUSERBASE of our own: site.py adds it, and the .pth files in it, when it exists.
  process.env.PYTHONUSERBASE = join(root, 'userbase');
  userSite = execFileSync(PYTHON, ['-c', 'import site; print(site.getusersitepackages())'], { encoding: 'utf8' }).trim();
  mkdirSync(userSite, { recursive: true });
});

beforeEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved, { PYTHONUSERBASE: join(root, 'userbase'), NETXRAY_CACHE_DIR: join(root, 'cache') });
  rmSync(join(root, 'cache'), { recursive: true, force: true });
});

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  rmSync(root, { recursive: true, force: true });
});

const truth = async () => (await queryPythonPath(PYTHON)).entries;

describe('kept sys.path', () => {
  it('is what the interpreter says, and is used by the next run', async () => {
    expect(cachedSysPath(PYTHON)).toBeUndefined();
    const first = await pythonSysPath(PYTHON);
    expect(first.entries).toEqual(await truth());
    expect(first.entries).toContain(userSite);
    expect(cachedSysPath(PYTHON)).toEqual(first.entries);
    expect((await pythonSysPath(PYTHON)).entries).toEqual(first.entries);
  });

  it('is asked again when a .pth file is added, and when a folder a .pth names appears', async () => {
    await pythonSysPath(PYTHON);
    const extra = join(root, 'extra');
    writeFileSync(join(userSite, 'netxray-test.pth'), `${extra}\n`);
    try {
      expect(cachedSysPath(PYTHON)).toBeUndefined();
      // The folder is not there yet, so Python leaves it out; the answer is kept again.
      const without = await pythonSysPath(PYTHON);
      expect(without.entries).toEqual(await truth());
      expect(without.entries).not.toContain(extra);
      expect(cachedSysPath(PYTHON)).toEqual(without.entries);
      mkdirSync(extra);
      expect(cachedSysPath(PYTHON)).toBeUndefined();
      const withIt = await pythonSysPath(PYTHON);
      expect(withIt.entries).toContain(extra);
      expect(withIt.entries).toEqual(await truth());
    } finally {
      rmSync(join(userSite, 'netxray-test.pth'));
      rmSync(extra, { recursive: true, force: true });
    }
  });

  it('is kept apart for another PYTHONPATH', async () => {
    await pythonSysPath(PYTHON);
    process.env.PYTHONPATH = join(root, 'elsewhere');
    expect(cachedSysPath(PYTHON)).toBeUndefined();
    const other = await pythonSysPath(PYTHON);
    expect(other.entries).toContain(join(root, 'elsewhere'));
    expect(other.entries).toEqual(await truth());
  });

  it('is asked again when a pyvenv.cfg appears beside the interpreter', async () => {
    const bin = join(root, 'venv', 'bin');
    mkdirSync(bin, { recursive: true });
    const python = join(bin, 'python3');
    execFileSync('ln', ['-sf', PYTHON, python]);
    const before = await pythonSysPath(python);
    expect(cachedSysPath(python)).toBeDefined();
    writeFileSync(join(root, 'venv', 'pyvenv.cfg'), `home = /usr/bin\ninclude-system-site-packages = false\n`);
    try {
      expect(cachedSysPath(python)).toBeUndefined();
      const venv = await pythonSysPath(python);
      expect(venv.entries).toEqual((await queryPythonPath(python)).entries);
      expect(venv.entries).not.toEqual(before.entries);
    } finally {
      rmSync(join(root, 'venv'), { recursive: true, force: true });
    }
  });

  it('is never kept for a script interpreter, nor with NETXRAY_CACHE_DIR empty', async () => {
    const wrapper = join(root, 'wrapper', 'python3');
    mkdirSync(join(root, 'wrapper'), { recursive: true });
    writeFileSync(wrapper, `#!/bin/sh\nexec ${PYTHON} "$@"\n`);
    chmodSync(wrapper, 0o755);
    expect((await pythonSysPath(wrapper)).entries).toEqual(await truth());
    expect(existsSync(join(root, 'cache')) ? readdirSync(join(root, 'cache')) : []).toEqual([]);
    process.env.NETXRAY_CACHE_DIR = '';
    expect((await pythonSysPath(PYTHON)).entries).toEqual(await truth());
    expect(existsSync(join(root, 'cache'))).toBe(false);
  });
});
