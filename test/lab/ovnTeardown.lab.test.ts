// `LAB_BACKEND=ovn npm run lab:down` leaves nothing of the ML2/OVN lab behind: no process of it, neither of its
// namespaces (every OVS/OVN device lived in them), no mount under its directory (the metadata agents' ovnmeta-*
// namespaces), no listener on its ports, and the OVN lab's own run state gone.
// It must not touch the ML2/OVS lab, which may be running beside it: namespaces and processes are the OVN
// lab's by name and tag only. Stops the lab: runs only with NETXRAY_OVN_LAB=1 and NETXRAY_OVN_LAB_TEARDOWN=1.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_HOME, labProcesses } from './helpers.js';
import { OVN_LAB_DIR, OVN_LAB_PORTS, OVN_NETNS, ovnLabTag, ovnRun } from './ovnHelpers.js';

const enabled = process.env.NETXRAY_OVN_LAB === '1' && process.env.NETXRAY_OVN_LAB_TEARDOWN === '1';
const namespaces = () => ovnRun('ip', ['netns', 'list']).stdout.split('\n').map((l) => l.split(' ')[0]);
/** mount points under the OVN lab's directory (the metadata agents' netns-nodeN and the ovnmeta-* files in them) */
const labMounts = () =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m) => m?.startsWith(`${OVN_LAB_DIR}/`));
const listening = (port: number) => ovnRun('ss', ['-Hltn', `sport = :${port}`]).stdout.trim();

describe.skipIf(!enabled)('LAB_BACKEND=ovn lab/down.sh leaves nothing behind (needs NETXRAY_OVN_LAB=1 NETXRAY_OVN_LAB_TEARDOWN=1)', () => {
  it('no process, namespace or listener of the OVN lab survives', () => {
    const tag = ovnLabTag();
    expect(namespaces(), 'sanity: the lab is up').toEqual(expect.arrayContaining(OVN_NETNS));
    expect(labMounts().filter((m) => /\/netns-node[12]\/ovnmeta-/.test(m)).length, 'sanity: metadata namespaces').toBeGreaterThan(0);
    ovnRun('env', ['LAB_BACKEND=ovn', `LAB_DIR=${OVN_LAB_DIR}`, 'bash', join(LAB_HOME, 'down.sh')]);
    const after = namespaces();
    for (const ns of OVN_NETNS) expect(after).not.toContain(ns);
    for (const port of OVN_LAB_PORTS) expect(listening(port), `port ${port}`).toBe('');
    expect(labProcesses(OVN_LAB_DIR, tag)).toEqual([]);
    expect(labMounts()).toEqual([]);
    expect(existsSync(join(OVN_LAB_DIR, 'run/tag'))).toBe(false);
  }, 400_000);
});
