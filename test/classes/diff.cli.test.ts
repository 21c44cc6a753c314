// `netxray classes --diff OLD NEW` as a user runs it: exit 0 without breaking changes, 1 with, 2 on bad input;
// text, JSON and Markdown; a saved model JSON as a side; the view flags on both sides.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassDiff } from '../../src/model/classDiff.js';
import { PYTHON_RELEASES } from '../_shared.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
const V1 = resolve(import.meta.dirname, '../fixtures/diff/v1/shop');
const V2 = resolve(import.meta.dirname, '../fixtures/diff/v2/shop');

function netxrayWith(python: string[], ...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does)`);
  return spawnSync(process.execPath, [CLI, ...args, ...python], { encoding: 'utf8', timeout: 120_000 });
}

const netxray = (...args: string[]) => netxrayWith(['--python', PYTHON], ...args);
const NETMIKO_46 = `${PYTHON_RELEASES}/netmiko-4.6.0/netmiko`;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'netxray-diff-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exit status', () => {
  it('is 0 for a package diffed with itself (netmiko), with no change reported', () => {
    const result = netxray('classes', '--diff', 'netmiko', 'netmiko');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('0 changes, 0 breaking: no change');
  });

  it('is 1 with breaking changes, after writing the whole diff', () => {
    const result = netxray('classes', '--diff', V1, V2);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('netxray: 12 breaking change(s)');
    const lines = result.stdout.trim().split('\n');
    expect(lines[2]).toBe('Breaking changes (12)');
    expect(lines.at(-1)).toMatch(/^21 changes, 12 breaking: 1 classes added, 1 classes removed, 1 classes moved/);
    expect(result.stdout).toContain('+ read_timeout added at position 3  [breaking]');
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('is 2, with one line, for a side that does not exist, a format the diff has not, or --collapse', () => {
    for (const args of [
      ['--diff', join(scratch, 'nope'), V2],
      ['--diff', V1, V2, '--format', 'dot'],
      ['--diff', V1, V2, '--collapse', '1'],
    ]) {
      const result = netxray('classes', ...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^netxray: /);
    }
  });

  it('is 2 for a saved file that is not a class model', () => {
    const notModel = join(scratch, 'other.json');
    writeFileSync(notModel, JSON.stringify({ schema: 'netxray/trace', version: 1 }));
    const result = netxray('classes', '--diff', notModel, V2);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a netxray class model');
  });
});

describe.skipIf(!existsSync(NETMIKO_46))('the interpreter of both sides', () => {
  it('is the one that finds the package named on one side, also for the directory on the other (no --python)', () => {
    const chosen = netxrayWith([], 'classes', '--diff', 'netmiko', NETMIKO_46, '--format', 'json');
    const given = netxray('classes', '--diff', 'netmiko', NETMIKO_46, '--format', 'json');
    expect(chosen.status, chosen.stderr).toBe(1);
    const [a, b] = [chosen, given].map((run) => JSON.parse(run.stdout) as ClassDiff);
    // python3 on PATH may lack paramiko: read through it, SSHClient_noauth's base would look changed.
    expect(a.changes.find((change) => change.kind === 'bases-changed' && change.subject === 'netmiko.ssh_auth.SSHClient_noauth')).toBeUndefined();
    expect(a.summary).toEqual(b.summary);
  });
});

describe('formats and sides', () => {
  it('writes the netxray/class-diff JSON, a saved model JSON standing for a side', () => {
    const saved = join(scratch, 'v1.json');
    expect(netxray('classes', V1, '--format', 'json', '-o', saved).status).toBe(0);
    const out = join(scratch, 'diff.json');
    const result = netxray('classes', '--diff', saved, V2, '--format', 'json', '-o', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`wrote ${out} (json, 21 changes, 12 breaking)`);
    const diff = JSON.parse(readFileSync(out, 'utf8')) as ClassDiff;
    expect(diff).toMatchObject({ schema: 'netxray/class-diff', version: 1, old: { spec: saved }, new: { spec: V2 }, summary: { changes: 21, breaking: 12 } });
  });

  it('writes Markdown with the breaking changes first and the rules explained', () => {
    const result = netxray('classes', '--diff', V1, V2, '--format', 'markdown');
    const headings = result.stdout.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Breaking changes (12)', '## Other changes (9)', '## Rules']);
    expect(result.stdout).toContain('| `parameter-added-before-positional` | yes |');
  });

  it('applies the view flags to both sides; dispatch keys count when they involve a shown class', () => {
    const result = netxray('classes', '--diff', V1, V2, '--focus', 'Client', '--ancestors', '0', '--descendants', '0', '--format', 'json');
    const diff = JSON.parse(result.stdout) as ClassDiff;
    expect(new Set(diff.changes.map((change) => change.subject))).toEqual(new Set(['shop.Client', 'shop.MAPPER']));
    // "old" now selects New, which is not shown: still a retargeted key, not a removed one; "gone" (Removed) is out of view.
    expect(diff.changes.filter((change) => change.subject === 'shop.MAPPER').map((change) => `${change.kind} ${change.member}`).sort())
      .toEqual(['dispatch-key-added new', 'dispatch-key-retargeted old']);
    expect(diff.filters).toMatchObject({ focus: 'shop.Client' });
  });
});
