// SYNTHETIC faults: each edits a copy of a healthy real lab recording the way the lab's fault of the same name
// (lab/fault) changes the real outputs, for when test/fixtures/lab/faults/<kind>/ has not been recorded.
import { afterEach, beforeEach } from 'vitest';
import type { ApiObject, CloudSnapshot, CommandOutput } from '../../src/model/cloudSnapshot.js';
import { fault as labFault } from '../lab/helpers.js';

type Row = unknown[];

const clone = (s: CloudSnapshot): CloudSnapshot => structuredClone(s);
const server = (s: CloudSnapshot, name: string) => s.api.servers.find((x) => x.name === name) as ApiObject;
const portOf = (s: CloudSnapshot, vm: string, netType?: string) =>
  s.api.ports.find((p) => p.device_id === server(s, vm).id && (!netType || s.api.networks.find((n) => n.id === p.network_id)?.['provider:network_type'] === netType)) as ApiObject;
const output = (s: CloudSnapshot, host: string, id: string) => s.hosts.find((h) => h.host === host)?.outputs.find((o) => o.id === id) as CommandOutput;
const tap = (p: ApiObject) => `tap${String(p.id).slice(0, 11)}`;

/** Edits the rows of an `ovs-vsctl --format=json list` output in place. */
function editTable(s: CloudSnapshot, host: string, id: string, edit: (rows: Row[], col: (name: string) => number) => void): void {
  const out = output(s, host, id);
  const doc = JSON.parse(out.stdout) as { headings: string[]; data: Row[] };
  edit(doc.data, (name) => doc.headings.indexOf(name));
  out.stdout = JSON.stringify(doc);
}

function setPortColumn(s: CloudSnapshot, host: string, portName: string, column: string, value: unknown): void {
  editTable(s, host, 'ovsdb-port', (rows, col) => {
    const row = rows.find((r) => r[col('name')] === portName) as Row;
    row[col(column)] = value;
  });
}

function dropFlowLines(s: CloudSnapshot, host: string, bridge: string, re: RegExp): number {
  const out = output(s, host, `flows:${bridge}`);
  const lines = out.stdout.split('\n');
  const kept = lines.filter((l) => !re.test(l));
  out.stdout = kept.join('\n');
  return lines.length - kept.length;
}

function lvid(s: CloudSnapshot, host: string, portName: string): number {
  let tag = -1;
  editTable(s, host, 'ovsdb-port', (rows, col) => {
    tag = (rows.find((r) => r[col('name')] === portName) as Row)[col('tag')] as number;
  });
  return tag;
}

function ofport(s: CloudSnapshot, host: string, name: string): number {
  let n = -1;
  editTable(s, host, 'ovsdb-interface', (rows, col) => {
    n = (rows.find((r) => r[col('name')] === name) as Row)[col('ofport')] as number;
  });
  return n;
}

export interface SyntheticFault {
  /** What is traced to see it. */
  trace: string;
  /** Finding ids that must appear. */
  expect: string[];
  make(healthy: CloudSnapshot): CloudSnapshot;
}

const hostOf = (s: CloudSnapshot, vm: string) => String(server(s, vm)['OS-EXT-SRV-ATTR:host']);

export const SYNTHETIC_FAULTS: Record<string, SyntheticFault> = {
  'binding-failed': {
    trace: 'nxlab-fault-binding',
    expect: ['binding-failed', 'port-down'],
    make(h) {
      const s = clone(h);
      const base = portOf(s, 'vm1');
      s.api.ports.push({ ...base, id: '0badb1d0-0000-4000-8000-000000000001', name: 'nxlab-fault-binding', device_id: '', device_owner: 'compute:nova', status: 'DOWN', 'binding:host_id': 'nxlab-ghost', 'binding:vif_type': 'binding_failed', 'binding:vif_details': {}, fixed_ips: [] });
      return s;
    },
  },
  'port-down': {
    trace: 'vm3',
    expect: ['port-down', 'agent-dead', 'no-local-vlan'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm3');
      const p = portOf(s, 'vm3', 'vxlan');
      p.status = 'DOWN';
      (s.api.agents.find((a) => a.host === host && a.agent_type === 'Open vSwitch agent') as ApiObject).alive = false;
      setPortColumn(s, host, tap(p), 'tag', ['set', []]);
      return s;
    },
  },
  'dead-vlan': {
    trace: 'vm2',
    expect: ['dead-vlan'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm2');
      const name = tap(portOf(s, 'vm2'));
      setPortColumn(s, host, name, 'tag', 4095);
      const out = output(s, host, 'flows:br-int');
      out.stdout += ` cookie=0x1, duration=1.0s, table=0, n_packets=0, n_bytes=0, idle_age=1, priority=2,in_port=${ofport(s, host, name)} actions=drop\n`;
      return s;
    },
  },
  // `openstack port set --disable`: the agent moves the VIF to the dead VLAN (port_dead) and reports it DOWN
  'port-disabled': {
    trace: 'vm2',
    expect: ['port-disabled', 'port-down', 'dead-vlan'],
    make(h) {
      const s = SYNTHETIC_FAULTS['dead-vlan'].make(h);
      const port = portOf(s, 'vm2');
      port.admin_state_up = false;
      port.status = 'DOWN';
      return s;
    },
  },
  // `ovs-ofctl add-flow br-int table=0,priority=100,in_port=<vm2's VIF>,actions=drop`: cookie 0, not the agent's
  'foreign-drop': {
    trace: 'vm2',
    expect: ['foreign-flow'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm2');
      const out = output(s, host, 'flows:br-int');
      out.stdout += ` cookie=0x0, duration=3.0s, table=0, n_packets=4, n_bytes=168, idle_age=1, priority=100,in_port=${ofport(s, host, tap(portOf(s, 'vm2')))} actions=drop\n`;
      return s;
    },
  },
  'no-iface-id': {
    trace: 'vm1',
    expect: ['unmanaged-port'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm1');
      const ifUuid = '11111111-0000-4000-8000-00000000a0a0';
      const portUuid = '11111111-0000-4000-8000-00000000b0b0';
      editTable(s, host, 'ovsdb-interface', (rows, col) => {
        const row = [...(rows.find((r) => r[col('name')] === tap(portOf(s, 'vm1'))) as Row)];
        row[col('_uuid')] = ['uuid', ifUuid];
        row[col('name')] = 'tap-nxlab-noid';
        row[col('external_ids')] = ['map', []];
        row[col('ofport')] = 99;
        rows.push(row);
      });
      editTable(s, host, 'ovsdb-port', (rows, col) => {
        const row = [...(rows.find((r) => r[col('name')] === tap(portOf(s, 'vm1'))) as Row)];
        row[col('_uuid')] = ['uuid', portUuid];
        row[col('name')] = 'tap-nxlab-noid';
        row[col('interfaces')] = ['uuid', ifUuid];
        row[col('tag')] = ['set', []];
        row[col('other_config')] = ['map', []];
        rows.push(row);
      });
      editTable(s, host, 'ovsdb-bridge', (rows, col) => {
        const row = rows.find((r) => r[col('name')] === 'br-int') as Row;
        (row[col('ports')] as [string, unknown[]])[1].push(['uuid', portUuid]);
      });
      return s;
    },
  },
  'flow-br-ex': {
    trace: 'vm2',
    expect: ['egress-flow-missing'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm2');
      const tag = lvid(s, host, tap(portOf(s, 'vm2')));
      if (dropFlowLines(s, host, 'br-ex', new RegExp(`dl_vlan=${tag} actions=mod_vlan_vid:100,`)) !== 1) throw new Error('flow-br-ex: flow not found');
      return s;
    },
  },
  'flow-br-int': {
    trace: 'vm2',
    expect: ['ingress-flow-missing'],
    make(h) {
      const s = clone(h);
      if (dropFlowLines(s, hostOf(s, 'vm2'), 'br-int', /dl_vlan=100 actions=mod_vlan_vid:/) !== 1) throw new Error('flow-br-int: flow not found');
      return s;
    },
  },
  'flow-br-tun': {
    trace: 'vm1',
    expect: ['egress-flow-missing'],
    make(h) {
      const s = clone(h);
      if (dropFlowLines(s, hostOf(s, 'vm1'), 'br-tun', /table=22, .*load:0x3e9->NXM_NX_TUN_ID/) !== 1) throw new Error('flow-br-tun: flow not found');
      return s;
    },
  },
  'tunnel-port': {
    trace: 'vm1',
    expect: ['tunnel-port-missing'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm1');
      const name = 'vxlan-7f000002';
      const n = ofport(s, host, name);
      let portUuid = '';
      editTable(s, host, 'ovsdb-port', (rows, col) => {
        const i = rows.findIndex((r) => r[col('name')] === name);
        portUuid = (rows[i][col('_uuid')] as [string, string])[1];
        rows.splice(i, 1);
      });
      editTable(s, host, 'ovsdb-interface', (rows, col) => {
        rows.splice(rows.findIndex((r) => r[col('name')] === name), 1);
      });
      editTable(s, host, 'ovsdb-bridge', (rows, col) => {
        const ports = (rows.find((r) => r[col('name')] === 'br-tun') as Row)[col('ports')] as [string, [string, string][]];
        ports[1] = ports[1].filter((u) => u[1] !== portUuid);
      });
      // The flood flow keeps its output:<old ofport> (OVS leaves flows alone when a port goes); only the port is gone.
      if (!output(s, host, 'flows:br-tun').stdout.includes(`output:${n}`)) throw new Error('tunnel-port: no flow outputs to the port');
      return s;
    },
  },
  'tag-mismatch': {
    trace: 'vm1',
    expect: ['tag-mismatch'],
    make(h) {
      const s = clone(h);
      setPortColumn(s, hostOf(s, 'vm1'), tap(portOf(s, 'vm1')), 'tag', 99);
      return s;
    },
  },
  'dhcp-agent-down': {
    trace: 'vm1',
    expect: ['dhcp-agent-dead'],
    make(h) {
      const s = clone(h);
      for (const a of s.api.agents) if (a.agent_type === 'DHCP agent') a.alive = false;
      return s;
    },
  },
  'dnsmasq-killed': {
    trace: 'vm1',
    expect: ['dnsmasq-missing'],
    make(h) {
      const s = withDhcpAndNat(clone(h));
      const net = String(portOf(s, 'vm1').network_id);
      for (const host of s.hosts) {
        const out = host.outputs.find((o) => o.id === 'processes:dnsmasq');
        if (out) out.stdout = out.stdout.split('\n').filter((l) => !l.includes(net)).join('\n');
      }
      return s;
    },
  },
  'sg-no-icmp': {
    trace: 'vm1',
    expect: ['sg-no-icmp'],
    make(h) {
      const s = clone(h);
      for (const g of s.api.securityGroups) {
        g.security_group_rules = (g.security_group_rules as ApiObject[]).filter((r) => !(r.direction === 'ingress' && r.protocol === 'icmp'));
      }
      return s;
    },
  },
  'mtu-mismatch': {
    trace: 'vm1',
    expect: ['mtu-mismatch'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm1');
      const name = tap(portOf(s, 'vm1'));
      editTable(s, host, 'ovsdb-interface', (rows, col) => {
        (rows.find((r) => r[col('name')] === name) as Row)[col('mtu')] = 1500;
      });
      const link = output(s, host, 'ip-link');
      const links = JSON.parse(link.stdout) as ApiObject[];
      for (const l of links) if (l.ifname === name) l.mtu = 1500;
      link.stdout = JSON.stringify(links);
      return s;
    },
  },
  'sshd-down': {
    trace: 'vm3',
    expect: ['host-unreachable'],
    make(h) {
      const s = clone(h);
      const host = hostOf(s, 'vm3');
      const capture = s.hosts.find((x) => x.host === host)!;
      capture.reachable = false;
      capture.error = 'connect ECONNREFUSED 127.0.0.1:2223';
      capture.outputs = [];
      s.problems.push({ source: 'ssh', host, code: 'connection-refused', message: `${host}: connect ECONNREFUSED 127.0.0.1:2223` });
      return s;
    },
  },
  'fip-nat-missing': {
    trace: 'vm1',
    expect: ['fip-nat-missing'],
    make(h) {
      const s = withDhcpAndNat(clone(h));
      for (const host of s.hosts) {
        for (const out of host.outputs) if (out.id.startsWith('netns-nat:')) out.stdout = out.stdout.split('\n').filter((l) => !/PREROUTING .*-j DNAT/.test(l)).join('\n');
      }
      return s;
    },
  },
};

/**
 * SYNTHETIC: adds the outputs the collector reads on agent hosts (processes:dnsmasq, netns-nat:qrouter-<id>) in the
 * form neutron writes them (dhcp.py: --pid-file under <state>/dhcp/<net>/; router_info.py floating_forward_rules),
 * for recordings made before those commands existed. The healthy result must give no finding.
 */
export function withDhcpAndNat(s: CloudSnapshot): CloudSnapshot {
  const add = (host: string, out: CommandOutput) => {
    const capture = s.hosts.find((x) => x.host === host);
    if (capture && !capture.outputs.some((o) => o.id === out.id)) capture.outputs.push(out);
  };
  const dhcpByHost = new Map<string, string[]>();
  for (const p of s.api.ports.filter((x) => x.device_owner === 'network:dhcp')) {
    const host = String(p['binding:host_id']);
    dhcpByHost.set(host, [...(dhcpByHost.get(host) ?? []), String(p.network_id)]);
  }
  for (const [host, nets] of dhcpByHost) {
    add(host, { id: 'processes:dnsmasq', command: 'pgrep -a dnsmasq', exitCode: 0, stderr: '', durationMs: 0, stdout: nets.map((n, i) => `${1000 + i} dnsmasq --no-hosts --no-resolv --pid-file=/var/lib/neutron/dhcp/${n}/pid --dhcp-hostsfile=/var/lib/neutron/dhcp/${n}/host`).join('\n') + '\n' });
  }
  for (const r of s.api.routers) {
    const iface = s.api.ports.find((p) => p.device_id === r.id && String(p.device_owner).startsWith('network:router_interface'));
    if (!iface) continue;
    const fips = s.api.floatingIps.filter((f) => f.router_id === r.id && f.fixed_ip_address);
    const rules = fips.flatMap((f) => [`-A neutron-l3-agent-PREROUTING -d ${f.floating_ip_address}/32 -j DNAT --to-destination ${f.fixed_ip_address}`, `-A neutron-l3-agent-float-snat -s ${f.fixed_ip_address}/32 -j SNAT --to-source ${f.floating_ip_address}`]);
    add(String(iface['binding:host_id']), { id: `netns-nat:qrouter-${r.id}`, command: `ip netns exec qrouter-${r.id} iptables-save -t nat`, exitCode: 0, stderr: '', durationMs: 0, stdout: ['*nat', ':neutron-l3-agent-PREROUTING - [0:0]', ...rules, 'COMMIT', ''].join('\n') });
  }
  return s;
}


/**
 * The lab fault hooks of a describe block that injects real faults (lab/fault): each test starts on a lab with nothing
 * injected (what an earlier test left is undone) and what it injected is undone after it. Returns `inject(kind)`.
 */
export function labFaultHooks(): (kind: string) => void {
  let injected: string | undefined;
  beforeEach(() => {
    if (labFault('active').trim()) labFault('undo-all');
  });
  afterEach(() => {
    if (injected) labFault('undo', injected);
    injected = undefined;
  });
  return (kind: string) => {
    labFault(kind);
    injected = kind;
  };
}
