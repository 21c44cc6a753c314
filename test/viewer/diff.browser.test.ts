// The HTML diff (`classes --diff … --format html`) of test/fixtures/diff in headless Chromium: boxes coloured by
// what changed, the removed class ghosted on the new diagram, the panel showing old and new signatures; and the
// netmiko 2.4.2 -> 4.6.0 page with BaseConnection.send_command. Screenshots land in test-artifacts/viewer/.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffClassModels } from '../../src/analyse/classDiff/index.js';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { htmlDiffRenderer } from '../../src/render/diff/html.js';
import { artifactPath, launchBrowser, PYTHON, searchFor, type Browser } from './_browser.js';
import { PYTHON_RELEASES } from '../_shared.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/diff');
let browser: Browser;
let page: Page;
const errors: string[] = [];
const requests: string[] = [];

async function open(name: string, oldSpec: string, newSpec: string): Promise<void> {
  const [oldModel, newModel] = await Promise.all([analyseClasses(oldSpec, { python: PYTHON }), analyseClasses(newSpec, { python: PYTHON })]);
  const diff = diffClassModels(oldModel, newModel, { old: oldSpec.split('/').slice(-2).join('/'), new: newSpec.split('/').slice(-2).join('/') });
  const path = artifactPath(name);
  writeFileSync(path, await htmlDiffRenderer.render({ diff, oldModel, newModel }, {}));
  await page.goto(pathToFileURL(path).href);
  await page.waitForSelector('body[data-ready="true"]');
}

const boxClass = (id: string) => page.$eval(`#nx-viewport .nx-box[data-id="${id}"]`, (g) => g.getAttribute('class') ?? '');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  // blob: is the page's own layout worker (made from its inlined elkjs), not the network.
  page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('blob:')) requests.push(request.url()); });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the HTML diff of two versions of a small package', () => {
  it('colours added, changed and moved classes and ghosts the removed one on the new diagram', async () => {
    await open('diff-shop.html', `${FIXTURES}/v1/shop`, `${FIXTURES}/v2/shop`);
    await page.waitForSelector('#nx-viewport .nx-box.nx-diff-added');
    await page.screenshot({ path: artifactPath('diff-01-shop.png') });
    expect(await boxClass('shop.New')).toContain('nx-diff-added');
    expect(await boxClass('shop.Removed')).toContain('nx-diff-removed');
    expect(await boxClass('shop.Client')).toContain('nx-diff-changed');
    expect(await boxClass('shop.sub.Mover')).toContain('nx-diff-moved');
    expect(await boxClass('shop.Mixin')).not.toContain('nx-diff');
    expect(await page.$eval('#nx-viewport .nx-box[data-id="shop.Removed"]', (g) => getComputedStyle(g).opacity)).toBe('0.45');
    expect(await page.textContent('#nx-diff-summary')).toContain('21 changes, 12 breaking');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows old and new signatures side by side in the class panel', async () => {
    await page.click('#nx-viewport .nx-box[data-id="shop.Client"]');
    await page.waitForSelector('#nx-panel .nx-diff-section');
    await page.screenshot({ path: artifactPath('diff-02-client-panel.png') });
    const send = page.locator('#nx-panel .nx-diff-change', { hasText: 'send: signature changed' });
    expect(await send.locator('table.nx-diff-signatures tr:nth-child(1) td').textContent()).toBe('send(command, expect=None, delay=1, max_loops=500)');
    expect(await send.locator('table.nx-diff-signatures tr:nth-child(2) td').textContent()).toBe('send(command, expect=None, read_timeout=10.0, delay=None, max_loops=None)');
    expect(await send.textContent()).toContain('+ read_timeout added at position 3  [breaking]');
    expect(await send.getAttribute('class')).toContain('breaking');
  });
});

describe('the HTML diff of netmiko 2.4.2 -> 4.6.0', () => {
  it('shows BaseConnection.send_command as a breaking signature change', async () => {
    await open('diff-netmiko.html', 'netmiko', `${PYTHON_RELEASES}/netmiko-4.6.0/netmiko`);
    await searchFor(page, 'BaseConnection');
    await page.click('#nx-results li[data-id="netmiko.base_connection.BaseConnection"]');
    await page.waitForSelector('#nx-panel .nx-diff-section');
    await page.screenshot({ path: artifactPath('diff-03-netmiko-baseconnection.png') });
    const send = page.locator('#nx-panel .nx-diff-change', { hasText: 'send_command: signature changed' });
    expect(await send.getAttribute('class')).toContain('breaking');
    expect(await send.textContent()).toContain('~ delay_factor default 1 -> None');
    expect(await boxClass('netmiko.base_connection.BaseConnection')).toContain('nx-diff-changed');
    expect(errors).toEqual([]);
  }, 120_000);
});
