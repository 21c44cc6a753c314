// The HTML diff: the viewer on the NEW version, with removed classes put back as ghosts, boxes coloured by what
// changed and the class panel showing old and new signatures (src/viewer/diffOverlay.ts).
import type { ClassChange, ClassDiff } from '../../model/classDiff.js';
import type { ClassInfo, ClassModel } from '../../model/classModel.js';
import { jsonForScript, scriptSafe } from '../../viewer/bundle.js';
import { DIFF_OVERLAY_CSS, type DiffOverlayChange, type DiffOverlayData } from '../../viewer/diffOverlay.js';
import { diffOverlayScript } from '../../viewer/diffOverlayBundle.js';
import { htmlRenderer } from '../classes/html.js';
import type { DiffRenderer } from './renderer.js';
import { describeChange, signatureText, summaryLine } from './_wording.js';

/** Old id -> new id of every moved class, from the diff. */
function movedIds(diff: ClassDiff): Map<string, string> {
  return new Map(diff.changes.filter((change) => change.kind === 'class-moved').map((change) => [change.oldSubject!, change.subject]));
}

/**
 * The new model with each removed class added back (bases and MRO pointing at the new ids of moved classes),
 * so the diagram can draw it where it used to hang.
 */
export function modelWithGhosts(oldModel: ClassModel, newModel: ClassModel, diff: ClassDiff): ClassModel {
  const removed = new Set(diff.changes.filter((change) => change.kind === 'class-removed').map((change) => change.subject));
  if (removed.size === 0) return newModel;
  const moved = movedIds(diff);
  const map = (id: string) => moved.get(id) ?? id;
  const known = new Set([...newModel.classes.map((cls) => cls.id), ...removed]);
  const ghosts: ClassInfo[] = oldModel.classes.filter((cls) => removed.has(cls.id)).map((cls) => ({
    ...cls,
    bases: cls.bases.map((base) => ({ ...base, id: base.id !== null && known.has(map(base.id)) ? map(base.id) : null })),
    mro: cls.mro ? cls.mro.map(map).filter((id) => known.has(id)) : null,
    inheritedMethods: [],
  }));
  const firstExternal = newModel.classes.findIndex((cls) => cls.external);
  const classes = firstExternal < 0 ? [...newModel.classes, ...ghosts]
    : [...newModel.classes.slice(0, firstExternal), ...ghosts, ...newModel.classes.slice(firstExternal)];
  return { ...newModel, classes };
}

function overlayChange(change: ClassChange): DiffOverlayChange {
  const wording = describeChange(change);
  const row: DiffOverlayChange = { sign: wording.sign, text: wording.text, breaking: change.breaking, details: wording.details };
  if (change.kind === 'signature-changed') {
    row.member = change.member;
    row.oldSignature = signatureText(change, 'old');
    row.newSignature = signatureText(change, 'new');
  }
  return row;
}

export function overlayData(diff: ClassDiff, model: ClassModel): DiffOverlayData {
  const classIds = new Set(model.classes.map((cls) => cls.id));
  const status: DiffOverlayData['status'] = {};
  const changes: DiffOverlayData['changes'] = {};
  for (const change of diff.changes) {
    if (!classIds.has(change.subject)) continue;
    (changes[change.subject] ??= []).push(overlayChange(change));
    const state = change.kind === 'class-added' ? 'added' : change.kind === 'class-removed' ? 'removed' : change.kind === 'class-moved' ? 'moved' : 'changed';
    // added / removed / moved say more than "changed" about the same class.
    if (status[change.subject] === undefined || status[change.subject] === 'changed') status[change.subject] = state;
  }
  return { summary: summaryLine(diff), breaking: diff.summary.breaking, oldSpec: diff.old.spec, newSpec: diff.new.spec, status, changes };
}

export const htmlDiffRenderer: DiffRenderer = {
  format: 'html',
  description: 'the viewer on the new version: added, changed, moved classes coloured, removed ones ghosted, old vs new signatures',
  extension: 'html',
  async render({ diff, oldModel, newModel }) {
    const model = modelWithGhosts(oldModel, newModel, diff);
    const [page, overlay] = await Promise.all([
      htmlRenderer.render(model, { title: `${diff.old.spec} → ${diff.new.spec}` }),
      diffOverlayScript(),
    ]);
    const additions = `<style>${DIFF_OVERLAY_CSS}</style>\n`
      + `<script type="application/json" id="nx-diff">${jsonForScript(overlayData(diff, model))}</script>\n`
      + `<script>${scriptSafe(overlay)}</script>\n`;
    const end = (page as string).lastIndexOf('</body>');
    return `${page.slice(0, end)}${additions}${page.slice(end)}`;
  },
};
