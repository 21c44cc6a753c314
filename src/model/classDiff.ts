// The class diff: what changed between two class models (two versions of a library), each change marked
// breaking or not. Documented for users in docs/class-diff.md; bump CLASS_DIFF_VERSION on any incompatible change.
import type { AppliedClassFilters, MethodKind, ParameterInfo } from './classModel.js';

export const CLASS_DIFF_SCHEMA = 'netxray/class-diff' as const;
export const CLASS_DIFF_VERSION = 1 as const;

export interface ClassDiff {
  schema: typeof CLASS_DIFF_SCHEMA;
  version: typeof CLASS_DIFF_VERSION;
  generator: { name: 'netxray'; version: string };
  old: DiffSide;
  new: DiffSide;
  /** The view filters applied to both sides before comparing, when any were given. */
  filters?: AppliedClassFilters;
  /** Breaking changes first, then by class id, then by member; see docs/class-diff.md. */
  changes: ClassChange[];
  summary: DiffSummary;
  /** Every rule named by a change or parameter change: whether it breaks, and why. */
  rules: Record<string, { breaking: boolean; why: string }>;
}

export interface DiffSide {
  /** What the user typed (a package name, directory, file or saved model JSON). */
  spec: string;
  /** Dotted name of the analysed package. */
  module: string;
  path: string;
  /** The analysed package's own classes (not external ancestors) after the view filters. */
  classes: number;
}

export interface DiffSummary {
  changes: number;
  breaking: number;
  /** Count of changes per kind, every kind present (0 when none). */
  byKind: Record<ChangeKind, number>;
}

export type ChangeKind =
  | 'class-added'
  | 'class-removed'
  /** Same name, another module (or enclosing class): matched by name and shape, see `match`. */
  | 'class-moved'
  | 'bases-changed'
  /** The MRO changed while the class's own bases did not (an ancestor changed). */
  | 'mro-changed'
  | 'method-added'
  | 'method-removed'
  /** No longer defined by the class, but still inherited from a base in the new version. */
  | 'method-moved-to-base'
  /** method / classmethod / staticmethod / property changed into another kind. */
  | 'method-kind-changed'
  | 'signature-changed'
  | 'property-added'
  | 'property-removed'
  | 'attribute-added'
  | 'attribute-removed'
  | 'dispatch-table-added'
  | 'dispatch-table-removed'
  | 'dispatch-key-added'
  | 'dispatch-key-removed'
  /** The key now selects another class. */
  | 'dispatch-key-retargeted';

export const CHANGE_KINDS: readonly ChangeKind[] = [
  'class-added', 'class-removed', 'class-moved', 'bases-changed', 'mro-changed',
  'method-added', 'method-removed', 'method-moved-to-base', 'method-kind-changed', 'signature-changed',
  'property-added', 'property-removed', 'attribute-added', 'attribute-removed',
  'dispatch-table-added', 'dispatch-table-removed', 'dispatch-key-added', 'dispatch-key-removed', 'dispatch-key-retargeted',
];

export interface ClassChange {
  kind: ChangeKind;
  breaking: boolean;
  /** Why it is (or is not) breaking: a rule id of src/analyse/classDiff/breakingRules.ts. */
  rule: string;
  /**
   * The class concerned: its new id (its old id for a removed class). For dispatch changes: the table id.
   */
  subject: string;
  /** For a moved class: its old id. */
  oldSubject?: string;
  /** The method, property or attribute name; the key for dispatch-key changes. */
  member?: string;
  /** The value before and after, as text: bases, MRO, signature, kind, dispatch target, the moved-to base. */
  old?: string;
  new?: string;
  /** class-moved: how the two classes were matched. */
  match?: ClassMatch;
  /** signature-changed (and method-moved-to-base when it changed too): what happened to each parameter. */
  parameters?: ParameterChange[];
  /** signature-changed: both parameter lists, `self`/`cls` included, for side-by-side display. */
  signature?: { kind: MethodKind; old: ParameterInfo[]; new: ParameterInfo[] };
}

export interface ClassMatch {
  /** `name`: the only class of that name on both sides; `name-and-shape`: the most similar of several. */
  by: 'name' | 'name-and-shape';
  /** Shared members and bases over all of them (Jaccard index), 0..1. */
  similarity: number;
}

export type ParameterChangeKind =
  | 'added'
  | 'removed'
  /** Same position, another name. */
  | 'renamed'
  | 'default-added'
  | 'default-removed'
  | 'default-changed'
  /** positional-or-keyword -> keyword-only and the like; `old`/`new` are ParameterKind values. */
  | 'kind-changed'
  /** Its order relative to the other positional parameters changed. */
  | 'moved';

export interface ParameterChange {
  kind: ParameterChangeKind;
  /** The parameter's new name (old name when removed). */
  parameter: string;
  breaking: boolean;
  rule: string;
  /** renamed: old name; default-*: default as written; kind-changed: ParameterKind; moved/added: position. */
  old?: string;
  new?: string;
}
