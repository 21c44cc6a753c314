// Where one cold `classes` analysis spends its time, phase by phase, in a fresh Node process (run by
// classes.bench.mjs): loading the modules, python3 answering sys.path, compiling the wasm grammar, listing the
// files, parsing and summarising them, the analysis proper, and writing the JSON. Prints one JSON object.
// Usage: node bench/classesPhases.mjs PKG PYTHON
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [pkg, python] = process.argv.slice(2);
// performance.now() counts from the process's start: what Node took before this script's first line.
const phases = { nodeStart: Math.round(performance.now() * 10) / 10 };
let mark = performance.now();
const lap = (name) => {
  const now = performance.now();
  phases[name] = Math.round((now - mark) * 10) / 10;
  mark = now;
};
const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [{ analyseClasses }, { pythonParser }, { queryPythonPath }, { locateTarget }, { listPackageSources }, { summariseAll }] = await Promise.all([
  load('analyse/classes/index.js'), load('collect/python/parser.js'), load('collect/python/interpreter.js'),
  load('collect/python/locateTarget.js'), load('collect/python/sourceFiles.js'), load('collect/python/summariseAll.js'),
]);
lap('loadModules');
await queryPythonPath(python);
lap('python');
await pythonParser();
lap('wasmCompile');
const located = await locateTarget(pkg, python);
lap('locate');
const files = located.directories.flatMap((directory) => listPackageSources(directory, located.target.module).files);
lap('listFiles');
await summariseAll(files);
lap('parseAndSummarise');
// The analysis proper: a whole warm run less warm locating, listing and parsing (timed just before it).
let started = performance.now();
const warmLocated = await locateTarget(pkg, python);
await summariseAll(warmLocated.directories.flatMap((directory) => listPackageSources(directory, warmLocated.target.module).files));
const warmFront = performance.now() - started;
started = performance.now();
const model = await analyseClasses(pkg, { python });
phases.analysis = Math.round((performance.now() - started - warmFront) * 10) / 10;
mark = performance.now();
writeFileSync('/dev/null', JSON.stringify(model));
lap('writeJson');
console.log(JSON.stringify(phases));
