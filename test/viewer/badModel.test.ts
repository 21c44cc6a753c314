// A model JSON of the wrong version or shape, handed to `netxray render --format html|svg`: one clear line, exit 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'netxray-badmodel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function render(content: string, format: string) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does)`);
  const file = join(dir, `model-${format}.json`);
  writeFileSync(file, content);
  return spawnSync(process.execPath, [CLI, 'render', file, '--format', format, '-o', join(dir, 'out.' + format)], { encoding: 'utf8', timeout: 60_000 });
}

describe('bad model input', () => {
  const cases: Record<string, string> = {
    'a future version': JSON.stringify({ schema: 'netxray/classes', version: 99, classes: [] }),
    'another schema': JSON.stringify({ schema: 'something/else', version: 1 }),
    'classes that are not a list': JSON.stringify({ schema: 'netxray/classes', version: 1, generator: { name: 'netxray', version: '0' }, classes: {} }),
    'not JSON': '<html>',
  };
  for (const [name, content] of Object.entries(cases)) {
    for (const format of ['html', 'svg']) {
      it(`${name} → ${format}: one line, exit 2`, () => {
        const result = render(content, format);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(existsSync(join(dir, 'out.' + format))).toBe(false);
      });
    }
  }
});
