// Test helpers: the hand-built fixture models, read through the same validation as `netxray render`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClassModel } from '../../src/model/classModel.js';
import { parseClassModel } from '../../src/model/validateClassModel.js';

export const fixtureDir = fileURLToPath(new URL('../fixtures/models/', import.meta.url));
export const goldenDir = fileURLToPath(new URL('../golden/', import.meta.url));

export function loadModel(name: string): ClassModel {
  const path = `${fixtureDir}${name}.json`;
  return parseClassModel(readFileSync(path, 'utf8'), path);
}
