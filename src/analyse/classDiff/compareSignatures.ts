// Parameter-level comparison of one method's old and new signature, as a caller binding arguments sees it.
import type { ParameterChange } from '../../model/classDiff.js';
import type { MethodInfo, ParameterInfo, ParameterKind } from '../../model/classModel.js';
import { isBreaking, type RuleId } from './breakingRules.js';

const POSITIONAL: ReadonlySet<ParameterKind> = new Set(['positional-only', 'positional-or-keyword']);
const VARIADIC: ReadonlySet<ParameterKind> = new Set(['var-positional', 'var-keyword']);

/** The parameters a caller passes: `self` / `cls` are bound by Python, not passed. */
export function callerParameters(method: Pick<MethodInfo, 'kind' | 'parameters'>): ParameterInfo[] {
  const bound = method.kind !== 'staticmethod' && method.parameters.length > 0 && POSITIONAL.has(method.parameters[0].kind);
  return bound ? method.parameters.slice(1) : method.parameters;
}

/** The `re` module's one-letter flags are aliases of the long names (Python docs, re: "Flags"). */
const RE_FLAG_ALIASES: Record<string, string> = {
  A: 'ASCII', I: 'IGNORECASE', L: 'LOCALE', M: 'MULTILINE', S: 'DOTALL', U: 'UNICODE', X: 'VERBOSE',
};

const NUMBER = /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+)$/i;

/**
 * Default values as written can differ in spelling only (`'x'` / `"x"`, `1_000` / `1000`, `2` / `2.0` which
 * Python compares equal, spaces in a tuple); compare them in one spelling.
 */
export function normaliseDefault(text: string): string {
  const compact = text.replace(/\s+/g, '').replace(/(?<=\d)_(?=\d)/g, '');
  if (NUMBER.test(compact)) return String(Number(compact));
  return text
    .replace(/\bre\.(?:RegexFlag\.)?([A-Z]+)\b/g, (_, flag: string) => `re.${RE_FLAG_ALIASES[flag] ?? flag}`)
    .replace(/\s+/g, '')
    .replace(/'((?:[^'"\\]|\\.)*)'/g, '"$1"')
    .replace(/(?<=\d)_(?=\d)/g, '')
    .replace(/,([)\]}])/g, '$1');
}

function change(kind: ParameterChange['kind'], parameter: string, rule: RuleId, old?: string, next?: string): ParameterChange {
  const result: ParameterChange = { kind, parameter, breaking: isBreaking(rule), rule };
  if (old !== undefined) result.old = old;
  if (next !== undefined) result.new = next;
  return result;
}

/** Longest common subsequence of two name lists: the parameters whose relative order did not change. */
function inStableOrder(old: readonly string[], next: readonly string[]): Set<string> {
  const table = Array.from({ length: old.length + 1 }, () => new Array<number>(next.length + 1).fill(0));
  for (let i = old.length - 1; i >= 0; i--) {
    for (let j = next.length - 1; j >= 0; j--) {
      table[i][j] = old[i] === next[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const stable = new Set<string>();
  for (let i = 0, j = 0; i < old.length && j < next.length;) {
    if (old[i] === next[j]) {
      stable.add(old[i]);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return stable;
}

function kindRule(next: ParameterKind): RuleId {
  // Widening: positional-only -> positional-or-keyword, keyword-only -> positional-or-keyword.
  return next === 'positional-or-keyword' ? 'kind-widened' : 'kind-narrowed';
}

/**
 * What changed between two parameter lists (callers' view, `self` / `cls` left out), in new-signature
 * order with removed parameters last. Empty when every call binds as before.
 */
export function compareParameters(oldParameters: readonly ParameterInfo[], newParameters: readonly ParameterInfo[]): ParameterChange[] {
  const oldByName = new Map(oldParameters.map((p) => [p.name, p]));
  const newByName = new Map(newParameters.map((p) => [p.name, p]));
  // A positional parameter at the same place under another name, with both names gone from the other side: renamed.
  const renamedFrom = new Map<string, ParameterInfo>();
  newParameters.forEach((parameter, index) => {
    const before = oldParameters[index];
    if (before && !newByName.has(before.name) && !oldByName.has(parameter.name)
      && before.kind === parameter.kind && !VARIADIC.has(parameter.kind)) {
      renamedFrom.set(parameter.name, before);
    }
  });
  const renamedOld = new Set([...renamedFrom.values()].map((p) => p.name));
  const counterpart = (parameter: ParameterInfo): ParameterInfo | undefined => oldByName.get(parameter.name) ?? renamedFrom.get(parameter.name);

  const changes: ParameterChange[] = [];
  const oldPositional = oldParameters.filter((p) => POSITIONAL.has(p.kind)).map((p) => p.name);
  const newPositional = newParameters.filter((p) => POSITIONAL.has(p.kind));
  // The old positional parameters in new order, under their old names, to find which moved relative to the others.
  const matchedInNewOrder = newPositional.map(counterpart).filter((p): p is ParameterInfo => !!p && POSITIONAL.has(p.kind)).map((p) => p.name);
  const stable = inStableOrder(oldPositional.filter((name) => matchedInNewOrder.includes(name)), matchedInNewOrder);

  for (const parameter of newParameters) {
    const before = counterpart(parameter);
    if (!before) {
      changes.push(addedChange(parameter, newParameters, oldByName));
      continue;
    }
    if (before.name !== parameter.name) {
      const rule: RuleId = before.kind === 'positional-only' ? 'parameter-renamed-positional-only' : 'parameter-renamed-keyword';
      changes.push(change('renamed', parameter.name, rule, before.name, parameter.name));
    }
    if (before.kind !== parameter.kind) {
      changes.push(change('kind-changed', parameter.name, kindRule(parameter.kind), before.kind, parameter.kind));
    } else if (POSITIONAL.has(parameter.kind) && !stable.has(before.name)) {
      const position = (list: readonly string[], name: string) => String(list.indexOf(name) + 1);
      changes.push(change('moved', parameter.name, 'parameter-moved', position(oldPositional, before.name), position(newPositional.map((p) => p.name), parameter.name)));
    }
    if (before.default === undefined && parameter.default !== undefined) {
      changes.push(change('default-added', parameter.name, 'default-added', undefined, parameter.default));
    } else if (before.default !== undefined && parameter.default === undefined && !VARIADIC.has(parameter.kind)) {
      changes.push(change('default-removed', parameter.name, 'default-removed', before.default));
    } else if (before.default !== undefined && parameter.default !== undefined && normaliseDefault(before.default) !== normaliseDefault(parameter.default)) {
      changes.push(change('default-changed', parameter.name, 'default-changed', before.default, parameter.default));
    }
  }
  for (const parameter of oldParameters) {
    if (!newByName.has(parameter.name) && !renamedOld.has(parameter.name)) {
      changes.push(change('removed', parameter.name, 'parameter-removed', parameter.default === undefined ? undefined : parameter.default));
    }
  }
  return changes;
}

function addedChange(parameter: ParameterInfo, newParameters: readonly ParameterInfo[], oldByName: ReadonlyMap<string, ParameterInfo>): ParameterChange {
  const position = String(newParameters.indexOf(parameter) + 1);
  if (VARIADIC.has(parameter.kind)) return change('added', parameter.name, 'parameter-added-variadic', undefined, position);
  if (parameter.default === undefined) return change('added', parameter.name, 'parameter-added-required', undefined, position);
  const shiftsOldPositional = POSITIONAL.has(parameter.kind) && newParameters
    .slice(newParameters.indexOf(parameter) + 1)
    .some((later) => POSITIONAL.has(later.kind) && POSITIONAL.has(oldByName.get(later.name)?.kind ?? 'var-keyword'));
  return change('added', parameter.name, shiftsOldPositional ? 'parameter-added-before-positional' : 'parameter-added-optional', undefined, position);
}
