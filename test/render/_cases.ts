// The views the golden files and the mermaid validity test draw: a fixture model plus filters.
import { filterClassModel, type ClassFilterOptions } from '../../src/analyse/classFilters.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { loadModel } from './_models.js';

export interface ViewCase {
  /** Golden file base name. */
  name: string;
  fixture: string;
  filters: ClassFilterOptions;
}

export const viewCases: ViewCase[] = [
  { name: 'same-names', fixture: 'same-names', filters: { members: 'all' } },
  { name: 'same-names-public', fixture: 'same-names', filters: { members: 'public' } },
  { name: 'externals', fixture: 'externals', filters: { members: 'all' } },
  { name: 'externals-hidden', fixture: 'externals', filters: { externals: false, members: 'none' } },
  { name: 'dynamic', fixture: 'dynamic', filters: { members: 'all' } },
  { name: 'focus', fixture: 'packages', filters: { focus: 'CiscoBase', members: 'none' } },
  { name: 'collapse', fixture: 'packages', filters: { collapse: 2 } },
  { name: 'empty', fixture: 'empty', filters: {} },
];

export function viewOf(viewCase: ViewCase): ClassModel {
  return filterClassModel(loadModel(viewCase.fixture), viewCase.filters);
}
