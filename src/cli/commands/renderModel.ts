// The tail shared by `classes` and `render`: filter the model, render it in the chosen format, write it.
import { Option, type Command } from 'commander';
import { filterClassModel } from '../../analyse/classFilters.js';
import { NetxrayError } from '../../errors.js';
import type { ClassModel } from '../../model/classModel.js';
import { classRenderers, findClassRenderer } from '../../render/index.js';
import { filterOptionsFrom, hasFilters, positiveInteger, positiveNumber, type FilterFlags } from '../filterOptions.js';
import { openInBrowser } from '../openBrowser.js';
import { forText, writeResult } from '../output.js';
import type { Progress } from '../progress.js';

export interface OutputFlags extends FilterFlags {
  format: string;
  output?: string;
  open?: boolean;
  scale?: number;
  maxWidth?: number;
  color?: 'auto' | 'always' | 'never';
}

/** Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or --color says otherwise. */
export function useColor(flags: OutputFlags, env: NodeJS.ProcessEnv = process.env, isTTY = !!process.stdout.isTTY): boolean {
  if (flags.color === 'always') return true;
  if (flags.color === 'never' || (env.NO_COLOR ?? '') !== '') return false;
  return !flags.output && isTTY;
}

/** The PNG size flags `classes` and `render` share. */
export function addImageFlags(command: Command): Command {
  return command
    .option('--scale <n>', 'png: pixels per diagram pixel (default 2)', positiveNumber)
    .option('--max-width <px>', 'png: widest image in pixels; the scale shrinks to fit (default 4096)', positiveInteger)
    .addOption(new Option('--color <when>', 'tree: ANSI colours (auto: on a terminal, unless NO_COLOR is set)').choices(['auto', 'always', 'never']).default('auto'));
}

export function checkFormat(format: string): void {
  if (!findClassRenderer(format)) {
    throw new NetxrayError('bad-input', `unknown format '${format}'; choose one of ${classRenderers.map((r) => r.format).join(', ')}`);
  }
}

export async function renderAndWrite(model: ClassModel, flags: OutputFlags, log: (line: string) => void, progress?: Progress): Promise<void> {
  const renderer = findClassRenderer(flags.format);
  if (!renderer) return checkFormat(flags.format);
  const view = hasFilters(flags) ? filterClassModel(model, filterOptionsFrom(flags)) : model;
  progress?.phase(`drawing ${flags.format}`);
  const toTerminal = !flags.output && !!process.stdout.isTTY;
  const content = await renderer.render(forText(renderer.format, view), {
    title: model.target.module,
    color: useColor(flags),
    // A person at a terminal gets a big package's summary; a pipe or a file gets every class.
    summary: toTerminal && !hasFilters(flags),
    warn: (message) => log(`netxray: ${message}`),
    scale: flags.scale,
    maxWidth: flags.maxWidth,
  });
  progress?.done();
  const written = writeResult(content, flags, renderer.binary);
  if (written) {
    const own = view.classes.filter((c) => !c.external).length;
    const external = view.classes.length - own;
    log(`netxray: wrote ${written} (${renderer.format}, ${own} classes of ${model.target.module}${external ? ` + ${external} external ancestors` : ''})`);
    if (flags.open) openInBrowser(written, log);
  } else if (flags.open) {
    log('netxray: --open needs -o FILE');
  }
}
