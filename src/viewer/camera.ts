// The viewer's camera: pan and zoom of the diagram (wheel, drag, buttons), fitting a region beside the panels,
// and keeping a point of the diagram where it was on screen when the drawing changes under it.
// Inlined into the page after ./diagram.ts (see ./bundle.ts): type imports only.

export interface Region { x0: number; y0: number; x1: number; y1: number }

export interface Camera {
  readonly zoom: number;
  zoomAt(factor: number, cx: number, cy: number): void;
  zoomCentred(factor: number): void;
  /** Shows a region whole, at most at `maxZoom`; false (and nothing moved) when that needs a zoom under `minZoom`. */
  fitRegion(region: Region, options?: { minZoom?: number; maxZoom?: number; margin?: number }): boolean;
  /** Centres a point of the diagram, at this zoom or more. */
  centreOn(x: number, y: number, minZoom?: number): void;
  /** Where a diagram point is on screen, and moving the diagram so that a point lands on a screen spot. */
  toScreen(x: number, y: number): { x: number; y: number };
  pin(x: number, y: number, screen: { x: number; y: number }): void;
  /** Pans just enough that the region is on screen. */
  reveal(region: Region): void;
  /** Called with true after a drag (so the click that ends it is not a click on a box). */
  onClick(handler: (target: Element | null) => void): void;
  /** The part of the diagram on screen, in diagram coordinates. */
  visibleRegion(): Region;
  /** Called after every pan or zoom. */
  onMove(handler: () => void): void;
  /**
   * Runs `change` with the canvas measured once beforehand: reading its size after a new drawing is put in would make
   * the browser lay the whole drawing out twice, once for the read and once for the frame (DevTools trace of a neutron
   * selection: ~150 ms of forced layout at load 20). `change` must not resize the canvas itself.
   */
  measuredOnce(change: () => void): void;
}

/** Below this zoom the 11 px module lines fall under 10 px on screen. */
export const READABLE_ZOOM = 10 / 11;

export function createCamera(canvas: HTMLElement, viewport: SVGGElement): Camera {
  let k = 1;
  let tx = 0;
  let ty = 0;
  let moveHandler: () => void = () => undefined;
  const apply = () => {
    viewport.setAttribute('transform', `translate(${tx.toFixed(1)},${ty.toFixed(1)}) scale(${k.toFixed(4)})`);
    moveHandler();
  };
  const clamp = (v: number) => Math.min(4, Math.max(0.02, v));
  const zoomAt = (factor: number, cx: number, cy: number) => {
    const next = clamp(k * factor);
    tx = cx - (cx - tx) * (next / k);
    ty = cy - (cy - ty) * (next / k);
    k = next;
    apply();
  };
  let clickHandler: (target: Element | null) => void = () => undefined;
  let held: { width: number; height: number } | null = null;
  const width = () => held?.width ?? canvas.clientWidth;
  const height = () => held?.height ?? canvas.clientHeight;

  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), event.clientX - r.left, event.clientY - r.top);
  }, { passive: false });
  let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, tx, ty, moved: false };
  });
  window.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) canvas.setPointerCapture?.(event.pointerId);
    drag.moved = true;
    canvas.classList.add('nx-dragging');
    tx = drag.tx + dx;
    ty = drag.ty + dy;
    apply();
  });
  window.addEventListener('pointerup', (event) => {
    const wasDrag = drag?.moved;
    drag = null;
    canvas.classList.remove('nx-dragging');
    if (wasDrag) return;
    const target = event.target as Element | null;
    if (target && canvas.contains(target)) clickHandler(target);
  });

  return {
    get zoom() { return k; },
    zoomAt,
    zoomCentred: (factor) => zoomAt(factor, width() / 2, height() / 2),
    fitRegion(region, { minZoom = 0.02, maxZoom = 1, margin = 24 } = {}) {
      const w = width();
      const h = height();
      const fitted = Math.min(maxZoom, (w - 2 * margin) / Math.max(1, region.x1 - region.x0), (h - 2 * margin) / Math.max(1, region.y1 - region.y0));
      if (fitted < minZoom) return false;
      k = clamp(fitted);
      tx = w / 2 - ((region.x0 + region.x1) / 2) * k;
      ty = h / 2 - ((region.y0 + region.y1) / 2) * k;
      apply();
      return true;
    },
    centreOn(x, y, minZoom = READABLE_ZOOM) {
      k = Math.max(k, minZoom);
      tx = width() / 2 - x * k;
      ty = height() / 2 - y * k;
      apply();
    },
    toScreen: (x, y) => ({ x: tx + x * k, y: ty + y * k }),
    pin(x, y, screen) {
      tx = screen.x - x * k;
      ty = screen.y - y * k;
      apply();
    },
    reveal(region) {
      const w = width();
      const h = height();
      const margin = 20;
      const left = tx + region.x0 * k;
      const right = tx + region.x1 * k;
      const top = ty + region.y0 * k;
      const bottom = ty + region.y1 * k;
      if (left < margin) tx += margin - left;
      else if (right > w - margin) tx -= Math.min(right - (w - margin), left - margin);
      if (top < margin) ty += margin - top;
      else if (bottom > h - margin) ty -= Math.min(bottom - (h - margin), top - margin);
      apply();
    },
    onClick(handler) {
      clickHandler = handler;
    },
    visibleRegion: () => ({ x0: -tx / k, y0: -ty / k, x1: (width() - tx) / k, y1: (height() - ty) / k }),
    onMove(handler) {
      moveHandler = handler;
    },
    measuredOnce(change) {
      if (held) return change();
      held = { width: canvas.clientWidth, height: canvas.clientHeight };
      try {
        change();
      } finally {
        held = null;
      }
    },
  };
}
