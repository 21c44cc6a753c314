// The page's address as a link to what it shows: the view (focus, generations, members, folds, open packages) and
// the selected class, in the hash, so a copied address or a reload opens the same view. `#class.id` alone (older
// links, `--focus`) still selects that class. Inlined into the page (see ./bundle.ts): type imports only.
import type { MemberMode, ViewState } from './diagram.js';

export interface DeepLink {
  /** The class to select once the view is drawn. */
  select: string | null;
  /** The view state fields the link sets; the rest keep the page's first view. */
  view: Partial<ViewState>;
}

const MEMBER_MODES: readonly MemberMode[] = ['none', 'public', 'all'];
const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

/** The hash for a view and its selection: only what differs from the page's first view. */
export function linkOf(state: ViewState, first: ViewState, selected: string | null): string {
  const params = new URLSearchParams();
  if (selected) params.set('select', selected);
  if (state.focus !== first.focus || state.descendants !== first.descendants || state.depth !== first.depth) {
    params.set('focus', state.focus ?? '');
    params.set('depth', String(state.depth));
    if (state.descendants !== undefined) params.set('below', String(state.descendants));
  }
  if (state.members !== first.members) params.set('members', state.members);
  if (state.unfolded?.length) params.set('open', state.unfolded.join(','));
  if (state.folded?.length) params.set('fold', state.folded.join(','));
  if (JSON.stringify(state.expanded) !== JSON.stringify(first.expanded)) params.set('packages', state.expanded === null ? '*' : state.expanded.join(','));
  const text = params.toString();
  return text ? '#' + text : '';
}

/** What a hash asks for; anything it does not understand is left at the first view's value. */
export function parseLink(hash: string): DeepLink {
  const text = hash.replace(/^#/, '');
  if (!text) return { select: null, view: {} };
  if (!text.includes('=')) return { select: decodeURIComponent(text), view: {} };
  const params = new URLSearchParams(text);
  const view: Partial<ViewState> = {};
  if (params.has('focus')) {
    view.focus = params.get('focus') || null;
    const depth = Number(params.get('depth'));
    if (Number.isInteger(depth) && depth >= 0) view.depth = depth;
    const below = Number(params.get('below'));
    view.descendants = params.has('below') && Number.isInteger(below) && below >= 0 ? below : undefined;
  }
  const members = params.get('members') as MemberMode | null;
  if (members && MEMBER_MODES.includes(members)) view.members = members;
  if (params.has('open')) view.unfolded = list(params.get('open'));
  if (params.has('fold')) view.folded = list(params.get('fold'));
  if (params.has('packages')) view.expanded = params.get('packages') === '*' ? null : list(params.get('packages'));
  return { select: params.get('select'), view };
}
