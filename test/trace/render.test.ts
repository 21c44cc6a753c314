// The trace renderers on real reports: text answers the six questions per interface, JSON is the model, and real
// mermaid (Debian chromium, like test/render/mermaid-validity.test.ts) draws every report without error.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import { findTraceRenderer, traceRenderers } from '../../src/render/trace/index.js';
import { SYNTHETIC_FAULTS } from './_faults.js';
import { recordedSnapshots } from './_labSnapshot.js';
import { renderTrace } from './_render.js';

const healthy = recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json')?.snapshot;
const reports: [string, TraceReport][] = healthy
  ? [
      ...['vm1', 'vm2', 'vm3'].map((vm) => [vm, analyseTrace(healthy, vm)] as [string, TraceReport]),
      ...['flow-br-tun', 'dead-vlan', 'binding-failed', 'sshd-down'].map((kind) => [`${kind} (synthetic)`, analyseTrace(SYNTHETIC_FAULTS[kind].make(healthy), SYNTHETIC_FAULTS[kind].trace)] as [string, TraceReport]),
    ]
  : [];

describe.skipIf(!healthy)('trace renderers', () => {
  it('are registered once each', () => {
    expect(traceRenderers.map((r) => r.format)).toEqual(['text', 'json', 'mermaid', 'dot', 'html', 'svg', 'png']);
    expect(findTraceRenderer('tree')).toBeUndefined();
  });

  it.each(reports)('text: %s answers the six questions per interface, then the findings', async (_name, report) => {
    const text = await renderTrace('text', report);
    for (const iface of report.interfaces) {
      for (const answer of [iface.answers.interfaceCount, iface.port.mac, iface.answers.ips, iface.answers.localSegment, iface.answers.provider]) expect(text).toContain(answer);
      for (const device of iface.hops.map((h) => h.device)) expect(text).toContain(device);
    }
    expect(text).toContain('Findings');
    for (const f of report.findings) {
      expect(text).toContain(`${f.id}: ${f.message}`);
      expect(text).toContain(f.hint);
    }
  });

  it.each(reports)('json: %s is the report itself', async (_name, report) => {
    expect(JSON.parse(await renderTrace('json', report))).toEqual(report);
  });
});

const CHROMIUM = '/usr/bin/chromium';
interface MermaidWindow {
  mermaid: { initialize(c: object): void; render(id: string, text: string): Promise<{ svg: string }> };
}

describe.skipIf(!healthy || !existsSync(CHROMIUM))('real mermaid draws the trace diagrams', () => {
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'netxray-trace-mermaid-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await context.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: join(createRequire(import.meta.url).resolve('mermaid/package.json'), '..', 'dist', 'mermaid.min.js') });
    await page.evaluate(() => (window as unknown as MermaidWindow).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it.each(reports.map(([name, report], i) => [name, report, i] as const))('%s', async (_name, report, i) => {
    const text = await renderTrace('mermaid', report);
    const result = await page.evaluate(
      async ([diagram, id]) => {
        try {
          return { svg: (await (window as unknown as MermaidWindow).mermaid.render(id, diagram)).svg, error: null };
        } catch (error) {
          return { svg: '', error: String((error as Error)?.message ?? error) };
        }
      },
      [text, `trace-${i}`] as const,
    );
    expect(result.error, text).toBeNull();
    for (const iface of report.interfaces) for (const device of iface.hops.map((h) => h.device)) expect(result.svg).toContain(device);
    for (const f of report.findings) expect(result.svg).toContain(f.id);
  });
});
