// decodePythonSource: what CPython accepts as UTF-8 source is decoded, what it refuses is reported, checked against
// the interpreter itself (compile() of the same bytes).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodePythonSource } from '../../src/collect/python/readSource.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

/** Whether CPython compiles these bytes as a module's source. */
function pythonAccepts(bytes: Buffer): boolean {
  const script = 'import sys\ntry:\n compile(sys.stdin.buffer.read(), "m.py", "exec")\nexcept (SyntaxError, ValueError):\n sys.exit(3)';
  const run = spawnSync(PYTHON, ['-c', script], { input: bytes });
  if (run.status !== 0 && run.status !== 3) throw new Error(`${PYTHON} failed: ${String(run.stderr)}`);
  return run.status === 0;
}

const line = (...parts: (string | number[])[]) =>
  Buffer.concat([...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))), Buffer.from('\n')]);

const CASES: Record<string, Buffer> = {
  'plain ASCII': line('x = 1'),
  'two-byte and four-byte UTF-8': line('x = "', [0xc3, 0xa9, 0xf0, 0x9f, 0x90, 0x8d], '"'),
  'a BOM': line([0xef, 0xbb, 0xbf], 'x = 1'),
  'a lone continuation byte': line('x = "', [0x80], '"'),
  'an overlong NUL-free sequence': line('x = "', [0xc1, 0x81], '"'),
  'an encoded surrogate': line('x = "', [0xed, 0xa0, 0x80], '"'),
  'a sequence cut short': line('x = "', [0xe2, 0x82], '"'),
  'a code point above U+10FFFF': line('x = "', [0xf4, 0x90, 0x80, 0x80], '"'),
  'latin-1 declared': line('# -*- coding: latin-1 -*-\nx = "', [0xe9], '"'),
};

describe('decodePythonSource', () => {
  for (const [name, bytes] of Object.entries(CASES)) {
    it(`${name}: decoded exactly when python3 accepts it`, () => {
      const decoded = decodePythonSource(bytes);
      expect(decoded.ok).toBe(pythonAccepts(bytes));
      if (decoded.ok) expect(decoded.text.startsWith('\uFEFF')).toBe(false);
    });
  }

  it('gives the text Python reads', () => {
    const decoded = decodePythonSource(CASES['two-byte and four-byte UTF-8']);
    expect(decoded).toEqual({ ok: true, text: 'x = "é🐍"\n' });
  });
});
