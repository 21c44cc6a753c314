// The streaming snapshot reader: long strings cut out while streaming and read back on demand give exactly what
// JSON.parse gives, whatever the chunk size (escapes, quotes and backslash runs across chunk edges, UTF-8, a BOM).
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { loadSnapshot } from '../../src/collect/snapshotFile.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { DEFAULT_STREAM_OPTIONS, DEFAULT_WINDOW_SIZES, bufferBytes, fileBytes, jsonLiteralText, streamJsonSkeleton } from '../../src/collect/snapshotStream.js';
import { stringText } from '../../src/model/searchableText.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-snapstream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURE = path.join(import.meta.dirname, '../trace/fixtures/lab-openvswitch.snapshot.json');

const tricky = {
  short: 'a',
  quotes: 'say "hi" \\"not a quote\\" \\\\',
  backslashes: '\\\\\\\\\\\\\\\\"',
  unicode: 'ünïcödé ✓ 𝄞 \u0000 \n\t',
  list: ['x'.repeat(40), 'y\\'.repeat(30), '"'.repeat(25), { nested: `${'\\'.repeat(33)}"${'z'.repeat(20)}` }],
  [`${'k'.repeat(50)}`]: 'a long key',
  // Short strings ending just after a quote or backslashes (the reader tells most quotes from the byte or two before).
  edges: ['', '"', '\\', '\\\\', '\\"', 'a\\', '"a"', 'a"\\"b'],
  hosts: [{ host: 'n1', outputs: [{ id: 'o', stdout: `${'\\"'.repeat(40)}end`, stderr: '' }] }],
};

/** Every marker replaced by its text read back from the file. */
function materialised(file: string, chunkBytes: number, lazyStringBytes: number): unknown {
  const { value, marker, ranges } = streamJsonSkeleton(file, { ...DEFAULT_STREAM_OPTIONS, chunkBytes, lazyStringBytes });
  const bytes = readFileSync(file);
  const text = (s: string) => (s.startsWith(marker) ? (JSON.parse(bytes.subarray(ranges[Number(s.slice(marker.length))].start, ranges[Number(s.slice(marker.length))].end).toString('utf8')) as string) : s);
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => {
    if (typeof v === 'string') return text(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), x]));
    return v;
  });
}

describe('streaming snapshot reader', () => {
  it('gives what JSON.parse gives for every chunk size and cut length (escapes across chunk edges)', () => {
    const file = path.join(dir, 'tricky.json');
    for (const [name, content] of [['compact', JSON.stringify(tricky)], ['indented with BOM', `\uFEFF${JSON.stringify(tricky, null, 2)}`]] as const) {
      writeFileSync(file, content);
      for (const chunkBytes of [1, 2, 3, 5, 7, 16, 64, 4096]) {
        for (const lazyStringBytes of [0, 3, 20, 45, 1000]) {
          expect(materialised(file, chunkBytes, lazyStringBytes), `${name}, chunks of ${chunkBytes}, cut above ${lazyStringBytes}`).toEqual(tricky);
        }
      }
    }
  });

  it('cuts long strings out: the parsed part holds only markers for them', () => {
    const { value, ranges } = streamJsonSkeleton(FIXTURE, { ...DEFAULT_STREAM_OPTIONS, chunkBytes: 4096, lazyStringBytes: 1024 });
    expect(ranges.length).toBeGreaterThan(10);
    expect(JSON.stringify(value).length).toBeLessThan(readFileSync(FIXTURE, 'utf8').length / 2);
  });

  it('loadSnapshot: lazy outputs equal the eagerly parsed file and are read only when asked for', () => {
    const eager = JSON.parse(readFileSync(FIXTURE, 'utf8')) as unknown;
    const lazy = loadSnapshot(FIXTURE, { ...DEFAULT_STREAM_OPTIONS, chunkBytes: 1000, lazyStringBytes: 100 });
    const first = lazy.hosts[0].outputs.find((o) => o.stdout.length > 100);
    expect(first).toBeDefined();
    expect(Object.getOwnPropertyDescriptor(lazy.hosts[1].outputs.at(-2), 'stdout')?.get).toBeTypeOf('function'); // not read yet
    expect(JSON.parse(JSON.stringify(lazy))).toEqual(eager);
  });

  it('loadSnapshot: a long string outside the host outputs (an API field, a key) is read at once, as JSON.parse reads it', () => {
    const file = path.join(dir, 'long-api.json');
    const snapshot = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { api: { ports: Record<string, unknown>[] } };
    snapshot.api.ports[0].name = `p${'\\"x'.repeat(300)}`;
    snapshot.api.ports[1][`k${'y'.repeat(300)}`] = 'v';
    writeFileSync(file, JSON.stringify(snapshot));
    const loaded = loadSnapshot(file, { ...DEFAULT_STREAM_OPTIONS, lazyStringBytes: 100 });
    expect(Object.getOwnPropertyDescriptor(loaded.api.ports[0], 'name')?.value).toBe(snapshot.api.ports[0].name);
    expect(JSON.parse(JSON.stringify(loaded))).toEqual(snapshot);
  });

  it('a file changed after loading: reading an output back is one clear error', () => {
    const file = path.join(dir, 'changing.json');
    writeFileSync(file, readFileSync(FIXTURE));
    const lazy = loadSnapshot(file, { ...DEFAULT_STREAM_OPTIONS, lazyStringBytes: 100 });
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    expect(() => lazy.hosts[0].outputs.map((o) => o.stdout)).toThrow(/changing\.json: hosts\[0\]\.outputs\[\d+\]\.stdout: cannot read it back \(the file changed/);
  });

  it('an unterminated string or truncated file is "not JSON"', () => {
    const file = path.join(dir, 'cut.json');
    writeFileSync(file, readFileSync(FIXTURE).subarray(0, 20_000));
    expect(() => loadSnapshot(file, { ...DEFAULT_STREAM_OPTIONS, lazyStringBytes: 100 })).toThrow(/cut\.json: not JSON/);
  });

  it('forEachLine gives the lines of text.split("\\n"), from a string and from the JSON bytes in the file', () => {
    const texts = [
      '',
      '\n',
      'one line',
      'a\nb\n',
      ' cookie=0x1, table=0 actions=drop\r\n cookie=0x2 actions=NORMAL\n\n',
      'escapes "quoted" \\ back\\nslash-n \t tab\u2028sep ünï 𝄞\nnext\u0000nul\n\\',
      `${'x'.repeat(70_000)}\n${'y\\'.repeat(40_000)}\nlast`,
      // Several of forEachLine's 64 KB blocks, their ends at short lines with and without escapes.
      Array.from({ length: 8000 }, (_, k) => (k % 3 ? `flow ${k} actions=drop${'z'.repeat(k % 47)}` : `line ${k} \t "q" ü\\${'z'.repeat(k % 53)}`)).join('\n'),
    ];
    const lines = (text: { forEachLine(v: (t: string, s: number, e: number) => void): void }) => {
      const out: string[] = [];
      text.forEachLine((t, start, end) => out.push(t.slice(start, end)));
      return out;
    };
    texts.forEach((text, i) => {
      const want = text.split('\n');
      expect(lines(stringText(text))).toEqual(want);
      const literal = Buffer.from(JSON.stringify(text));
      expect(lines(jsonLiteralText(bufferBytes(literal)))).toEqual(want);
      // `\u000a` is a line feed too, though JSON.stringify never writes one.
      expect(lines(jsonLiteralText(bufferBytes(Buffer.from(JSON.stringify(text).replace(/(?<!\\)((?:\\\\)*)\\n/g, '$1\\u000a')))))).toEqual(want);
      // From the file, in windows (a literal over 64 MB is read a window at a time; here the same code on a file).
      const file = path.join(dir, `lines-${i}.json`);
      writeFileSync(file, Buffer.concat([Buffer.from('{"x":'), literal, Buffer.from('}')]));
      const stat = statSync(file);
      for (const sizes of [DEFAULT_WINDOW_SIZES, { firstWindowBytes: 16, lastWindowBytes: 64, readWholeBytes: 0 }, { firstWindowBytes: 1000, lastWindowBytes: 70_000, readWholeBytes: 0 }, { ...DEFAULT_WINDOW_SIZES, lastWindowBytes: 300_000, readWholeBytes: 0 }]) {
        expect(lines(jsonLiteralText(fileBytes(file, { start: 5, end: 5 + literal.length }, stat, sizes))), JSON.stringify(sizes)).toEqual(want);
      }
    });
  });

  it('the trace of every instance and the scan read from a streamed snapshot (every output left in the file, searched in tiny windows) are those read from the parsed file', () => {
    for (const name of ['lab-openvswitch.snapshot.json', 'lab-openvswitch-of13.snapshot.json']) {
      const file = path.join(import.meta.dirname, '../trace/fixtures', name);
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as CloudSnapshot;
      const streamed = loadSnapshot(file, { ...DEFAULT_STREAM_OPTIONS, lazyStringBytes: 64, chunkBytes: 4096 }, { firstWindowBytes: 256, lastWindowBytes: 4096, readWholeBytes: 0 });
      expect(parsed.api.servers.length).toBeGreaterThan(0);
      for (const server of parsed.api.servers) expect(analyseTrace(streamed, server.id as string), `${name} ${String(server.name)}`).toEqual(analyseTrace(parsed, server.id as string));
      expect(analyseScan(streamed)).toEqual(analyseScan(parsed));
    }
  });
});
