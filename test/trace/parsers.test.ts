// Parser unit tests on real output lines of the netxray lab (OVS 3.1, neutron 21.0.0 native OpenFlow driver).
import { describe, expect, it } from 'vitest';
import {
  matchedInPort,
  matchedTunnelId,
  matchedVlan,
  outputs,
  parseAction,
  cookieCounter,
  flowLineCookie,
  parseFlowLine,
  parseFlows,
  setTunnelId,
  setVlan,
  strips,
} from '../../src/analyse/trace/flows.js';
import { parseIpAddr, parseIpLink } from '../../src/analyse/trace/ipLink.js';
import { parseOfctlShow } from '../../src/analyse/trace/ofctlShow.js';
import { asMap, decodeOvsdbValue, optionalNumber, parseOvsdbList } from '../../src/analyse/trace/ovsdb.js';
import { detectTableLayout } from '../../src/analyse/trace/backends/ml2-ovs/hostState.js';
import { tunnelPortIp, tunnelPortName } from '../../src/neutron/ml2OvsRules.js';

describe('ovs-ofctl dump-flows', () => {
  it('reads an OpenFlow 1.0 provider ingress flow with stats', () => {
    const f = parseFlowLine(' cookie=0xf2d23f5a279494ce, duration=1137.215s, table=0, n_packets=0, n_bytes=0, idle_age=1137, priority=3,in_port=1,dl_vlan=100 actions=mod_vlan_vid:1,resubmit(,59)');
    expect(f).not.toBeNull();
    expect(f!.cookie).toBe('0xf2d23f5a279494ce');
    expect(f!.table).toBe(0);
    expect(f!.priority).toBe(3);
    expect(f!.nPackets).toBe(0);
    expect(matchedInPort(f!)).toBe('1');
    expect(matchedVlan(f!)).toBe(100);
    expect(setVlan(f!)).toBe(1);
    expect(f!.actions).toEqual([{ type: 'set_vlan', vlan: 1 }, { type: 'goto', table: 59 }]);
  });

  it('reads the flat ingress match vlan_tci=0x0000/0x1fff as untagged', () => {
    const f = parseFlowLine(' cookie=0xf2d23f5a279494ce, duration=1425.549s, table=0, n_packets=0, n_bytes=0, idle_age=1425, priority=3,in_port=1,vlan_tci=0x0000/0x1fff actions=mod_vlan_vid:3,resubmit(,59)')!;
    expect(matchedVlan(f)).toBe('untagged');
    expect(setVlan(f)).toBe(3);
  });

  it('reads OpenFlow 1.3 actions: set_field with the 0x1000 present bit, push_vlan, goto_table', () => {
    const f = parseFlowLine(' cookie=0xf38a79d5efaabc74, duration=170.172s, table=4, n_packets=0, n_bytes=0, priority=1,tun_id=0x3e9 actions=push_vlan:0x8100,set_field:4097->vlan_vid,goto_table:10')!;
    expect(f.table).toBe(4);
    expect(matchedTunnelId(f)).toBe(1001);
    expect(setVlan(f)).toBe(1);
    expect(f.actions.map((a) => a.type)).toEqual(['push_vlan', 'set_vlan', 'goto']);
    expect(parseAction('set_field:4196->vlan_vid')).toEqual({ type: 'set_vlan', vlan: 100 });
    expect(parseAction('pop_vlan')).toEqual({ type: 'strip_vlan' });
  });

  it('reads the br-tun flood flow: strip, tunnel id, outputs (both styles)', () => {
    const of10 = parseFlowLine(' cookie=0xec1876e6b28c4a28, duration=683.689s, table=22, n_packets=0, n_bytes=0, idle_age=1137, priority=1,dl_vlan=2 actions=strip_vlan,load:0x3e9->NXM_NX_TUN_ID[],output:2')!;
    expect(matchedVlan(of10)).toBe(2);
    expect(strips(of10)).toBe(true);
    expect(setTunnelId(of10)).toBe(1001);
    expect(outputs(of10)).toEqual(['2']);
    const of13 = parseFlowLine(' cookie=0x1, duration=1s, table=22, n_packets=0, n_bytes=0, priority=1,dl_vlan=2 actions=pop_vlan,set_field:0x3e9->tun_id,output:"vxlan-7f000002",output:3')!;
    expect(setTunnelId(of13)).toBe(1001);
    expect(outputs(of13)).toEqual(['vxlan-7f000002', '3']);
    expect(parseAction('set_tunnel:0x3e9')).toEqual({ type: 'set_tunnel', tunnelId: 1001 });
  });

  it('reads --names --no-stats output: table 0 omitted, quoted port names', () => {
    const flows = parseFlows(
      [
        ' cookie=0xb02b27ba1c9e201f, priority=65535,dl_vlan=4095 actions=drop',
        ' cookie=0xb02b27ba1c9e201f, priority=3,in_port="int-br-ex",dl_vlan=100 actions=mod_vlan_vid:2,resubmit(,59)',
        ' cookie=0xb02b27ba1c9e201f, table=23, priority=0 actions=drop',
      ].join('\n'),
    );
    expect(flows.map((f) => f.table)).toEqual([0, 0, 23]);
    expect(flows[0].actions).toEqual([{ type: 'drop' }]);
    expect(matchedVlan(flows[0])).toBe(4095);
    expect(matchedInPort(flows[1])).toBe('int-br-ex');
  });

  it('keeps flags before the match and nested learn() actions intact', () => {
    const f = parseFlowLine(' cookie=0xad42cb31d4523dee, duration=153.968s, table=71, n_packets=0, n_bytes=0, reset_counts priority=110,ct_state=+trk actions=ct_clear,resubmit(,71)')!;
    expect(f.priority).toBe(110);
    expect(f.matchText).toBe('ct_state=+trk');
    const learn = parseFlowLine(' cookie=0xf38a79d5efaabc74, duration=172.398s, table=10, n_packets=0, n_bytes=0, priority=1 actions=learn(table=20,hard_timeout=300,priority=1,cookie=0xf38a79d5efaabc74,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[]),output:1')!;
    expect(learn.actions).toHaveLength(2);
    expect(outputs(learn)).toEqual(['1']);
  });

  it('flowLineCookie reads the cookie parseFlowLine reads, on odd lines and with every kind of white space', () => {
    // The reference: the stat words as whitespace-separated words, up to the first that is not one (cookie last wins).
    const STATS = ['cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_age', 'hard_age', 'idle_timeout', 'hard_timeout', 'importance', 'reset_counts', 'send_flow_rem', 'check_overlap', 'no_packet_counts', 'no_byte_counts', 'out_port'];
    const reference = (line: string): string | null | undefined => {
      const trimmed = line.trim();
      const cut = trimmed.indexOf(' actions=');
      if (cut < 0 && !trimmed.startsWith('actions=')) return undefined;
      let cookie: string | null = null;
      for (const token of (cut < 0 ? '' : trimmed.slice(0, cut)).split(/\s+/).filter(Boolean)) {
        const bare = token.endsWith(',') ? token.slice(0, -1) : token;
        const key = bare.includes('=') ? bare.slice(0, bare.indexOf('=')) : bare;
        if (!STATS.includes(key)) break;
        if (key === 'cookie') cookie = bare.slice(key.length + 1);
      }
      return cookie;
    };
    const lines = [
      ' cookie=0x1, duration=1s, table=0, priority=1,in_port=1 actions=drop',
      'cookie=0x1 cookie=0x2, table=3 priority=1 actions=NORMAL',
      ' duration=2s, cookie=0x3, priority=0 actions=drop',
      ' priority=1,cookie=0x4 actions=drop',
      ' cookie=0x5,table=0 actions=drop',
      ' cookie, cookie= , cookie=0x6,, actions=drop',
      'actions=drop',
      '  actions=drop actions=NORMAL',
      ' cookie=0x7 actions=',
      ' cookie=0x8 priority=1',
      'NXST_FLOW reply (xid=0x4):',
      '',
      ' , cookie=0x9 actions=drop',
      ' out_port=1 cookie=0xa idle_age=1 actions=drop',
    ];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      if (/\s/.test(c) || code < 0x80) lines.push(`${c}cookie=0x${code.toString(16)},${c}table=1${c}cookie=0xb${c}priority=1 actions=drop${c}`);
    }
    for (const line of lines) {
      expect(flowLineCookie(line), JSON.stringify(line)).toBe(reference(line));
      expect(parseFlowLine(line)?.cookie, JSON.stringify(line)).toBe(reference(line));
      expect(flowLineCookie(`xx\n${line}\nyy`, 3, 3 + line.length), 'a line inside a longer text').toBe(reference(line));
    }
  });

  it('cookieCounter counts what flowLineCookie reads, line after line, also where a run of one cookie breaks oddly', () => {
    const dump = ' cookie=0xab, duration=1s, table=0, priority=1,in_port=1 actions=drop';
    const variants = [
      dump,
      dump, // the fast path: the same cookie again
      ' cookie=0xab, duration=1s, cookie=0xcd, table=0, priority=1 actions=drop', // a second cookie word: the last wins
      ' cookie=0xab, table=0, priority=1,reg5=0x1 actions=learn(cookie=0xef,table=1)', // `cookie` only after the actions
      ' cookie=0xab, table=0, priority=1 actions=drop ', // trailing white space
      ' cookie=0xab, table=0, priority=1 actions=', // trimmed, ` actions=` still ends inside the line
      ' cookie=0xab, table=0, priority=1',
      ' cookie=0xabc, table=0, priority=1 actions=drop', // starts with the previous cookie, is another
      ' cookie=0xab,\u00a0table=0 actions=drop',
      ' cookie=0xab, table=0 actions=drop',
      'NXST_FLOW reply (xid=0x4):',
      ' cookie=0xab, table=0 actions=drop',
      ' cookie=0x-1, table=0 actions=drop',
      ' cookie=0x-1, table=0 actions=drop',
      'actions=drop',
      ' cookie=0xab, table=0 actions=drop',
    ];
    const text = `${variants.join('\n')}\n`;
    const counter = cookieCounter();
    const reference = new Map<string, number>();
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      counter.visit(text, start, end);
      const cookie = flowLineCookie(text.slice(start, end));
      if (cookie) reference.set(cookie, (reference.get(cookie) ?? 0) + 1);
      start = end + 1;
    }
    expect([...counter.counts()]).toEqual([...reference]);
    expect(reference.get('0xab')).toBe(9); // the reference itself: every line starting ` cookie=0xab,` but the three that are no flow or name another
  });

  it('skips headers and blank lines', () => {
    expect(parseFlows('NXST_FLOW reply (xid=0x4):\n\nOFPST_FLOW reply (OF1.3) (xid=0x2):\n')).toEqual([]);
  });

  it('detects the table layout from br-int table 0', () => {
    const zed = parseFlows(' cookie=0x1, duration=1s, table=0, n_packets=1, n_bytes=1, priority=0 actions=resubmit(,59)');
    expect(detectTableLayout(zed)?.name).toBe('zed');
    expect(detectTableLayout(parseFlows(' cookie=0x1, table=0, priority=0 actions=goto_table:58'))?.name).toBe('2023.1');
    expect(detectTableLayout(parseFlows(' cookie=0x1, table=0, priority=0 actions=resubmit(,60)'))?.name).toBe('xena');
    expect(detectTableLayout([])).toBeNull();
  });
});

describe('ovs-vsctl --format=json list', () => {
  const text = JSON.stringify({
    headings: ['_uuid', 'name', 'tag', 'other_config', 'trunks', 'interfaces'],
    data: [
      [['uuid', 'cbd7ff24-a9e5-4cf4-946a-5d6c79a1b8f6'], 'tap876c5a1e-b9', 1, ['map', [['net_uuid', '3f362dd5-3bd2-4c52-9ddb-a01bc4cb2c9e'], ['network_type', 'vxlan'], ['physical_network', 'None'], ['segmentation_id', '1001'], ['tag', '1']]], ['set', []], ['uuid', 'a4b1']],
      [['uuid', '4513150c-b119-4563-beda-d7ab2839024f'], 'br-int', ['set', []], ['map', []], ['set', [1, 2]], ['set', [['uuid', 'x1'], ['uuid', 'x2']]]],
    ],
  });

  it('decodes uuid, set, map and optional columns', () => {
    const rows = parseOvsdbList(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]._uuid).toBe('cbd7ff24-a9e5-4cf4-946a-5d6c79a1b8f6');
    expect(optionalNumber(rows[0].tag)).toBe(1);
    expect(optionalNumber(rows[1].tag)).toBeNull();
    expect(asMap(rows[0].other_config)).toMatchObject({ segmentation_id: '1001', tag: '1', network_type: 'vxlan' });
    expect(rows[1].trunks).toEqual([1, 2]);
    expect(rows[1].interfaces).toEqual(['x1', 'x2']);
    expect(rows[0].interfaces).toBe('a4b1');
  });

  it('asMap keeps every key of a map as Object.fromEntries would, __proto__ and number-like keys too', () => {
    const map = decodeOvsdbValue(['map', [['b', 1], ['__proto__', 'x'], ['2', true], ['a', 'y']]]);
    const reference = Object.fromEntries(Object.entries(map as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const mapped = asMap(map);
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
    expect(Object.entries(mapped)).toEqual(Object.entries(reference));
    expect(Object.keys(mapped)).toEqual(['2', 'b', '__proto__', 'a']);
  });

  it('refuses what is not OVSDB JSON, with a message', () => {
    expect(() => parseOvsdbList('ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed')).toThrow(/not JSON/);
    expect(() => parseOvsdbList('{"headings":["a"],"data":[[1,2]]}')).toThrow(/headings/);
    expect(() => decodeOvsdbValue(['weird', 1])).toThrow(/not an OVSDB value/);
  });
});

describe('ovs-ofctl show', () => {
  it('maps port numbers to names, LOCAL to 65534', () => {
    const ports = parseOfctlShow(
      [
        'OFPT_FEATURES_REPLY (xid=0x2): dpid:00008e9b9686284d',
        'n_tables:254, n_buffers:0',
        ' 1(patch-int): addr:82:aa:48:e9:0c:45',
        '     config:     0',
        '     state:      0',
        ' 2(vxlan-7f000002): addr:42:e6:83:45:07:e6',
        '     config:     0',
        ' LOCAL(br-tun): addr:8e:9b:96:86:28:4d',
        '     config:     PORT_DOWN',
        '     state:      LINK_DOWN',
      ].join('\n'),
    );
    expect(ports.map((p) => [p.ofport, p.name, p.down])).toEqual([
      [1, 'patch-int', false],
      [2, 'vxlan-7f000002', false],
      [65534, 'br-tun', true],
    ]);
  });
});

describe('ip link', () => {
  it('reads ip -j link', () => {
    const links = parseIpLink('[{"ifindex":4,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1400,"qdisc":"pfifo_fast","operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"02:fc:00:00:00:01","broadcast":"ff:ff:ff:ff:ff:ff"},{"ifindex":12,"link":"qvob8e0489a-3b","ifname":"qvbb8e0489a-3b","flags":["UP"],"mtu":1450,"master":"qbrb8e0489a-3b","operstate":"UP","address":"5e:00:00:00:00:01","linkinfo":{"info_kind":"veth"}}]');
    expect(links[0]).toMatchObject({ name: 'eth0', mtu: 1400, state: 'UP', master: null });
    expect(links[1]).toMatchObject({ name: 'qvbb8e0489a-3b', mtu: 1450, master: 'qbrb8e0489a-3b', peer: 'qvob8e0489a-3b', kind: 'veth' });
  });

  it('reads ip -j addr', () => {
    const addrs = parseIpAddr('[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo"},{"family":"inet","local":"127.0.0.2","prefixlen":8,"scope":"host","secondary":true,"label":"lo"},{"family":"inet6","local":"::1","prefixlen":128,"scope":"host"}]}]');
    expect(addrs).toEqual([
      { device: 'lo', mtu: 65536, family: 'inet', address: '127.0.0.1' },
      { device: 'lo', mtu: 65536, family: 'inet', address: '127.0.0.2' },
      { device: 'lo', mtu: 65536, family: 'inet6', address: '::1' },
    ]);
  });

  it('reads ip -o link', () => {
    const links = parseIpLink('3: br-ex: <BROADCAST,MULTICAST,PROMISC> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether fa:0d:29:12:97:48 brd ff:ff:ff:ff:ff:ff\n12: qvbb8e0489a-3b@qvob8e0489a-3b: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master qbrb8e0489a-3b state UP mode DEFAULT group default qlen 1000\\    link/ether 5e:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff');
    expect(links[0]).toMatchObject({ name: 'br-ex', mtu: 1500, state: 'DOWN', mac: 'fa:0d:29:12:97:48' });
    expect(links[1]).toMatchObject({ name: 'qvbb8e0489a-3b', peer: 'qvob8e0489a-3b', master: 'qbrb8e0489a-3b', mtu: 1450 });
  });
});

describe('neutron naming rules', () => {
  it('names tunnel ports <type>-<8 hex of the IPv4 remote> and back', () => {
    expect(tunnelPortName('vxlan', '127.0.0.2')).toBe('vxlan-7f000002');
    expect(tunnelPortName('vxlan', '172.16.0.31')).toBe('vxlan-ac10001f');
    expect(tunnelPortIp('vxlan-ac10001f')).toBe('172.16.0.31');
    expect(tunnelPortName('vxlan', 'fe80::1')).toBeNull();
  });
});
