// The colours of path pictures: Okabe & Ito's colour-blind-safe set (https://jfly.uni-koeln.de/color/), dark text on
// light fills so a printout reads; every state also has a shape (badge, dashes), never colour alone.
import type { Severity } from '../../model/traceModel.js';

export const INK = '#1a1a1a';
export const MUTED = '#555555';

export const PALETTE = {
  device: { fill: '#EEF5FB', stroke: '#0072B2' },
  bridge: { fill: '#D9E9F5', stroke: '#0072B2' },
  vm: { fill: '#FFFFFF', stroke: INK },
  branch: { fill: '#F2F2F2', stroke: MUTED },
  far: { fill: '#FFFFFF', stroke: '#0072B2' },
  host: { fill: '#FAFAFA', stroke: '#777777' },
  delivered: { fill: '#DDF2EA', stroke: '#009E73' },
  tunnel: '#0072B2',
  edge: '#444444',
} as const;

/** Severity: vermillion, orange, sky blue; each with its badge letter. */
export const SEVERITY_STYLE: Record<Severity, { fill: string; stroke: string; badge: string }> = {
  error: { fill: '#FBE1D3', stroke: '#D55E00', badge: '✕' },
  warning: { fill: '#FCEFD2', stroke: '#E69F00', badge: '!' },
  info: { fill: '#E2F2FB', stroke: '#56B4E9', badge: 'i' },
};

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The most severe of some severities, or null for none. */
export function worstSeverity(severities: Severity[]): Severity | null {
  return severities.reduce<Severity | null>((w, s) => (w === null || SEVERITY_RANK[s] < SEVERITY_RANK[w] ? s : w), null);
}
