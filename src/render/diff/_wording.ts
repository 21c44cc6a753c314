// Shared wording of class-diff changes for the text, Markdown and HTML formats: one line per change, one per parameter.
import type { ChangeKind, ClassChange, ClassDiff, ParameterChange } from '../../model/classDiff.js';
import { formatParameters } from '../classes/_labels.js';

/** How a change reads: a sign (+ added, - removed, ~ changed, > moved), the member or class, and what happened. */
export interface ChangeWording {
  sign: '+' | '-' | '~' | '>';
  text: string;
  /** Parameter-level lines under a signature change. */
  details: string[];
}

const SIGN: Record<ChangeKind, ChangeWording['sign']> = {
  'class-added': '+', 'class-removed': '-', 'class-moved': '>', 'bases-changed': '~', 'mro-changed': '~',
  'method-added': '+', 'method-removed': '-', 'method-moved-to-base': '>', 'method-kind-changed': '~', 'signature-changed': '~',
  'property-added': '+', 'property-removed': '-', 'attribute-added': '+', 'attribute-removed': '-',
  'dispatch-table-added': '+', 'dispatch-table-removed': '-', 'dispatch-key-added': '+', 'dispatch-key-removed': '-', 'dispatch-key-retargeted': '~',
};

/** Short class name for lists inside a line; the full id heads the group. */
function shortId(id: string | undefined): string {
  return id === undefined || id === '' ? '(none)' : id.split('.').pop()!;
}

function list(ids: string | undefined): string {
  return ids ? ids.split(', ').map(shortId).join(', ') : '';
}

export function signatureText(change: ClassChange, side: 'old' | 'new'): string {
  if (!change.signature) return '';
  return `(${formatParameters({ kind: change.signature.kind, parameters: change.signature[side] } as Parameters<typeof formatParameters>[0])})`;
}

export function parameterText(change: ParameterChange): string {
  switch (change.kind) {
    case 'added': return `+ ${change.parameter} added at position ${change.new}`;
    case 'removed': return `- ${change.parameter} removed${change.old !== undefined ? ` (default was ${change.old})` : ''}`;
    case 'renamed': return `~ ${change.old} renamed to ${change.new}`;
    case 'default-added': return `~ ${change.parameter} now has a default: ${change.new}`;
    case 'default-removed': return `~ ${change.parameter} lost its default ${change.old}: now required`;
    case 'default-changed': return `~ ${change.parameter} default ${change.old} -> ${change.new}`;
    case 'kind-changed': return `~ ${change.parameter} became ${change.new} (was ${change.old})`;
    case 'moved': return `~ ${change.parameter} moved from position ${change.old} to ${change.new}`;
  }
}

function mroText(change: ClassChange): string {
  const old = (change.old ?? '').split(', ').filter(Boolean);
  const next = (change.new ?? '').split(', ').filter(Boolean);
  const lost = old.filter((id) => !next.includes(id));
  const gained = next.filter((id) => !old.includes(id));
  const parts = [lost.length ? `no longer inherits ${lost.map(shortId).join(', ')}` : '', gained.length ? `now inherits ${gained.map(shortId).join(', ')}` : ''].filter(Boolean);
  return `MRO changed: ${parts.length ? parts.join('; ') : 'same ancestors, new order'}`;
}

export function describeChange(change: ClassChange): ChangeWording {
  const member = change.member ?? '';
  const wording = (text: string, details: string[] = []): ChangeWording => ({ sign: SIGN[change.kind], text, details });
  const parameterLines = (change.parameters ?? []).map((parameter) => `${parameterText(parameter)}${parameter.breaking ? '  [breaking]' : ''}`);
  switch (change.kind) {
    case 'class-added': return wording('class added');
    case 'class-removed': return wording('class removed');
    case 'class-moved': return wording(`moved from ${change.oldSubject} (matched by ${change.match?.by === 'name' ? 'name' : 'name and shape'}, ${Math.round((change.match?.similarity ?? 0) * 100)}% alike)`);
    case 'bases-changed': return wording(`bases (${list(change.old)}) -> (${list(change.new)})`);
    case 'mro-changed': return wording(mroText(change));
    case 'method-added': return wording(`method ${member}${change.old ? ` (was ${change.old})` : ''}`);
    case 'method-removed': return wording(`method ${member}`);
    case 'method-moved-to-base': return wording(`method ${member} now inherited from ${shortId(change.new)}`, parameterLines);
    case 'method-kind-changed': return wording(`${member}: ${change.old} -> ${change.new}`);
    case 'signature-changed': return wording(`${member}${signatureText(change, 'old')} -> ${member}${signatureText(change, 'new')}`, parameterLines);
    case 'property-added': case 'property-removed': return wording(`property ${member}`);
    case 'attribute-added': case 'attribute-removed': return wording(`attribute ${member}`);
    case 'dispatch-table-added': return wording('dispatch table added');
    case 'dispatch-table-removed': return wording('dispatch table removed');
    case 'dispatch-key-added': return wording(`"${member}" -> ${shortId(change.new)}`);
    case 'dispatch-key-removed': return wording(`"${member}" (was ${shortId(change.old)})`);
    case 'dispatch-key-retargeted': return wording(`"${member}": ${shortId(change.old)} -> ${shortId(change.new)}`);
  }
}

const KIND_LABELS: Record<ChangeKind, string> = {
  'class-added': 'classes added', 'class-removed': 'classes removed', 'class-moved': 'classes moved',
  'bases-changed': 'bases changed', 'mro-changed': 'MROs changed',
  'method-added': 'methods added', 'method-removed': 'methods removed', 'method-moved-to-base': 'methods moved to a base',
  'method-kind-changed': 'method kinds changed', 'signature-changed': 'signatures changed',
  'property-added': 'properties added', 'property-removed': 'properties removed',
  'attribute-added': 'attributes added', 'attribute-removed': 'attributes removed',
  'dispatch-table-added': 'dispatch tables added', 'dispatch-table-removed': 'dispatch tables removed',
  'dispatch-key-added': 'dispatch keys added', 'dispatch-key-removed': 'dispatch keys removed', 'dispatch-key-retargeted': 'dispatch keys retargeted',
};

/** One line: `873 changes, 186 breaking: 159 classes added, 17 removed, ...` (kinds with no change left out). */
export function summaryLine(diff: ClassDiff): string {
  const counts = Object.entries(diff.summary.byKind)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${KIND_LABELS[kind as ChangeKind]}`);
  const head = `${diff.summary.changes} change${diff.summary.changes === 1 ? '' : 's'}, ${diff.summary.breaking} breaking`;
  return counts.length ? `${head}: ${counts.join(', ')}` : `${head}: no change`;
}

/** Changes grouped by subject (class or dispatch table), in the diff's order (breaking first). */
export function groupBySubject(changes: readonly ClassChange[]): Array<{ subject: string; changes: ClassChange[] }> {
  const groups = new Map<string, ClassChange[]>();
  for (const change of changes) groups.set(change.subject, [...(groups.get(change.subject) ?? []), change]);
  return [...groups].map(([subject, grouped]) => ({ subject, changes: grouped }));
}
