// The HTML diff mode's overlay on the viewer: colours class boxes by what changed (added, removed = ghosted,
// changed, moved), adds a "Changes" section with old and new signatures side by side to the class panel, and a
// summary banner. It only watches the viewer's DOM (MutationObserver), so the viewer itself knows nothing of diffs.

import { escapeHtml } from '../escape.js';

/** What src/render/diff/html.ts puts in the page (`#nx-diff`). */
export interface DiffOverlayData {
  summary: string;
  breaking: number;
  oldSpec: string;
  newSpec: string;
  /** Class id -> its state in the new version. */
  status: Record<string, 'added' | 'removed' | 'changed' | 'moved'>;
  changes: Record<string, DiffOverlayChange[]>;
}

export interface DiffOverlayChange {
  sign: string;
  text: string;
  breaking: boolean;
  details: string[];
  /** For a signature change: the member and both parameter lists, as text. */
  member?: string;
  oldSignature?: string;
  newSignature?: string;
}

export function startDiffOverlay(): void {
  const source = document.getElementById('nx-diff');
  if (!source?.textContent) return;
  const data = JSON.parse(source.textContent) as DiffOverlayData;
  const esc = escapeHtml;

  const banner = document.createElement('div');
  banner.id = 'nx-diff-summary';
  banner.className = data.breaking > 0 ? 'breaking' : 'compatible';
  banner.textContent = `${data.oldSpec} → ${data.newSpec}: ${data.summary}`;
  document.getElementById('nx-canvas')?.appendChild(banner);
  const legend = document.getElementById('nx-legend');
  legend?.insertAdjacentHTML('afterbegin', '<span class="nx-swatch nx-diff-added"></span>added <span class="nx-swatch nx-diff-changed"></span>changed <span class="nx-swatch nx-diff-moved"></span>moved <span class="nx-swatch nx-diff-removed"></span>removed ');

  const changedPackages = new Set<string>();
  for (const id of Object.keys(data.status)) {
    const parts = id.split('.');
    for (let i = 1; i < parts.length; i++) changedPackages.add(parts.slice(0, i).join('.'));
  }

  function paintBoxes(): void {
    document.querySelectorAll<SVGGElement>('#nx-viewport .nx-box').forEach((box) => {
      const id = box.dataset.id ?? '';
      const state = box.dataset.kind === 'package' ? (changedPackages.has(id) ? 'changed' : undefined) : data.status[id];
      const wanted = state ? `nx-diff-${state}` : '';
      if (box.dataset.diff === wanted) return;
      box.classList.remove('nx-diff-added', 'nx-diff-removed', 'nx-diff-changed', 'nx-diff-moved');
      if (wanted) box.classList.add(wanted);
      box.dataset.diff = wanted;
    });
  }

  function changeRow(change: DiffOverlayChange): string {
    const signatures = change.oldSignature !== undefined
      ? `<table class="nx-diff-signatures"><tr><th>old</th><td><code>${esc(change.member ?? '')}${esc(change.oldSignature)}</code></td></tr><tr><th>new</th><td><code>${esc(change.member ?? '')}${esc(change.newSignature ?? '')}</code></td></tr></table>`
      : '';
    const details = change.details.length ? `<ul>${change.details.map((detail) => `<li><code>${esc(detail)}</code></li>`).join('')}</ul>` : '';
    return `<li class="nx-diff-change${change.breaking ? ' breaking' : ''}"><code>${esc(change.sign)} ${esc(change.oldSignature !== undefined ? (change.member ?? '') + ': signature changed' : change.text)}</code>${change.breaking ? ' <span class="nx-tag breaking">breaking</span>' : ''}${signatures}${details}</li>`;
  }

  function annotatePanel(): void {
    const panel = document.getElementById('nx-panel');
    if (!panel || panel.hidden) return;
    const id = panel.dataset.id ?? '';
    const existing = panel.querySelector<HTMLElement>('.nx-diff-section');
    if (existing?.dataset.id === id) return;
    existing?.remove();
    const changes = data.changes[id];
    if (!changes?.length) return;
    const section = document.createElement('section');
    section.className = 'nx-diff-section';
    section.dataset.id = id;
    section.innerHTML = `<h3>Changes ${esc(data.oldSpec)} → ${esc(data.newSpec)} (${changes.length})</h3><ul class="nx-diff-changes">${changes.map(changeRow).join('')}</ul>`;
    panel.querySelector('h2')?.after(section);
  }

  const viewport = document.getElementById('nx-viewport');
  if (viewport) new MutationObserver(paintBoxes).observe(viewport, { childList: true, subtree: true });
  const panel = document.getElementById('nx-panel');
  if (panel) new MutationObserver(annotatePanel).observe(panel, { childList: true, attributes: true, attributeFilter: ['hidden', 'data-id'] });
  paintBoxes();
  annotatePanel();
}

export const DIFF_OVERLAY_CSS = `
.nx-box.nx-diff-added rect.frame{stroke:#1f7a3a;stroke-width:2.5}
.nx-box.nx-diff-added rect.head{fill:#d9f2df}
.nx-box.nx-diff-changed rect.frame{stroke:#b7791f;stroke-width:2.5}
.nx-box.nx-diff-changed rect.head{fill:#fdf0d5}
.nx-box.nx-diff-moved rect.frame{stroke:#5b4bb7;stroke-width:2.5}
.nx-box.nx-diff-moved rect.head{fill:#e8e4fa}
.nx-box.nx-diff-removed{opacity:.45}
.nx-box.nx-diff-removed rect.frame{stroke:#b03a3a;stroke-dasharray:6 3;stroke-width:2}
.nx-box.nx-diff-removed rect.head{fill:#fbe3e3}
.nx-swatch.nx-diff-added{background:#d9f2df;border-color:#1f7a3a}
.nx-swatch.nx-diff-changed{background:#fdf0d5;border-color:#b7791f}
.nx-swatch.nx-diff-moved{background:#e8e4fa;border-color:#5b4bb7}
.nx-swatch.nx-diff-removed{background:#fbe3e3;border-color:#b03a3a;opacity:.6}
#nx-diff-summary{position:absolute;left:8px;top:6px;max-width:70%;font-size:12px;padding:4px 8px;border-radius:3px;background:rgba(255,255,255,.95);border:1px solid #d5dbe3}
#nx-diff-summary.breaking{border-color:#b03a3a;color:#7a1f1f}
.nx-diff-section ul.nx-diff-changes{list-style:none;padding:0;margin:0}
.nx-diff-change{margin:0 0 8px}
.nx-diff-change ul{margin:2px 0 0 14px;padding:0}
.nx-diff-change.breaking > code{color:#7a1f1f}
.nx-tag.breaking{background:#fbe3e3;color:#7a1f1f}
table.nx-diff-signatures{border-collapse:collapse;margin:3px 0;font-size:11.5px;width:100%}
table.nx-diff-signatures th{text-align:left;color:#5a6675;font-weight:normal;padding:1px 6px 1px 0;vertical-align:top}
table.nx-diff-signatures td{word-break:break-all;text-align:left}
`;
