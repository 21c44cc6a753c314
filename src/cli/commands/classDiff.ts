// `netxray classes --diff OLD NEW`: analyse (or load) both versions at once, filter both alike, diff, render; exit 1 on breaking changes.
import { existsSync, statSync } from 'node:fs';
import { analyseClasses, type ClassAnalysisOptions } from '../../analyse/classes/index.js';
import { diffClassModels, diffView, hasBreakingChanges } from '../../analyse/classDiff/index.js';
import { locateTarget } from '../../collect/python/locateTarget.js';
import { EXIT, NetxrayError } from '../../errors.js';
import { INPUT_LIMITS, readFailure, readInputText } from '../../inputFile.js';
import type { ClassModel } from '../../model/classModel.js';
import { parseClassModel } from '../../model/validateClassModel.js';
import { diffRenderers, findDiffRenderer } from '../../render/diff/index.js';
import { filterOptionsFrom, hasFilters, type FilterFlags } from '../filterOptions.js';
import { writeResult } from '../output.js';

export interface DiffFlags extends FilterFlags, ClassAnalysisOptions {
  format: string;
  output?: string;
}

/** Exit status 1: the diff ran and found changes that break code written for the old version (docs/class-diff.md). */
export class BreakingChangesError extends NetxrayError {
  constructor(breaking: number) {
    super('bad-input', `${breaking} breaking change(s)`);
    this.name = 'BreakingChangesError';
  }

  override get exitCode(): number {
    return EXIT.findings;
  }
}

export const DIFF_FORMATS = diffRenderers.map((renderer) => renderer.format);

function isSavedModel(spec: string): boolean {
  try {
    return spec.endsWith('.json') && statSync(spec).isFile();
  } catch {
    return false;
  }
}

/** One side of the diff: a saved model JSON as it is, anything else analysed like `netxray classes` does. */
async function loadSide(spec: string, options: ClassAnalysisOptions): Promise<ClassModel> {
  if (!isSavedModel(spec)) return analyseClasses(spec, options);
  let text: string;
  try {
    text = readInputText(spec, INPUT_LIMITS.model);
  } catch (error) {
    throw new NetxrayError('not-found', `${spec}: cannot read (${readFailure(error)})`);
  }
  return parseClassModel(text, spec);
}

const PACKAGE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The interpreter whose sys.path both sides use to read external ancestors. Without --python, a package name is
 * found by the first interpreter that has it (python3, then /usr/bin/python3) but a directory is read with the
 * first that runs: netmiko 2.4.2 by name and a netmiko 4.6.0 checkout would resolve `paramiko.SSHClient`
 * through different sys.paths, and the diff would report a base change that is not there.
 */
async function sharedPython(specs: readonly string[], python: string | undefined): Promise<string | undefined> {
  if (python !== undefined) return python;
  const isPackageName = (spec: string) => !existsSync(spec) && PACKAGE_NAME.test(spec);
  const byName = specs.filter(isPackageName);
  if (byName.length === 0 || byName.length === specs.length) return undefined;
  return (await locateTarget(byName[0])).target.python;
}

export async function runClassDiff(oldSpec: string, newSpec: string, flags: DiffFlags, log: (line: string) => void): Promise<void> {
  const renderer = findDiffRenderer(flags.format);
  if (!renderer) throw new NetxrayError('bad-input', `with --diff, --format is one of ${DIFF_FORMATS.join(', ')}, not '${flags.format}'`);
  if (flags.collapse !== undefined) throw new NetxrayError('bad-input', '--collapse does not apply to --diff: the diff compares classes, not packages');
  const options = { python: await sharedPython([oldSpec, newSpec].filter((spec) => !isSavedModel(spec)), flags.python), threads: flags.threads };
  // Both sides at once: python3 answers and the parser workers start once per side, overlapping.
  const [oldModel, newModel] = await Promise.all([loadSide(oldSpec, options), loadSide(newSpec, options)]);
  const filters = hasFilters(flags) ? filterOptionsFrom(flags) : undefined;
  const diff = diffClassModels(oldModel, newModel, { old: oldSpec, new: newSpec, filters });
  const [oldView, newView] = [diffView(oldModel, filters), diffView(newModel, filters)];
  const content = await renderer.render({ diff, oldModel: oldView, newModel: newView }, { color: !flags.output && !!process.stdout.isTTY });
  const written = writeResult(content, flags, false);
  if (written) log(`netxray: wrote ${written} (${renderer.format}, ${diff.summary.changes} changes, ${diff.summary.breaking} breaking)`);
  if (hasBreakingChanges(diff)) throw new BreakingChangesError(diff.summary.breaking);
}
