// The trace and scan pages in Debian's Chromium on the recorded lab (test/fixtures/lab), healthy and with the recorded
// flow-br-tun fault: no console error, no request, text at least 11 px, the picture as the issue judges it, a click
// that shows a mark's finding, and the scan page drawing the same path as the trace page. Screenshots land in
// test-artifacts/trace/ for review.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { renderScanHtml } from '../../src/render/scan/html.js';
import { renderTraceHtml } from '../../src/render/trace/html.js';
import { launchBrowser, type Browser } from '../viewer/_browser.js';
import { hasLabFixtures, labFixtureSnapshot, recordedFaults } from './_labSnapshot.js';
import { redirectRemoved } from './_metadata.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/trace');
const ready = hasLabFixtures() && recordedFaults().includes('flow-br-tun');

let browser: Browser;
const urls: Record<string, string> = {};
const errors: string[] = [];
const requests: string[] = [];

async function open(name: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`${name}: ${message.text()}`); });
  page.on('request', (request) => { if (request.url() !== urls[name]) requests.push(`${name}: ${request.url()}`); });
  await page.goto(urls[name]);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** The smallest rendered font size of any text on the page or in its pictures, at 100 %. */
const smallestText = (page: Page) =>
  page.evaluate(() => {
    const sizes = Array.from(document.querySelectorAll('body *'))
      .filter((e) => Array.from(e.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim()) && (e as HTMLElement).getClientRects().length > 0)
      .map((e) => parseFloat(getComputedStyle(e).fontSize));
    // No text found must fail, not pass as Infinity.
    return sizes.length ? Math.min(...sizes) : 0;
  });

beforeAll(async () => {
  if (!ready) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const healthy = labFixtureSnapshot();
  const faulty = labFixtureSnapshot('flow-br-tun');
  const pages: Record<string, string> = {
    vm1: renderTraceHtml(analyseTrace(healthy, 'vm1')),
    'flow-br-tun-vm1': renderTraceHtml(analyseTrace(faulty, 'vm1')),
    scan: renderScanHtml(analyseScan(healthy)),
    'flow-br-tun-scan': renderScanHtml(analyseScan(faulty)),
    // INJECTED FAULT (test/trace/_metadata.ts): the recording with a metadata service added, then its REDIRECT removed
    'metadata-redirect-vm1': renderTraceHtml(analyseTrace(redirectRemoved(healthy), 'vm1')),
  };
  for (const [name, html] of Object.entries(pages)) {
    const path = join(ARTIFACTS, `${name}.html`);
    writeFileSync(path, html);
    urls[name] = pathToFileURL(path).href;
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!ready)('trace and scan pages in Chromium (recorded lab)', () => {
  it('vm1: two host boxes, a VXLAN edge with VNI 1001 and both local VLANs, the floating-IP branch, no finding', async () => {
    const page = await open('vm1');
    await page.screenshot({ path: join(ARTIFACTS, 'vm1.png'), fullPage: true });
    const svg = page.locator('svg.nx-path').first();
    expect(await svg.locator('.nx-host').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-host')))).toEqual(['nxlab-node1', 'nxlab-node2']);
    const tunnel = await svg.locator('.nx-edge[data-kind="tunnel"]').getAttribute('data-label');
    expect(tunnel).toMatch(/VXLAN VNI 1001 .*local VLAN \d+ → VNI 1001 → local VLAN \d+/);
    expect(await svg.locator('.nx-edge[data-kind="tunnel"] text').allTextContents()).toEqual(tunnel!.split(' | '));
    expect(await svg.locator('.nx-node[data-kind="router"]').count()).toBe(1);
    expect(await svg.locator('.nx-edge[data-from="router"][data-to="gw"]').getAttribute('data-label')).toMatch(/SNAT 10\.20\.0\.\d+ → 198\.51\.100\.\d+/);
    expect(await svg.locator('.nx-node[data-kind="external"] text').allTextContents()).toContainEqual(expect.stringMatching(/198\.51\.100\.\d+ by br-ex/));
    expect(await page.locator('[data-findings]').count()).toBe(0);
    expect(await smallestText(page)).toBeGreaterThanOrEqual(11);
    await page.close();
  });

  it('flow-br-tun: the red mark is on br-tun of nxlab-node1, not on the tap; a click shows the finding', async () => {
    const page = await open('flow-br-tun-vm1');
    const marked = page.locator('svg.nx-path .nx-node[data-findings]');
    expect(await marked.evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-label'), n.getAttribute('data-host'), n.getAttribute('data-findings'), n.getAttribute('data-severity')]))).toEqual([['br-tun', 'nxlab-node1', 'egress-flow-missing', 'error']]);
    expect(await page.locator('svg.nx-path .nx-node[data-kind="vm-tap"]').getAttribute('data-findings')).toBeNull();
    // Drawn red: the stroke is the palette's vermillion.
    expect(await marked.locator('rect').getAttribute('stroke')).toBe('#D55E00');
    await marked.click();
    await expect.poll(() => page.locator('#nx-detail').isVisible()).toBe(true);
    expect(await page.textContent('#nx-detail')).toMatch(/ERROR egress-flow-missing: nxlab-node1 br-tun: no egress flow/);
    expect(await page.locator('.nx-finding.nx-picked').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'flow-br-tun-vm1.png'), fullPage: true });
    await page.keyboard.press('Escape');
    expect(await page.locator('#nx-detail').isHidden()).toBe(true);
    expect(await smallestText(page)).toBeGreaterThanOrEqual(11);
    await page.close();
  });

  it("metadata: the healthy lab's branch is drawn 'not offered'; with the REDIRECT removed (injected) the mark is on the metadata proxy", async () => {
    const healthyPage = await open('vm1');
    const meta = healthyPage.locator('svg.nx-path .nx-node[data-kind="metadata"]');
    expect(await meta.getAttribute('data-label')).toBe('metadata (not offered)');
    expect(await meta.getAttribute('data-findings')).toBeNull();
    await healthyPage.close();
    const page = await open('metadata-redirect-vm1');
    const marked = page.locator('svg.nx-path .nx-node[data-findings]');
    expect(await marked.evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-kind'), n.getAttribute('data-label'), n.getAttribute('data-findings'), n.getAttribute('data-severity')]))).toEqual([['metadata', 'metadata proxy', 'metadata-redirect-missing', 'error']]);
    expect(await page.locator('svg.nx-path .nx-edge[data-to="meta"]').getAttribute('data-broken')).toBe('true');
    await marked.click();
    await expect.poll(() => page.locator('#nx-detail').isVisible()).toBe(true);
    expect(await page.textContent('#nx-detail')).toMatch(/ERROR metadata-redirect-missing: qrouter-\S+ on nxlab-node\d has no REDIRECT rule for 169\.254\.169\.254:80/);
    await page.screenshot({ path: join(ARTIFACTS, 'metadata-redirect-vm1.png'), fullPage: true });
    expect(await smallestText(page)).toBeGreaterThanOrEqual(11);
    await page.close();
  });

  it('the scan page draws the same path as the trace page for the same interface (one renderer)', async () => {
    for (const [trace, scan] of [['vm1', 'scan'], ['flow-br-tun-vm1', 'flow-br-tun-scan']]) {
      const tracePage = await open(trace);
      const key = await tracePage.locator('svg.nx-path').first().getAttribute('data-path');
      const fromTrace = await tracePage.locator('svg.nx-path').first().evaluate((e) => e.outerHTML);
      const scanPage = await open(scan);
      const fromScan = await scanPage.locator(`svg.nx-path[data-path="${key}"]`).evaluate((e) => e.outerHTML);
      expect(fromScan).toBe(fromTrace);
      await tracePage.close();
      await scanPage.close();
    }
  });

  it('scan: the chart, the summary links into the paths, and the filters by finding and host', async () => {
    const page = await open('flow-br-tun-scan');
    await page.screenshot({ path: join(ARTIFACTS, 'flow-br-tun-scan.png'), fullPage: true });
    expect(await page.locator('svg.nx-chart g[data-finding="egress-flow-missing"]').count()).toBe(1);
    const links = await page.locator('table.nx-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
    for (const id of links) expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    const sections = await page.locator('section.nx-instance').count();
    await page.selectOption('select[data-filter="findings"]', 'egress-flow-missing');
    const shown = await page.locator('section.nx-instance:visible').evaluateAll((s) => s.map((x) => x.getAttribute('data-findings')));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(sections);
    for (const f of shown) expect(f!.split(' ')).toContain('egress-flow-missing');
    await page.selectOption('select[data-filter="findings"]', '');
    await page.selectOption('select[data-filter="host"]', 'nxlab-node2');
    const hosts = await page.locator('section.nx-instance:visible').evaluateAll((s) => s.map((x) => x.getAttribute('data-host')));
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(['nxlab-node2']));
    expect(await smallestText(page)).toBeGreaterThanOrEqual(11);
    await page.close();
  });

  it('no console error and no network request on any page', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
