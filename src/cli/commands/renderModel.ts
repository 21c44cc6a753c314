// The tail shared by `classes` and `render`: filter the model, render it in the chosen format, write it.
import { filterClassModel } from '../../analyse/classFilters.js';
import { NetxrayError } from '../../errors.js';
import type { ClassModel } from '../../model/classModel.js';
import { classRenderers, findClassRenderer } from '../../render/index.js';
import { filterOptionsFrom, hasFilters, type FilterFlags } from '../filterOptions.js';
import { openInBrowser } from '../openBrowser.js';
import { forText, writeResult } from '../output.js';

export interface OutputFlags extends FilterFlags {
  format: string;
  output?: string;
  open?: boolean;
}

export function checkFormat(format: string): void {
  if (!findClassRenderer(format)) {
    throw new NetxrayError('bad-input', `unknown format '${format}'; choose one of ${classRenderers.map((r) => r.format).join(', ')}`);
  }
}

export async function renderAndWrite(model: ClassModel, flags: OutputFlags, log: (line: string) => void): Promise<void> {
  const renderer = findClassRenderer(flags.format);
  if (!renderer) return checkFormat(flags.format);
  const view = hasFilters(flags) ? filterClassModel(model, filterOptionsFrom(flags)) : model;
  const content = await renderer.render(forText(renderer.format, view), { title: model.target.module, color: !flags.output && !!process.stdout.isTTY });
  const written = writeResult(content, flags, renderer.binary);
  if (written) {
    log(`netxray: wrote ${written} (${renderer.format}, ${view.classes.filter((c) => !c.external).length} classes)`);
    if (flags.open) openInBrowser(written, log);
  } else if (flags.open) {
    log('netxray: --open needs -o FILE');
  }
}
