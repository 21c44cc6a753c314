// Unit test (no root, no lab): the recorded lab fixtures in test/fixtures/lab are complete,
// consistent with their MANIFEST and free of secrets. Regenerate with `npm run lab:record`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from './helpers.js';

const DIR = resolve(import.meta.dirname, '../fixtures/lab');
const has = existsSync(join(DIR, 'MANIFEST.json'));

function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)).map((x) => `${f}/${x}`) : [f]));
}
const json = (rel: string) => JSON.parse(readFileSync(join(DIR, rel), 'utf8'));

describe.skipIf(!has)('recorded lab fixtures (test/fixtures/lab)', () => {
  const manifest = has ? json('MANIFEST.json') : { files: [], servers: {} };

  it('MANIFEST lists exactly the files present', () => {
    expect(walk(DIR).filter((f) => f !== 'MANIFEST.json' && f !== 'README.md').sort()).toEqual([...manifest.files].sort());
  });

  it('contain no token or password', () => {
    for (const f of walk(DIR)) {
      const text = readFileSync(join(DIR, f), 'utf8');
      expect(text, f).not.toMatch(/gAAAAA[A-Za-z0-9_=-]{20}/);
      expect(text, f).not.toMatch(/nxlab-admin|demo-pass|nxlab-db|(nova|neutron|glance|placement)-pass/);
    }
    const headers = json('api/keystone/POST-auth-tokens.response-headers.json').headers;
    const token = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-subject-token')?.[1];
    expect(token).toBe('<redacted-token>');
  });

  it('servers, their ports and taps agree across API and OVSDB outputs', () => {
    const servers = json('api/nova/servers-detail.json').servers as Json[];
    const ports = json('api/neutron/ports.json').ports as Json[];
    for (const s of servers) {
      const m = manifest.servers[s.name];
      expect(m.id).toBe(s.id);
      const host = s['OS-EXT-SRV-ATTR:host'];
      const ifaces = json(`nodes/${host}/ovs-vsctl-list-Interface.json`);
      const names = (ifaces.data as Json[]).map((r) => r[ifaces.headings.indexOf('name')]);
      for (const [portId, tap] of Object.entries(m.ports)) {
        const p = ports.find((x) => x.id === portId);
        expect(p.status).toBe('ACTIVE');
        expect(p['binding:host_id']).toBe(host);
        expect(names).toContain(tap);
      }
    }
  });

  it('each recorded fault shows in its outputs', () => {
    const f = (kind: string, rel: string) => readFileSync(join(DIR, 'faults', kind, rel), 'utf8');
    if (!existsSync(join(DIR, 'faults'))) return;
    expect(f('binding-failed', 'api/neutron/ports.json')).toContain('"binding:vif_type": "binding_failed"');
    expect(f('flow-br-ex', 'nodes/nxlab-node1/ovs-ofctl-dump-flows-br-ex.txt')).not.toMatch(/mod_vlan_vid:100,/);
    expect(readFileSync(join(DIR, 'nodes/nxlab-node1/ovs-ofctl-dump-flows-br-ex.txt'), 'utf8')).toMatch(/mod_vlan_vid:100,/);
    expect(f('tunnel-port', 'nodes/nxlab-node1/ovs-vsctl-show.txt')).not.toContain('vxlan-7f000002');
    expect(f('dead-vlan', 'nodes/nxlab-node1/ovs-vsctl-show.txt')).toContain('tag: 4095');
    expect(f('sshd-down', 'nodes/nxlab-node2/ssh-true.txt')).toMatch(/exit status 255/);
  });
});
