// JSON output: the model itself, the contract other tools and `netxray render` read back.
import type { ClassRenderer } from '../renderer.js';

export const jsonRenderer: ClassRenderer = {
  format: 'json',
  description: 'the class model as versioned JSON (docs/class-model.md)',
  extension: 'json',
  binary: false,
  async render(model) {
    return JSON.stringify(model, null, 2) + '\n';
  },
};
