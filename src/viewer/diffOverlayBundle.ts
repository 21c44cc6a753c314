// The diff overlay's script for the HTML diff page (src/render/diff/html.ts), built like the viewer's own script.
import { moduleJavaScript, unmodule } from './bundle.js';

let cachedOverlay: Promise<string> | undefined;

export function diffOverlayScript(): Promise<string> {
  cachedOverlay ??= (async () => `(function () {\n'use strict';\n${unmodule(await moduleJavaScript('../escape'))}\n${unmodule(await moduleJavaScript('diffOverlay'))}\nstartDiffOverlay();\n})();\n`)();
  return cachedOverlay;
}
