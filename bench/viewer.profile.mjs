// Profiles the viewer page in Debian's Chromium at 1440×900 through playwright's CDP session: a DevTools performance
// trace (where the renderer's main thread spends its time: parsing, script, style, layout, paint, GC) and a V8 CPU
// profile (the page's functions by self time), for the page load up to its first drawing and interactive page, and
// for one selection (Enter on a search hit straight after typing). For finding what to make faster; it judges nothing.
// Usage: node bench/viewer.profile.mjs PAGE.html [--probe OVSNeutronAgent] [--top 25] [--trace-out FILE.json]
/* global document, window */
import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { firstDrawingTiming, selectionTiming, userTimingProbe } from './viewerUserTiming.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { probe: { type: 'string', default: 'OVSNeutronAgent' }, top: { type: 'string', default: '25' }, 'trace-out': { type: 'string' } },
});
const CHROMIUM = process.env.NETXRAY_TEST_CHROMIUM ?? '/usr/bin/chromium';
const TOP = Number(values.top);
const CATEGORIES = ['devtools.timeline', 'v8.execute', 'blink', 'disabled-by-default-devtools.timeline', 'v8'].join(',');

async function trace(cdp, run) {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const finished = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await finished;
  return { events, profile, result };
}

/** Complete events on the renderer's main thread, by name: total ms of the outermost ones and of each name. */
function mainThreadSummary(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
  const byName = new Map();
  for (const e of onMain) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  onMain.sort((a, b) => a.ts - b.ts);
  let busy = 0;
  let end = 0;
  for (const e of onMain) {
    if (e.ts >= end) { busy += e.dur; end = e.ts + e.dur; } else if (e.ts + e.dur > end) { busy += e.ts + e.dur - end; end = e.ts + e.dur; }
  }
  return { busyMs: Math.round(busy / 1000), top: [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([n, ms]) => `${n} ${ms.toFixed(0)}`) };
}

/** The CPU profile's functions by self time (ms), with their place in the page's script. */
function selfTimes(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'}${f.lineNumber >= 0 ? ` :${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${k}`);
}

const page_ = resolve(positionals[0] ?? '');
const profileDir = mkdtempSync(join(tmpdir(), 'netxray-profile-chromium-'));
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: CHROMIUM, headless: true, viewport: { width: 1440, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
await context.addInitScript(userTimingProbe);
try {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const load = await trace(cdp, async () => {
    await page.goto(pathToFileURL(page_).href);
    const first = await firstDrawingTiming(page);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    return first;
  });
  console.log(`\n== load: first drawing painted ${load.result.painted.toFixed(2)} s, FCP ${load.result.fcp.toFixed(2)} s; main thread busy ${mainThreadSummary(load.events).busyMs} ms`);
  console.log(mainThreadSummary(load.events).top.join('\n'));
  console.log('-- functions by self time');
  console.log(selfTimes(load.profile).join('\n'));
  if (values['trace-out']) writeFileSync(values['trace-out'], JSON.stringify({ traceEvents: load.events }));
  const probe = values.probe;
  const select = await trace(cdp, () => selectionTiming(page, probe, async () => {
    await page.fill('#nx-search', probe);
    await page.press('#nx-search', 'Enter');
  }));
  console.log(`\n== select ${probe} straight after typing: painted ${select.result.painted.toFixed(3)} s after the input, Event Timing ${select.result.eventTiming.toFixed(3)} s; main thread busy ${mainThreadSummary(select.events).busyMs} ms (typing included)`);
  console.log(mainThreadSummary(select.events).top.join('\n'));
  console.log('-- functions by self time');
  console.log(selfTimes(select.profile).join('\n'));
  await page.evaluate(() => window.__nxTiming && document.body.dataset.ready);
} finally {
  await context.close();
  rmSync(profileDir, { recursive: true, force: true });
}
