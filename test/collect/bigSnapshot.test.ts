// A grown snapshot loads by streaming, and the trace of an instance read from it is the trace read from the recording
// it was grown from (bench/grownSnapshot.mjs; a temporary folder). Here 2 × 24 MB read in 1 MB chunks, so the
// streaming, the lazy outputs and the windowed search cross hundreds of chunk and window edges in seconds; the same
// past the string limit (> 512 MB, minutes on a loaded machine) is `npm run bench` (bench/scale.bench.mjs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain JavaScript module of the benchmarks, shared with bench/scale.bench.mjs
import { RECORDING, writeGrownSnapshot } from '../../bench/grownSnapshot.mjs';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { loadSnapshot } from '../../src/collect/snapshotFile.js';
import { DEFAULT_STREAM_OPTIONS } from '../../src/collect/snapshotStream.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-bigsnap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a grown snapshot', () => {
  it('loads by streaming; vm1 and vm3 trace as on the recording it was grown from', () => {
    const file = path.join(dir, 'grown.snapshot.json');
    const bytes = (writeGrownSnapshot as (file: string, bytesPerHost: number) => number)(file, 24 * 1024 * 1024);
    expect(bytes).toBeGreaterThan(48 * 1024 * 1024);
    const small = JSON.parse(readFileSync(RECORDING as string, 'utf8')) as CloudSnapshot;
    const big = loadSnapshot(file, { ...DEFAULT_STREAM_OPTIONS, chunkBytes: 1024 * 1024 });
    const brInt = big.hosts[0].outputs.find((o) => o.id === 'flows:br-int');
    expect(Object.getOwnPropertyDescriptor(brInt, 'stdout')?.get).toBeTypeOf('function'); // left in the file
    for (const instance of ['vm1', 'vm3']) expect(analyseTrace(big, instance), instance).toEqual(analyseTrace(small, instance));
    expect(Object.getOwnPropertyDescriptor(brInt, 'stdout')?.get).toBeTypeOf('function'); // searched, never read whole
  }, 300_000);
});
