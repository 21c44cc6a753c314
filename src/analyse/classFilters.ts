// View filters on a class model (focus, depth, module globs, members, externals, collapse), so every renderer draws the same thing.
import picomatch from 'picomatch';
import { NetxrayError } from '../errors.js';
import type {
  AppliedClassFilters,
  ClassInfo,
  ClassModel,
  DispatchTable,
  HiddenBase,
} from '../model/classModel.js';
import { collapseToPackages } from './_packageView.js';

export type MemberVisibility = 'none' | 'public' | 'all';

export interface ClassFilterOptions {
  /** A class id, or any dotted suffix of one that is unique (`CiscoIosSSH`, `cisco_ios.CiscoIosSSH`). */
  focus?: string;
  /** With `focus`: how many generations of bases to keep. Default: all of them. */
  ancestors?: number;
  /** With `focus`: how many generations of subclasses to keep. Default: 1 (direct subclasses). */
  descendants?: number;
  /** Module globs on dotted names: `*` is one name part, `**` any number (including none). */
  include?: string[];
  exclude?: string[];
  /** Default 'all'. 'public' keeps names without a leading `_`, plus `__init__`. */
  members?: MemberVisibility;
  /** Default true. When false, external classes go, and shown classes' bases among them become hints. */
  externals?: boolean;
  /** Collapse classes into one node per package, the first `collapse` parts of the module name. */
  collapse?: number;
}

export const DEFAULT_DESCENDANTS = 1;

/** Returns a new model holding only what the options ask for; the input is not changed. */
export function filterClassModel(model: ClassModel, options: ClassFilterOptions): ClassModel {
  const applied = normaliseOptions(model, options);
  const byId = new Map(model.classes.map((cls) => [cls.id, cls]));

  let kept = model.classes;
  if (applied.focus !== undefined) {
    const inFocus = focusSet(model.classes, applied.focus, applied.ancestors ?? Infinity, applied.descendants ?? Infinity);
    kept = kept.filter((cls) => inFocus.has(cls.id));
  }
  const inModules = moduleMatcher(applied.include, applied.exclude);
  kept = kept.filter((cls) => inModules(cls.module));
  if (!applied.externals) kept = kept.filter((cls) => !cls.external);

  const keptIds = new Set(kept.map((cls) => cls.id));
  const classes = kept.map((cls) => withMembers(cls, applied.members));
  const dispatchTables = model.dispatchTables
    .filter((table) => inModules(table.module))
    .map((table) => keepEntriesTo(table, keptIds, applied.focus !== undefined))
    .filter((table): table is DispatchTable => table !== null);
  const hiddenBases = basesNotShown(classes, keptIds, byId, model.view?.hiddenBases ?? []);

  const filtered: ClassModel = {
    ...model,
    classes,
    dispatchTables,
    view: { filters: applied, hiddenBases },
  };
  if (applied.collapse !== undefined) {
    const { packages, packageEdges } = collapseToPackages(filtered, applied.collapse);
    filtered.view = { ...filtered.view!, packages, packageEdges };
  }
  return filtered;
}

function normaliseOptions(model: ClassModel, options: ClassFilterOptions): AppliedClassFilters {
  const applied: AppliedClassFilters = {
    members: options.members ?? 'all',
    externals: options.externals ?? true,
  };
  if (!['none', 'public', 'all'].includes(applied.members)) {
    throw new NetxrayError('bad-input', `members must be none, public or all, not '${String(applied.members)}'`);
  }
  if (options.focus !== undefined) {
    applied.focus = resolveFocus(model.classes, options.focus);
    // Unlimited ancestors stay undefined: Infinity does not survive JSON.
    const ancestors = depth('ancestors', options.ancestors, Infinity);
    if (ancestors !== Infinity) applied.ancestors = ancestors;
    const descendants = depth('descendants', options.descendants, DEFAULT_DESCENDANTS);
    if (descendants !== Infinity) applied.descendants = descendants;
  } else if (options.ancestors !== undefined || options.descendants !== undefined) {
    throw new NetxrayError('bad-input', 'ancestors and descendants need a focus class');
  }
  if (options.include?.length) applied.include = [...options.include];
  if (options.exclude?.length) applied.exclude = [...options.exclude];
  if (options.collapse !== undefined) {
    if (!Number.isInteger(options.collapse) || options.collapse < 1) {
      throw new NetxrayError('bad-input', `collapse must be a whole number of package levels (1 or more), not '${options.collapse}'`);
    }
    applied.collapse = options.collapse;
  }
  return applied;
}

function depth(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value !== Infinity && (!Number.isInteger(value) || value < 0)) {
    throw new NetxrayError('bad-input', `${name} must be a whole number of generations (0 or more), not '${value}'`);
  }
  return value;
}

/** Exact id first; otherwise a unique dotted suffix, so users can type the short name they know. */
export function resolveFocus(classes: readonly ClassInfo[], focus: string): string {
  if (classes.some((cls) => cls.id === focus)) return focus;
  const bySuffix = classes.filter((cls) => cls.id.endsWith('.' + focus));
  if (bySuffix.length === 1) return bySuffix[0].id;
  if (bySuffix.length > 1) {
    throw new NetxrayError('bad-input', `focus '${focus}' is ambiguous: ${listSome(bySuffix.map((cls) => cls.id))}; give the full id`);
  }
  const lower = focus.toLowerCase();
  const similar = classes.filter((cls) => cls.name.toLowerCase().includes(lower)).map((cls) => cls.id);
  const hint = similar.length ? `; similar: ${listSome(similar)}` : '';
  throw new NetxrayError('bad-input', `focus '${focus}' is not a class in the model${hint}`);
}

function listSome(ids: string[], max = 8): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')} and ${ids.length - max} more` : ids.join(', ');
}

/** The focus class, its bases up to `ancestors` generations and subclasses down to `descendants`. */
function focusSet(classes: readonly ClassInfo[], focus: string, ancestors: number, descendants: number): Set<string> {
  const bases = new Map<string, string[]>();
  const subclasses = new Map<string, string[]>();
  for (const cls of classes) {
    for (const base of cls.bases) {
      if (base.id === null) continue;
      bases.set(cls.id, [...(bases.get(cls.id) ?? []), base.id]);
      subclasses.set(base.id, [...(subclasses.get(base.id) ?? []), cls.id]);
    }
  }
  return new Set([...walk(focus, bases, ancestors), ...walk(focus, subclasses, descendants)]);
}

function walk(start: string, next: Map<string, string[]>, generations: number): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let generation = 0; generation < generations && frontier.length > 0; generation++) {
    frontier = frontier.flatMap((id) => next.get(id) ?? []).filter((id) => !seen.has(id));
    for (const id of frontier) seen.add(id);
  }
  return seen;
}

/** Python modules are dotted, globs are path-like: match `a.b.c` as `a/b/c` so `*` stops at a dot. */
function moduleMatcher(include: string[] | undefined, exclude: string[] | undefined): (module: string) => boolean {
  const asPath = (dotted: string) => dotted.replaceAll('.', '/');
  const included = include ? picomatch(include.map(asPath)) : () => true;
  const excluded = exclude ? picomatch(exclude.map(asPath)) : () => false;
  return (module) => included(asPath(module)) && !excluded(asPath(module));
}

/** `_name` is private by Python convention; `__init__` stays because it shows how to build the class. */
export function isPublicName(name: string): boolean {
  return !name.startsWith('_') || name === '__init__';
}

function withMembers(cls: ClassInfo, members: MemberVisibility): ClassInfo {
  if (members === 'all') return cls;
  const keep = members === 'none' ? () => false : (member: { name: string }) => isPublicName(member.name);
  return {
    ...cls,
    methods: cls.methods.filter(keep),
    inheritedMethods: cls.inheritedMethods.filter(keep),
    attributes: cls.attributes.filter(keep),
  };
}

/**
 * Entries selecting a filtered-out class go; unresolved entries (target null) stay because
 * nothing says where they lead. A table whose resolved entries are all gone goes too, and with
 * a focus so does a table that selects nothing shown: it is not about the focused classes.
 */
function keepEntriesTo(table: DispatchTable, keptIds: Set<string>, focused: boolean): DispatchTable | null {
  const entries = table.entries.filter((entry) => entry.target === null || keptIds.has(entry.target));
  const hadResolved = table.entries.some((entry) => entry.target !== null);
  const hasResolved = entries.some((entry) => entry.target !== null);
  if (!hasResolved && (hadResolved || focused)) return null;
  return entries.length === table.entries.length ? table : { ...table, entries };
}

function basesNotShown(
  classes: readonly ClassInfo[],
  keptIds: Set<string>,
  byId: Map<string, ClassInfo>,
  earlier: readonly HiddenBase[],
): HiddenBase[] {
  const earlierById = new Map(earlier.map((hidden) => [hidden.id, hidden]));
  const hidden = new Map<string, HiddenBase>();
  for (const cls of classes) {
    for (const base of cls.bases) {
      if (base.id === null || keptIds.has(base.id) || hidden.has(base.id)) continue;
      const info = byId.get(base.id);
      // A model filtered twice no longer holds the class, but its first view remembered it.
      const entry = info
        ? { id: info.id, name: info.name, module: info.module, external: info.external, origin: info.origin }
        : earlierById.get(base.id);
      if (entry) hidden.set(base.id, entry);
    }
  }
  return [...hidden.values()];
}
