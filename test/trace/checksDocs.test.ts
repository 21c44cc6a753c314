// docs/trace.md's findings table is the checks' own: every check (and every finding of a packet walk) of every registered
// backend has its row, with its severity first and its summary as "what it means" (backticks aside), and the table has no
// row for a check that is gone.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceBackends } from '../../src/analyse/trace/index.js';

const doc = readFileSync(resolve(import.meta.dirname, '../../docs/trace.md'), 'utf8');
const rows = new Map([...doc.matchAll(/^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => [m[1], { severity: m[2].trim(), what: m[3].trim().replace(/`/g, '') }]));
const checks: { id: string; severity: string; summary: string }[] = Object.values(traceBackends).flatMap((b) => [...(b?.checks ?? []), ...(b?.walk?.findings ?? [])]);

describe('docs/trace.md findings table', () => {
  it('lists exactly the registered checks', () => {
    expect([...rows.keys()].sort()).toEqual([...new Set(checks.map((c) => c.id))].sort());
  });
  for (const check of checks) {
    it(`${check.id}: severity and summary as the check has them`, () => {
      expect(rows.get(check.id)?.severity.startsWith(check.severity), rows.get(check.id)?.severity).toBe(true);
      expect(rows.get(check.id)?.what).toBe(check.summary);
    });
  }
});
