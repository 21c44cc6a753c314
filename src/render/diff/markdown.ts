// The class diff as Markdown for release notes and upgrade tickets: summary, breaking changes, other changes.
import type { ClassChange } from '../../model/classDiff.js';
import type { DiffRenderer } from './renderer.js';
import { describeChange, groupBySubject, summaryLine } from './_wording.js';

/** A code span that survives backticks inside (CommonMark: a longer fence, padded with spaces). */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function section(title: string, changes: readonly ClassChange[]): string[] {
  if (changes.length === 0) return [];
  const lines = ['', `## ${title} (${changes.length})`];
  for (const group of groupBySubject(changes)) {
    lines.push('', `### ${code(group.subject)}`, '');
    for (const change of group.changes) {
      const wording = describeChange(change);
      lines.push(`- ${wording.sign} ${code(wording.text)}`);
      for (const detail of wording.details) lines.push(`  - ${code(detail)}`);
    }
  }
  return lines;
}

export const markdownDiffRenderer: DiffRenderer = {
  format: 'markdown',
  description: 'the changes as Markdown, for release notes and upgrade tickets',
  extension: 'md',
  async render({ diff }) {
    const lines = [
      `# API changes: ${code(diff.old.spec)} -> ${code(diff.new.spec)}`,
      '',
      `**${summaryLine(diff)}**`,
      ...section('Breaking changes', diff.changes.filter((change) => change.breaking)),
      ...section('Other changes', diff.changes.filter((change) => !change.breaking)),
    ];
    const rules = Object.entries(diff.rules);
    if (rules.length > 0) {
      lines.push('', '## Rules', '', '| rule | breaking | why |', '| --- | --- | --- |');
      for (const [id, rule] of rules) lines.push(`| ${code(id)} | ${rule.breaking ? 'yes' : 'no'} | ${rule.why.replace(/\|/g, '\\|')} |`);
    }
    return `${lines.join('\n')}\n`;
  },
};
