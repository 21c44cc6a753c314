// Checks issue #18's "How it is judged" conditions once, in Debian's Chromium at 1440×900, and prints one line per
// condition with its numbers: paramiko's SFTPServer arrows, the widest row of each view the viewer draws by itself at
// the zoom where its smallest text is 10 px, CiscoIosSSH's chain on screen, the netmiko PNG, Mermaid within
// maxTextSize (drawn by stock Mermaid, or the CLI's warning), neutron's first drawing and selection as the user sees them (./viewerUserTiming.mjs; one run: the
// medians come from bench/viewer.bench.mjs).
// Usage: node bench/viewer.judge.mjs [--packages netmiko,jnpr.junos,paramiko,ncclient,neutron] [--models DIR]
//   (needs `npm run build`; --models: a folder of PKG.json saved by `netxray classes PKG --format json`, else analysed now)
/* global document, window, getComputedStyle */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';
import { firstDrawingTiming, selectionTiming, userTimingProbe } from './viewerUserTiming.mjs';

const { values } = parseArgs({
  options: {
    packages: { type: 'string', default: 'netmiko,jnpr.junos,paramiko,ncclient,neutron' },
    models: { type: 'string' },
  },
});
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
const CHROMIUM = process.env.NETXRAY_TEST_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const MERMAID_MAX_TEXT = 50_000;
const PROBE = { netmiko: 'CiscoIosSSH', neutron: 'OVSNeutronAgent', paramiko: 'SFTPServer', 'jnpr.junos': 'Device', ncclient: 'Manager' };

function netxray(args) {
  const run = spawnSync(...netxrayCommand(netxrayBin(), args), { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`netxray ${args.join(' ')} failed: ${run.stderr.slice(-500)}`);
  return run;
}

const verdicts = [];
function judge(condition, holds, numbers) {
  verdicts.push({ condition, holds });
  console.log(`${holds ? 'HOLDS ' : 'FAILS '} ${condition}: ${numbers}`);
}

/**
 * The drawing on screen now: its smallest text in screen px, the widest row (boxes crossing one horizontal line)
 * in screen px, and that row's width at the zoom where the smallest text is 10 px.
 */
function measure(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.nx-box')];
    let smallest = Infinity;
    for (const text of document.querySelectorAll('.nx-box text')) {
      const size = parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1);
      if (text.textContent.trim()) smallest = Math.min(smallest, size);
    }
    const rects = boxes.map((b) => (b.querySelector('rect') ?? b).getBoundingClientRect());
    let widestRow = 0;
    for (const line of rects.map((r) => r.top + 1)) {
      const row = rects.filter((r) => r.top <= line && r.bottom >= line);
      widestRow = Math.max(widestRow, Math.max(...row.map((r) => r.right)) - Math.min(...row.map((r) => r.left)));
    }
    return { boxes: boxes.length, smallest: +smallest.toFixed(1), widestRow: Math.round(widestRow), rowAt10: Math.round(widestRow * 10 / smallest) };
  });
}

const idle = (page) => page.waitForFunction(() => document.getElementById('nx-busy').hidden && document.body.dataset.ready === 'true', null, { timeout: 120_000 });

async function openPage(context, html) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push('request ' + r.url()); });
  await page.goto(pathToFileURL(html).href);
  const first = await firstDrawingTiming(page);
  await idle(page).catch((error) => { throw new Error(`${html} never got ready: ${problems.join(' | ') || error.message}`); });
  return { page, problems, first, ready: Number(await page.getAttribute('body', 'data-ready-ms')) / 1000 };
}

/** Enter on the search hit: the input to the painted selection (./viewerUserTiming.mjs), and the harness's wall time. */
function select(page, name) {
  return selectionTiming(page, name, async () => {
    await page.fill('#nx-search', name);
    await page.press('#nx-search', 'Enter');
    await page.waitForSelector('#nx-panel:not([hidden])');
    await idle(page);
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'netxray-judge-'));
const profile = mkdtempSync(join(tmpdir(), 'netxray-judge-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true, viewport: VIEWPORT,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
await context.addInitScript(userTimingProbe);
console.log(`${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
try {
  const packages = values.packages.split(',');
  for (const pkg of packages) {
    const model = values.models && existsSync(join(values.models, `${pkg}.json`)) ? join(values.models, `${pkg}.json`) : join(scratch, `${pkg}.json`);
    if (!existsSync(model)) netxray(['classes', pkg, '--format', 'json', '-o', model, '--python', PYTHON]);
    const html = join(scratch, `${pkg}.html`);
    netxray(['render', model, '--format', 'html', '-o', html]);
    const { page, problems, first, ready } = await openPage(context, html);
    const views = { first: await measure(page) };
    const probe = PROBE[pkg];
    const selection = await select(page, probe);
    const selectInPage = Number(await page.getAttribute('body', 'data-select-ms')) / 1000;
    views[`select ${probe}`] = await measure(page);
    if (pkg === 'netmiko') {
      // The whole chain object … CiscoIosSSH inside the canvas, beside the panel, at readable text.
      const chain = await page.evaluate(() => {
        const canvas = document.getElementById('nx-canvas').getBoundingClientRect();
        const boxes = [...document.querySelectorAll('.nx-box.nx-chain, .nx-box.nx-selected')];
        const off = boxes.filter((b) => { const r = b.querySelector('rect').getBoundingClientRect(); return r.left < canvas.left || r.right > canvas.right || r.top < canvas.top || r.bottom > canvas.bottom; });
        return { names: boxes.map((b) => b.querySelector('text.title')?.textContent), off: off.map((b) => b.querySelector('text.title')?.textContent) };
      });
      const hasObject = chain.names.includes('object');
      judge('netmiko: selecting CiscoIosSSH shows object … CiscoIosSSH on screen', hasObject && chain.off.length === 0 && views[`select ${probe}`].smallest >= 10,
        `${chain.names.length} chain boxes (${chain.names.join(' < ')}), ${chain.off.length} off screen, smallest text ${views[`select ${probe}`].smallest} px`);
    }
    if (pkg === 'paramiko') {
      const arrows = await page.evaluate(() => {
        const keyOf = (name) => [...document.querySelectorAll('.nx-box')].find((b) => b.querySelector('text.title')?.textContent === name)?.dataset.key;
        const from = keyOf('SFTPServer');
        const ends = ['BaseSFTP', 'SubsystemHandler'].map((base) => {
          const paths = [...document.querySelectorAll('.nx-link')].filter((p) => p.dataset.from === from && p.dataset.to === keyOf(base));
          return paths.map((p) => { const l = p.getTotalLength(); const e = p.getPointAtLength(l); return { end: `${Math.round(e.x)},${Math.round(e.y)}`, marker: p.getAttribute('marker-end') ?? getComputedStyle(p).markerEnd }; });
        });
        return ends;
      });
      const ok = arrows.every((a) => a.length === 1 && a[0].marker && a[0].marker !== 'none') && arrows[0][0]?.end !== arrows[1][0]?.end;
      judge('paramiko: SFTPServer has two distinct arrows to BaseSFTP and SubsystemHandler', ok, JSON.stringify(arrows));
    }
    if (pkg !== 'neutron') {
      for (const button of ['nx-expand', 'nx-collapse', 'nx-show-all']) {
        await page.keyboard.press('Escape');
        await idle(page);
        if (await page.isDisabled('#' + button)) continue;
        await page.click('#' + button);
        await idle(page);
        views[button.slice(3)] = await measure(page);
      }
    } else {
      // What the user sees (./viewerUserTiming.mjs): the later of the double-rAF mark and the browser's paint time.
      const firstDrawing = Math.max(first.painted, first.fcp || 0);
      const selected = Math.max(selection.painted, selection.eventTiming || 0);
      judge('neutron: first drawing ≤ 2 s after load (one run)', firstDrawing <= 2,
        `${firstDrawing.toFixed(2)} s navigation start to the frame painted with the diagram (double rAF ${first.painted.toFixed(2)} s, FCP ${first.fcp.toFixed(2)} s), ${ready.toFixed(2)} s to interactive (page mark)`);
      judge('neutron: selection ≤ 300 ms (one run)', selected <= 0.3,
        `${selected.toFixed(3)} s Enter to the frame painted with the chain (double rAF ${selection.painted.toFixed(3)} s, Event Timing ${selection.eventTiming.toFixed(3)} s); page mark ${selectInPage.toFixed(3)} s; harness wall ${selection.harness.toFixed(2)} s`);
    }
    for (const [name, m] of Object.entries(views)) {
      judge(`${pkg} viewer ${name}: widest row at 10 px text ≤ ${VIEWPORT.width} px`, m.rowAt10 <= VIEWPORT.width,
        `${m.boxes} boxes, smallest text ${m.smallest} px on screen, widest row ${m.widestRow} px on screen, ${m.rowAt10} px at 10 px text`);
    }
    if (problems.length) judge(`${pkg} page: no console error, no network request`, false, problems.slice(0, 3).join(' | '));
    await page.close();

    // Static exports: the PNG's width and smallest text, the SVG's widest row at 10 px.
    const png = join(scratch, `${pkg}.png`);
    const pngRun = netxray(['render', model, '--format', 'png', '-o', png]);
    const svg = join(scratch, `${pkg}.svg`);
    netxray(['render', model, '--format', 'svg', '-o', svg]);
    const svgWidth = Number(/width="(\d+)"/.exec(readFileSync(svg, 'utf8'))?.[1]);
    const pngWidth = readFileSync(png).readUInt32BE(16);
    const pngText = +(11 * pngWidth / svgWidth).toFixed(1);
    judge(`${pkg} --format png ≤ 4096 px wide with text ≥ 10 px`, pngWidth <= 4096 && pngText >= 10,
      `${pngWidth}×${readFileSync(png).readUInt32BE(20)} px, smallest text ${pngText} px${pngRun.stderr.trim() ? `; stderr: ${pngRun.stderr.trim().slice(0, 200)}` : ''}`);

    // Mermaid: within maxTextSize and drawn by stock Mermaid, or the CLI says why not and how to split.
    const mmd = join(scratch, `${pkg}.mmd`);
    const mermaidRun = netxray(['render', model, '--format', 'mermaid', '-o', mmd]);
    const text = readFileSync(mmd, 'utf8');
    if (text.length > MERMAID_MAX_TEXT) {
      judge(`${pkg} Mermaid: over maxTextSize, the CLI says why and how to split`, /maxTextSize/.test(mermaidRun.stderr) && /--include|--split|--focus/.test(mermaidRun.stderr),
        `${text.length} characters; stderr: ${mermaidRun.stderr.trim().slice(0, 240)}`);
    } else {
      const drawn = await drawMermaid(context, text);
      judge(`${pkg} Mermaid: stock Mermaid draws it`, drawn.ok, `${text.length} characters; ${drawn.detail}`);
    }
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${verdicts.filter((v) => v.holds).length} of ${verdicts.length} conditions hold`);

async function drawMermaid(context, text) {
  const script = join(createRequire(import.meta.url).resolve('mermaid/package.json'), '..', 'dist', 'mermaid.min.js');
  const host = join(scratch, 'mermaid.html');
  writeFileSync(host, '<!doctype html><html><body><div id="out"></div></body></html>');
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(host).href);
    await page.addScriptTag({ path: script });
    return await page.evaluate(async (source) => {
      window.mermaid.initialize({ startOnLoad: false });
      try {
        const { svg } = await window.mermaid.render('d', source);
        const error = /Syntax error|maximum text size/i.test(svg);
        return { ok: !error, detail: error ? 'drawn as an error box' : `drawn, ${svg.length} characters of SVG` };
      } catch (e) {
        return { ok: false, detail: String(e).slice(0, 200) };
      }
    }, text);
  } finally {
    await page.close();
  }
}
