// The ML2/OVN lab's faults (LAB_BACKEND=ovn lab/fault): each changes what its description says in the NB/SB/OVS
// state, and `undo` restores it. Changes the lab: runs only with NETXRAY_OVN_LAB=1 and a running OVN lab.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_HOME } from './helpers.js';
import { LIVE_TIMEOUT, OVN_LAB_DIR, OVN_NODE1, OVN_NODE2, nbRows, optional, ovnOsc, ovnRun, ovnSsh, sbRows } from './ovnHelpers.js';

const enabled = process.env.NETXRAY_OVN_LAB === '1' && process.env.NETXRAY_SKIP_LAB !== '1';
const fault = (...args: string[]) =>
  ovnRun('env', ['LAB_BACKEND=ovn', `LAB_DIR=${OVN_LAB_DIR}`, 'bash', join(LAB_HOME, 'fault'), ...args]);

const portOf = (server: string) => {
  const id = ovnOsc<{ ID: string }[]>('server', 'list', '--all-projects', '--name', `^${server}$`)[0].ID;
  return ovnOsc<{ ID: string }[]>('port', 'list', '--device-id', id)[0].ID;
};
/** hostname of the chassis holding the SB Port_Binding of a logical port; undefined when unclaimed or absent */
const boundHost = (logicalPort: string) => {
  const b = sbRows('Port_Binding').find((r) => r.logical_port === logicalPort);
  const ch = b && optional(b.chassis);
  return ch ? sbRows('Chassis').find((c) => c._uuid === ch)?.hostname : undefined;
};
const ovnInstalled = (node: string, port: string) =>
  ovnSsh(node, `ovs-vsctl --if-exists get Interface tap${port.slice(0, 11)} external_ids:ovn-installed`, true).stdout.trim();

describe.skipIf(!enabled)('ML2/OVN lab faults (needs NETXRAY_OVN_LAB=1)', () => {
  it('wrong-requested-chassis: vm1 unbound from node 1, ovn-installed removed; undo binds it back', () => {
    const p = portOf('vm1');
    expect(boundHost(p)).toBe(OVN_NODE1);
    fault('wrong-requested-chassis');
    const lsp = nbRows('Logical_Switch_Port').find((l) => l.name === p)!;
    expect(lsp.options['requested-chassis']).toBe(OVN_NODE2);
    expect(boundHost(p)).toBeUndefined();
    fault('undo', 'wrong-requested-chassis');
    expect(boundHost(p)).toBe(OVN_NODE1);
  }, LIVE_TIMEOUT);

  it('lsp-deleted: vm4 LSP and Port_Binding gone while Neutron keeps the port; undo restores LSP, port groups, binding', () => {
    const p = portOf('vm4');
    const before = nbRows('Logical_Switch_Port').find((l) => l.name === p)!;
    const groups = () => nbRows('Port_Group').filter((g) => (g.ports as string[]).includes(
      nbRows('Logical_Switch_Port').find((l) => l.name === p)?._uuid)).map((g) => g.name).sort();
    const groupsBefore = groups();
    fault('lsp-deleted');
    expect(nbRows('Logical_Switch_Port').some((l) => l.name === p)).toBe(false);
    expect(sbRows('Port_Binding').some((b) => b.logical_port === p)).toBe(false);
    expect(ovnOsc<Record<string, string>>('port', 'show', p).id).toBe(p);
    fault('undo', 'lsp-deleted');
    const after = nbRows('Logical_Switch_Port').find((l) => l.name === p)!;
    for (const col of ['addresses', 'port_security', 'external_ids', 'options', 'type']) expect(after[col], col).toEqual(before[col]);
    expect(groups()).toEqual(groupsBefore);
    expect(boundHost(p)).toBe(OVN_NODE2);
  }, LIVE_TIMEOUT);

  it('gateway-chassis-removed: router1 loses its cr-lrp; undo brings it back on node 1', () => {
    const cr = () => sbRows('Port_Binding').filter((b) => b.type === 'chassisredirect');
    expect(cr().length).toBe(1);
    const name = cr()[0].logical_port as string;
    fault('gateway-chassis-removed');
    expect(nbRows('Gateway_Chassis').length).toBe(0);
    expect(boundHost(name)).toBeUndefined();
    fault('undo', 'gateway-chassis-removed');
    expect(boundHost(name)).toBe(OVN_NODE1);
  }, LIVE_TIMEOUT);

  it('ovn-controller-down: node 2 stops answering (nb_cfg stalls); undo: it runs and its ports stay installed', () => {
    const p = portOf('vm4');
    fault('ovn-controller-down');
    expect(ovnRun('pgrep', ['-f', `${OVN_LAB_DIR}/data/ovn2/ovn-controller.pid`], true).status).not.toBe(0);
    fault('undo', 'ovn-controller-down');
    expect(ovnRun('pgrep', ['-f', `${OVN_LAB_DIR}/data/ovn2/ovn-controller.pid`], true).status).toBe(0);
    expect(boundHost(p)).toBe(OVN_NODE2);
    expect(ovnInstalled(OVN_NODE2, p)).toBe('"true"');
  }, LIVE_TIMEOUT);
});
