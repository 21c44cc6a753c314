// `--sos` through the real CLI (in-process runCli) on the real lab reports: outputs, --from join, --save round trip,
// exit statuses and one-line errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { ScanReport } from '../../src/model/scanModel.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import { captureStderr } from '../trace/_stderr.js';
import { SOS_ARCHIVES, SOS_FIXTURES } from './_fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nx-sos-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stderr = captureStderr();
const cli = (...args: string[]) => runCli(['node', 'netxray', ...args]);
const json = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('netxray --sos', () => {
  it('scan: text names the reports and what needs the API; on the healthy lab nothing wrong, but not proven (exit 4: no walks offline)', async () => {
    const out = join(dir, 'scan.txt');
    expect(await cli('scan', '--sos', ...SOS_ARCHIVES, '-o', out)).toBe(4);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^Scan: 4 instances, 5 interfaces; 0 healthy, 4 not verified, 0 with errors, 0 with warnings only; 0 errors, 0 warnings/);
    expect(text).toMatch(/auto-walk-not-run +4 on 4 instances/);
    expect(text).toMatch(/Offline: read from 2 sosreports, without the Neutron API/);
    expect(text).toMatch(/Needs the API, absent here/);
    expect(stderr.text()).toMatch(/could not verify the whole path of 4 instance/);
  });

  it('trace of an instance by its vm-uuid: IPs and agents said to need the API, not "missing"', async () => {
    const out = join(dir, 'trace.txt');
    expect(await cli('trace', 'b17ca75f-7cf7-4f2c-8a9a-d8ca562a8f8a', '--sos', ...SOS_ARCHIVES, '-o', out)).toBe(4);
    expect(readFileSync(out, 'utf8')).toMatch(/walks not possible offline/);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/4\. local VLAN {2}local VLAN 2 on nxlab-node1/);
    expect(text).toMatch(/3\. IPs +unknown: addresses are Neutron's \(needs the API\)/);
    expect(text).not.toMatch(/agent missing|DEAD/);
  });

  it('--from an API snapshot joins it: IPs and names come back, the report says joined', async () => {
    const out = join(dir, 'joined.json');
    expect(await cli('scan', '--sos', ...SOS_ARCHIVES, '--from', join(SOS_FIXTURES, 'live-scan-snapshot.json'), '-f', 'json', '-o', out)).toBe(4);
    const report = json<ScanReport>(out);
    expect(report.offline?.api).toBe('joined');
    expect(report.offline?.absent).toEqual([]);
    const live = json<ScanReport>(join(SOS_FIXTURES, 'live-scan.json'));
    const ips = (r: ScanReport) => r.instances.map((i) => [i.name, i.interfaces.map((f) => [f.portId, f.ips, f.localVlan])]);
    expect(ips(report)).toEqual(ips(live));
  });

  it('--save keeps the offline snapshot; --from reads it back to the same report', async () => {
    const saved = join(dir, 'offline.snapshot.json');
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    expect(await cli('trace', '4529c151-d562-499e-ba33-eaee03e65b6c', '--sos', ...SOS_ARCHIVES, '--save', saved, '-f', 'json', '-o', a)).toBe(0);
    expect(await cli('trace', '4529c151-d562-499e-ba33-eaee03e65b6c', '--from', saved, '-f', 'json', '-o', b)).toBe(0);
    expect(json<TraceReport>(b)).toEqual(json<TraceReport>(a));
  });

  it('bad paths are one line and exit 2', async () => {
    expect(await cli('scan', '--sos', join(dir, 'missing.tar.xz'))).toBe(2);
    expect(stderr.text()).toMatch(/^netxray: --sos .*missing\.tar\.xz: cannot read \(ENOENT\)\n$/);
    stderr.clear();
    const notSos = join(dir, 'notes.txt');
    writeFileSync(notSos, 'hello');
    expect(await cli('scan', '--sos', notSos)).toBe(2);
    expect(stderr.text()).toMatch(/^netxray: --sos .*notes\.txt: not a sosreport directory or a \.tar\.xz\/\.tar\.gz\/\.tar archive\n$/);
    stderr.clear();
    expect(await cli('scan', '--sos', SOS_ARCHIVES[0], SOS_ARCHIVES[0])).toBe(2);
    expect(stderr.text()).toMatch(/both from host nxlab-node1/);
  });
});
