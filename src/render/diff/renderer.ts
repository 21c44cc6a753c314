// The interface every class-diff output format implements; the registry lives in ./index.ts.
import type { ClassDiff } from '../../model/classDiff.js';
import type { ClassModel } from '../../model/classModel.js';

export interface DiffRenderInput {
  diff: ClassDiff;
  /** Both models as compared (after the view filters): the HTML diff draws the new one and shows old signatures. */
  oldModel: ClassModel;
  newModel: ClassModel;
}

export interface DiffRenderOptions {
  /** Terminal formats may use ANSI colours; the CLI sets this only for a TTY. */
  color?: boolean;
}

export interface DiffRenderer {
  /** The `--format` value with --diff. */
  format: string;
  description: string;
  extension: string;
  render(input: DiffRenderInput, options: DiffRenderOptions): Promise<string>;
}
