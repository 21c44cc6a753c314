// The trace of one instance does bounded work however many other ports its hosts carry (issue #22 item 16): from a
// synthetic snapshot with hundreds of cloned compute ports (bench/syntheticSnapshot.mjs, the same generator as the
// scale benchmark) vm1's report is the recording's, it decodes the same flow lines after the same number of searches,
// and it reads no flow dump whole (one line-by-line pass for the agent's cookie is the only walk through br-int) and no
// OVSDB table through JSON.parse (the table scan, src/analyse/trace/ovsdbTableScan.ts, decodes only the cells read).
// Timing is the benchmark's job (`npm run bench`, bench/scale.bench.mjs); this counts work instead.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error -- a plain JavaScript module of the benchmarks, shared with bench/scale.bench.mjs
import { syntheticSnapshot } from '../../bench/syntheticSnapshot.mjs';
// @ts-expect-error -- a plain JavaScript module of the benchmarks, shared with bench/scale.bench.mjs
import { RECORDING } from '../../bench/grownSnapshot.mjs';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { SEARCHABLE_STDOUT, stringText } from '../../src/model/searchableText.js';

interface DumpReads {
  searches: number;
  linesDecoded: number;
  wholeReads: number;
  lineByLinePasses: number;
}

/** Counts how the analysis reads each flow dump of the snapshot (host + output id → reads), through the reader's hook. */
function countDumpReads(snapshot: CloudSnapshot): Record<string, DumpReads> {
  const reads: Record<string, DumpReads> = {};
  for (const host of snapshot.hosts) {
    for (const output of host.outputs) {
      if (!output.id.startsWith('flows:')) continue;
      const count: DumpReads = { searches: 0, linesDecoded: 0, wholeReads: 0, lineByLinePasses: 0 };
      reads[`${host.host} ${output.id}`] = count;
      const text = stringText(output.stdout);
      const view = {
        ...text,
        indexOf: (needle: string, from?: number) => (count.searches++, text.indexOf(needle, from)),
        lineAt: (at: number) => (count.linesDecoded++, text.lineAt(at)),
        whole: () => (count.wholeReads++, text.whole()),
        forEachLine: (visit: (t: string, start: number, end: number) => void) => (count.lineByLinePasses++, text.forEachLine(visit)),
      };
      Object.defineProperty(output, SEARCHABLE_STDOUT, { value: () => view });
    }
  }
  return reads;
}

/** `run`'s value and how many characters of text it gave JSON.parse. */
function parsing<T>(run: () => T): { value: T; jsonCharacters: number } {
  const parse = JSON.parse;
  let jsonCharacters = 0;
  const spy = vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    jsonCharacters += String(text).length;
    return parse(text, reviver);
  });
  try {
    return { value: run(), jsonCharacters };
  } finally {
    spy.mockRestore();
  }
}

describe('the trace of one instance of a big snapshot', () => {
  it('gives the recording\'s report, decoding the same flow lines, never a dump whole', () => {
    const small = JSON.parse(readFileSync(RECORDING as string, 'utf8')) as CloudSnapshot;
    const big = (syntheticSnapshot as (ports: number) => CloudSnapshot)(600);
    expect(big.api.ports.length).toBe(small.api.ports.length + 600);
    const brInt = (s: CloudSnapshot) => s.hosts.map((h) => h.outputs.find((o) => o.id === 'flows:br-int')?.stdout.split('\n').length ?? 0);
    expect(brInt(big)[0]).toBeGreaterThan(brInt(small)[0] + 5_000); // the clones' flows are there to be skipped
    const smallReads = countDumpReads(small);
    const bigReads = countDumpReads(big);
    const smallReport = parsing(() => analyseTrace(small, 'vm1'));
    const bigReport = parsing(() => analyseTrace(big, 'vm1'));
    expect(bigReport.value).toEqual(smallReport.value);
    expect(bigReads).toEqual(smallReads);
    // The hosts' OVSDB tables (600 ports more in each) are scanned, never handed to JSON.parse whole: it reads as much text
    // for the big snapshot as for the recording.
    expect(smallReport.jsonCharacters).toBeGreaterThan(0);
    expect(bigReport.jsonCharacters).toBe(smallReport.jsonCharacters);
    const all = Object.values(bigReads);
    expect(all.reduce((n, r) => n + r.linesDecoded, 0)).toBeGreaterThan(0); // the hook is the one the analysis reads through
    expect(all.every((r) => r.wholeReads === 0)).toBe(true);
    expect(all.reduce((n, r) => n + r.lineByLinePasses, 0)).toBe(1); // br-int's cookies, once
  }, 120_000);
});
