// A snapshot GROWN past a size (e.g. V8's ~512 MB string limit) from the 4-instance lab recording, written in chunks
// (never one string): each host's br-int dump gets flows for ports and MACs the cloud does not have (ofports from
// 100000, MACs fa:16:3f:…), appended after the recorded flows. Every trace of a recorded instance is the same as on the
// recording; only the file's size and the work of finding that instance's lines grow.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const RECORDING = join(resolve(import.meta.dirname, '..'), 'test/trace/fixtures/lab-openvswitch.snapshot.json');
const MARK = '@@netxray-grow@@';

/** ~1 MB of dump lines for ports that do not exist. */
function fillerBlock() {
  const lines = [];
  for (let p = 100000, bytes = 0; bytes < 1 << 20; p++) {
    const mac = `fa:16:3f:${((p >> 16) & 255).toString(16).padStart(2, '0')}:${((p >> 8) & 255).toString(16).padStart(2, '0')}:${(p & 255).toString(16).padStart(2, '0')}`;
    const pair = [
      ` cookie=0x5ca1e0000000001, duration=1.000s, table=0, n_packets=0, n_bytes=0, idle_age=1, priority=9,in_port=${p} actions=resubmit(,58)`,
      ` cookie=0x5ca1e0000000001, duration=1.000s, table=60, n_packets=0, n_bytes=0, idle_age=1, priority=90,dl_vlan=3999,dl_dst=${mac} actions=load:0x${p.toString(16)}->NXM_NX_REG5[],resubmit(,81)`,
    ];
    lines.push(...pair);
    bytes += pair[0].length + pair[1].length + 2;
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the recording grown by `bytesPerHost` of br-int flows per host to `file`; returns the bytes written. */
export function writeGrownSnapshot(file, bytesPerHost) {
  const snapshot = JSON.parse(readFileSync(RECORDING, 'utf8'));
  for (const host of snapshot.hosts) {
    const out = host.outputs.find((o) => o.id === 'flows:br-int');
    out.stdout = `${out.stdout.replace(/\n?$/, '\n')}${MARK}`;
  }
  const parts = JSON.stringify(snapshot).split(MARK);
  const block = JSON.stringify(fillerBlock()).slice(1, -1);
  const blocks = Math.ceil(bytesPerHost / block.length);
  const fd = openSync(file, 'w', 0o600);
  let written = 0;
  try {
    parts.forEach((part, i) => {
      written += writeSync(fd, part);
      if (i < parts.length - 1) for (let b = 0; b < blocks; b++) written += writeSync(fd, block);
    });
  } finally {
    closeSync(fd);
  }
  return written;
}
