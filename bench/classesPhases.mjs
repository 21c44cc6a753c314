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
const [{ analyseClasses }, { chooseGrammarTier, pythonParser }, { pythonSysPath }, { locateTarget }, { listPackageSources }, { summariseAll }, { SummaryCache }] = await Promise.all([
  load('analyse/classes/index.js'), load('collect/python/parser.js'), load('collect/python/interpreter.js'),
  load('collect/python/locateTarget.js'), load('collect/python/sourceFiles.js'), load('collect/python/summariseAll.js'),
  load('collect/python/summaryCache.js'),
]);
/** No kept summaries for the timed analysis: it is the whole cold run's. */
const NO_SUMMARY_CACHE = { env: { NETXRAY_CACHE_DIR: '' } };
lap('loadModules');
await pythonSysPath(python);
lap('sysPath');
const located = await locateTarget(pkg, python);
lap('locate');
const files = located.directories.flatMap((directory) => listPackageSources(directory, located.target.module).files);
lap('listFiles');
// As analyseClasses does: the grammar's wasm tier depends on the number of files.
chooseGrammarTier(files.length);
await pythonParser();
lap('wasmCompile');
await summariseAll(files);
lap('parseAndSummarise');
const kept = SummaryCache.forTarget(located);
if (kept && files.every((file) => kept.take(file))) lap('keptSummaries');
mark = performance.now();
cpuMark = cpuMs();
// The analysis proper: a whole warm run less warm locating, listing and parsing (timed just before it).
let started = performance.now();
let cpuStarted = cpuMs();
const warmLocated = await locateTarget(pkg, python);
await summariseAll(warmLocated.directories.flatMap((directory) => listPackageSources(directory, warmLocated.target.module).files));
const warmFront = performance.now() - started;
const warmFrontCpu = cpuMs() - cpuStarted;
started = performance.now();
cpuStarted = cpuMs();
const model = await analyseClasses(pkg, { python, summaryCache: NO_SUMMARY_CACHE });
phases.analysis = both(performance.now() - started - warmFront, cpuMs() - cpuStarted - warmFrontCpu);
mark = performance.now();
cpuMark = cpuMs();
writeFileSync('/dev/null', JSON.stringify(model));
lap('writeJson');
console.log(JSON.stringify(phases));
