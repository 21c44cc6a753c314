// Bad input to `netxray classes`: the real command, run as a user would, gives one clear line and exit 2 for a
// target it cannot use, and a diagnostic (exit 0, the rest analysed) for a file it cannot read.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

function netxray(...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does)`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'netxray-bad-'));
  mkdirSync(join(root, 'empty'));
  const pkg = join(root, 'messy');
  mkdirSync(join(pkg, 'sub'), { recursive: true });
  writeFileSync(join(pkg, '__init__.py'), 'class Good(object):\n    pass\n');
  writeFileSync(join(pkg, 'broken.py'), 'class Fine(object):\n    pass\n\nclass Broken(Fine:\n    def f(self):\n        pass\n\nclass After(Fine):\n    pass\n');
  writeFileSync(join(pkg, 'latin.py'), Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nclass Caf'), Buffer.from([0xe9]), Buffer.from('(object):\n    pass\n')]));
  writeFileSync(join(pkg, 'notutf8.py'), Buffer.concat([Buffer.from('class Bad'), Buffer.from([0xff, 0xfe]), Buffer.from('(object):\n    pass\n')]));
  writeFileSync(join(pkg, 'binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]));
  writeFileSync(join(pkg, 'sub', '__init__.py'), 'from ..broken import After\n\nclass Child(After):\n    pass\n');
  symlinkSync(pkg, join(pkg, 'sub', 'loop'));
  // Root reads any file whatever its mode, so an unreadable file is made as a link to nothing.
  symlinkSync(join(root, 'nowhere.py'), join(pkg, 'dangling.py'));
  // Files that never end or block when read: bounded reads refuse them (a FIFO would wait for a writer for ever).
  symlinkSync('/dev/zero', join(root, 'zero.py'));
  expect(spawnSync('mkfifo', [join(root, 'fifo.py')]).status).toBe(0);
  // Valid Python nested deeper than any recursive walk survives: each is its own file's diagnostic at worst.
  writeFileSync(join(pkg, 'deep_dict.py'), `TABLE = ${'{"k": '.repeat(5000)}1${'}'.repeat(5000)}\nclass AfterDict(object):\n    pass\n`);
  writeFileSync(join(pkg, 'long_sum.py'), `TOTAL = ${Array.from({ length: 5000 }, (_, i) => String(i)).join(' + ')}\nclass AfterSum(object):\n    pass\n`);
  writeFileSync(join(pkg, 'parens.py'), `X = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n`);
  writeFileSync(join(pkg, 'secret.py'), 'class Hidden(object):\n    pass\n');
  chmodSync(join(pkg, 'secret.py'), 0o000);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('targets netxray cannot use: one line, exit 2', () => {
  it.each([
    ['an unknown package name', ['no_such_package_xyz'], /no Python package or module named 'no_such_package_xyz'/],
    ['a path that does not exist', ['/nonexistent/dir'], /\/nonexistent\/dir: no such file or directory/],
    ['an empty directory', ['EMPTY'], /no Python files found/],
    ['a file that is not Python', ['/etc/hostname'], /not a directory or a \.py file/],
    ['an unknown format', ['netmiko', '--format', 'bogus'], /argument 'bogus' is invalid/],
    ['an unknown focus class', ['netmiko', '--focus', 'NoSuchClass'], /NoSuchClass/],
  ])('%s', (_label, args, message) => {
    const run = netxray('classes', ...args.map((arg) => arg.replace('EMPTY', join(root, 'empty'))), '--python', PYTHON);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a --python that fails: one line naming it, exit 3', () => {
  it.each([
    ['exits 1 silently', '/bin/false', 'netxray: /bin/false failed to print sys.path: exit 1'],
    ['does not exist', '/nonexistent/python3', 'netxray: cannot run /nonexistent/python3 to read sys.path (not found); pass --python PATH or a directory'],
  ])('%s', (_label, python, message) => {
    const run = netxray('classes', 'netmiko', '--python', python);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(`${message}\n`);
  });
});

describe('files netxray cannot read: a diagnostic, the rest analysed, exit 0', () => {
  let model: ClassModel;
  beforeAll(() => {
    const run = netxray('classes', join(root, 'messy'), '--format', 'json', '--python', PYTHON);
    expect(run.status, run.stderr).toBe(0);
    model = JSON.parse(run.stdout) as ClassModel;
  });

  const codes = () => model.diagnostics.map((d) => `${d.code} ${d.file?.replace(root, '') ?? ''}`);

  it('reports a syntax error with file and line, and keeps the classes around it', () => {
    const syntax = model.diagnostics.find((d) => d.code === 'syntax-error');
    expect(syntax?.file).toBe(join(root, 'messy', 'broken.py'));
    expect(syntax?.line).toBeGreaterThanOrEqual(4);
    const ids = model.classes.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['messy.broken.Fine', 'messy.broken.After', 'messy.sub.Child']));
    expect(model.classes.find((c) => c.id === 'messy.sub.Child')?.mro).toEqual(['messy.sub.Child', 'messy.broken.After', 'messy.broken.Fine', 'builtins.object']);
  });

  it('decodes a declared latin-1 file, and reports undecodable and binary files', () => {
    expect(model.classes.map((c) => c.id)).toContain('messy.latin.Café');
    expect(codes()).toEqual(expect.arrayContaining(['undecodable-file /messy/notutf8.py', 'binary-file /messy/binary.py']));
  });

  it('reports a symlink loop and a dangling link instead of hanging or crashing', () => {
    expect(codes()).toEqual(expect.arrayContaining(['symlink-loop /messy/sub/loop', 'unreadable-file /messy/dangling.py']));
  });

  it.each(['zero', 'fifo'])('a %s.py target is refused with a diagnostic, not read for ever or waited on', (name) => {
    const run = netxray('classes', join(root, `${name}.py`), '--format', 'json', '--python', PYTHON);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const diagnostics = (JSON.parse(run.stdout) as ClassModel).diagnostics.map((d) => [d.code, d.message.replace(root, '')]);
    expect(diagnostics).toEqual([['unreadable-file', `cannot read /${name}.py (not a regular file)`]]);
  });

  it('still analyses everything else, deeply nested files included (or reports them alone)', () => {
    expect(model.classes.map((c) => c.id)).toEqual(expect.arrayContaining(['messy.Good']));
    for (const [file, cls] of [['deep_dict', 'AfterDict'], ['long_sum', 'AfterSum']]) {
      const reported = model.diagnostics.some((d) => d.file?.endsWith(`${file}.py`));
      expect(reported || model.classes.some((c) => c.id === `messy.${file}.${cls}`), file).toBe(true);
    }
  });
});
