// Test helpers: Debian's Chromium driven by playwright-core (never a downloaded browser), and the real netmiko model.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import type { ClassModel } from '../../src/model/classModel.js';

export const CHROMIUM = process.env.NETXRAY_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/viewer');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh, empty profile and nothing that phones home. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'netxray-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

let netmiko: Promise<ClassModel> | undefined;

/** netmiko 2.4.2 from Debian's python3-netmiko, analysed from source. */
export function netmikoModel(): Promise<ClassModel> {
  netmiko ??= analyseClasses('netmiko', { python: PYTHON });
  return netmiko;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * Types `query` into the viewer's search box and waits until the results list shows that query's rows: the search
 * runs in slices after the keystroke (issue #18), and the list says which query it shows (`data-query`).
 */
export async function searchFor(page: Page, query: string): Promise<void> {
  await page.fill('#nx-search', query);
  await page.waitForFunction((q) => document.getElementById('nx-results')?.dataset.query === q, query);
}
