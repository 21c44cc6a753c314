// Adds up vitest's JSON reports into one closing line: "N passed, N failed, N skipped". Each failed test is named
// above that line (its phase, file, title and the first line of its error), so that the tail of a long CI log, which
// is often all a reader gets, says which test failed and why.
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const phase = basename(file, '.json').replace(/^vitest-/, '');
  for (const suite of report.testResults ?? []) {
    const where = relative(process.cwd(), suite.name ?? '');
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const firstLine = String(test.failureMessages?.[0] ?? '').split('\n').find((line) => line.trim()) ?? '';
      failures.push(`FAILED [${phase}] ${where} > ${test.fullName ?? test.title}: ${firstLine.slice(0, 400)}`);
    }
    // a file that failed to load has no assertion results, only a message
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed')) {
      const firstLine = String(suite.message ?? '').split('\n').find((line) => line.trim()) ?? '';
      failures.push(`FAILED [${phase}] ${where}: ${firstLine.slice(0, 400)}`);
    }
  }
}
for (const line of failures) console.log(line);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
