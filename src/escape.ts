// Escaping text for the languages netxray writes, one helper per language, shared by the renderers and the viewer.

/** Text or a double-quoted attribute value in HTML, XML and SVG (also Graphviz HTML-like labels). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}

/** A double-quoted Graphviz DOT id or string. */
export function quoteDot(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\n')}"`;
}

/** Text inside a double-quoted Mermaid flowchart label: nothing that would end the label or open a shape. */
export function mermaidLabel(text: string): string {
  return text.replace(/"/g, "'").replace(/[[\]{}<>]/g, ' ');
}
