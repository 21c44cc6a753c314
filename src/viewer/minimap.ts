// The minimap: the whole drawing in miniature in a corner of the canvas, the part on screen outlined; a click or a
// drag on it moves the view there. Shown only while the drawing does not fit the canvas.
// Inlined into the page (see ./bundle.ts): type imports only.
import type { Placement, View } from './diagram.js';
import type { Camera } from './camera.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface Minimap {
  /** Redraws the miniature for a new drawing. */
  update(view: View, placement: Placement): void;
}

export function createMinimap(container: HTMLElement, camera: Camera): Minimap {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svg.setAttribute('aria-hidden', 'true');
  const boxes = document.createElementNS(SVG_NS, 'g');
  const visible = document.createElementNS(SVG_NS, 'rect');
  visible.setAttribute('class', 'nx-minimap-view');
  svg.append(boxes, visible);
  container.append(svg);
  let size = { width: 1, height: 1 };

  const sync = () => {
    const r = camera.visibleRegion();
    const fits = r.x0 <= 0 && r.y0 <= 0 && r.x1 >= size.width && r.y1 >= size.height;
    container.hidden = fits;
    if (fits) return;
    visible.setAttribute('x', String(r.x0));
    visible.setAttribute('y', String(r.y0));
    visible.setAttribute('width', String(Math.max(1, r.x1 - r.x0)));
    visible.setAttribute('height', String(Math.max(1, r.y1 - r.y0)));
  };

  /** The diagram point under a pointer on the miniature (viewBox scaled to fit, centred). */
  const pointAt = (event: PointerEvent) => {
    const box = svg.getBoundingClientRect();
    const scale = Math.min(box.width / size.width, box.height / size.height);
    return {
      x: (event.clientX - box.left - (box.width - size.width * scale) / 2) / scale,
      y: (event.clientY - box.top - (box.height - size.height * scale) / 2) / scale,
    };
  };
  let dragging = false;
  const moveTo = (event: PointerEvent) => {
    const p = pointAt(event);
    camera.centreOn(p.x, p.y, camera.zoom);
  };
  // The canvas under it pans on drag: the miniature keeps its pointer events to itself.
  container.addEventListener('pointerdown', (event) => {
    event.stopPropagation();
    dragging = true;
    container.setPointerCapture?.(event.pointerId);
    moveTo(event);
  });
  container.addEventListener('pointermove', (event) => { if (dragging) moveTo(event); });
  container.addEventListener('pointerup', (event) => {
    event.stopPropagation();
    dragging = false;
  });
  camera.onMove(sync);

  return {
    update(view, placement) {
      size = { width: Math.max(1, placement.width), height: Math.max(1, placement.height) };
      svg.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
      const sizes = new Map(view.boxes.map((b) => [b.key, b]));
      boxes.innerHTML = placement.boxes.map((p) => {
        const b = sizes.get(p.key);
        return b ? `<rect class="${b.style}" x="${p.x}" y="${p.y}" width="${b.width}" height="${b.height}"/>` : '';
      }).join('');
      sync();
    },
  };
}
