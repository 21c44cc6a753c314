// Worker thread entry: makes its parser from the parent's compiled grammar, takes files from the shared counter
// until none is left, and posts their summaries back (summariseAll.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { pythonParser } from './parser.js';
import { takeAndSummarise, type WorkerTask } from './summariseAll.js';

const task = workerData as WorkerTask;
parentPort?.postMessage(takeAndSummarise(await pythonParser(task.modules), task));
