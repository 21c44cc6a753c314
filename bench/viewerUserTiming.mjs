// What a user of the viewer page waits for, measured inside the page so that no playwright round trip is counted:
// navigation start to the first frame painted with the diagram on it, and an input event (its timeStamp, when the
// browser received it) to the next frame painted after the page shows the selection. "Painted" is the double
// requestAnimationFrame mark: the second callback runs in the frame after the one that drew the change, so the
// figure is at most one frame (~16 ms) late, never early. Beside it, the browser's own measures: First Contentful
// Paint (Paint Timing) and the input's Event Timing entry (`duration`: input to the next paint after its handlers,
// the measure behind INP; it ends early when the page updates asynchronously after that paint).
// Installed with context.addInitScript, so it works on any build of the page, today's included.
/* global window, document, requestAnimationFrame */

/** Runs in the page before its own scripts (context.addInitScript(userTimingProbe)). */
export function userTimingProbe() {
  const nx = { fcp: null, firstFrame: null, firstDrawing: null, events: [], selection: null };
  window.__nxTiming = nx;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') nx.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) nx.events.push({ name: e.name, start: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {
    // A browser without these entry types still gets the rAF marks.
  }
  /** Calls `done(frameTime, paintedTime)` for the first frame where `ready()` holds: that frame draws it. */
  const whenDrawn = (ready, done) => requestAnimationFrame(function check() {
    if (!ready()) return void requestAnimationFrame(check);
    const frame = performance.now();
    requestAnimationFrame(() => done(frame, performance.now()));
  });
  whenDrawn(() => document.querySelector('#nx-viewport .nx-box') !== null, (frame, painted) => {
    nx.firstFrame = frame;
    nx.firstDrawing = painted;
  });
  /**
   * Arms the next selection: the first trusted Enter keydown or pointerup from now on starts it; it ends at the frame
   * painted after the class panel shows, the busy mark is gone and `name`'s box (its title or the end of its id) is
   * drawn selected.
   */
  nx.armSelection = (name) => {
    const selection = { name, input: null, inputType: null, frame: null, painted: null };
    nx.selection = selection;
    const onInput = (event) => {
      if (!event.isTrusted || (event.type === 'keydown' && event.key !== 'Enter')) return;
      selection.input = event.timeStamp;
      selection.inputType = event.type;
      window.removeEventListener('keydown', onInput, true);
      window.removeEventListener('pointerup', onInput, true);
      whenDrawn(() => {
        const panel = document.getElementById('nx-panel');
        const busy = document.getElementById('nx-busy');
        const box = document.querySelector('#nx-viewport .nx-box.nx-selected');
        const shown = box && (box.querySelector('text.title')?.textContent === name || (box.dataset.id ?? '').endsWith('.' + name));
        return panel && !panel.hidden && busy && busy.hidden && shown;
      }, (frame, painted) => {
        selection.frame = frame;
        selection.painted = painted;
      });
    };
    window.addEventListener('keydown', onInput, true);
    window.addEventListener('pointerup', onInput, true);
  };
}

/** The page's first drawing in seconds from navigation start: painted (double rAF), its frame, and FCP. */
export async function firstDrawingTiming(page) {
  await page.waitForFunction(() => window.__nxTiming.firstDrawing !== null, null, { timeout: 120_000 });
  const t = await page.evaluate(() => ({ firstFrame: window.__nxTiming.firstFrame, firstDrawing: window.__nxTiming.firstDrawing, fcp: window.__nxTiming.fcp }));
  return { painted: t.firstDrawing / 1000, frame: t.firstFrame / 1000, fcp: t.fcp === null ? NaN : t.fcp / 1000 };
}

/**
 * Times one selection of the class `name` made by `act()` (which sends the input): seconds from the input event to
 * the frame painted after the page shows it, the Event Timing duration of that input, and the harness's wall time
 * from calling act() to seeing the selection through playwright (what bench/viewer.bench.mjs reported before).
 */
export async function selectionTiming(page, name, act) {
  await page.evaluate((n) => window.__nxTiming.armSelection(n), name);
  const started = Date.now();
  await act();
  await page.waitForFunction(() => window.__nxTiming.selection.painted !== null, null, { polling: 'raf', timeout: 120_000 });
  const harness = (Date.now() - started) / 1000;
  const s = await page.evaluate(() => {
    const { selection, events } = window.__nxTiming;
    const entry = events.find((e) => Math.abs(e.start - selection.input) < 1 && e.name === selection.inputType);
    return { ...selection, eventDuration: entry ? entry.duration : null };
  });
  return {
    painted: (s.painted - s.input) / 1000,
    frame: (s.frame - s.input) / 1000,
    eventTiming: s.eventDuration === null ? NaN : s.eventDuration / 1000,
    harness,
  };
}
