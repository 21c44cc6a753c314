// What a diagram shows of a (filtered) model: class nodes with unique labels, base hints, edges, dispatch tables, packages.
import type { ClassInfo, ClassModel, DispatchTable, HiddenBase, PackageEdge, PackageNode } from '../../model/classModel.js';
import { oneLine, provenanceText } from './_labels.js';

export type ClassTag = 'external' | 'dynamic' | 'unresolved';
/** `hidden`: filtered out of this view (outside the focus or the module globs). */
export type HintTag = 'external' | 'unresolved' | 'hidden';

export interface ClassNode {
  /** The class id; unique among all node keys of a diagram. */
  key: string;
  /** Short name, or the shortest dotted suffix of the id that tells same-named classes apart. */
  label: string;
  cls: ClassInfo;
  tags: ClassTag[];
  /** For dynamic classes: where they are made. */
  provenance?: string;
}

/** A base a shown class names but the view does not draw: a small stub so the edge still shows. */
export interface BaseHint {
  key: string;
  label: string;
  tags: HintTag[];
}

export interface Edge {
  from: string;
  to: string;
}

export interface DispatchRow {
  key: string;
  /** The label of the class the key selects, or the expression as written when it is unresolved. */
  target: string;
  resolved: boolean;
}

export interface DispatchNode {
  key: string;
  label: string;
  table: DispatchTable;
  rows: DispatchRow[];
  /** Node keys of the distinct drawn classes the table selects, in entry order. */
  targets: string[];
}

export interface ClassDiagram {
  kind: 'classes';
  classes: ClassNode[];
  hints: BaseHint[];
  /** Child to base, as in UML. */
  inheritance: Edge[];
  dispatch: DispatchNode[];
}

export interface PackageDiagram {
  kind: 'packages';
  packages: PackageNode[];
  edges: PackageEdge[];
}

const IMPLICIT_ROOT = 'builtins.object';

/** Collapsed views draw packages; everything else draws classes. */
export function diagramOf(model: ClassModel): ClassDiagram | PackageDiagram {
  if (model.view?.packages) {
    return { kind: 'packages', packages: model.view.packages, edges: model.view.packageEdges ?? [] };
  }
  return classDiagramOf(model);
}

function classDiagramOf(model: ClassModel): ClassDiagram {
  const labels = uniqueLabels(model.classes);
  const shown = new Set(model.classes.map((cls) => cls.id));
  const classes = model.classes.map((cls): ClassNode => ({
    key: cls.id,
    label: labels.get(cls.id)!,
    cls,
    tags: classTags(cls),
    provenance: cls.origin === 'dynamic' && cls.provenance ? provenanceText(cls.provenance) : undefined,
  }));

  const hiddenById = new Map((model.view?.hiddenBases ?? []).map((hidden) => [hidden.id, hidden]));
  const hints = new Map<string, BaseHint>();
  const inheritance: Edge[] = [];
  for (const cls of model.classes) {
    for (const base of cls.bases) {
      if (base.id !== null && shown.has(base.id)) {
        inheritance.push({ from: cls.id, to: base.id });
        continue;
      }
      // Every Python 3 class ends at object; a "base not shown" hint for it says nothing.
      if (base.id === IMPLICIT_ROOT) continue;
      const hint = hintFor(base.id, base.expression, hiddenById);
      if (!hints.has(hint.key)) hints.set(hint.key, hint);
      inheritance.push({ from: cls.id, to: hint.key });
    }
  }
  const dispatch = model.dispatchTables.map((table) => dispatchNode(table, labels));
  return { kind: 'classes', classes, hints: [...hints.values()], inheritance, dispatch };
}

function classTags(cls: ClassInfo): ClassTag[] {
  const tags: ClassTag[] = [];
  if (cls.external) tags.push('external');
  if (cls.origin === 'dynamic') tags.push('dynamic');
  if (cls.origin === 'unresolved') tags.push('unresolved');
  return tags;
}

function hintFor(id: string | null, expression: string, hiddenById: Map<string, HiddenBase>): BaseHint {
  // Keys get a prefix so a hint can never share a key with a drawn class or another kind of hint.
  if (id === null) return { key: `unresolved:${oneLine(expression)}`, label: oneLine(expression), tags: ['unresolved'] };
  const hidden = hiddenById.get(id);
  const tags: HintTag[] = [];
  if (hidden?.external) tags.push('external');
  if (hidden?.origin === 'unresolved') tags.push('unresolved');
  tags.push('hidden');
  return { key: `hidden:${id}`, label: id, tags };
}

function dispatchNode(table: DispatchTable, labels: Map<string, string>): DispatchNode {
  const rows = table.entries.map((entry): DispatchRow => {
    const label = entry.target === null ? undefined : labels.get(entry.target);
    return label === undefined
      ? { key: oneLine(entry.key), target: oneLine(entry.expression), resolved: false }
      : { key: oneLine(entry.key), target: label, resolved: true };
  });
  const targets = [...new Set(table.entries.map((entry) => entry.target).filter((id): id is string => id !== null && labels.has(id)))];
  return { key: `dispatch:${table.id}`, label: table.name, table, rows, targets };
}

/**
 * Same-named classes in different modules must stay apart to the reader too: they get the
 * shortest dotted suffix of their id that no other shown class shares (`cisco.Base`, `juniper.Base`).
 */
export function uniqueLabels(classes: readonly ClassInfo[]): Map<string, string> {
  const labels = new Map<string, string>();
  const parts = new Map(classes.map((cls) => [cls.id, cls.id.split('.')]));
  const byName = new Map<string, ClassInfo[]>();
  for (const cls of classes) byName.set(cls.name, [...(byName.get(cls.name) ?? []), cls]);
  for (const [name, group] of byName) {
    if (group.length === 1) {
      labels.set(group[0].id, name);
      continue;
    }
    for (const cls of group) {
      const own = parts.get(cls.id)!;
      let length = cls.qualname.split('.').length + 1;
      const suffix = (id: string, n: number) => parts.get(id)!.slice(-n).join('.');
      while (length < own.length && group.some((other) => other !== cls && suffix(other.id, length) === suffix(cls.id, length))) length++;
      labels.set(cls.id, suffix(cls.id, Math.min(length, own.length)));
    }
  }
  return labels;
}

/** Every format labels package edges alike: `inherits ×3`, `dispatch ×12`. */
export function packageEdgeLabel(edge: PackageEdge): string {
  return `${edge.kind === 'inheritance' ? 'inherits' : 'dispatch'} ×${edge.count}`;
}

/** `3 classes`, `1 class`. */
export function classCount(count: number): string {
  return `${count} ${count === 1 ? 'class' : 'classes'}`;
}

/** The one-word description of tags a format prints as a stereotype: `external, dynamic`. */
export function stereotype(tags: readonly string[]): string {
  return tags.join(', ');
}
