// One accuracy suite against the interpreter, shared by the tuned packages (accuracy.test.ts) and the untuned ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';
import { compareModel, formatFigures, formatMismatches, percent } from '../truth/compare.js';
import type { AccuracyReport } from '../truth/compare.js';
import { loadTruth, testPython } from '../truth/truth.js';
import type { PackageTruth } from '../truth/truth.js';

type AnalyseClasses = (spec: string, options?: { python?: string }) => Promise<ClassModel>;

const HERE = dirname(fileURLToPath(import.meta.url));
// NETXRAY_ACCURACY_ENTRY swaps in another module exporting analyseClasses (to test this suite itself).
const ENTRY = process.env.NETXRAY_ACCURACY_ENTRY ?? resolve(HERE, '../../src/analyse/classes/index.ts');
const ARTIFACTS = resolve(HERE, '../../test-artifacts');
const PYTHON = testPython();

/** The lowest ratios a package must reach; a metric left out is reported, not asserted. */
export interface Thresholds {
  classRecall?: number;
  /** Recall and precision of inheritance edges between classes of the package. */
  edges: number;
  externalBases: number;
  parameters: number;
  yamlClasses?: number;
}

export interface PackageCase {
  /** What the analyser is given: the installed package's name, or the folder of another copy. */
  spec: string;
  /** The package's dotted name, when `spec` is a folder. */
  package?: string;
  /** Row name in the report: the package and which copy. */
  label?: string;
  /** An unpacked release the truth imports instead of the installed copy (see TruthOptions.prefer). */
  prefer?: string;
  aliases?: string[];
  /** A Python file the truth runs first (TruthOptions.setup). */
  setup?: string;
  /** Asserted only where the package has the feature. */
  dispatchTables?: string[];
  thresholds: Thresholds;
  /** Why a package's thresholds are below the suite's, said in the test name. */
  because?: string;
}

export interface AccuracySuite {
  title: string;
  /** Folder under test-artifacts/ for report.txt, report.json and each <label>.model.json. */
  reportFolder: string;
  packages: PackageCase[];
}

// The entry point is imported by path so this file type-checks before the analyser exists.
async function analyser(): Promise<AnalyseClasses> {
  const mod = (await import(pathToFileURL(ENTRY).href)) as { analyseClasses?: AnalyseClasses };
  if (typeof mod.analyseClasses !== 'function') throw new Error(`${ENTRY} does not export analyseClasses`);
  return mod.analyseClasses;
}

function coverageNote(truth: PackageTruth): string {
  const errors = truth.importErrors.length;
  return (
    `${truth.package} ${truth.version ?? '?'}: interpreter imported ${truth.modules.length} modules, ` +
    `${errors} failed to import${errors > 0 ? ` (e.g. ${truth.importErrors[0].module}: ${truth.importErrors[0].error.slice(0, 80)})` : ''}; ` +
    `${truth.classes.length} classes (${truth.classes.filter((c) => c.static === false).length} not from class statements), ` +
    `${truth.unimportedStaticClasses.length} class statements in unimportable modules are not judged`
  );
}

const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/** Declares the suite: per package one analysis + comparison, then one test per asserted metric. */
export function accuracySuite(suite: AccuracySuite): void {
  const reportDir = join(ARTIFACTS, suite.reportFolder);
  const reports: AccuracyReport[] = [];
  const notes: string[] = [];

  afterAll(() => {
    if (reports.length === 0) return;
    const text = [
      suite.title,
      formatFigures(reports),
      '',
      ...notes,
      '',
      ...reports.map((r) => formatMismatches(r, 10)),
    ].join('\n');
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'report.txt'), `${text}\n`);
    writeFileSync(join(reportDir, 'report.json'), `${JSON.stringify(reports, null, 1)}\n`);
    // Printed outside any test so the default reporter shows it after the run, not folded per test.
    process.stdout.write(`\n${text}\n(also in ${join(reportDir, 'report.txt')})\n`);
  });

  // No skip: the set-up installs the interpreter and the packages, and an analyser that is not there fails.
  describe(suite.title, () => {
    for (const pkg of suite.packages) {
      describe(pkg.label ?? pkg.spec, () => {
        let report: AccuracyReport | undefined;
        const limits = pkg.thresholds;
        const because = pkg.because ? ` (${pkg.because})` : '';

        // One analysis and one comparison per package per run; every assertion below reads `report`.
        it('analyses and compares', { timeout: 1_800_000 }, async () => {
          const truth = loadTruth(pkg.package ?? pkg.spec, { python: PYTHON, prefer: pkg.prefer, aliases: pkg.aliases, setup: pkg.setup });
          // The helper failing on a module would silently shrink every denominator.
          expect(truth.introspectionErrors, 'python_truth.py could not describe these modules').toEqual([]);
          const analyseClasses = await analyser();
          const started = Date.now();
          const model = await analyseClasses(pkg.spec, { python: PYTHON });
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          mkdirSync(reportDir, { recursive: true });
          // Kept for debugging a mismatch: the model next to test-artifacts/truth/<pkg>.json.
          const label = pkg.label ?? pkg.spec;
          writeFileSync(join(reportDir, `${label.replace(/[^\w.@-]+/g, '_')}.model.json`), JSON.stringify(model));
          report = { ...compareModel(model, truth, { limit: 40 }), package: label };
          reports.push(report);
          notes.push(`${coverageNote(truth)}; analysis took ${seconds} s`);
          console.log(`${formatFigures([report])}\n${formatMismatches(report, 10)}`);
        });

        const need = (): AccuracyReport => {
          if (!report) throw new Error(`no report for ${pkg.spec}: the analysis failed`);
          return report;
        };

        if (limits.classRecall !== undefined) {
          const min = limits.classRecall;
          it(`class recall >= ${pct(min)} of statically defined classes${because}`, () => {
            const r = need().classRecall;
            expect(r.ratio, `${percent(r)}; missing: ${r.mismatches.slice(0, 10).map((m) => m.id).join(', ')}`).toBeGreaterThanOrEqual(min);
          });
        }

        it(`package inheritance edges: recall and precision >= ${pct(limits.edges)}${because}`, () => {
          const { edgeRecall, edgePrecision } = need();
          expect(edgeRecall.ratio, `recall ${percent(edgeRecall)}`).toBeGreaterThanOrEqual(limits.edges);
          expect(edgePrecision.ratio, `precision ${percent(edgePrecision)}`).toBeGreaterThanOrEqual(limits.edges);
        });

        it(`external bases resolved to the defining module >= ${pct(limits.externalBases)}${because}`, () => {
          const r = need().externalBases;
          expect(r.ratio, percent(r)).toBeGreaterThanOrEqual(limits.externalBases);
        });

        it(`parameter lists exact for >= ${pct(limits.parameters)} of methods${because}`, () => {
          const r = need().parameters;
          expect(r.ratio, percent(r)).toBeGreaterThanOrEqual(limits.parameters);
        });

        for (const id of pkg.dispatchTables ?? []) {
          it(`dispatch table ${id} equals the interpreter's`, () => {
            const r = need().dispatchTables[id];
            expect(r, `the interpreter reported no table ${id}`).toBeDefined();
            expect(r.mismatches, percent(r)).toEqual([]);
          });
        }

        if (limits.yamlClasses !== undefined) {
          const min = limits.yamlClasses;
          it(`YAML-made classes found with the right bases >= ${pct(min)}`, () => {
            const r = need().yamlClasses;
            expect(r.total).toBeGreaterThan(0);
            expect(r.ratio, percent(r)).toBeGreaterThanOrEqual(min);
          });
        }
      });
    }
  });
}
