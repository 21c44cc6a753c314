// The viewer at 1440×900 as the issue judges it: a selected class's whole base chain on screen beside the panel,
// one arrow per base (paramiko's SFTPServer), search beyond class names with counts, the keyboard, foldable panels,
// and a package that opens where it was. Screenshots land in test-artifacts/viewer/ for review.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { htmlRenderer } from '../../src/render/classes/html.js';
import { artifactPath, launchBrowser, netmikoModel, PYTHON, searchFor, type Browser } from './_browser.js';

let browser: Browser;
const errors: string[] = [];
const network: string[] = [];
const pages: Record<string, string> = {};

async function open(name: string, width = 1440, height = 900): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('request', (request) => { if (request.url() !== pages[name] && !request.url().startsWith('blob:')) network.push(request.url()); });
  await page.goto(pages[name]);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Nothing laid out or drawn any more, and the address written (it follows the painted frame). */
const idle = (page: Page) => page.waitForFunction(() => (document.getElementById('nx-busy') as HTMLElement).hidden && !document.body.dataset.linkPending);

async function select(page: Page, name: string) {
  await page.fill('#nx-search', name);
  await page.press('#nx-search', 'Enter');
  await page.waitForSelector('#nx-panel:not([hidden])');
  await idle(page);
}

/** Edges of the diagram's canvas (the panels are beside it, not over it) that a box may not cross. */
type Edge = 'left' | 'right' | 'top' | 'bottom';

/** Boxes of these classes that are not wholly inside the canvas across the given edges (by default all four). */
async function offScreen(page: Page, ids: string[], edges: Edge[] = ['left', 'right', 'top', 'bottom']): Promise<string[]> {
  return page.evaluate(({ wanted, across }) => {
    const canvas = document.getElementById('nx-canvas')!.getBoundingClientRect();
    const out = { left: (r: DOMRect) => r.left < canvas.left, right: (r: DOMRect) => r.right > canvas.right,
      top: (r: DOMRect) => r.top < canvas.top, bottom: (r: DOMRect) => r.bottom > canvas.bottom };
    return wanted.filter((id) => {
      const frame = document.querySelector(`#nx-viewport .nx-box[data-id="${id}"] rect.frame`);
      if (!frame) return true;
      const r = frame.getBoundingClientRect();
      return across.some((edge) => out[edge](r));
    });
  }, { wanted: ids, across: edges });
}

beforeAll(async () => {
  const models = { netmiko: await netmikoModel(), paramiko: await analyseClasses('paramiko', { python: PYTHON }) };
  for (const [name, model] of Object.entries(models)) {
    const path = artifactPath(`readable-${name}.html`);
    writeFileSync(path, await htmlRenderer.render(model, { title: name }));
    pages[name] = pathToFileURL(path).href;
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the viewer at 1440×900', () => {
  it('netmiko: selecting CiscoIosSSH shows object … CiscoIosSSH whole, readable, beside the panel', async () => {
    const page = await open('netmiko');
    await select(page, 'CiscoIosSSH');
    await page.screenshot({ path: artifactPath('readable-01-cisco-ios-ssh.png') });
    const chain = ['builtins.object', 'netmiko.base_connection.BaseConnection', 'netmiko.cisco_base_connection.CiscoBaseConnection',
      'netmiko.cisco.cisco_ios.CiscoIosBase', 'netmiko.cisco.cisco_ios.CiscoIosSSH'];
    expect(await offScreen(page, chain)).toEqual([]);
    const nameHeight = await page.$eval('#nx-viewport .nx-box.nx-selected text.title', (t) => t.getBoundingClientRect().height);
    expect(nameHeight).toBeGreaterThanOrEqual(10);
    expect(await page.$$eval('#nx-viewport .nx-link.nx-chain', (paths) => paths.length)).toBe(4);
    // Escape goes back to the view the selection came from.
    await page.keyboard.press('Escape');
    await idle(page);
    expect(await page.textContent('#nx-status')).toMatch(/BaseConnection and \d generations below it/);
    await page.close();
  });

  it('paramiko: SFTPServer has two distinct arrows, one to BaseSFTP and one to SubsystemHandler', async () => {
    const page = await open('paramiko');
    await select(page, 'SFTPServer');
    await page.screenshot({ path: artifactPath('readable-02-sftp-server.png') });
    const arrows = await page.evaluate(() => {
      const server = document.querySelector('#nx-viewport .nx-box[data-id="paramiko.server.SFTPServer"], #nx-viewport .nx-box[data-id$=".SFTPServer"]') as SVGGElement;
      const nameOf = (key: string) => document.querySelector(`#nx-viewport .nx-box[data-key="${key}"] text.title`)?.textContent;
      return Array.from(document.querySelectorAll<SVGPathElement>(`#nx-viewport .nx-link[data-from="${server.dataset.key}"]`)).map((path) => {
        const end = path.getPointAtLength(path.getTotalLength());
        return { base: nameOf(path.dataset.to ?? ''), end: `${Math.round(end.x)},${Math.round(end.y)}`, marker: path.getAttribute('marker-end') };
      });
    });
    expect(arrows.map((a) => a.base).sort()).toEqual(['BaseSFTP', 'SubsystemHandler']);
    expect(arrows[0].end).not.toBe(arrows[1].end);
    expect(arrows.every((a) => a.marker === 'url(#nx-inherits)')).toBe(true);
    await page.close();
  });

  it('search finds methods, attributes, dispatch keys and modules, and says how many more there are', async () => {
    const page = await open('netmiko');
    await searchFor(page, 'send_command');
    const groups = await page.$$eval('#nx-results li.nx-group', (items) => items.map((li) => li.textContent));
    expect(groups).toContain('Methods');
    expect(await page.textContent('#nx-results')).toMatch(/\d+ more methods/);
    await page.screenshot({ path: artifactPath('readable-03-search.png') });
    await searchFor(page, 'cisco_ios');
    expect(await page.$$eval('#nx-results li.nx-group', (items) => items.map((li) => li.textContent))).toContain('Dispatch keys');
    await searchFor(page, 'netmiko.juniper');
    expect(await page.$$eval('#nx-results li.nx-group', (items) => items.map((li) => li.textContent))).toContain('Modules');
    // Picking a method opens its class with the method shown in the panel.
    await searchFor(page, 'send_config_set');
    await page.click('#nx-results li[data-hit="0"]');
    await page.waitForSelector('#nx-panel:not([hidden])');
    await idle(page);
    const visible = await page.$$eval('#nx-panel .nx-method:not([hidden])', (items) => items.map((li) => (li as HTMLElement).dataset.method));
    expect(visible).toContain('send_config_set');
    await page.close();
  });

  // Issue #18: typing must never hold up the Enter or click after it. Each keystroke's input event and then the Enter
  // are sent in one task, so no search can run between them: the worst case a fast typist on a busy machine makes.
  it('a keystroke only starts its search: Enter right after the last one picks the first hit of the whole query', async () => {
    const page = await open('netmiko');
    const typed = ['C', 'Ci', 'Cis', 'Cisc', 'Cisco', 'CiscoI', 'CiscoIo', 'CiscoIos', 'CiscoIosS', 'CiscoIosSS', 'CiscoIosSSH'];
    const rowsAfterKeystroke = await page.evaluate((texts) => {
      const box = document.getElementById('nx-search') as HTMLInputElement;
      const results = document.getElementById('nx-results')!;
      box.focus();
      const rows: number[] = [];
      for (const text of texts) {
        box.value = text;
        box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text.slice(-1) }));
        rows.push(results.querySelectorAll('li[data-hit]').length);
      }
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      return rows;
    }, typed);
    // No keystroke's handler ranked anything: the list was still empty when each returned.
    expect(rowsAfterKeystroke).toEqual(typed.map(() => 0));
    await page.waitForSelector('#nx-panel:not([hidden])');
    await idle(page);
    const picked = await page.$eval('#nx-viewport .nx-box.nx-selected', (g) => (g as SVGGElement).dataset.id);
    // What the list shows first for the whole query, once its search has run, is what Enter picked.
    await searchFor(page, 'CiscoIosSSH');
    expect(await page.$eval('#nx-results li[data-hit="0"]', (li) => (li as HTMLElement).dataset.id)).toBe(picked);
    expect(picked).toBe('netmiko.cisco.cisco_ios.CiscoIosSSH');
    expect(await page.textContent('#nx-panel h2')).toContain('CiscoIosSSH');
    await page.close();
  });

  it('a keystroke drops the search of the one before: the list is written once, for the last query', async () => {
    const page = await open('netmiko');
    const typed = ['s', 'se', 'sen', 'send', 'send_', 'send_c'];
    await page.evaluate((texts) => {
      const box = document.getElementById('nx-search') as HTMLInputElement;
      const results = document.getElementById('nx-results')!;
      box.focus();
      const writes: string[] = [];
      (window as unknown as { nxWrites: string[] }).nxWrites = writes;
      new MutationObserver((records) => { for (const r of records) if (r.type === 'childList') writes.push(results.dataset.query ?? ''); }).observe(results, { childList: true });
      for (const text of texts) {
        box.value = text;
        box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text.slice(-1) }));
      }
    }, typed);
    await page.waitForFunction(() => document.getElementById('nx-results')?.dataset.query === 'send_c');
    expect(await page.evaluate(() => (window as unknown as { nxWrites: string[] }).nxWrites)).toEqual(['send_c']);
    const groups = await page.$$eval('#nx-results li.nx-group', (items) => items.map((li) => li.textContent));
    expect(groups).toContain('Methods');
    await page.close();
  });

  it('the keyboard: Tab reaches class boxes, Enter opens one, arrows walk to its base, + and 0 zoom', async () => {
    const page = await open('netmiko');
    let focused: string | null = null;
    for (let i = 0; i < 40 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement?.closest('.nx-box') as SVGGElement | null)?.dataset.kind === 'class' ? (document.activeElement as SVGGElement).dataset.id ?? null : null);
    }
    expect(focused).not.toBeNull();
    await page.keyboard.press('ArrowDown');
    const below = await page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.id);
    expect(below).toBeTruthy();
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.id)).toBe(focused);
    const transform = () => page.$eval('#nx-viewport', (g) => g.getAttribute('transform'));
    const before = await transform();
    await page.keyboard.press('+');
    expect(await transform()).not.toBe(before);
    await page.keyboard.press('0');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#nx-panel:not([hidden])');
    expect(await page.getAttribute('#nx-panel', 'data-id')).toBe(focused);
    await page.close();
  });

  it('at 1024 px the dispatch panel starts folded and opens on request', async () => {
    const page = await open('netmiko', 1024, 768);
    expect(await page.$eval('#nx-left', (e) => (e as HTMLElement).hidden)).toBe(true);
    const canvas = await page.$eval('#nx-canvas', (e) => e.getBoundingClientRect().width);
    expect(canvas).toBeGreaterThan(1000);
    await page.click('#nx-toggle-left');
    expect(await page.$eval('#nx-left', (e) => (e as HTMLElement).hidden)).toBe(false);
    await page.screenshot({ path: artifactPath('readable-04-1024.png') });
    await page.close();
  });

  it('a package opens where it was: its first class lands on the package box', async () => {
    const page = await open('netmiko');
    await page.click('#nx-collapse');
    await idle(page);
    const box = await page.$eval('#nx-viewport .nx-box[data-id="netmiko.juniper"] rect.frame', (r) => r.getBoundingClientRect().toJSON());
    await page.dispatchEvent('#nx-viewport .nx-box[data-id="netmiko.juniper"]', 'pointerdown', { button: 0 });
    await page.dispatchEvent('#nx-viewport .nx-box[data-id="netmiko.juniper"]', 'pointerup', { button: 0 });
    await page.waitForSelector('#nx-viewport .nx-box[data-id="netmiko.juniper.juniper.JuniperBase"]');
    await idle(page);
    const first = await page.$eval('#nx-viewport .nx-box[data-id="netmiko.juniper.juniper.JuniperBase"] rect.frame', (r) => r.getBoundingClientRect().toJSON());
    expect(Math.abs(first.left - box.left)).toBeLessThan(2);
    expect(Math.abs(first.top - box.top)).toBeLessThan(2);
    await page.close();
  });

  it('netmiko opens readable and no wider than the screen; the first view is drawn before the model is read', async () => {
    const page = await open('netmiko');
    const zoom = await page.$eval('#nx-viewport', (g) => Number(/scale\(([\d.]+)\)/.exec(g.getAttribute('transform') ?? '')?.[1]));
    expect(zoom).toBeGreaterThanOrEqual(0.9);
    const titles = await page.$$eval('#nx-viewport .nx-box text.title', (ts) => ts.map((t) => t.getBoundingClientRect().height));
    expect(Math.min(...titles)).toBeGreaterThanOrEqual(10);
    const boxes = await page.$$eval('#nx-viewport .nx-box', (gs) => gs.map((g) => g.getAttribute('data-id')!));
    expect(boxes).toContain('netmiko.base_connection.BaseConnection');
    // No row wider than the screen: every box within the canvas from side to side. A drawing taller than the
    // screen opens at its top: nothing above the canvas, the root and its first generation on screen, the rest
    // below it, reached by scrolling or the minimap.
    expect(await offScreen(page, boxes, ['left', 'right', 'top'])).toEqual([]);
    expect(await offScreen(page, ['builtins.object', 'netmiko.base_connection.BaseConnection', 'netmiko.cisco_base_connection.CiscoBaseConnection'])).toEqual([]);
    const below = await offScreen(page, boxes, ['bottom']);
    if (below.length > 0) expect(await page.$eval('#nx-minimap', (m) => (m as HTMLElement).hidden)).toBe(false);
    // A box whose subclasses the first view leaves out says how many.
    expect(await page.textContent('#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosBase"] .nx-unfold')).toMatch(/▸ \+\d+ subclasses$/);
    const order = await page.evaluate(() => ({ drawn: Number(document.body.dataset.firstDrawingMs), unpacked: performance.getEntriesByName('nx-unpacked')[0]?.startTime }));
    expect(order.unpacked).toBeGreaterThan(0);
    expect(order.drawn).toBeLessThanOrEqual(order.unpacked);
    await page.close();
  });

  it('"+N subclasses" opens a class\'s subclasses where the class was; the panel hides them again', async () => {
    const page = await open('netmiko');
    const cisco = '#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosBase"]';
    const before = await page.$eval(`${cisco} rect.frame`, (r) => r.getBoundingClientRect().toJSON());
    const count = Number(/\+(\d+)/.exec((await page.textContent(`${cisco} .nx-unfold`)) ?? '')?.[1]);
    await page.dispatchEvent(`${cisco} .nx-unfold`, 'pointerdown', { button: 0 });
    await page.dispatchEvent(`${cisco} .nx-unfold`, 'pointerup', { button: 0 });
    await page.waitForSelector('#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosSSH"]');
    await idle(page);
    const after = await page.$eval(`${cisco} rect.frame`, (r) => r.getBoundingClientRect().toJSON());
    expect(Math.abs(after.left - before.left)).toBeLessThan(2);
    expect(Math.abs(after.top - before.top)).toBeLessThan(2);
    expect(await page.$(`${cisco} .nx-unfold`)).toBeNull();
    const children = await page.$$eval('#nx-viewport .nx-link', (paths, key) => paths.filter((p) => p.getAttribute('data-to') === key).length,
      await page.$eval(cisco, (g) => g.getAttribute('data-key')));
    expect(children).toBe(count);
    // Selected, the class's panel folds them away again.
    await select(page, 'CiscoIosBase');
    await page.click('#nx-panel-subclasses');
    await idle(page);
    expect(await page.textContent('#nx-panel-subclasses')).toMatch(/^Show \d+ more subclasses$/);
    expect(await page.$('#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosSSH"]')).toBeNull();
    await page.close();
  });

  it('the address links to the view: a copied link opens the same unfolded view with the same class selected', async () => {
    const page = await open('netmiko');
    const cisco = '#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosBase"] .nx-unfold';
    await page.dispatchEvent(cisco, 'pointerdown', { button: 0 });
    await page.dispatchEvent(cisco, 'pointerup', { button: 0 });
    await page.waitForSelector('#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosSSH"]');
    await idle(page);
    await select(page, 'CiscoIosSSH');
    const link = await page.evaluate(() => location.hash);
    expect(link).toContain('select=netmiko.cisco.cisco_ios.CiscoIosSSH');
    expect(link).toContain('open=netmiko.cisco.cisco_ios.CiscoIosBase');
    await page.close();
    const shared = await browser.context.newPage();
    shared.on('pageerror', (error) => errors.push(error.message));
    await shared.goto(pages.netmiko + link);
    await shared.waitForSelector('body[data-ready="true"]');
    expect(await shared.getAttribute('#nx-panel', 'data-id')).toBe('netmiko.cisco.cisco_ios.CiscoIosSSH');
    // Escape leads back to the unfolded view the link was made in.
    await shared.keyboard.press('Escape');
    await idle(shared);
    expect(await shared.$('#nx-viewport .nx-box[data-id="netmiko.cisco.cisco_ios.CiscoIosSSH"]')).not.toBeNull();
    expect(await shared.evaluate(() => location.hash)).toBe('#open=netmiko.cisco.cisco_ios.CiscoIosBase');
    await shared.close();
  });

  it('the minimap shows while the drawing is bigger than the screen, and a click on it moves the view there', async () => {
    const page = await open('netmiko');
    const minimapHidden = () => page.$eval('#nx-minimap', (m) => (m as HTMLElement).hidden);
    // netmiko's first view is taller than the screen: the minimap is there from the start; zoomed out until the
    // whole drawing fits, it goes; zoomed in again, it comes back.
    expect(await minimapHidden()).toBe(false);
    for (let i = 0; i < 3; i++) await page.click('#nx-zoom-out');
    expect(await minimapHidden()).toBe(true);
    for (let i = 0; i < 7; i++) await page.click('#nx-zoom-in');
    expect(await minimapHidden()).toBe(false);
    const boxes = await page.$$eval('#nx-viewport .nx-box', (gs) => gs.length);
    expect(await page.$$eval('#nx-minimap rect:not(.nx-minimap-view)', (rs) => rs.length)).toBe(boxes);
    const outline = () => page.$eval('#nx-minimap .nx-minimap-view', (r) => ({ x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), w: Number(r.getAttribute('width')) }));
    const before = await outline();
    const map = (await page.$eval('#nx-minimap', (m) => m.getBoundingClientRect().toJSON())) as DOMRect;
    // The top-left corner of the drawing: the outline moves there, centred on that point as far as it can.
    await page.mouse.click(map.left + 4, map.top + 4);
    const after = await outline();
    expect(after.w).toBeCloseTo(before.w, 0);
    expect(after.x + after.y).toBeLessThan(before.x + before.y);
    await page.close();
    expect(network).toEqual([]);
    expect(errors).toEqual([]);
  });
});
