// `diffClassModels`: what changed between two class models (two versions of a library), each change marked breaking or not.
import {
  CHANGE_KINDS, CLASS_DIFF_SCHEMA, CLASS_DIFF_VERSION,
  type ChangeKind, type ClassChange, type ClassDiff, type DiffSide, type ParameterChange,
} from '../../model/classDiff.js';
import type { AttributeInfo, ClassInfo, ClassModel, DispatchTable, MethodInfo } from '../../model/classModel.js';
import { filterClassModel, type ClassFilterOptions } from '../classFilters.js';
import { NETXRAY_VERSION } from '../../version.js';
import { OBJECT_ID } from '../classes/builtins.js';
import { BREAKING_RULES, isBreaking, isPrivateName, type RuleId } from './breakingRules.js';
import { callerParameters, compareParameters } from './compareSignatures.js';
import { pairClasses } from './matchClasses.js';
import { compareText } from '../../textOrder.js';

export interface ClassDiffOptions {
  /** What the user typed for each side; defaults to each model's target spec. */
  old?: string;
  new?: string;
  /** View filters (--focus, --include, ...) applied to both sides before comparing. */
  filters?: ClassFilterOptions;
}

/** A side as the diff compares it: the model under the view filters, if any. */
export function diffView(model: ClassModel, filters: ClassFilterOptions | undefined): ClassModel {
  return filters ? filterClassModel(model, filters) : model;
}

/**
 * Compares the analysed package's own classes (not external ancestors) and dispatch tables of two models,
 * both under the same view filters if any. Pure: the models are not changed.
 */
export function diffClassModels(oldModel: ClassModel, newModel: ClassModel, options: ClassDiffOptions = {}): ClassDiff {
  const [oldView, newView] = [diffView(oldModel, options.filters), diffView(newModel, options.filters)];
  const differ = new ModelDiffer(oldView, newView, options.filters ? { old: oldModel, new: newModel } : undefined);
  const specs = options;
  const changes = sortChanges(differ.changes());
  const byKind = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  for (const change of changes) byKind[change.kind]++;
  const diff: ClassDiff = {
    schema: CLASS_DIFF_SCHEMA,
    version: CLASS_DIFF_VERSION,
    generator: { name: 'netxray', version: NETXRAY_VERSION },
    old: sideOf(oldView, specs.old),
    new: sideOf(newView, specs.new),
    changes,
    summary: { changes: changes.length, breaking: changes.filter((change) => change.breaking).length, byKind },
    rules: rulesUsed(changes),
  };
  const filters = newView.view?.filters ?? oldView.view?.filters;
  if (filters) diff.filters = filters;
  return diff;
}

/** True when any change breaks code written for the old version (the CLI's exit status 1). */
export function hasBreakingChanges(diff: ClassDiff): boolean {
  return diff.summary.breaking > 0;
}

function rulesUsed(changes: readonly ClassChange[]): ClassDiff['rules'] {
  const ids = new Set(changes.flatMap((change) => [change.rule, ...(change.parameters ?? []).map((parameter) => parameter.rule)]));
  return Object.fromEntries([...ids].sort().map((id) => [id, { ...BREAKING_RULES[id as RuleId] }]));
}

function sideOf(model: ClassModel, spec: string | undefined): DiffSide {
  return {
    spec: spec ?? model.target.spec,
    module: model.target.module,
    path: model.target.path,
    classes: model.classes.filter((cls) => !cls.external).length,
  };
}

const KIND_ORDER = new Map(CHANGE_KINDS.map((kind, index) => [kind, index]));

function sortChanges(changes: ClassChange[]): ClassChange[] {
  return changes.sort((a, b) => Number(b.breaking) - Number(a.breaking)
    || compareText(a.subject, b.subject)
    || KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!
    || compareText(a.member ?? '', b.member ?? ''));
}

/** A class or member name Python code outside the package should not rely on (PEP 8). */
function isPrivateClass(cls: ClassInfo): boolean {
  return [...cls.module.split('.'), ...cls.qualname.split('.')].some(isPrivateName);
}

/** Methods by name; a name defined twice (a property and its setter, a conditional def) counts once, the last. */
function methodsByName(cls: ClassInfo): Map<string, MethodInfo> {
  const methods = new Map<string, MethodInfo>();
  for (const method of cls.methods) {
    const earlier = methods.get(method.name);
    // `@x.setter` redefines a property: the name is still the property.
    methods.set(method.name, earlier?.kind === 'property' ? earlier : method);
  }
  return methods;
}

/** `class A:` and `class A(object):` are the same class to Python. */
function withoutObject(ids: readonly string[]): string[] {
  return ids.filter((id) => id !== OBJECT_ID);
}

class ModelDiffer {
  private readonly oldClasses: ClassInfo[];
  private readonly newClasses: ClassInfo[];
  private readonly oldById: Map<string, ClassInfo>;
  private readonly newById: Map<string, ClassInfo>;
  private readonly found: ClassChange[] = [];
  private movedIds = new Map<string, string>();

  /**
   * `oldModel`, `newModel`: the views compared. `unfiltered`: the whole models when a view filter is on: the
   * filters drop dispatch entries to classes not shown, which would pass for removed keys; the dispatch tables
   * are compared whole instead, keeping changes that involve a shown class.
   */
  constructor(
    private readonly oldModel: ClassModel,
    private readonly newModel: ClassModel,
    private readonly unfiltered?: { old: ClassModel; new: ClassModel },
  ) {
    this.oldClasses = oldModel.classes.filter((cls) => !cls.external);
    this.newClasses = newModel.classes.filter((cls) => !cls.external);
    this.oldById = new Map(oldModel.classes.map((cls) => [cls.id, cls]));
    this.newById = new Map(newModel.classes.map((cls) => [cls.id, cls]));
  }

  changes(): ClassChange[] {
    const pairing = pairClasses(this.oldClasses, this.newClasses);
    this.movedIds = pairing.movedIds;
    for (const cls of pairing.added) this.classChange('class-added', cls, 'class-added');
    for (const cls of pairing.removed) this.classChange('class-removed', cls, 'class-removed');
    for (const { old, new: next, match } of pairing.pairs) {
      if (match) this.add({ kind: 'class-moved', subject: next.id, oldSubject: old.id, match, ...this.ruled('class-moved', isPrivateClass(next)) });
      this.compareAncestry(old, next);
      this.compareMethods(old, next);
      this.compareAttributes(old, next);
    }
    this.compareDispatchTables();
    return this.found;
  }

  private add(change: ClassChange): void {
    this.found.push(change);
  }

  /** The rule's verdict, unless the name is internal: then the change is reported but does not break. */
  private ruled(rule: RuleId, isPrivate: boolean): { breaking: boolean; rule: RuleId } {
    if (isPrivate && isBreaking(rule)) return { breaking: false, rule: 'private-name' };
    return { breaking: isBreaking(rule), rule };
  }

  private classChange(kind: ChangeKind, cls: ClassInfo, rule: RuleId): void {
    this.add({ kind, subject: cls.id, ...this.ruled(rule, isPrivateClass(cls)) });
  }

  private mapOld(id: string): string {
    return this.movedIds.get(id) ?? id;
  }

  private compareAncestry(old: ClassInfo, next: ClassInfo): void {
    const oldBases = withoutObject(old.bases.map((base) => this.mapOld(base.id ?? base.expression)));
    const newBases = withoutObject(next.bases.map((base) => base.id ?? base.expression));
    const oldMro = old.mro ? withoutObject(old.mro.slice(1).map((id) => this.mapOld(id))) : null;
    const newMro = next.mro ? withoutObject(next.mro.slice(1)) : null;
    const lost = oldMro && newMro ? oldMro.some((id) => !newMro.includes(id)) : oldBases.some((id) => !newBases.includes(id));
    const verdict = this.ruled(lost ? 'ancestor-lost' : 'ancestors-kept', isPrivateClass(next));
    if (oldBases.join() !== newBases.join()) {
      this.add({ kind: 'bases-changed', subject: next.id, old: oldBases.join(', '), new: newBases.join(', '), ...verdict });
    } else if (oldMro && newMro && oldMro.join() !== newMro.join()) {
      this.add({ kind: 'mro-changed', subject: next.id, old: oldMro.join(', '), new: newMro.join(', '), ...verdict });
    }
  }

  private compareMethods(old: ClassInfo, next: ClassInfo): void {
    const oldMethods = methodsByName(old);
    const newMethods = methodsByName(next);
    const classIsPrivate = isPrivateClass(next);
    const memberVerdict = (rule: RuleId, name: string) => this.ruled(rule, classIsPrivate || isPrivateName(name));
    for (const [name, method] of oldMethods) {
      const counterpart = newMethods.get(name);
      if (counterpart) {
        this.compareMethod(next, method, counterpart, memberVerdict);
        continue;
      }
      const inheritedFrom = next.inheritedMethods.find((inherited) => inherited.name === name)?.from;
      const baseMethod = inheritedFrom ? methodsByName(this.newById.get(inheritedFrom) ?? next).get(name) : undefined;
      if (inheritedFrom) {
        const comparable = baseMethod && method.kind === baseMethod.kind && method.kind !== 'property';
        const { parameters, ...verdict } = comparable
          ? this.signatureVerdict(method, baseMethod, 'method-moved-to-base', classIsPrivate || isPrivateName(name))
          : { parameters: [], ...memberVerdict('method-moved-to-base', name) };
        const change: ClassChange = { kind: 'method-moved-to-base', subject: next.id, member: name, new: inheritedFrom, ...verdict };
        if (parameters.length > 0) change.parameters = parameters;
        this.add(change);
      } else {
        const property = method.kind === 'property';
        this.add({ kind: property ? 'property-removed' : 'method-removed', subject: next.id, member: name, ...memberVerdict('method-removed', name) });
      }
    }
    for (const [name, method] of newMethods) {
      if (oldMethods.has(name)) continue;
      const change: ClassChange = { kind: method.kind === 'property' ? 'property-added' : 'method-added', subject: next.id, member: name, ...memberVerdict('method-added', name) };
      const wasInherited = old.inheritedMethods.find((inherited) => inherited.name === name);
      if (wasInherited) change.old = `inherited from ${this.mapOld(wasInherited.from)}`;
      this.add(change);
    }
  }

  private compareMethod(cls: ClassInfo, old: MethodInfo, next: MethodInfo, verdict: (rule: RuleId, name: string) => { breaking: boolean; rule: RuleId }): void {
    if (old.kind !== next.kind) {
      this.add({ kind: 'method-kind-changed', subject: cls.id, member: next.name, old: old.kind, new: next.kind, ...verdict('method-kind-changed', next.name) });
      return;
    }
    if (next.kind === 'property') return;
    const isPrivate = verdict('signature-incompatible', next.name).rule === 'private-name';
    const { parameters, ...ruled } = this.signatureVerdict(old, next, 'signature-compatible', isPrivate);
    if (parameters.length === 0) return;
    this.add({
      kind: 'signature-changed', subject: cls.id, member: next.name, ...ruled,
      parameters, signature: { kind: next.kind, old: old.parameters, new: next.parameters },
    });
  }

  /**
   * Parameter changes from `old` to `next` and the verdict on them: `compatible` when no call breaks, else
   * signature-incompatible; for an internal name every change is reported but breaks nothing.
   */
  private signatureVerdict(old: MethodInfo, next: MethodInfo, compatible: RuleId, isPrivate: boolean): { parameters: ParameterChange[]; breaking: boolean; rule: RuleId } {
    const parameters = compareParameters(callerParameters(old), callerParameters(next));
    const rule: RuleId = parameters.some((change) => change.breaking) ? 'signature-incompatible' : compatible;
    if (!isPrivate) return { parameters, ...this.ruled(rule, false) };
    const internal = parameters.map((change) => (change.breaking ? { ...change, breaking: false, rule: 'private-name' } : change));
    return { parameters: internal, ...this.ruled(rule, true) };
  }

  /** Attribute names a class has, its ancestors' included (an attribute moved to a base is still there). */
  private attributeNames(cls: ClassInfo, byId: Map<string, ClassInfo>): Set<string> {
    const names = new Set<string>();
    for (const id of cls.mro ?? [cls.id]) {
      const ancestor = byId.get(id);
      ancestor?.attributes.forEach((attribute: AttributeInfo) => names.add(attribute.name));
      ancestor?.methods.forEach((method) => names.add(method.name));
    }
    return names;
  }

  private compareAttributes(old: ClassInfo, next: ClassInfo): void {
    const oldOwn = new Set(old.attributes.map((attribute) => attribute.name));
    const newOwn = new Set(next.attributes.map((attribute) => attribute.name));
    const oldAll = this.attributeNames(old, this.oldById);
    const newAll = this.attributeNames(next, this.newById);
    const classIsPrivate = isPrivateClass(next);
    for (const name of oldOwn) {
      if (!newAll.has(name)) this.add({ kind: 'attribute-removed', subject: next.id, member: name, ...this.ruled('attribute-removed', classIsPrivate || isPrivateName(name)) });
    }
    for (const name of newOwn) {
      if (!oldAll.has(name)) this.add({ kind: 'attribute-added', subject: next.id, member: name, ...this.ruled('attribute-added', classIsPrivate || isPrivateName(name)) });
    }
  }

  private compareDispatchTables(): void {
    const shownTables = new Set([...this.oldModel.dispatchTables, ...this.newModel.dispatchTables].map((table) => table.id));
    const tablesOf = (view: ClassModel, whole: ClassModel | undefined) => (whole ? whole.dispatchTables.filter((table) => shownTables.has(table.id)) : view.dispatchTables);
    const oldTables = tablesOf(this.oldModel, this.unfiltered?.old);
    const newTableList = tablesOf(this.newModel, this.unfiltered?.new);
    const newTables = new Map(newTableList.map((table) => [table.id, table]));
    const matched = new Set<DispatchTable>();
    for (const oldTable of oldTables) {
      // A table whose module moved is still the same table when its name is unique on the new side.
      const sameName = newTableList.filter((table) => table.name === oldTable.name);
      const newTable = newTables.get(oldTable.id) ?? (sameName.length === 1 ? sameName[0] : undefined);
      if (!newTable || matched.has(newTable)) {
        this.add({ kind: 'dispatch-table-removed', subject: oldTable.id, ...this.ruled('dispatch-table-removed', isPrivateName(oldTable.name)) });
        continue;
      }
      matched.add(newTable);
      this.compareEntries(oldTable, newTable);
    }
    for (const table of newTableList) {
      if (!matched.has(table)) this.add({ kind: 'dispatch-table-added', subject: table.id, ...this.ruled('dispatch-table-added', false) });
    }
  }

  private compareEntries(oldTable: DispatchTable, newTable: DispatchTable): void {
    const targetOf = (entry: { target: string | null; expression: string }) => entry.target ?? entry.expression;
    const oldEntries = new Map(oldTable.entries.map((entry) => [entry.key, targetOf(entry)]));
    const newEntries = new Map(newTable.entries.map((entry) => [entry.key, targetOf(entry)]));
    const isPrivate = isPrivateName(newTable.name);
    const shown = new Set([...this.oldModel.classes, ...this.newModel.classes].map((cls) => cls.id));
    const inView = (...targets: Array<string | undefined>) => !this.unfiltered
      || targets.some((target) => target !== undefined && (shown.has(target) || shown.has(this.mapOld(target))));
    const before = this.found.length;
    for (const [key, target] of oldEntries) {
      const now = newEntries.get(key);
      if (now === undefined) {
        this.add({ kind: 'dispatch-key-removed', subject: newTable.id, member: key, old: target, ...this.ruled('dispatch-key-removed', isPrivate) });
      } else if (now !== target) {
        const stillThatClass = this.newById.get(now)?.mro?.includes(this.mapOld(target)) ?? false;
        this.add({
          kind: 'dispatch-key-retargeted', subject: newTable.id, member: key, old: target, new: now,
          ...this.ruled(stillThatClass ? 'dispatch-key-same-class' : 'dispatch-key-other-class', isPrivate),
        });
      }
    }
    for (const [key, target] of newEntries) {
      if (!oldEntries.has(key)) this.add({ kind: 'dispatch-key-added', subject: newTable.id, member: key, new: target, ...this.ruled('dispatch-key-added', isPrivate) });
    }
    const keyChanges = this.found.splice(before);
    this.found.push(...keyChanges.filter((change) => inView(change.old, change.new)));
  }
}
