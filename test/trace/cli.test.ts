// `netxray trace` through the real CLI entry (runCli) on saved real snapshots: outputs, exit statuses, bad input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { SYNTHETIC_FAULTS } from './_faults.js';
import { TRACE_FIXTURES } from './_labSnapshot.js';
import { captureStderr } from './_stderr.js';

const SAVED = join(TRACE_FIXTURES, 'lab-openvswitch.snapshot.json');
/** `netxray trace vm1 --save` with the automatic walks (the recordings above predate them). */
const WALKED = join(TRACE_FIXTURES, 'netxray-trace-save-walks-vm1.snapshot.json');
const dir = mkdtempSync(join(tmpdir(), 'netxray-trace-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stderr = captureStderr();


const trace = (...args: string[]) => runCli(['node', 'netxray', 'trace', ...args]);

describe('netxray trace --from', () => {
  it('healthy instance: exit 0, JSON report with the documented fields, every automatic walk arrived', async () => {
    const out = join(dir, 'vm1.json');
    expect(await trace('vm1', '--from', WALKED, '-f', 'json', '-o', out)).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ schema: 'netxray/trace', version: 2, backend: 'ml2/ovs', instance: { name: 'vm1' }, findings: [], summary: { verdict: 'healthy' } });
    expect(report.walks.map((w: { trafficClass: string; walk: { request: { proto: string } } }) => `${w.trafficClass} ${w.walk.request.proto}`)).toEqual(['dhcp arp', 'dhcp udp:67', 'gateway arp', 'gateway icmp', 'peer arp', 'peer icmp', 'floating-ip icmp']);
    expect(report.walks.map((w: { walk: { verdict: { kind: string } } }) => w.walk.verdict.kind)).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'left-cloud']);
    for (const iface of report.interfaces) {
      expect(Object.keys(iface)).toEqual(expect.arrayContaining(['port', 'network', 'host', 'localSegment', 'hops', 'exit', 'dataplane']));
      expect(Object.keys(iface.port)).toEqual(expect.arrayContaining(['id', 'mac', 'ips', 'status']));
      expect(Object.keys(iface.network)).toEqual(expect.arrayContaining(['id', 'name', 'type', 'segmentationId', 'physicalNetwork', 'mtu']));
      expect(Object.keys(iface.dataplane.egress)).toEqual(expect.arrayContaining(['bridge', 'action']));
    }
    expect(stderr.text()).toBe('');
  });

  it('a snapshot without automatic walks (older netxray) or collected with --no-walks: exit 4, never healthy', async () => {
    const out = join(dir, 'old.txt');
    expect(await trace('vm1', '--from', SAVED, '-o', out)).toBe(4);
    expect(readFileSync(out, 'utf8')).toMatch(/could not be verified: walks not recorded: the snapshot was collected without automatic walks/);
    const skipped = JSON.parse(readFileSync(WALKED, 'utf8'));
    skipped.subject.autoWalks = false;
    writeFileSync(join(dir, 'skipped.json'), JSON.stringify(skipped));
    expect(await trace('vm1', '--from', join(dir, 'skipped.json'), '-o', out)).toBe(4);
    expect(readFileSync(out, 'utf8')).toMatch(/could not be verified: the automatic walks were skipped \(--no-walks\)/);
    expect(stderr.text()).toMatch(/could not verify the whole path/);
    stderr.clear();
  });

  it('text (default) and mermaid render the same report', async () => {
    const text = join(dir, 'vm1.txt');
    const mmd = join(dir, 'vm1.mmd');
    expect(await trace('vm1', '--from', WALKED, '-o', text)).toBe(0);
    expect(await trace('vm1', '--from', WALKED, '--format', 'mermaid', '-o', mmd)).toBe(0);
    expect(readFileSync(text, 'utf8')).toMatch(/5\. provider\s+carried in VXLAN VNI 1001 to nxlab-node2/);
    expect(readFileSync(mmd, 'utf8')).toMatch(/^flowchart TB/);
  });

  it('html, svg, png and dot pictures are written with -o; png is a PNG, not text', async () => {
    for (const format of ['html', 'svg', 'png', 'dot']) {
      const out = join(dir, `vm1.${format}`);
      expect(await trace('vm1', '--from', WALKED, '--format', format, '-o', out), format).toBe(0);
    }
    expect(readFileSync(join(dir, 'vm1.html'), 'utf8')).toMatch(/<svg class="nx-path" data-path="[^"]+"/);
    expect(readFileSync(join(dir, 'vm1.svg'), 'utf8')).toMatch(/^<\?xml[^]*VXLAN VNI 1001/);
    expect(readFileSync(join(dir, 'vm1.dot'), 'utf8')).toMatch(/^digraph /);
    expect([...readFileSync(join(dir, 'vm1.png')).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(stderr.text()).toBe('');
  });

  it('findings: exit 1 and one line on stderr', async () => {
    const faulty = join(dir, 'tag-mismatch.json');
    writeFileSync(faulty, JSON.stringify(SYNTHETIC_FAULTS['tag-mismatch'].make(JSON.parse(readFileSync(SAVED, 'utf8')))));
    expect(await trace('vm1', '--from', faulty, '-o', join(dir, 'out.txt'))).toBe(1);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toMatch(/ERROR\s+tag-mismatch/);
    expect(stderr.text()).toMatch(/^netxray: trace found 1 error\(s\) and 0 warning\(s\)\n$/);
  });

  it('bad input: exit 2 with one clear line', async () => {
    const cases: [string[], RegExp][] = [
      [['nope', '--from', SAVED], /no instance or port named or with id "nope" in the snapshot/],
      [['vm1', '--from', join(dir, 'missing.json')], /cannot read the snapshot/],
      [['vm1', '--from', SAVED, '--format', 'tree'], /format/],
      [['vm1', '--from', SAVED, '--save', join(dir, 'x.json')], /--from and --save/],
    ];
    writeFileSync(join(dir, 'notjson.json'), '{');
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ schema: 'netxray/classes', version: 1 }));
    cases.push([['vm1', '--from', join(dir, 'notjson.json')], /not JSON/]);
    cases.push([['vm1', '--from', join(dir, 'model.json')], /schema/]);
    for (const [args, message] of cases) {
      stderr.clear();
      expect(await trace(...args), args.join(' ')).toBe(2);
      const text = stderr.text();
      expect(text, args.join(' ')).toMatch(message);
      expect(text.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('netxray trace (live collection)', () => {
  it('cloud unreachable: exit 3', async () => {
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith('OS_')) delete process.env[k];
      Object.assign(process.env, { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'x', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' });
      expect(await trace('vm1', '--no-hosts', '-q')).toBe(3);
      expect(stderr.text()).toMatch(/127\.0\.0\.1:9/);
    } finally {
      process.env = saved;
    }
  });
});
