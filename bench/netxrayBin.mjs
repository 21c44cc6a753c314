// The CLI every bench times: package.json's bin, as an installed netxray runs (built by `npm run build`).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The bin of the checkout at `root` (this one by default; another one's built checkout as a baseline). */
export function netxrayBin(root = resolve(import.meta.dirname, '..')) {
  return join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.netxray);
}

/** The program and arguments that run `cli` (the bin itself, or a JavaScript entry such as an old build's) with `args`. */
export function netxrayCommand(cli, args) {
  return /\.[cm]?js$/.test(cli) ? [process.execPath, [cli, ...args]] : [cli, args];
}
