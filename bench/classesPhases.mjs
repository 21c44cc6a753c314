// Where one cold `classes` analysis spends its time, phase by phase, in a fresh Node process (run by
// classes.bench.mjs): loading the modules, sys.path (kept from an earlier run, else python3 asked), locating the package, listing its files,
// compiling the wasm grammar (its tier chosen by the number of files), parsing and summarising the files, the
// analysis proper, and writing the JSON; beside them, what a later run does instead of compiling and parsing: taking
// every module's summary kept by an earlier run (keptSummaries, when the store is there). Prints one JSON object: per phase
// "wall/CPU" milliseconds (CPU of the whole process, V8's background threads included).
// Usage: node bench/classesPhases.mjs PKG PYTHON
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [pkg, python] = process.argv.slice(2);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const both = (wall, cpu) => `${Math.round(wall)}/${Math.round(cpu)}`;
// performance.now() counts from the process's start: what Node took before this script's first line.
const phases = { nodeStart: both(performance.now(), cpuMs()) };
let mark = performance.now();
let cpuMark = cpuMs();
const lap = (name) => {
  const now = performance.now();
  const cpuNow = cpuMs();
  phases[name] = both(now - mark, cpuNow - cpuMark);
  mark = now;
  cpuMark = cpuNow;
};
const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [{ analyseSummaries }, { chooseGrammarTier, pythonParser }, { pythonSysPath }, { locateTarget }, { listPackageSources }, { summariseAll }, { SummaryCache }] = await Promise.all([
  load('analyse/classes/index.js'), load('collect/python/parser.js'), load('collect/python/interpreter.js'),
  load('collect/python/locateTarget.js'), load('collect/python/sourceFiles.js'), load('collect/python/summariseAll.js'),
  load('collect/python/summaryCache.js'),
]);
lap('loadModules');
await pythonSysPath(python);
lap('sysPath');
const located = await locateTarget(pkg, python);
lap('locate');
const files = located.directories.flatMap((directory) => listPackageSources(directory, located.target.module).files);
lap('listFiles');
// As analyseClasses does: the grammar's wasm tier depends on the number of files.
chooseGrammarTier(files.length);
const parser = await pythonParser();
lap('wasmCompile');
const summaries = await summariseAll(files);
lap('parseAndSummarise');
const kept = SummaryCache.forTarget(located);
if (kept && files.every((file) => kept.take(file))) lap('keptSummaries');
mark = performance.now();
cpuMark = cpuMs();
// The analysis proper, on the summaries just made, as analyseClasses runs it; no kept store, so that the external
// modules it reads are parsed as in a cold run.
const analysis = analyseSummaries(located.finder, summaries, [], parser, undefined);
lap('analysis');
// The CLI writes its JSON in pieces (src/cli/output.ts); here the whole text at once, a close upper bound.
writeFileSync('/dev/null', JSON.stringify(analysis));
lap('writeJson');
console.log(JSON.stringify(phases));
