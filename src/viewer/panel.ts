// The class panel's content: name, module, file, bases, MRO, attributes and every method with where it comes from.
// Inlined into the page (see ./bundle.ts): type imports only.
import type { ClassInfo, MethodInfo } from '../model/classModel.js';
import { formatMethod, type ModelIndex } from './diagram.js';
import { escapeHtml } from '../escape.js';

export { escapeHtml };

export function classLink(index: ModelIndex, id: string): string {
  const info = index.byId.get(id);
  return `<a href="#" class="nx-class-link" data-id="${escapeHtml(id)}" title="${escapeHtml(id)}">${escapeHtml(info?.name ?? id)}</a>`;
}

function methodRows(index: ModelIndex, info: ClassInfo): string {
  const methodOf = (classId: string, name: string): MethodInfo | undefined => index.byId.get(classId)?.methods.find((m) => m.name === name);
  const rows: string[] = [];
  for (const m of info.methods) {
    const where = m.overrides ? `overrides ${classLink(index, m.overrides)}` : 'defined here';
    rows.push(`<li class="nx-method ${m.overrides ? 'overridden' : 'own'}" data-method="${escapeHtml(m.name)}"><code>${escapeHtml(formatMethod(m))}</code><span class="nx-where">${where}</span></li>`);
  }
  for (const inherited of info.inheritedMethods) {
    const m = methodOf(inherited.from, inherited.name);
    const signature = m ? formatMethod(m) : inherited.name + '(…)';
    rows.push(`<li class="nx-method inherited" data-method="${escapeHtml(inherited.name)}"><code>${escapeHtml(signature)}</code><span class="nx-where">inherited from ${classLink(index, inherited.from)}</span></li>`);
  }
  return rows.join('');
}

/** The panel's HTML; `ancestors` is the MRO, or every reachable base when there is none. */
export function classPanelHtml(index: ModelIndex, info: ClassInfo, ancestors: string[], collapsible: string[]): string {
  const esc = escapeHtml;
  const location = info.file ? esc(info.file) + (info.line ? ':' + info.line : '') : 'no source';
  const tags = [info.external ? 'external' : '', info.origin !== 'source' ? info.origin : ''].filter(Boolean)
    .map((t) => `<span class="nx-tag ${t}">${t}</span>`).join(' ');
  const provenance = info.provenance
    ? `<dt>Made by</dt><dd>${esc(info.provenance.factory ?? info.provenance.kind)} from ${esc(info.provenance.file)}:${info.provenance.line}</dd>` : '';
  const collapseButtons = collapsible.map((p) => `<button class="nx-collapse-package" data-package="${esc(p)}">Collapse ${esc(p)}</button>`).join(' ');
  const subclasses = index.children.get(info.id) ?? [];
  return `
      <button id="nx-panel-close" title="Close (Esc)" aria-label="Close the class panel">×</button>
      <h2>${esc(info.name)} ${tags}</h2>
      ${info.doc ? `<p class="nx-doc">${esc(info.doc)}</p>` : ''}
      <dl>
        <dt>Module</dt><dd>${esc(info.module)}</dd>
        <dt>File</dt><dd class="nx-file">${location}</dd>
        ${provenance}
        <dt>Bases</dt><dd>${info.bases.map((b) => (b.id ? classLink(index, b.id) : esc(b.expression) + ' (unresolved)')).join(', ') || '—'}</dd>
        <dt>${info.mro ? 'MRO' : 'Ancestors'}</dt><dd><ol class="nx-mro">${ancestors.map((c) => `<li>${index.byId.has(c) ? classLink(index, c) : esc(c)}</li>`).join('')}</ol>${info.mro ? '' : '<span class="nx-where">no MRO: the bases are inconsistent or unresolved</span>'}</dd>
        ${subclasses.length ? `<dt>Subclasses</dt><dd>${subclasses.map((c) => classLink(index, c)).join(', ')}</dd>` : ''}
      </dl>
      <div class="nx-panel-actions"><button id="nx-panel-focus">Focus on ${esc(info.name)}</button> <button id="nx-panel-center">Center</button> ${collapseButtons}</div>
      ${info.attributes.length ? `<h3>Attributes (${info.attributes.length})</h3><ul class="nx-attributes">${info.attributes.map((a) => `<li data-attribute="${esc(a.name)}"><code>${esc(a.name + (a.annotation ? ': ' + a.annotation : '') + (a.value !== undefined ? ' = ' + a.value : ''))}</code> <span class="nx-where">${a.scope}</span></li>`).join('')}</ul>` : ''}
      <h3>Methods (${info.methods.length} here, ${info.inheritedMethods.length} inherited)</h3>
      <input id="nx-method-filter" type="search" placeholder="Filter methods…" autocomplete="off" aria-label="Filter methods">
      <ul class="nx-methods">${methodRows(index, info)}</ul>`;
}
