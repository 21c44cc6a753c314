// `LAB_BACKEND=ovn npm run lab:down` leaves nothing of the ML2/OVN lab behind: no process of it, neither of its
// namespaces (every OVS/OVN device lived in them), no listener on its ports, and the OVN lab's own run state gone.
// It must not touch the ML2/OVS lab, which may be running beside it: namespaces and processes are the OVN
// lab's by name and tag only. Stops the lab: runs only with NETXRAY_OVN_LAB=1 and NETXRAY_OVN_LAB_TEARDOWN=1.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_HOME, labProcesses } from './helpers.js';
import { OVN_LAB_DIR, OVN_LAB_PORTS, OVN_NETNS, ovnLabTag, ovnRun } from './ovnHelpers.js';

const enabled = process.env.NETXRAY_OVN_LAB === '1' && process.env.NETXRAY_OVN_LAB_TEARDOWN === '1';
const namespaces = () => ovnRun('ip', ['netns', 'list']).stdout.split('\n').map((l) => l.split(' ')[0]);
const listening = (port: number) => ovnRun('ss', ['-Hltn', `sport = :${port}`]).stdout.trim();

describe.skipIf(!enabled)('LAB_BACKEND=ovn lab/down.sh leaves nothing behind (needs NETXRAY_OVN_LAB=1 NETXRAY_OVN_LAB_TEARDOWN=1)', () => {
  it('no process, namespace or listener of the OVN lab survives', () => {
    const tag = ovnLabTag();
    expect(namespaces(), 'sanity: the lab is up').toEqual(expect.arrayContaining(OVN_NETNS));
    ovnRun('env', ['LAB_BACKEND=ovn', `LAB_DIR=${OVN_LAB_DIR}`, 'bash', join(LAB_HOME, 'down.sh')]);
    const after = namespaces();
    for (const ns of OVN_NETNS) expect(after).not.toContain(ns);
    for (const port of OVN_LAB_PORTS) expect(listening(port), `port ${port}`).toBe('');
    expect(labProcesses(OVN_LAB_DIR, tag)).toEqual([]);
    expect(existsSync(join(OVN_LAB_DIR, 'run/tag'))).toBe(false);
  }, 400_000);
});
