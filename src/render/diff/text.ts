// Terminal text of a class diff: breaking changes first, grouped by class, then a one-line count summary.
import type { ClassChange } from '../../model/classDiff.js';
import type { DiffRenderer } from './renderer.js';
import { describeChange, groupBySubject, summaryLine } from './_wording.js';

interface Paint {
  red(text: string): string;
  green(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const ansi: Paint = {
  red: (text) => `\x1b[31m${text}\x1b[39m`,
  green: (text) => `\x1b[32m${text}\x1b[39m`,
  bold: (text) => `\x1b[1m${text}\x1b[22m`,
  dim: (text) => `\x1b[2m${text}\x1b[22m`,
};
const plain: Paint = { red: (text) => text, green: (text) => text, bold: (text) => text, dim: (text) => text };

function section(title: string, changes: readonly ClassChange[], paint: Paint): string[] {
  if (changes.length === 0) return [];
  const lines = ['', paint.bold(`${title} (${changes.length})`)];
  for (const group of groupBySubject(changes)) {
    lines.push(`  ${paint.bold(group.subject)}`);
    for (const change of group.changes) {
      const wording = describeChange(change);
      const sign = wording.sign === '+' ? paint.green(wording.sign) : wording.sign === '-' ? paint.red(wording.sign) : wording.sign;
      lines.push(`    ${sign} ${wording.text}`);
      for (const detail of wording.details) lines.push(`        ${detail.endsWith('[breaking]') ? paint.red(detail) : paint.dim(detail)}`);
    }
  }
  return lines;
}

export const textDiffRenderer: DiffRenderer = {
  format: 'text',
  description: 'the changes as text: breaking first, grouped by class, with a one-line summary',
  extension: 'txt',
  async render({ diff }, options) {
    const paint = options.color ? ansi : plain;
    const lines = [`netxray diff: ${diff.old.spec} (${diff.old.classes} classes) -> ${diff.new.spec} (${diff.new.classes} classes)`];
    lines.push(...section('Breaking changes', diff.changes.filter((change) => change.breaking), paint));
    lines.push(...section('Other changes', diff.changes.filter((change) => !change.breaking), paint));
    lines.push('', diff.summary.breaking > 0 ? paint.red(summaryLine(diff)) : summaryLine(diff));
    return `${lines.join('\n')}\n`;
  },
};
