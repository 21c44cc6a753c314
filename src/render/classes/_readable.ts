// When a static diagram stops being readable, and what to say about it: one place for the limits and the advice.
import type { ClassModel } from '../../model/classModel.js';

/** A page or wiki is about this wide; GitHub and Confluence scale wider images down. */
export const PAGE_WIDTH_PX = 4096;
/** Below this the smallest text of a class box is not readable (the bar). */
export const MIN_TEXT_PX = 10;
/** The smallest text a diagram draws at zoom 1: module lines and notes (METRICS.subtitleSize in src/viewer/diagram.ts). */
export const SMALLEST_TEXT_PX = 11;
/** Mermaid's default `maxTextSize` (mermaid/src/defaultConfig.ts): longer text renders as an error box instead. */
export const MERMAID_MAX_TEXT = 50_000;

/** The widest drawing that still fits the page with text at MIN_TEXT_PX or more. */
export const MAX_READABLE_WIDTH = Math.floor(PAGE_WIDTH_PX * SMALLEST_TEXT_PX / MIN_TEXT_PX);
/**
 * The tallest: four pages' widths. Rows wrap, so a whole big package is narrow but endless (neutron class by class is
 * over 100,000 px tall), and a PNG that tall is a gigabyte of pixels nobody scrolls through; past it, close or split.
 */
export const MAX_READABLE_HEIGHT = 4 * MAX_READABLE_WIDTH;

/** Whether a drawing of this size reads at page width. */
export function readableSize(width: number, height: number): boolean {
  return width <= MAX_READABLE_WIDTH && height <= MAX_READABLE_HEIGHT;
}

/** A filter that picks fewer classes, with the model's own names in it so it can be pasted. */
export function narrowingAdvice(model: ClassModel): string {
  const root = model.target.module;
  const biggest = biggestSubpackage(model);
  const include = biggest ? `--include "${biggest}.**"` : `--include "${root}.MODULE.**"`;
  return `--split -o DIR writes one page per subpackage; or narrow it with ${include}, --focus CLASS, --members none or --collapse 2`;
}

/** The subpackage of the target with the most classes: a good first example for --include. */
function biggestSubpackage(model: ClassModel): string | undefined {
  const root = model.target.module;
  const counts = new Map<string, number>();
  for (const cls of model.classes) {
    if (cls.external || !cls.module.startsWith(root + '.')) continue;
    const sub = root + '.' + cls.module.slice(root.length + 1).split('.')[0];
    if (model.modules.some((m) => m.name === sub && m.isPackage)) counts.set(sub, (counts.get(sub) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
