// Captures what the in-process CLI (runCli) writes to stderr during each test of the file that calls it.
import { afterEach, beforeEach, vi } from 'vitest';

export interface CapturedStderr {
  /** Everything written so far in this test. */
  text(): string;
  /** Forgets what was written (between two CLI runs in one test). */
  clear(): void;
}

export function captureStderr(): CapturedStderr {
  const chunks: string[] = [];
  beforeEach(() => {
    chunks.length = 0;
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());
  return { text: () => chunks.join(''), clear: () => void (chunks.length = 0) };
}
