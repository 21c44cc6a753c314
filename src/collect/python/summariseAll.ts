// Summarises many modules on this thread and, when there are enough files, on worker threads beside it.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModuleSummary } from './moduleSummary.js';
import { grammarModules, pythonParser, type GrammarModules } from './parser.js';
import type { SourceFile } from './sourceFiles.js';
import { summariseFile } from './summariseFile.js';

/** Fewer files than this are summarised on this thread alone: a worker's start would cost more than it takes over. */
export const FILES_FOR_WORKERS = 400;
const workerScript = fileURLToPath(new URL('./summariseWorker.js', import.meta.url));

/** What a worker is given: the files, the shared counter of the next file to take, and the compiled grammar. */
export interface WorkerTask {
  files: SourceFile[];
  next: Int32Array;
  modules: GrammarModules;
}

/**
 * The summaries of `files`, in their order. The threads take files one at a time from one shared counter, so a
 * worker that starts late takes fewer and nobody waits for it beyond the file it is on; each file is summarised
 * alone, so which thread took it changes nothing in its summary.
 */
export async function summariseAll(files: SourceFile[], maxThreads = availableParallelism()): Promise<ModuleSummary[]> {
  const workers = files.length < FILES_FOR_WORKERS ? 0 : Math.max(0, maxThreads - 1);
  // Run from TypeScript sources (tests), the compiled worker script does not exist: stay on this thread.
  if (workers === 0 || !existsSync(workerScript)) {
    const parser = await pythonParser();
    return files.map((file) => summariseFile(parser, file));
  }
  const task: WorkerTask = { files, next: new Int32Array(new SharedArrayBuffer(4)), modules: await grammarModules() };
  const fromWorkers = Promise.all(Array.from({ length: workers }, () => runWorker(task)));
  const parser = await pythonParser(task.modules);
  const summaries = new Array<ModuleSummary>(files.length);
  for (const [index, summary] of takeAndSummarise(parser, task)) summaries[index] = summary;
  for (const taken of await fromWorkers) for (const [index, summary] of taken) summaries[index] = summary;
  return summaries;
}

/** Takes the task's files one by one until none is left; each summary with its file's index. */
export function takeAndSummarise(parser: Awaited<ReturnType<typeof pythonParser>>, task: WorkerTask): Array<[number, ModuleSummary]> {
  const taken: Array<[number, ModuleSummary]> = [];
  for (let index = Atomics.add(task.next, 0, 1); index < task.files.length; index = Atomics.add(task.next, 0, 1)) {
    taken.push([index, summariseFile(parser, task.files[index] as SourceFile)]);
  }
  return taken;
}

function runWorker(task: WorkerTask): Promise<Array<[number, ModuleSummary]>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData: task });
    worker.once('message', (taken: Array<[number, ModuleSummary]>) => {
      resolve(taken);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
