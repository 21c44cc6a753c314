// CloudIndex builds its port maps (20,000 ports on a big snapshot) on first use, each once: counted through how often
// the index reads the snapshot's list of ports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloudIndex } from '../../src/analyse/trace/cloudIndex.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';

const FIXTURE = new URL('./fixtures/netxray-trace-save-vm1.snapshot.json', import.meta.url);

/** The fixture with its `api.ports` behind a getter counting the reads. */
function countedSnapshot(): { snapshot: CloudSnapshot; reads: () => number } {
  const snapshot = JSON.parse(readFileSync(FIXTURE, 'utf8')) as CloudSnapshot;
  const ports = snapshot.api.ports;
  let reads = 0;
  Object.defineProperty(snapshot.api, 'ports', {
    get: () => {
      reads++;
      return ports;
    },
  });
  return { snapshot, reads: () => reads };
}

describe('CloudIndex port maps', () => {
  it('are not built with the index', () => {
    const { snapshot, reads } = countedSnapshot();
    new CloudIndex(snapshot);
    expect(reads()).toBe(0);
  });

  it('are built on their first question, once each', () => {
    const { snapshot, reads } = countedSnapshot();
    const index = new CloudIndex(snapshot);
    const port = snapshot.api.ports[0];
    const before = reads();
    expect(index.port(String(port.id))).toBe(port);
    expect(index.port(String(port.id))).toBe(port);
    expect(reads() - before).toBe(1);
    expect(index.portsOfDevice(String(port.device_id))).toContain(port);
    expect(index.portsOnNetwork(String(port.network_id))).toContain(port);
    expect(index.portsNamed(String(port.name))).toContain(port);
    expect(index.portsOfDevice(String(port.device_id))).toContain(port);
    expect(reads() - before).toBe(4);
  });
});
