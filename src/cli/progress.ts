// A progress line on stderr while a long command works: only on a terminal, only after a second and a half,
// erased when done, so piped or redirected runs stay quiet.
export interface Progress {
  phase(text: string): void;
  done(): void;
}

const DELAY_MS = 1500;

export function startProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { phase: () => undefined, done: () => undefined };
  const started = Date.now();
  let text = 'working';
  let shown = false;
  const draw = () => {
    shown = true;
    stream.write(`\r\x1b[2Knetxray: ${text}… ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  const timer = setInterval(() => { if (Date.now() - started >= DELAY_MS) draw(); }, 500);
  timer.unref();
  return {
    phase(next) {
      text = next;
      if (shown) draw();
    },
    done() {
      clearInterval(timer);
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
