// Summarises many modules, spread over worker threads when there are enough files to pay for starting them.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModuleSummary } from './moduleSummary.js';
import { pythonParser } from './parser.js';
import type { SourceFile } from './sourceFiles.js';
import { summariseFile } from './summariseFile.js';

/**
 * Files per extra thread. A worker pays for its own start, grammar and cold JIT (~150 ms): measured on
 * netmiko (119 files) one thread is faster (0.42 s vs 0.48 s whole process); neutron (1,885) gains from two.
 * Starting the worker before python3 answers does not change that: it took half of netmiko's files and the
 * process 150 ms more CPU (0.69 s vs 0.54 s on a busy machine).
 */
const FILES_PER_EXTRA_THREAD = 400;
const workerScript = fileURLToPath(new URL('./summariseWorker.js', import.meta.url));

export async function summariseAll(files: SourceFile[], maxThreads = availableParallelism()): Promise<ModuleSummary[]> {
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

function runWorker(files: SourceFile[]): Promise<ModuleSummary[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: files });
    worker.once('message', (summaries: ModuleSummary[]) => {
      resolve(summaries);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
