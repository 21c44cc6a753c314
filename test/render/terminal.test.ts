// The terminal tree for people: a big package's summary with its largest hierarchies, colour only when wanted.
import { describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { useColor } from '../../src/cli/commands/renderModel.js';
import { treeRenderer } from '../../src/render/classes/tree.js';
import { loadModel } from './_models.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
const ESC = '\x1b[';

describe('the terminal tree', () => {
  it('netmiko on a terminal: counts, the largest hierarchies, and how to see every class, in under 40 lines', async () => {
    const model = await analyseClasses('netmiko', { python: PYTHON });
    const text = String(await treeRenderer.render(model, { title: 'netmiko', summary: true }));
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(40);
    expect(lines[0]).toMatch(/^netmiko: 136 classes, 8 external ancestors, dispatch tables .*CLASS_MAPPER 187 keys/);
    expect(lines[3]).toMatch(/^ {2}BaseConnection {2}\(netmiko\.base_connection\) {2}\d+ below$/);
    expect(text).toContain('CiscoBaseConnection');
    expect(text).toContain('| less -R');
    expect(text).not.toContain(ESC);
    // Piped (no summary) it stays the whole tree.
    const whole = String(await treeRenderer.render(model, { title: 'netmiko' }));
    expect(whole.split('\n').length).toBeGreaterThan(1000);
  });

  it('small packages get the whole tree even on a terminal; colour is ANSI SGR only when asked', async () => {
    const model = loadModel('same-names');
    const plain = String(await treeRenderer.render(model, { summary: true }));
    expect(plain).not.toContain('Largest hierarchies');
    const coloured = String(await treeRenderer.render(model, { summary: true, color: true }));
    expect(coloured).toContain(`${ESC}1;34m`);
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*m`, 'g'), '')).toBe(plain);
  });

  it('colour: on a terminal unless NO_COLOR or --color never; --color always wins; never into a file', () => {
    expect(useColor({ format: 'tree' }, {}, true)).toBe(true);
    expect(useColor({ format: 'tree' }, {}, false)).toBe(false);
    expect(useColor({ format: 'tree' }, { NO_COLOR: '1' }, true)).toBe(false);
    expect(useColor({ format: 'tree', color: 'never' }, {}, true)).toBe(false);
    expect(useColor({ format: 'tree', color: 'always' }, { NO_COLOR: '1' }, false)).toBe(true);
    expect(useColor({ format: 'tree', output: 'x.txt' }, {}, true)).toBe(false);
  });
});
