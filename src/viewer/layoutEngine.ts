// elkjs for the page: in a web worker made from the page's own copy of elk.bundled.js (a blob: URL, no request),
// so a long layout never freezes the tab; in the page's thread when the browser refuses the worker.
// (Worker protocol: ours, see WORKER_MAIN.)
// Inlined into the page (see ./bundle.ts): type imports only.

export interface LayoutEngine {
  layout(graph: unknown): Promise<unknown>;
}

interface Pending { graph: unknown; resolve: (value: unknown) => void; reject: (error: Error) => void }

/**
 * What the worker runs after elk.bundled.js: one in-worker ELK (its own fake worker) answering {id, graph} with
 * {id, data} or {id, error}. The handler is set after `new ELK()`, which may claim self.onmessage for itself.
 */
const WORKER_MAIN = `;(function () {
  var elk = new self.ELK();
  self.onmessage = function (event) {
    var id = event.data.id;
    elk.layout(event.data.graph).then(function (graph) { self.postMessage({ id: id, data: graph }); },
      function (error) { self.postMessage({ id: id, error: String((error && error.message) || error) }); });
  };
})();`;

export function createLayoutEngine(elkSource: string): LayoutEngine {
  let inThread: LayoutEngine | null = null;
  const local = (): LayoutEngine => {
    if (!inThread) {
      (0, eval)(elkSource);
      inThread = new (window as unknown as { ELK: new () => LayoutEngine }).ELK();
    }
    return inThread;
  };
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([elkSource, WORKER_MAIN], { type: 'text/javascript' })));
  } catch {
    worker = null;
  }
  const fallBack = () => {
    worker?.terminate();
    worker = null;
    for (const [id, job] of pending) {
      pending.delete(id);
      local().layout(job.graph).then(job.resolve, job.reject);
    }
  };
  if (worker) {
    worker.onmessage = (event: MessageEvent<{ id: number; data?: unknown; error?: unknown }>) => {
      const job = pending.get(event.data.id);
      if (!job) return;
      pending.delete(event.data.id);
      if (event.data.error !== undefined) job.reject(new Error(String((event.data.error as { message?: string })?.message ?? event.data.error)));
      else job.resolve(event.data.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fallBack();
    };
  }
  let nextId = 0;
  return {
    layout(graph) {
      if (!worker) return local().layout(graph);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { graph, resolve, reject });
        worker!.postMessage({ id, graph });
      });
    },
  };
}
