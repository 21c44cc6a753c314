// Opens a written file in the user's browser when the desktop offers a way to (xdg-open, open); never fails the run.
import { spawn, spawnSync } from 'node:child_process';

const OPENERS: Record<string, string> = { linux: 'xdg-open', darwin: 'open', win32: 'explorer' };

export function openInBrowser(path: string, log: (line: string) => void): void {
  const opener = OPENERS[process.platform];
  const available = opener && spawnSync('sh', ['-c', `command -v ${opener}`], { stdio: 'ignore' }).status === 0;
  if (!available || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)) {
    log(`netxray: no browser to open here; open ${path} yourself`);
    return;
  }
  const child = spawn(opener, [path], { detached: true, stdio: 'ignore' });
  child.on('error', () => log(`netxray: could not start ${opener}; open ${path} yourself`));
  child.unref();
}
