// Benchmark: the HTML viewer. Whole `netxray classes PKG --format html` process time, render-only time from a saved model,
// and in headless Chromium the time from navigation to an interactive page, plus search → select → focus. Medians.
// Usage: node bench/viewer.bench.mjs [--runs N] [--packages netmiko,neutron]   (needs `npm run build` first)
/* global document */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';
import { median } from './timing.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    packages: { type: 'string', default: 'netmiko,neutron' },
  },
});
const CLI = netxrayBin();
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
const CHROMIUM = process.env.NETXRAY_TEST_CHROMIUM ?? '/usr/bin/chromium';
// The targets: netmiko HTML ≤ 1 s whole process; neutron HTML ≤ 10 s and interactive ≤ 3 s after load.
const TARGETS = { netmiko: { seconds: 1, interactive: 3 }, neutron: { seconds: 10, interactive: 3 } };
// A class to search, select and focus on in each package.
const PROBE = { netmiko: 'CiscoIosSSH', neutron: 'OVSNeutronAgent' };

function timed(args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(...netxrayCommand(CLI, args), { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`netxray ${args.join(' ')} failed: ${run.stderr.slice(-500)}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function inBrowser(file, probe, runs) {
  const profile = mkdtempSync(join(tmpdir(), 'netxray-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1600, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const interactive = [];
  const select = [];
  const focus = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      interactive.push(Number(await page.getAttribute('body', 'data-ready-ms')) / 1000);
      let t = Date.now();
      await page.fill('#nx-search', probe);
      await page.press('#nx-search', 'Enter');
      await page.waitForSelector('#nx-panel:not([hidden])');
      await page.waitForFunction(() => document.getElementById('nx-busy').hidden);
      select.push((Date.now() - t) / 1000);
      t = Date.now();
      await page.click('#nx-focus');
      await page.waitForFunction(() => document.body.dataset.focus && document.getElementById('nx-busy').hidden);
      focus.push((Date.now() - t) / 1000);
      await page.close();
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return { interactive: median(interactive), select: median(select), focus: median(focus) };
}

const scratch = mkdtempSync(join(tmpdir(), 'netxray-bench-viewer-'));
try {
  for (const pkg of values.packages.split(',')) {
    const runs = Number(values.runs);
    const html = join(scratch, `${pkg}.html`);
    const model = join(scratch, `${pkg}.json`);
    timed(['classes', pkg, '--format', 'json', '-o', model, '--python', PYTHON]);
    const whole = [];
    const render = [];
    for (let i = 0; i < runs; i++) {
      whole.push(timed(['classes', pkg, '--format', 'html', '-o', html, '--python', PYTHON]));
      render.push(timed(['render', model, '--format', 'html', '-o', html]));
    }
    const browser = await inBrowser(html, PROBE[pkg] ?? '', runs);
    const target = TARGETS[pkg];
    const row = {
      package: pkg, runs, htmlMB: +(statSync(html).size / 1e6).toFixed(1),
      wholeSeconds: +median(whole).toFixed(2), renderSeconds: +median(render).toFixed(2),
      interactiveSeconds: +browser.interactive.toFixed(2), selectSeconds: +browser.select.toFixed(2), focusSeconds: +browser.focus.toFixed(2),
    };
    const verdict = target
      ? [row.wholeSeconds <= target.seconds ? 'time ok' : `time over ${target.seconds}s`,
         row.interactiveSeconds <= target.interactive ? 'interactive ok' : `interactive over ${target.interactive}s`].join(', ')
      : '';
    console.log(JSON.stringify(row), verdict);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
