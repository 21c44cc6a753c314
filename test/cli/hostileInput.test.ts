// The real command (dist/cli/main.js) on outputs that fail and inputs that never end, block or carry a BOM: one line
// on stderr and the documented exit status, never exit 0 on a lost result, never a hang.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveSnapshot } from '../../src/collect/snapshotFile.js';
import { EXIT } from '../../src/errors.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const MODEL = resolve(import.meta.dirname, '../fixtures/models/externals.json');
const SNAPSHOT = resolve(import.meta.dirname, '../trace/fixtures/lab-openvswitch.snapshot.json');
const dir = mkdtempSync(join(tmpdir(), 'netxray-hostile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function netxray(args: string[], stdout: 'pipe' | number = 'pipe', env: NodeJS.ProcessEnv = process.env) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does)`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', stdout, 'pipe'], env });
}

const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0];
};

describe('write errors', () => {
  it.each([
    ['render', [MODEL]],
    // JSON is written in pieces (src/render/jsonPieces.ts), through its own path.
    ['render', [MODEL, '--format', 'json']],
    ['trace', ['vm1', '--from', SNAPSHOT]],
  ])('%s: stdout on /dev/full → one line, exit 3; -o /dev/full → one line, exit 2', (command, args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const toStdout = netxray([command, ...args], full);
      expect(toStdout.status).toBe(EXIT.environment);
      expect(oneLine(toStdout.stderr)).toBe('netxray: cannot write the result to stdout: ENOSPC');
    } finally {
      closeSync(full);
    }
    const toFile = netxray([command, ...args, '-o', '/dev/full']);
    expect(toFile.status).toBe(EXIT.usage);
    expect(oneLine(toFile.stderr)).toBe('netxray: cannot write /dev/full: ENOSPC');
  });

  it('a failed --save leaves no temporary file beside its target', () => {
    const target = join(dir, 'is-a-directory');
    mkdirSync(target);
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as CloudSnapshot;
    expect(() => saveSnapshot(target, snapshot)).toThrow(/EISDIR/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('inputs', () => {
  it.each([
    ['/dev/zero', () => '/dev/zero'],
    ['a FIFO', () => {
      const fifo = join(dir, 'model.fifo');
      if (!existsSync(fifo)) expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      return fifo;
    }],
  ])('render %s → one line, exit 2, no endless read and no wait', (_label, path) => {
    const file = path();
    const run = netxray(['render', file]);
    expect(run.status).toBe(EXIT.usage);
    expect(oneLine(run.stderr)).toBe(`netxray: ${file}: cannot read (not a regular file)`);
  });

  // Configuration files named by flags or the environment, read before any request (the API below refuses
  // connections): each was read whole with readFileSync, so a FIFO blocked the run for ever and /dev/zero filled memory.
  const fifo = () => {
    const file = join(dir, 'config.fifo');
    if (!existsSync(file)) expect(spawnSync('mkfifo', [file]).status).toBe(0);
    return file;
  };
  const cloudEnv = { ...process.env, OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'x' };
  it.each([
    ['--ssh-config', (file: string) => ({ args: ['trace', 'vm1', '--ssh-config', file], env: cloudEnv, message: `--ssh-config ${file}: cannot read (not a regular file)` })],
    ['OS_CLIENT_CONFIG_FILE (clouds.yaml)', (file: string) => ({ args: ['trace', 'vm1'], env: { ...cloudEnv, OS_CLIENT_CONFIG_FILE: file, OS_CLOUD: 'x' }, message: `${file}: cannot read (not a regular file)` })],
    ['OS_CACERT', (file: string) => ({ args: ['trace', 'vm1'], env: { ...cloudEnv, OS_CACERT: file }, message: `CA certificate ${file}: cannot read (not a regular file)` })],
    ['--sos (an archive name)', (file: string) => {
      const archive = join(dir, `report-${file === '/dev/zero' ? 'zero' : 'fifo'}.tar`);
      if (!existsSync(archive)) symlinkSync(file, archive);
      return { args: ['scan', '--sos', archive], env: process.env, message: `--sos ${archive}: cannot read (not a regular file)` };
    }],
  ])('%s naming a FIFO or /dev/zero → one line, exit 2, no wait and no endless read', (_label, probe) => {
    for (const file of [fifo(), '/dev/zero']) {
      const { args, env, message } = probe(file);
      const run = netxray(args, 'pipe', env);
      expect(run.status, run.stderr).toBe(EXIT.usage);
      expect(oneLine(run.stderr)).toBe(`netxray: ${message}`);
    }
  });

  it('a model file that starts with a UTF-8 byte order mark is read', () => {
    const withBom = join(dir, 'bom.json');
    writeFileSync(withBom, `\uFEFF${readFileSync(MODEL, 'utf8')}`);
    const run = netxray(['render', withBom, '-f', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(MODEL, 'utf8')));
  });
});

describe('names that are Object members', () => {
  it('a package named __proto__ collapses and lays out like any other (svg)', () => {
    const pkg = join(dir, 'proto', '__proto__');
    mkdirSync(join(pkg, 'sub'), { recursive: true });
    writeFileSync(join(pkg, '__init__.py'), 'class A(object):\n    pass\n');
    writeFileSync(join(pkg, 'sub', '__init__.py'), 'from __proto__ import A\n\nclass B(A):\n    pass\n');
    const run = netxray(['classes', pkg, '--collapse', '1', '-f', 'svg', '--python', process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('data-id="__proto__"');
  });
});

describe('hosts named like Object members', () => {
  it.each(['__proto__', 'constructor'])('scan and trace pictures of instances on a host named %s: drawn, no internal error', (host) => {
    // vm1's host (nxlab-node1) renamed everywhere: Nova, port bindings, agents, the host capture.
    const file = join(dir, `host-${host}.json`);
    writeFileSync(file, readFileSync(SNAPSHOT, 'utf8').replaceAll('"nxlab-node1"', JSON.stringify(host)));
    for (const args of [['scan', '--from', file, '-f', 'html'], ['trace', 'vm1', '--from', file, '-f', 'svg']]) {
      const run = netxray(args);
      // The recording's verdicts (findings, or unverified offline), never 70 (an internal error).
      expect([EXIT.findings, EXIT.unverified], run.stderr).toContain(run.status);
      expect(run.stdout).toContain(`data-host="${host}"`); // the host box of the picture
    }
  });
});

describe('names from outside on the terminal', () => {
  const hostile = 'evil\x1b]0;owned\x07\x1b[2J\nnetxray: FORGED LINE\u202e';
  const shown = 'evil\\x1b]0;owned\\x07\\x1b[2J\\nnetxray: FORGED LINE\\u{202e}';
  const clean = (text: string) => {
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/); // eslint-disable-line no-control-regex
    expect(text).not.toMatch(/^netxray: FORGED LINE/m);
  };

  it('trace text: a network and port named with escape sequences and a newline are shown escaped', () => {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as CloudSnapshot;
    for (const network of snapshot.api.networks) network.name = hostile;
    for (const port of snapshot.api.ports) port.name = hostile;
    const file = join(dir, 'hostile-names.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const run = netxray(['trace', 'vm1', '--from', file]);
    expect(run.status, run.stderr).not.toBe(70);
    clean(run.stdout);
    expect(run.stdout).toContain(shown);
  });

  it('an error naming what the user typed stays one line', () => {
    const run = netxray(['trace', hostile, '--from', SNAPSHOT]);
    expect(run.status).toBe(EXIT.usage);
    clean(run.stderr);
    expect(oneLine(run.stderr)).toContain(shown);
  });

  it('tree: a member named with escape sequences is shown escaped', () => {
    const model = JSON.parse(readFileSync(MODEL, 'utf8')) as { classes: { methods: { name: string }[] }[] };
    model.classes[0].methods[0].name = hostile;
    const file = join(dir, 'hostile-model.json');
    writeFileSync(file, JSON.stringify(model));
    const run = netxray(['render', file, '--members', 'all']);
    expect(run.status, run.stderr).toBe(0);
    clean(run.stdout);
    expect(run.stdout).toContain(shown);
  });
});
