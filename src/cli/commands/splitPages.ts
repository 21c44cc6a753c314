// `--split`: one page per subpackage, split further while a page would not read at page width.
import { filterClassModel } from '../../analyse/classFilters.js';
import type { ClassModel } from '../../model/classModel.js';
import { layoutModel } from '../../render/layout/elkLayout.js';
import { readableSize } from '../../render/classes/_readable.js';

export interface Page {
  /** The package the page draws (the target's own modules that are not packages go on the target's page). */
  name: string;
  model: ClassModel;
}

/** A subpackage drawn whole on one page at most this deep below the target; past it, a page is drawn as it is. */
const MAX_SPLIT_DEPTH = 12;

/**
 * The pages of `model`: the package's own modules on one page, each subpackage on its own, and a subpackage too big
 * to read (`fits`: at page width by default) split again into its own modules' page(s) and its subpackages' pages.
 */
export async function packagePages(model: ClassModel, fits: (page: ClassModel) => Promise<boolean> = readableAtPageWidth): Promise<Page[]> {
  const packages = new Set(model.modules.filter((m) => m.isPackage).map((m) => m.name));
  const modules = [...new Set(model.classes.filter((c) => !c.external).map((c) => c.module))];
  const pages: Page[] = [];
  const visit = async (pkg: string, depth: number) => {
    const below = modules.filter((m) => m.startsWith(pkg + '.'));
    const subpackages = [...new Set(below.map((m) => pkg + '.' + m.slice(pkg.length + 1).split('.')[0]))].filter((s) => packages.has(s) && modules.some((m) => m.startsWith(s + '.') || m === s)).sort();
    const whole = filtered(model, [pkg, pkg + '.**']);
    // The target itself is always split (that is what --split asks for); its subpackages only while too big.
    if (depth > 0 && (depth >= MAX_SPLIT_DEPTH || await fits(whole))) {
      if (hasClasses(whole)) pages.push({ name: pkg, model: whole });
      return;
    }
    // The package's own modules (its __init__ and the modules that are not packages) together on its page, or one
    // page each when together they are too big; a single module too big is drawn as it is (the renderer warns).
    const ownModules = [pkg, ...below.filter((m) => !subpackages.some((s) => m === s || m.startsWith(s + '.')))].filter((m) => modules.includes(m));
    const own = ownModules.length ? filtered(model, ownModules) : model;
    if (ownModules.length === 0) {
      // Only subpackages below.
    } else if (ownModules.length > 1 && !await fits(own)) {
      for (const module of ownModules.sort()) pages.push({ name: module, model: filtered(model, [module]) });
    } else if (hasClasses(own)) {
      pages.push({ name: pkg, model: own });
    }
    for (const sub of subpackages) await visit(sub, depth + 1);
  };
  await visit(model.target.module, 0);
  return pages;
}

/** Modules matched exactly or by glob (dotted names, `**` for everything below). */
function filtered(model: ClassModel, include: string[]): ClassModel {
  return filterClassModel(model, { include });
}

function hasClasses(model: ClassModel): boolean {
  return model.classes.some((c) => !c.external);
}

/** Drawings (svg, png, html…): the page's layout reads at page width. */
export async function readableAtPageWidth(model: ClassModel): Promise<boolean> {
  const { placement } = await layoutModel(model);
  return readableSize(placement.width, placement.height);
}
