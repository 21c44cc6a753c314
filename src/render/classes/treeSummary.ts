// The terminal's first answer for a big package: what it holds, then its largest hierarchies two levels deep,
// then how to see the rest. The whole tree is one pipe away (`| less -R`), as the last line says.
import type { ClassModel } from '../../model/classModel.js';
import type { RenderOptions } from '../renderer.js';
import { indexModel, type ModelIndex } from '../../viewer/diagram.js';
import { compareText } from '../../textOrder.js';

/** Above this many classes of its own, a package gets the summary on a terminal instead of the whole tree. */
export const SUMMARY_THRESHOLD = 60;
const HIERARCHIES = 5;
const CHILDREN = 8;

export interface TreePaint {
  dim(text: string): string;
  bold(text: string): string;
  name(text: string): string;
}

function descendantsOf(index: ModelIndex, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    for (const child of index.children.get(stack.pop()!) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return seen;
}

export function wantsSummary(model: ClassModel, options: RenderOptions): boolean {
  return !!options.summary && model.classes.filter((c) => !c.external).length > SUMMARY_THRESHOLD && !model.view?.packages;
}

export function renderTreeSummary(model: ClassModel, options: RenderOptions, paint: TreePaint): string {
  const index = indexModel(model);
  const own = model.classes.filter((c) => !c.external);
  const external = model.classes.length - own.length;
  const target = options.title ?? model.target.module;
  const tables = model.dispatchTables.map((t) => `${t.name} ${t.entries.length} keys`);
  const lines = [
    `${paint.bold(target)}: ${own.length} classes, ${external} external ancestors${tables.length ? `, dispatch tables ${tables.join(', ')}` : ''}`,
    '',
    'Largest hierarchies (classes below each root):',
  ];
  const size = new Map<string, number>();
  const sizeOf = (id: string) => {
    if (!size.has(id)) size.set(id, descendantsOf(index, id).size);
    return size.get(id)!;
  };
  // Roots: the package's own classes whose bases all lie outside it.
  const roots = own.filter((c) => !c.bases.some((b) => b.id !== null && index.byId.get(b.id)?.external === false))
    .sort((a, b) => sizeOf(b.id) - sizeOf(a.id) || compareText(a.id, b.id));
  for (const root of roots.slice(0, HIERARCHIES)) {
    lines.push(`  ${paint.name(root.name)}  ${paint.dim(`(${root.module})`)}  ${sizeOf(root.id)} below`);
    const children = [...(index.children.get(root.id) ?? [])].sort((a, b) => sizeOf(b) - sizeOf(a) || compareText(a, b));
    children.slice(0, CHILDREN).forEach((id, i) => {
      const last = i === Math.min(children.length, CHILDREN) - 1 && children.length <= CHILDREN;
      const below = sizeOf(id);
      lines.push(`    ${last ? '└──' : '├──'} ${paint.name(index.byId.get(id)!.name)}${below ? paint.dim(`  ${below} below`) : ''}`);
    });
    if (children.length > CHILDREN) lines.push(`    └── ${paint.dim(`… ${children.length - CHILDREN} more subclasses`)}`);
  }
  const rest = roots.length - HIERARCHIES;
  if (rest > 0) lines.push(paint.dim(`  … ${rest} more root classes`));
  lines.push('', paint.dim(`Every class: the same command with --color always | less -R   ·   one hierarchy: --focus CLASS   ·   one subpackage: --include "${target}.NAME.**"`));
  return lines.join('\n') + '\n';
}
