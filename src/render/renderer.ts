// The interface every class-model output format implements; the registry lives in ./index.ts.
import type { ClassModel } from '../model/classModel.js';

export interface RenderOptions {
  /** Diagram title, e.g. the analysed package. */
  title?: string;
  /** Terminal formats (tree) may use ANSI colours; the CLI sets this only for a TTY. */
  color?: boolean;
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
}
