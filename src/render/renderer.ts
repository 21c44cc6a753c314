// The interface every class-model output format implements; the registry lives in ./index.ts.
import type { ClassModel } from '../model/classModel.js';

export interface RenderOptions {
  /** Diagram title, e.g. the analysed package. */
  title?: string;
  /** Terminal formats (tree) may use ANSI colours; the CLI sets this for a TTY (NO_COLOR, --color). */
  color?: boolean;
  /** tree: a big package gets a summary and its largest hierarchies instead of every class (the CLI, on a terminal). */
  summary?: boolean;
  /** Where a renderer says that its output will not read well (too wide, too long for Mermaid) and what helps. */
  warn?: (message: string) => void;
  /** PNG: pixels per diagram pixel (default 2, for sharp text). */
  scale?: number;
  /** PNG: the widest image to write, in pixels (default 4096); the scale shrinks to fit. */
  maxWidth?: number;
}

export interface ClassRenderer {
  /** The `--format` value. */
  format: string;
  description: string;
  /** File extension for `-o` defaults, without the dot. */
  extension: string;
  /** Binary outputs (png) cannot go to a terminal. */
  binary: boolean;
  render(model: ClassModel, options: RenderOptions): Promise<string | Uint8Array>;
  /**
   * The same text as `render`, in pieces, for a format whose output can be too big to make well as one string
   * (neutron's JSON is 47 MB): the CLI writes them as they come.
   */
  pieces?(model: ClassModel, options: RenderOptions): Iterable<string>;
}
