// The registry of pattern recognisers, applied in this order to every module of the target.
import { dispatchTableRecogniser } from './dispatchTables.js';
import { pyezTableRecogniser } from './pyezTables.js';
import type { ClassRecogniser } from './recogniser.js';
import { typeCallRecogniser } from './typeCalls.js';

export const classRecognisers: readonly ClassRecogniser[] = [
  typeCallRecogniser,
  pyezTableRecogniser,
  dispatchTableRecogniser,
];

export type { ClassRecogniser, DeclaredClass } from './recogniser.js';
