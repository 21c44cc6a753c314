// The class diff as JSON (the netxray/class-diff model, docs/class-diff.md).
import type { DiffRenderer } from './renderer.js';

export const jsonDiffRenderer: DiffRenderer = {
  format: 'json',
  description: 'the netxray/class-diff model as JSON (docs/class-diff.md)',
  extension: 'json',
  async render({ diff }) {
    return `${JSON.stringify(diff, null, 2)}\n`;
  },
};
