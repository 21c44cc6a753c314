// The HTML viewer made from real netmiko, used in headless Chromium as an engineer would: search, select, read, focus, dispatch.
// Screenshots of each step land in test-artifacts/viewer/ (gitignored) for a human to look at.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlRenderer } from '../../src/render/classes/html.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { artifactPath, launchBrowser, netmikoModel, searchFor, type Browser } from './_browser.js';

let browser: Browser;
let page: Page;
let model: ClassModel;
let fileUrl: string;
const requests: string[] = [];
const errors: string[] = [];

const idle = () => page.waitForFunction(() => (document.getElementById('nx-busy') as HTMLElement).hidden);
const shot = (name: string) => page.screenshot({ path: artifactPath(name) });
/** Requests that left the page: the file itself and the blob: URL of its own layout worker are not network. */
const networkRequests = () => requests.filter((url) => url !== fileUrl && !url.startsWith('blob:'));
const boxIds = () => page.$$eval('#nx-viewport .nx-box[data-kind="class"]', (nodes) => nodes.map((n) => (n as SVGGElement).dataset.id ?? ''));

/** Boxes that overlap each other, and texts wider than their box, in the drawn diagram. */
async function layoutProblems(): Promise<string[]> {
  return page.$$eval('#nx-viewport .nx-box', (nodes) => {
    const problems: string[] = [];
    const rects = nodes.map((n) => ({ id: (n as SVGGElement).dataset.id ?? '', r: (n.querySelector('rect.frame') as SVGRectElement).getBoundingClientRect() }));
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i].r;
        const b = rects[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) problems.push(`overlap ${rects[i].id} / ${rects[j].id}`);
      }
    }
    for (const n of nodes) {
      const frame = (n.querySelector('rect.frame') as SVGRectElement).getBBox();
      for (const t of Array.from(n.querySelectorAll('text'))) {
        const b = (t as SVGTextElement).getBBox();
        if (b.x < frame.x - 0.5 || b.x + b.width > frame.x + frame.width + 0.5) problems.push(`text outside box: ${t.textContent}`);
      }
    }
    return problems;
  });
}

beforeAll(async () => {
  model = await netmikoModel();
  const path = artifactPath('netmiko.html');
  writeFileSync(path, await htmlRenderer.render(model, { title: 'netmiko' }));
  fileUrl = pathToFileURL(path).href;
  browser = await launchBrowser();
  browser.context.on('request', (request) => requests.push(request.url()));
  page = await browser.context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(fileUrl);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
});

describe('netmiko in the HTML viewer', () => {
  it('opens on the main hierarchy (BaseConnection and what derives from it) without a single network request', async () => {
    await shot('01-open.png');
    expect(networkRequests()).toEqual([]);
    expect(await page.textContent('#nx-status')).toMatch(/of \d+ classes shown \(136 of netmiko \+ 8 external\) · BaseConnection and \d generations below it/);
    const boxes = await boxIds();
    expect(boxes).toContain('netmiko.base_connection.BaseConnection');
    expect(boxes).toContain('netmiko.cisco_base_connection.CiscoBaseConnection');
    expect(boxes.length).toBeLessThan(model.classes.length);
    // The first screen shows class boxes at a readable size: 14 px names need a zoom of 0.7 or more.
    const title = await page.$eval('#nx-viewport .nx-box[data-id="netmiko.base_connection.BaseConnection"] text.title', (t) => t.getBoundingClientRect().height);
    expect(title).toBeGreaterThanOrEqual(10);
    expect(await layoutProblems()).toEqual([]);
  });

  it('finds CiscoIosSSH by a partial name', async () => {
    await searchFor(page, 'CiscoIos');
    const names = await page.$$eval('#nx-results li[data-id]', (items) => items.map((li) => li.querySelector('b')?.textContent));
    expect(names).toContain('CiscoIosSSH');
    expect(names).toContain('CiscoIosTelnet');
    await shot('02-search.png');
  });

  it('selects it: centered, highlighted, and the side panel tells where send_command comes from', async () => {
    await searchFor(page, 'CiscoIosSSH');
    await page.click('#nx-results li[data-id="netmiko.cisco.cisco_ios.CiscoIosSSH"]');
    await page.waitForSelector('#nx-panel:not([hidden])');
    await idle();
    await shot('03-selected.png');
    expect(await page.textContent('#nx-panel h2')).toContain('CiscoIosSSH');
    expect(await page.textContent('#nx-panel .nx-file')).toMatch(/netmiko\/cisco\/cisco_ios\.py:\d+$/);
    const mro = await page.$$eval('#nx-panel .nx-mro li', (items) => items.map((li) => li.textContent?.trim()));
    expect(mro.slice(0, 4)).toEqual(['CiscoIosSSH', 'CiscoIosBase', 'CiscoBaseConnection', 'BaseConnection']);
    const sendCommand = await page.textContent('#nx-panel li[data-method="send_command"]');
    expect(sendCommand).toContain('inherited from BaseConnection');
    expect(sendCommand).toContain('send_command(command_string, expect_string=None, delay_factor=1');
    expect(await page.textContent('#nx-panel li[data-method="session_preparation"]')).toContain('inherited from CiscoIosBase');
    const selected = await page.$eval('#nx-viewport .nx-box.nx-selected', (g) => (g as SVGGElement).dataset.id);
    expect(selected).toBe('netmiko.cisco.cisco_ios.CiscoIosSSH');
    // The selected box is on screen.
    const box = await page.$eval('#nx-viewport .nx-box.nx-selected rect.frame', (r) => r.getBoundingClientRect().toJSON());
    const canvas = await page.$eval('#nx-canvas', (c) => c.getBoundingClientRect().toJSON());
    expect(box.left).toBeGreaterThanOrEqual(canvas.left);
    expect(box.right).toBeLessThanOrEqual(canvas.right);
  });

  it('says which methods a class defines and which it overrides', async () => {
    await page.click('#nx-panel .nx-mro a[data-id="netmiko.cisco.cisco_ios.CiscoIosBase"]');
    await idle();
    expect(await page.textContent('#nx-panel li[data-method="session_preparation"]')).toMatch(/overrides BaseConnection/);
    await page.click('#nx-panel .nx-mro a[data-id="netmiko.base_connection.BaseConnection"]');
    expect(await page.textContent('#nx-panel li[data-method="send_command"]')).toContain('defined here');
    await page.fill('#nx-search', 'CiscoIosSSH');
    await page.press('#nx-search', 'Enter');
    await idle();
    expect(await page.textContent('#nx-panel h2')).toContain('CiscoIosSSH');
  });

  it('focuses on the ancestors and descendants, with adjustable depth, and back to all', async () => {
    await page.click('#nx-members button[data-members="public"]');
    await idle();
    await page.selectOption('#nx-depth', '1');
    await page.click('#nx-focus');
    await page.waitForFunction(() => document.body.dataset.focus === 'netmiko.cisco.cisco_ios.CiscoIosSSH');
    await idle();
    expect((await boxIds()).sort()).toEqual(['netmiko.cisco.cisco_ios.CiscoIosBase', 'netmiko.cisco.cisco_ios.CiscoIosSSH']);
    await page.selectOption('#nx-depth', '0');
    await idle();
    const all = await boxIds();
    expect(all).toContain('netmiko.base_connection.BaseConnection');
    expect(all).toContain('netmiko.cisco_base_connection.CiscoBaseConnection');
    expect(all).not.toContain('netmiko.juniper.juniper.JuniperSSH');
    expect(await page.textContent('#nx-status')).toContain('focused on CiscoIosSSH');
    await page.click('#nx-fit');
    await shot('04-focus.png');
    expect(await layoutProblems()).toEqual([]);
    // Public members only: no private method rows in the boxes.
    const rows = await page.$$eval('#nx-viewport text.row', (texts) => texts.map((t) => t.textContent ?? ''));
    expect(rows.some((r) => r.startsWith('write_channel('))).toBe(true);
    // BaseConnection's long method list is capped in the diagram; the side panel has them all.
    expect(rows.some((r) => /^… \d+ more methods$/.test(r))).toBe(true);
    expect(rows.filter((r) => r.startsWith('_') && !r.startsWith('__init__('))).toEqual([]);
    await page.click('#nx-members button[data-members="all"]');
    await idle();
    const allRows = await page.$$eval('#nx-viewport text.row', (texts) => texts.map((t) => t.textContent ?? ''));
    expect(allRows.some((r) => r.startsWith('_open('))).toBe(true);
    await page.click('#nx-members button[data-members="none"]');
    await idle();
    expect(await page.$$eval('#nx-viewport text.row', (texts) => texts.length)).toBe(0);
    await page.click('#nx-show-all');
    await page.waitForFunction(() => document.body.dataset.focus === '');
    await idle();
    expect((await boxIds()).length).toBeGreaterThan(all.length);
  });

  it('lists the dispatch table: juniper_junos highlights JuniperSSH with its base chain', async () => {
    await page.fill('#nx-dispatch-filter', 'juniper_junos');
    const keys = await page.$$eval('#nx-dispatch li:not([hidden])', (items) => items.map((li) => (li as HTMLElement).dataset.key));
    expect(keys).toContain('juniper_junos');
    expect(keys.every((k) => k?.includes('juniper_junos'))).toBe(true);
    await page.click('#nx-dispatch section:first-child li[data-key="juniper_junos"]');
    await page.waitForFunction(() => document.getElementById('nx-panel')?.dataset.id === 'netmiko.juniper.juniper.JuniperSSH');
    // The pick shows the class with its whole base chain, and nothing else.
    await page.waitForFunction(() => document.body.dataset.focus === 'netmiko.juniper.juniper.JuniperSSH');
    await idle();
    expect((await boxIds()).sort()).toEqual(['builtins.object', 'netmiko.base_connection.BaseConnection', 'netmiko.juniper.juniper.JuniperBase', 'netmiko.juniper.juniper.JuniperSSH']);
    await shot('05-dispatch.png');
    expect(await page.$eval('#nx-viewport .nx-box.nx-selected', (g) => (g as SVGGElement).dataset.id)).toBe('netmiko.juniper.juniper.JuniperSSH');
    const chain = await page.$$eval('#nx-viewport .nx-box.nx-chain', (nodes) => nodes.map((n) => (n as SVGGElement).dataset.id));
    expect(chain).toContain('netmiko.juniper.juniper.JuniperBase');
    expect(chain).toContain('netmiko.base_connection.BaseConnection');
    expect(await page.$$eval('#nx-viewport .nx-link.nx-chain', (paths) => paths.length)).toBeGreaterThanOrEqual(2);
  });

  it('collapses and expands packages', async () => {
    await page.click('#nx-collapse');
    await idle();
    const packages = await page.$$eval('#nx-viewport .nx-box[data-kind="package"]', (nodes) => nodes.map((n) => (n as SVGGElement).dataset.id));
    expect(packages).toContain('netmiko.juniper');
    expect(await boxIds()).not.toContain('netmiko.juniper.juniper.JuniperSSH');
    await shot('06-collapsed.png');
    await page.dispatchEvent('#nx-viewport .nx-box[data-id="netmiko.juniper"]', 'pointerdown', { button: 0 });
    await page.dispatchEvent('#nx-viewport .nx-box[data-id="netmiko.juniper"]', 'pointerup', { button: 0 });
    await page.waitForFunction(() => !!document.querySelector('#nx-viewport .nx-box[data-id="netmiko.juniper.juniper.JuniperSSH"]'));
    await idle();
    await page.click('#nx-expand');
    await idle();
    // Every class but object, which only focused views draw.
    expect((await boxIds()).length).toBe(model.classes.length - 1);
    await page.click('#nx-fit');
    await shot('07-expanded.png');
  });

  it('opens on the class a link names (#id), and / jumps to the search box', async () => {
    const linked = await browser.context.newPage();
    await linked.goto(fileUrl + '#netmiko.cisco.cisco_ios.CiscoIosSSH');
    await linked.waitForSelector('body[data-ready="true"]');
    expect(await linked.getAttribute('#nx-panel', 'data-id')).toBe('netmiko.cisco.cisco_ios.CiscoIosSSH');
    expect(await linked.$eval('#nx-viewport .nx-box.nx-selected', (g) => (g as SVGGElement).dataset.id)).toBe('netmiko.cisco.cisco_ios.CiscoIosSSH');
    await linked.keyboard.press('/');
    expect(await linked.evaluate(() => document.activeElement?.id)).toBe('nx-search');
    await linked.close();
  });

  it('zooms with the wheel and the buttons, pans by dragging', async () => {
    const transform = () => page.$eval('#nx-viewport', (g) => g.getAttribute('transform') ?? '');
    const before = await transform();
    await page.mouse.move(800, 500);
    await page.mouse.wheel(0, -300);
    const zoomed = await transform();
    expect(zoomed).not.toBe(before);
    await page.mouse.down();
    await page.mouse.move(900, 560, { steps: 5 });
    await page.mouse.up();
    expect(await transform()).not.toBe(zoomed);
    await page.click('#nx-zoom-in');
    await page.click('#nx-fit');
    expect(networkRequests()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
