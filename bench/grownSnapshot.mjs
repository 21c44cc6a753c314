// A snapshot GROWN past a size (e.g. V8's ~512 MB string limit) from the 4-instance lab recording, written in chunks
// (never one string): each host's br-int dump gets flows for ports and MACs the cloud does not have (ofports from
// 100000, MACs fa:16:3f:…), appended after the recorded flows, under that host's agent cookie (as the agent would
// install them: one cookie per bridge, so no recorded flow turns foreign). Every trace of a recorded instance is the same as on the
// recording; only the file's size and the work of finding that instance's lines grow.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const RECORDING = join(resolve(import.meta.dirname, '..'), 'test/trace/fixtures/lab-openvswitch.snapshot.json');
const MARK = '@@netxray-grow@@';

/** ~1 MB of dump lines for ports that do not exist, with the agent's `cookie`. */
function fillerBlock(cookie) {
  const lines = [];
  for (let p = 100000, bytes = 0; bytes < 1 << 20; p++) {
    const mac = `fa:16:3f:${((p >> 16) & 255).toString(16).padStart(2, '0')}:${((p >> 8) & 255).toString(16).padStart(2, '0')}:${(p & 255).toString(16).padStart(2, '0')}`;
    const pair = [
      ` cookie=${cookie}, duration=1.000s, table=0, n_packets=0, n_bytes=0, idle_age=1, priority=9,in_port=${p} actions=resubmit(,58)`,
      ` cookie=${cookie}, duration=1.000s, table=60, n_packets=0, n_bytes=0, idle_age=1, priority=90,dl_vlan=3999,dl_dst=${mac} actions=load:0x${p.toString(16)}->NXM_NX_REG5[],resubmit(,81)`,
    ];
    lines.push(...pair);
    bytes += pair[0].length + pair[1].length + 2;
  }
  return `${lines.join('\n')}\n`;
}

/** The cookie most flows of a dump carry: the agent's. */
function agentCookie(dump) {
  const counts = new Map();
  for (const m of dump.matchAll(/cookie=(0x[0-9a-f]+)/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '0x0';
}

/** Writes the recording grown by `bytesPerHost` of br-int flows per host to `file`; returns the bytes written. */
export function writeGrownSnapshot(file, bytesPerHost) {
  const snapshot = JSON.parse(readFileSync(RECORDING, 'utf8'));
  const cookies = [];
  for (const host of snapshot.hosts) {
    const out = host.outputs.find((o) => o.id === 'flows:br-int');
    cookies.push(agentCookie(out.stdout));
    out.stdout = `${out.stdout.replace(/\n?$/, '\n')}${MARK}`;
  }
  const parts = JSON.stringify(snapshot).split(MARK);
  const blockOf = cookies.map((c) => JSON.stringify(fillerBlock(c)).slice(1, -1));
  const blocks = Math.ceil(bytesPerHost / blockOf[0].length);
  const fd = openSync(file, 'w', 0o600);
  let written = 0;
  try {
    parts.forEach((part, i) => {
      written += writeSync(fd, part);
      if (i < parts.length - 1) for (let b = 0; b < blocks; b++) written += writeSync(fd, blockOf[i]);
    });
  } finally {
    closeSync(fd);
  }
  return written;
}
