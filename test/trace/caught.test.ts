// Faults nobody injected: states the lab fell into by itself, recorded with `netxray trace --save` as they were
// (test/trace/fixtures/caught/, README there). Each test first checks the state in the recording's own raw data
// (API answers, OVSDB rows), then what the trace makes of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import type { ApiObject, CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { TRACE_FIXTURES, rawInt, rawRows } from './_labSnapshot.js';

const caught = (name: string) => JSON.parse(readFileSync(join(TRACE_FIXTURES, 'caught', name), 'utf8')) as CloudSnapshot;

describe('the router port left on the dead VLAN while Neutron says ACTIVE (iptables_hybrid lab under load)', () => {
  const snapshot = caught('hybrid-router-port-dead-vlan-vm4.snapshot.json');
  const qr = snapshot.api.ports.find((p) => p.device_owner === 'network:router_interface') as ApiObject;
  const host = String(qr['binding:host_id']);
  const device = `qr-${String(qr.id).slice(0, 11)}`;

  it('is the state the recording holds: API ACTIVE, its qr- device tagged 4095 on its host, the DHCP port wired', () => {
    expect(qr.status).toBe('ACTIVE');
    expect(rawInt(rawRows(snapshot, host, 'ovsdb-port').find((r) => r.name === device)?.tag)).toBe(4095);
    const dhcp = snapshot.api.ports.find((p) => p.device_owner === 'network:dhcp' && p.network_id === qr.network_id) as ApiObject;
    const dhcpTag = rawInt(rawRows(snapshot, String(dhcp['binding:host_id']), 'ovsdb-port').find((r) => r.name === `tap${String(dhcp.id).slice(0, 11)}`)?.tag);
    expect(dhcpTag).toBeGreaterThan(0);
    expect(dhcpTag).toBeLessThan(4095);
  });

  it('names the router port\'s device as the root cause, the failed gateway walks under it, the DHCP walks delivered', () => {
    const report = analyseTrace(snapshot, 'vm4');
    expect(report.summary.verdict).toBe('problems');
    const [first, ...rest] = report.findings;
    expect(first).toMatchObject({ id: 'service-port-unwired', severity: 'error', host });
    expect(first.message).toContain(device);
    expect(first.message).toContain('dead VLAN 4095 although Neutron says ACTIVE');
    expect(first.hint).toContain(`--enable ${String(qr.id)}`);
    const walkDrops = rest.filter((f) => f.id === 'walk-dropped');
    expect(walkDrops.length).toBeGreaterThan(0);
    for (const f of walkDrops) expect(f.causedBy).toBe('service-port-unwired');
    expect(rest.filter((f) => !f.causedBy)).toEqual([]);
    const walks = report.walks ?? [];
    expect(walks.filter((w) => w.trafficClass === 'dhcp').map((w) => w.walk?.verdict.kind)).toEqual(['delivered', 'delivered']);
    expect(walks.filter((w) => w.trafficClass === 'gateway').every((w) => w.walk?.verdict.kind === 'dropped')).toBe(true);
  });
});
