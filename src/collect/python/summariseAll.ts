// Summarises many modules, spread over worker threads when there are enough files to pay for starting them.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ModuleSummary } from './moduleSummary.js';
import { pythonParser } from './parser.js';
import type { SourceFile } from './sourceFiles.js';
import { summariseFile } from './summariseFile.js';

/**
 * Files per extra thread. A worker pays for its own start, grammar and cold JIT (~150 ms): measured on
 * netmiko (119 files) one thread is faster (0.42 s vs 0.48 s whole process); neutron (1,885) gains from two.
 * Starting the worker before python3 answers does not change that: it took half of netmiko's files and the
 * process 150 ms more CPU (0.69 s vs 0.54 s on a busy machine). Nor does handing the worker this thread's
 * compiled grammar (a WebAssembly.Module, instantiated there without compiling) with the files taken one at a time
 * from a shared counter: on netmiko with a worker from 40 files, runs at real-time priority so that the second
 * core was idle (AMD EPYC, 2 cores, medians of 9, side by side), wall 0.42 s and CPU 0.62 s against 0.39 s and
 * 0.45 s on one thread: the worker's first line ran ~100 ms after it was started, when this thread was nearly done,
 * and it took 1-30 of the 119 files. On neutron the same pair was no better than this dealing by size (CPU 9.56 s
 * vs 9.01 s and 8.89 vs 8.44 s, medians of 5 alternating at load 8-11, where single runs spread over 8.3-11.1 s).
 */
const FILES_PER_EXTRA_THREAD = 400;
const workerScript = fileURLToPath(new URL('./summariseWorker.js', import.meta.url));

export async function summariseAll(files: SourceFile[], maxThreads = availableParallelism()): Promise<ModuleSummary[]> {
  // Every module kept by an earlier run (summaryCache.ts): the grammar is not needed.
  if (files.length === 0) return [];
  const threads = Math.min(maxThreads, Math.floor(files.length / FILES_PER_EXTRA_THREAD) + 1);
  const parser = await pythonParser();
  // Run from TypeScript sources (tests), the compiled worker script does not exist: stay on this thread.
  if (threads <= 1 || !existsSync(workerScript)) return files.map((file) => summariseFile(parser, file));
  // This thread takes the first share itself while the workers start up and take the others.
  const [own, ...others] = dealBySize(files, threads);
  const fromWorkers = Promise.all(others.map(runWorker));
  const ownSummaries = own.map((file) => summariseFile(parser, file));
  const byFile = new Map([...ownSummaries, ...(await fromWorkers).flat()].map((summary) => [summary.file, summary]));
  return files.map((file) => byFile.get(file.file) as ModuleSummary);
}

/** Biggest files first, each to the least-loaded share, so the threads finish together. */
function dealBySize(files: SourceFile[], count: number): SourceFile[][] {
  const sized = files.map((file) => ({ file, size: sizeOf(file.file) })).sort((a, b) => b.size - a.size);
  const shares = Array.from({ length: count }, () => ({ files: [] as SourceFile[], size: 0 }));
  for (const { file, size } of sized) {
    const lightest = shares.reduce((a, b) => (b.size < a.size ? b : a));
    lightest.files.push(file);
    lightest.size += size;
  }
  return shares.map((share) => share.files);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** worker_threads is loaded here, when a worker starts: a run on one thread does not load it (~5 ms of CPU). */
async function runWorker(files: SourceFile[]): Promise<ModuleSummary[]> {
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: files });
    worker.once('message', (summaries: ModuleSummary[]) => {
      resolve(summaries);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
