// The ML2/OVN packet walk against the recorded OVN lab (test/fixtures/ovn-lab, captured from the real lab) served by real
// ovsdb-servers (./_ovnLab.ts): the collector's own ovn-trace commands run against the recorded SB, so every walk here is
// real ovn-trace output on the lab's real logical flows. Security-group faults are made in the copies with ovn-nbctl
// (as lab/lib/ovn/fault.sh does); where the walk must see their consequence a real ovn-northd recomputes the copies' SB.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOvnTrace } from '../../src/analyse/trace/backends/ml2-ovn/walk/ovnTraceOutput.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { ml2OvnCollector } from '../../src/collect/backends/ml2-ovn/index.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import type { WalkRequest } from '../../src/model/walkModel.js';
import { microflowOf } from '../../src/neutron/ml2-ovn/walkPlan.js';
import { renderTraceText } from '../../src/render/trace/text.js';
import { OVN_FIXTURE, collectFromServedLab, recordedApi, serveOvnLab, serverId, type OvnLabDbs } from './_ovnLab.js';

const NODE1 = 'nxlab-ovn-node1';
const NODE2 = 'nxlab-ovn-node2';
const ICMP = { kind: 'icmp' } as const;

async function walk(dbs: OvnLabDbs, api: CloudSnapshot['api'], vm: string, request: WalkRequest): Promise<TraceReport> {
  const snapshot = await collectFromServedLab(dbs, api, serverId(api, vm), { walk: request });
  return analyseTrace(snapshot, vm, { walk: request });
}

/** The security group rule of the instances' group with this protocol/remote (from the recording, not a literal). */
function ruleOf(api: CloudSnapshot['api'], pick: (r: Record<string, unknown>) => boolean): string {
  const vm1Port = api.ports.find((p) => p.device_id === serverId(api, 'vm1'))!;
  const group = api.securityGroups.find((g) => g.id === (vm1Port.security_groups as string[])[0])!;
  return String((group.security_group_rules as Record<string, unknown>[]).find(pick)!.id);
}
const icmpIngress = (r: Record<string, unknown>) => r.direction === 'ingress' && r.protocol === 'icmp';
const membersIngressV4 = (r: Record<string, unknown>) => r.direction === 'ingress' && r.protocol === null && r.ethertype === 'IPv4' && !!r.remote_group_id;

/** Removes the ACL of a rule from its port group, as lab/lib/ovn/fault.sh sg-rule-removed does (ovn-nbctl). */
function removeAcl(dbs: OvnLabDbs, ruleId: string): void {
  const acl = dbs.nbctl('--bare', '--columns=_uuid', 'find', 'ACL', `external_ids:"neutron:security_group_rule_id"=${ruleId}`).trim();
  const pg = dbs.nbctl('--bare', '--columns=name', 'find', 'Port_Group', `acls{>=}${acl}`).trim();
  dbs.nbctl('remove', 'Port_Group', pg, 'acls', acl);
}

describe('ovn-trace output parsing (a real ovn-trace of the recorded lab, fixtures/ovn-lab/ovn-trace)', () => {
  // recorded from the OVN lab's databases after removing vm1's group's ICMP and IPv4-from-members ingress ACLs, a real
  // ovn-northd recomputing the logical flows (the same fault the last describe below makes live)
  const text = readFileSync(join(OVN_FIXTURE, 'ovn-trace', 'vm1-vm3-icmp-sg-icmp-blocked.txt'), 'utf8');
  const parsed = parseOvnTrace(text);

  it('one pipeline per section, each logical flow with its stage, priority and uuid, conntrack passes counted', () => {
    expect(parsed.flow).toMatch(/^icmp,reg14=/);
    expect(parsed.pipelines.map((p) => p.kind)).toEqual(['ingress', 'egress']);
    const [ingress, egress] = parsed.pipelines;
    expect(ingress.inport).toBe(egress.inport);
    expect(ingress.hops.map((h) => h.stage)).toContain('ls_in_acl');
    const last = egress.hops[egress.hops.length - 1];
    expect(last).toMatchObject({ stage: 'ls_out_acl', priority: 2001, actions: ['drop;'], ctPass: 1, ctState: 'new|trk' });
    expect(last.match).toContain('@neutron_pg_drop');
    expect(egress.outputs).toEqual([]);
  });
});

describe('ML2/OVN walks of the recorded healthy lab', () => {
  let dbs: OvnLabDbs;
  const api = recordedApi();
  const reports = new Map<string, TraceReport>();
  beforeAll(async () => {
    dbs = serveOvnLab();
    reports.set('vm1→vm3', await walk(dbs, api, 'vm1', { to: 'vm3', proto: ICMP }));
    reports.set('vm2→gateway', await walk(dbs, api, 'vm2', { to: 'gateway', proto: ICMP }));
    reports.set('vm1→internet', await walk(dbs, api, 'vm1', { to: 'internet', proto: ICMP }));
  }, 300_000);
  afterAll(() => dbs?.close());

  it('vm1 → vm3 (Geneve, two chassis): delivered to vm3 on node 2, every stage named, the allowing ACLs named by rule', () => {
    const r = reports.get('vm1→vm3')!;
    const w = r.walk!;
    const vm3Port = api.ports.find((p) => p.device_id === serverId(api, 'vm3') && p.network_id === api.ports.find((q) => q.device_id === serverId(api, 'vm1'))!.network_id)!;
    expect(w.verdict).toMatchObject({ kind: 'delivered', host: NODE2, port: vm3Port.id, into: 'vif' });
    const segs = w.legs[0].segments;
    // ingress on the source chassis, egress on the destination's (ovn-architecture(7))
    expect(segs.map((s) => s.host)).toEqual([NODE1, NODE2]);
    const stages = segs.flatMap((s) => s.hops.map((h) => h.notes[0].split(' ')[0]));
    expect(stages).toEqual(expect.arrayContaining(['ls_in_check_port_sec', 'ls_in_acl', 'ls_in_l2_lkup', 'ls_out_acl', 'ls_out_apply_port_sec']));
    expect(segs[0].bridge).toMatch(/^private \(neutron-.*\) ingress$/);
    // the microflow is one quoted word of the command line
    expect(segs[0].command).toMatch(/ovn-trace .*--no-friendly-names --ct=new --ct=new 'inport == \\?"[0-9a-f-]{36}\\?" && /);
    expect(w.assumptions.join('\n')).toContain(`rule ${ruleOf(api, icmpIngress)}`);
    expect(r.summary.verdict).toBe('healthy');
  });

  it('vm2 → gateway (provider VLAN, gateway outside the cloud): leaves by the localnet port tagged with the segment VLAN', () => {
    const w = reports.get('vm2→gateway')!.walk!;
    const net = api.networks.find((n) => n.id === api.ports.find((p) => p.device_id === serverId(api, 'vm2'))!.network_id)!;
    expect(w.verdict).toMatchObject({ kind: 'left-cloud', host: NODE1, vlan: net['provider:segmentation_id'] });
    expect(w.verdict.kind === 'left-cloud' && w.verdict.uplink).toMatch(/^provnet-/);
  });

  it('vm1 → internet: through router1 (its stages named), out of the external network\'s localnet port', () => {
    const w = reports.get('vm1→internet')!.walk!;
    expect(w.verdict.kind).toBe('left-cloud');
    const stages = w.legs[0].segments.flatMap((s) => s.hops.map((h) => h.notes[0].split(' ')[0]));
    expect(stages).toEqual(expect.arrayContaining(['lr_in_admission', 'lr_in_ip_routing', 'lr_in_gw_redirect']));
    expect(w.legs[0].segments.some((s) => s.bridge.startsWith('router1 '))).toBe(true);
  });

  it('automatic walks: DHCP, gateway, one peer per remote chassis, floating IP; all delivered, so healthy', () => {
    const r = reports.get('vm1→vm3')!;
    expect(r.walks!.map((w) => `${w.trafficClass} ${w.walk?.request.proto}`)).toEqual(['dhcp udp:67', 'gateway arp', 'gateway icmp', 'peer arp', 'peer icmp', 'floating-ip icmp']);
    for (const w of r.walks!) expect(['delivered', 'left-cloud'], JSON.stringify(w.walk?.verdict)).toContain(w.walk?.verdict.kind);
    expect(renderTraceText(r)).toMatch(/DELIVERED to .* on nxlab-ovn-node2/);
  });

  it('the microflow is built from checked values only', () => {
    const packet = { srcMac: 'fa:16:3e:00:00:01', dstMac: 'fa:16:3e:00:00:02', srcIp: '10.0.0.1', dstIp: '10.0.0.2', proto: 'icmp' };
    expect(() => microflowOf('x" || 1 == 1 || inport == "y', packet, ICMP)).toThrow(/not a Neutron port id/);
    expect(() => microflowOf('4d53d1cc-2539-4748-8607-6ceb2c800bb1', { ...packet, dstMac: 'ff && 1' }, ICMP)).toThrow(/not a MAC/);
    // one argv element: no shell ever sees it (the SSH layer quotes every element)
    const argv = [...ml2OvnCollector.autoWalks!(api, [serverId(api, 'vm1')], { ovn: { sb: 'unix:/x.sock' } }).values()][0][0].argv;
    expect(argv.slice(0, 3)).toEqual(['ovn-trace', '--db=unix:/x.sock', '--no-leader-only']);
  });
});

describe('ML2/OVN security groups, expected against actual (faults made in copies of the recorded lab)', () => {
  let dbs: OvnLabDbs;
  const api = recordedApi();
  beforeAll(() => {
    dbs = serveOvnLab();
  });
  afterAll(() => dbs?.close());

  it('sg-rule-removed (the ICMP ingress ACL removed behind Neutron\'s back): sg-acl-missing names the rule and the port group', async () => {
    const rule = ruleOf(api, icmpIngress);
    removeAcl(dbs, rule);
    const r = await walk(dbs, api, 'vm1', { to: 'vm3', proto: ICMP });
    const missing = r.findings.filter((f) => f.id === 'sg-acl-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0].severity).toBe('error');
    expect(missing[0].message).toContain(`rule ${rule} (ingress IPv4 icmp from anywhere)`);
    expect(missing[0].evidence[0].text).toContain(`neutron:security_group_rule_id=${rule}`);
    expect(r.summary.verdict).toBe('problems');
  }, 120_000);

  it('an ACL no rule stands for in the group\'s port group is sg-acl-foreign', async () => {
    const pg = dbs.nbctl('--bare', '--columns=name', 'find', 'Port_Group', 'name!=neutron_pg_drop').trim().split('\n').find((n) => n.includes(String((api.ports.find((p) => p.device_id === serverId(api, 'vm1'))!.security_groups as string[])[0]).replace(/-/g, '_')))!;
    dbs.nbctl('--', '--id=@a', 'create', 'ACL', 'direction=to-lport', 'priority=1002', `match="outport == @${pg} && ip4 && udp"`, 'action=allow-related', '--', 'add', 'Port_Group', pg, 'acls', '@a');
    const r = await walk(dbs, api, 'vm1', { to: 'vm3', proto: ICMP });
    const foreign = r.findings.filter((f) => f.id === 'sg-acl-foreign');
    expect(foreign).toHaveLength(1);
    expect(foreign[0].message).toMatch(/ACL\(s\) that stand for none of the group's \d+ rules/);
  }, 120_000);
});

describe('ML2/OVN walk with a real ovn-northd: the ACL that drops is named', () => {
  let dbs: OvnLabDbs;
  const api = recordedApi();
  let northd = '';
  beforeAll(() => {
    dbs = serveOvnLab();
    const pidfile = join(dbs.dir, 'northd.pid');
    execFileSync('ovn-northd', ['--detach', '--no-chdir', `--pidfile=${pidfile}`, `--log-file=${join(dbs.dir, 'northd.log')}`, `--unixctl=${join(dbs.dir, 'northd.ctl')}`, `--ovnnb-db=${dbs.nb}`, `--ovnsb-db=${dbs.sb}`]);
    northd = readFileSync(pidfile, 'utf8').trim();
  });
  afterAll(() => {
    if (northd) process.kill(Number(northd));
    dbs?.close();
  });

  it('nothing lets ICMP into vm3 (ICMP and members rules\' ACLs removed): vm1 → vm3 dropped by neutron_pg_drop, the rules named', async () => {
    for (const rule of [ruleOf(api, icmpIngress), ruleOf(api, membersIngressV4)]) removeAcl(dbs, rule);
    // --wait=sb returns once northd has carried the change into the SB (ovn-nbctl(8)): no sleep
    dbs.nbctl('--timeout=60', '--wait=sb', 'sync');
    const r = await walk(dbs, api, 'vm1', { to: 'vm3', proto: ICMP });
    const v = r.walk!.verdict;
    expect(v).toMatchObject({ kind: 'dropped', host: NODE2, reason: 'firewall-no-rule', table: 4 });
    if (v.kind !== 'dropped') return;
    expect(v.bridge).toMatch(/egress$/);
    expect(v.explanation).toContain("neutron's default drop (neutron_pg_drop)");
    // the API's rule that allows it (the first that does), whose ACL the NB lacks
    expect(v.explanation).toMatch(new RegExp(`The API has rule (${ruleOf(api, icmpIngress)}|${ruleOf(api, membersIngressV4)}) .* but its ACL is not in the NB port group pg_`));
    const walkFinding = r.findings.find((f) => f.id === 'walk-dropped' && !f.message.startsWith('automatic'))!;
    expect(walkFinding.evidence[0].text).toMatch(/table=4 priority=2001 lflow=[0-9a-f]{8} .*@neutron_pg_drop/);
    // the cause first: the rules whose ACLs are missing; the walks' drops under it
    expect(r.findings[0].id).toBe('sg-acl-missing');
    expect(r.findings.filter((f) => f.id === 'walk-dropped').every((f) => f.causedBy === 'sg-acl-missing')).toBe(true);
  }, 120_000);
});
