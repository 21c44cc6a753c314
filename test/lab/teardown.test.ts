// `npm run lab:down` must leave nothing of the lab behind: compares the host state lab/up.sh
// recorded before it started anything (LAB_DIR/run/host-before.txt, by lab/lib/host-state.sh)
// with the state after lab/down.sh: network namespaces, devices, iptables chains and jumps,
// listeners on the lab's ports, /run/openvswitch; and no process of the lab may survive.
// Stops the lab, so it runs only with NETXRAY_LAB=1 and NETXRAY_LAB_TEARDOWN=1 (CI, last step).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_DIR, LAB_HOME, labProcesses, run, skipMutating } from './helpers.js';

const enabled = !skipMutating && process.env.NETXRAY_LAB_TEARDOWN === '1';

describe.skipIf(!enabled)('lab/down.sh leaves no process, namespace, device or iptables chain behind (needs NETXRAY_LAB=1 NETXRAY_LAB_TEARDOWN=1)', () => {
  it('before == after', () => {
    const beforeFile = join(LAB_DIR, 'run/host-before.txt');
    expect(existsSync(beforeFile), 'lab/up.sh recorded the host state').toBe(true);
    const tag = readFileSync(join(LAB_DIR, 'run/tag'), 'utf8').trim();
    const during = run('bash', [join(LAB_HOME, 'lib/host-state.sh')]).stdout;
    expect(during, 'sanity: the lab is up now').not.toEqual(readFileSync(beforeFile, 'utf8'));

    run('bash', [join(LAB_HOME, 'down.sh')], { timeout: 300_000 });

    const after = run('bash', [join(LAB_HOME, 'lib/host-state.sh')]).stdout;
    expect(after).toEqual(readFileSync(beforeFile, 'utf8'));
    expect(labProcesses(LAB_DIR, tag)).toEqual([]);
  }, 400_000);
});
