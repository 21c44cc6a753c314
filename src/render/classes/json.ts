// JSON output: the model itself, the contract other tools and `netxray render` read back.
import { jsonPieces } from '../jsonPieces.js';
import type { ClassRenderer } from '../renderer.js';

export const jsonRenderer: ClassRenderer = {
  format: 'json',
  description: 'the class model as versioned JSON (docs/class-model.md)',
  extension: 'json',
  binary: false,
  async render(model) {
    return [...jsonPieces(model)].join('');
  },
  pieces: (model) => jsonPieces(model),
};
