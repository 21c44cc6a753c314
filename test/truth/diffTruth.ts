// What changed between two versions of a package according to the interpreter (two python_truth.py reports),
// in the terms of a netxray class diff, and the comparison of the two: the --diff accuracy suite's yardstick.
import type { ClassDiff } from '../../src/model/classDiff.js';
import type { PackageTruth, TruthClass, TruthMethod, TruthParameter } from './truth.js';

export interface TruthDiff {
  classesAdded: Set<string>;
  classesRemoved: Set<string>;
  /** Classes in both versions whose __bases__ changed (builtins.object left out: `class A:` is `class A(object):`). */
  basesChanged: Set<string>;
  /** `class id.method` whose inspect.signature changed, for methods both versions define with a usable signature. */
  signaturesChanged: Set<string>;
  /** Every `class id.method` the signature figure judges (both sides comparable). */
  signaturesJudged: Set<string>;
  /** Per dispatch table id: `added:key`, `removed:key`, `retargeted:key`. */
  dispatchChanges: Map<string, Set<string>>;
  /** Modules that failed to import in either version: their classes are not judged. */
  unjudgedModules: Set<string>;
  /**
   * Modules the helper walked in each version. Its walk (pkgutil) skips directories without __init__.py, so
   * netmiko 4.6.0's `netmiko._telnetlib.telnetlib` (which netmiko itself imports) is not described: not judged.
   */
  oldModules: Set<string>;
  newModules: Set<string>;
}

const OBJECT = 'builtins.object';

function staticClasses(truth: PackageTruth): Map<string, TruthClass> {
  return new Map(truth.classes.filter((cls) => cls.static === true).map((cls) => [cls.id, cls]));
}

/** The parameters a caller passes, as netxray's diff counts them: a bound `self`/`cls` left out. */
function callerParameters(method: TruthMethod): TruthParameter[] {
  const parameters = method.signature ?? [];
  const bound = method.kind !== 'staticmethod' && parameters.length > 0
    && (parameters[0].kind === 'positional-only' || parameters[0].kind === 'positional-or-keyword');
  return bound ? parameters.slice(1) : parameters;
}

function parameterKey(parameter: TruthParameter): string {
  // Values only for literals the helper describes (None, bools, numbers, strings); 2 and 2.0 are equal to Python.
  const value = parameter.defaultLiteral === undefined ? (parameter.hasDefault ? '?' : '') : JSON.stringify(parameter.defaultLiteral);
  return `${parameter.name}:${parameter.kind}:${parameter.hasDefault}:${value}`;
}

function usable(method: TruthMethod | undefined): method is TruthMethod {
  return !!method && method.signature !== null && method.signatureProblem === undefined && method.kind !== 'property';
}

export function diffTruths(old: PackageTruth, next: PackageTruth): TruthDiff {
  const unjudgedModules = new Set([...old.importErrors, ...next.importErrors].map((error) => error.module));
  const judged = (cls: TruthClass) => !unjudgedModules.has(cls.module);
  const oldClasses = staticClasses(old);
  const newClasses = staticClasses(next);
  const result: TruthDiff = {
    classesAdded: new Set([...newClasses.values()].filter((cls) => judged(cls) && !oldClasses.has(cls.id)).map((cls) => cls.id)),
    classesRemoved: new Set([...oldClasses.values()].filter((cls) => judged(cls) && !newClasses.has(cls.id)).map((cls) => cls.id)),
    basesChanged: new Set(),
    signaturesChanged: new Set(),
    signaturesJudged: new Set(),
    dispatchChanges: new Map(),
    unjudgedModules,
    oldModules: new Set(old.modules.map((module) => module.name)),
    newModules: new Set(next.modules.map((module) => module.name)),
  };
  for (const [id, before] of oldClasses) {
    const after = newClasses.get(id);
    if (!after) continue;
    const bases = (cls: TruthClass) => cls.bases.filter((base) => base !== OBJECT).join(',');
    if (bases(before) !== bases(after)) result.basesChanged.add(id);
    const afterMethods = new Map(after.methods.map((method) => [method.name, method]));
    for (const method of before.methods) {
      const counterpart = afterMethods.get(method.name);
      if (!usable(method) || !usable(counterpart) || method.kind !== counterpart.kind) continue;
      const key = `${id}.${method.name}`;
      result.signaturesJudged.add(key);
      if (callerParameters(method).map(parameterKey).join() !== callerParameters(counterpart).map(parameterKey).join()) result.signaturesChanged.add(key);
    }
  }
  for (const table of old.dispatchTables) {
    const after = next.dispatchTables.find((candidate) => candidate.id === table.id);
    if (!after) continue;
    const before = new Map(table.entries.map((entry) => [entry.key, entry.target]));
    const now = new Map(after.entries.map((entry) => [entry.key, entry.target]));
    const changes = new Set<string>();
    for (const [key, target] of before) {
      if (!now.has(key)) changes.add(`removed:${key}`);
      else if (now.get(key) !== target) changes.add(`retargeted:${key}`);
    }
    for (const key of now.keys()) if (!before.has(key)) changes.add(`added:${key}`);
    result.dispatchChanges.set(table.id, changes);
  }
  return result;
}

/** The same figures read off a netxray class diff, limited to what the truth judges. */
export type DiffFigures = Pick<TruthDiff, 'classesAdded' | 'classesRemoved' | 'basesChanged' | 'signaturesChanged' | 'dispatchChanges'>;

export function diffFigures(diff: ClassDiff, truth: TruthDiff, moduleOf: (id: string) => string | undefined): DiffFigures {
  const judgedIn = (walked: Set<string>) => (id: string) => {
    const module = moduleOf(id) ?? '';
    return walked.has(module) && !truth.unjudgedModules.has(module);
  };
  const judged = judgedIn(truth.newModules);
  const judgedOld = judgedIn(truth.oldModules);
  const of = (kind: string) => diff.changes.filter((change) => change.kind === kind);
  const moved = of('class-moved');
  const dispatchChanges = new Map<string, Set<string>>();
  for (const change of diff.changes) {
    const verb = { 'dispatch-key-added': 'added', 'dispatch-key-removed': 'removed', 'dispatch-key-retargeted': 'retargeted' }[change.kind as string];
    if (!verb) continue;
    dispatchChanges.set(change.subject, (dispatchChanges.get(change.subject) ?? new Set()).add(`${verb}:${change.member}`));
  }
  return {
    classesAdded: new Set([...of('class-added').map((c) => c.subject), ...moved.map((c) => c.subject)].filter(judged)),
    classesRemoved: new Set([...of('class-removed').map((c) => c.subject), ...moved.map((c) => c.oldSubject!)].filter(judgedOld)),
    basesChanged: new Set(of('bases-changed').map((c) => c.subject).filter((id) => judged(id) && !moved.some((m) => m.subject === id))),
    signaturesChanged: new Set(of('signature-changed').map((c) => `${c.subject}.${c.member}`).filter((key) => truth.signaturesJudged.has(key))),
    dispatchChanges,
  };
}

/** Elements of `a` not in `b`, sorted, for a readable assertion. */
export function missingFrom(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((item) => !b.has(item)).sort();
}
