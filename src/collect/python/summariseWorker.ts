// Worker thread entry: summarises the files it is given with its own parser and posts the summaries back.
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from './sourceFiles.js';
import { pythonParser } from './parser.js';
import { summariseFile } from './summariseFile.js';

const parser = await pythonParser();
const files = workerData as SourceFile[];
parentPort?.postMessage(files.map((file) => summariseFile(parser, file)));
