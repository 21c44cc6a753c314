// The tail shared by `classes` and `render`: filter the model, render it in the chosen format, write it.
import { Option, type Command } from 'commander';
import { filterClassModel } from '../../analyse/classFilters.js';
import { NetxrayError } from '../../errors.js';
import type { ClassModel } from '../../model/classModel.js';
import { classRenderers, findClassRenderer } from '../../render/index.js';
import type { ClassRenderer, RenderOptions } from '../../render/renderer.js';
import { join, resolve } from 'node:path';
import { packagePages } from './splitPages.js';
import { MERMAID_MAX_TEXT } from '../../render/classes/_readable.js';
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
  split?: boolean;
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
    .option('--split', 'one file per subpackage in the folder -o DIR (split again while a page would not read at page width)')
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
  if (flags.split) return writePages(view, renderer, flags, log, progress);
  progress?.phase(`drawing ${flags.format}`);
  const toTerminal = !flags.output && !!process.stdout.isTTY;
  const options = {
    ...renderOptions(flags, model.target.module, log),
    // A person at a terminal gets a big package's summary; a pipe or a file gets every class.
    summary: toTerminal && !hasFilters(flags),
  };
  const data = forText(renderer.format, view);
  const content = renderer.pieces ? renderer.pieces(data, options) : await renderer.render(data, options);
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

function renderOptions(flags: OutputFlags, title: string, log: (line: string) => void): RenderOptions {
  return { title, color: useColor(flags), warn: (message) => log(`netxray: ${message}`), scale: flags.scale, maxWidth: flags.maxWidth };
}

/** --split: one file per page (see ./splitPages.ts) in the folder -o names. */
async function writePages(view: ClassModel, renderer: ClassRenderer, flags: OutputFlags, log: (line: string) => void, progress?: Progress): Promise<void> {
  if (!flags.output || flags.output === '-') throw new NetxrayError('bad-input', '--split writes one file per subpackage: name a folder with -o DIR');
  progress?.phase('splitting into pages');
  // Mermaid pages must stay within maxTextSize; drawings must read at page width.
  const fits = renderer.format === 'mermaid'
    ? async (page: ClassModel) => String(await renderer.render(page, {})).length <= MERMAID_MAX_TEXT
    : undefined;
  const pages = await packagePages(view, fits);
  for (const [i, page] of pages.entries()) {
    progress?.phase(`drawing ${flags.format} page ${i + 1} of ${pages.length}`);
    const content = await renderer.render(forText(renderer.format, page.model), renderOptions(flags, page.name, (line) => log(line.replace(/^netxray: /, `netxray: ${page.name}: `))));
    writeResult(content, { output: join(flags.output, `${page.name}.${renderer.extension}`) }, renderer.binary);
  }
  progress?.done();
  const own = view.classes.filter((c) => !c.external).length;
  log(`netxray: wrote ${pages.length} ${pages.length === 1 ? 'page' : 'pages'} to ${resolve(flags.output)} (${renderer.format}, one per package, ${own} classes of ${view.target.module})`);
}
