// The other hosts of a traced network asked without building their OVSDB rows (issue #22 item 16: unbuiltRows.ts):
// segmentation-mismatch's per-network look-up and tunnel-port-missing's way back are answered from a few decoded
// cells; the answers agree with the built rows on every real recording and on SYNTHETIC edits of one.
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error -- a plain JavaScript module of the benchmarks, shared with bench/scale.bench.mjs
import { syntheticSnapshot } from '../../bench/syntheticSnapshot.mjs';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { buildHostState, interfacesOfPort, type HostState } from '../../src/analyse/trace/backends/ml2-ovs/hostState.js';
import type { ApiObject, CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { analyseChecks, healthySources, recordedSnapshots } from './_labSnapshot.js';

/** Hosts whose Port/Interface rows were built (ports, interfaces, bridges or index read), by the wrapper below. */
const builtRows = new Set<string>();

// The analysis's own buildHostState, with its row getters noting the host: only how the rows are read is observed.
vi.mock('../../src/analyse/trace/backends/ml2-ovs/hostState.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/analyse/trace/backends/ml2-ovs/hostState.js')>();
  return {
    ...original,
    buildHostState: (capture: Parameters<typeof original.buildHostState>[0]) => {
      const state = original.buildHostState(capture);
      for (const key of ['ports', 'interfaces', 'bridges', 'index'] as const) {
        const get = Object.getOwnPropertyDescriptor(state, key)?.get;
        if (!get) continue;
        Object.defineProperty(state, key, {
          get() {
            builtRows.add(capture.host);
            return get.call(state);
          },
        });
      }
      return state;
    },
  };
});

/** The built rows' answer: whether a port of `portIds` has a Port row recording another segmentation id. */
function rowsRecordOther(state: HostState, portIds: Set<string>, segmentationId: number): boolean {
  return [...portIds].some((id) => {
    const row = interfacesOfPort(state, id)[0];
    const seg = row ? state.ports.get(row.name)?.otherConfig.segmentation_id : undefined;
    return seg !== undefined && Number(seg) !== segmentationId;
  });
}

/** Every (host, network) of a snapshot with the network's segmentation id and the ids of its ports bound to the host. */
function hostNetworks(snapshot: CloudSnapshot): { host: string; segmentationId: number; portIds: Set<string> }[] {
  const out = new Map<string, { host: string; segmentationId: number; portIds: Set<string> }>();
  for (const port of snapshot.api.ports) {
    const network = snapshot.api.networks.find((n) => n.id === port.network_id);
    const seg = network?.['provider:segmentation_id'];
    const host = port['binding:host_id'];
    if (typeof seg !== 'number' || typeof host !== 'string' || !host) continue;
    const key = `${host} ${String(port.network_id)}`;
    if (!out.has(key)) out.set(key, { host, segmentationId: seg, portIds: new Set() });
    out.get(key)!.portIds.add(String(port.id));
  }
  return [...out.values()];
}

const healthy = recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json')?.snapshot;

describe('segmentation ids of a host read from a few cells', () => {
  it('agree with the built rows for every host and network of every real recording, and of the same with every id changed', () => {
    let asked = 0;
    let differing = 0;
    for (const { label, snapshot } of healthySources()) {
      for (const capture of snapshot.hosts) {
        for (const { host, segmentationId, portIds } of hostNetworks(snapshot)) {
          if (host !== capture.host) continue;
          // The recording's own id, and another one: then every port's row records "another" id.
          for (const seg of [segmentationId, segmentationId + 1]) {
            const expected = rowsRecordOther(buildHostState(capture), portIds, seg);
            expect(buildHostState(capture).mayRecordOtherSegmentationId(portIds, seg), `${label} ${host} ${seg}`).toBe(expected);
            asked++;
            if (expected) differing++;
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(10);
    expect(differing).toBeGreaterThan(0);
    expect(differing).toBeLessThan(asked);
  });

  it('bridge ports\' interface options and whether there are ports agree with the built rows on every real recording', () => {
    let bridges = 0;
    for (const { label, snapshot } of healthySources()) {
      for (const capture of snapshot.hosts) {
        const built = buildHostState(capture);
        expect(buildHostState(capture).hasPorts(), `${label} ${capture.host}`).toBe(built.ports.size > 0);
        for (const bridge of [...built.bridges.keys(), 'no-such-bridge']) {
          for (const key of ['remote_ip', 'peer', 'local_ip']) {
            const expected = (built.bridges.get(bridge) ?? []).map((name) => built.interfaces.get(name)?.options[key]);
            expect(buildHostState(capture).bridgeInterfaceOptions(bridge, key), `${label} ${capture.host} ${bridge} ${key}`).toEqual(expected);
            // and once the rows are built, from them
            expect(built.bridgeInterfaceOptions(bridge, key)).toEqual(expected);
          }
          bridges++;
        }
      }
    }
    expect(bridges).toBeGreaterThan(10);
  });

  it.skipIf(!healthy)('another host that wired the network with another id is found, and named (SYNTHETIC edit)', () => {
    const s = structuredClone(healthy!) as CloudSnapshot;
    const vm1 = s.api.servers.find((x) => x.name === 'vm1') as ApiObject;
    const vm1Port = s.api.ports.find((p) => p.device_id === vm1.id) as ApiObject;
    const remote = s.api.ports.find((p) => p.network_id === vm1Port.network_id && p['binding:host_id'] && p['binding:host_id'] !== vm1Port['binding:host_id']) as ApiObject;
    expect(remote).toBeDefined();
    const host = String(remote['binding:host_id']);
    const out = s.hosts.find((h) => h.host === host)!.outputs.find((o) => o.id === 'ovsdb-port')!;
    const doc = JSON.parse(out.stdout) as { headings: string[]; data: unknown[][] };
    const row = doc.data.find((r) => String(r[doc.headings.indexOf('name')]).endsWith(String(remote.id).slice(0, 11)))!;
    const map = row[doc.headings.indexOf('other_config')] as [string, [string, string][]];
    map[1] = map[1].map(([k, v]) => [k, k === 'segmentation_id' ? '1002' : v]);
    out.stdout = JSON.stringify(doc);
    const found = analyseChecks(s, 'vm1').findings.filter((f) => f.id === 'segmentation-mismatch');
    expect(found.map((f) => [f.host, f.at?.part])).toEqual([[host, 'remote']]);
    expect(found[0].evidence?.[0].text).toBe('other_config:segmentation_id="1002"');
  });

  it('the trace of one instance of a big snapshot builds the rows of its own host only', () => {
    const big = (syntheticSnapshot as (ports: number) => CloudSnapshot)(600);
    const vm1 = big.api.servers.find((x) => x.name === 'vm1') as ApiObject;
    const host = String(big.api.ports.find((p) => p.device_id === vm1.id)?.['binding:host_id']);
    const others = big.hosts.map((h) => h.host).filter((h) => h !== host);
    expect(others.length).toBeGreaterThan(0);
    // The other hosts carry ports of vm1's network: the segmentation-mismatch look-up asks them.
    const network = big.api.ports.find((p) => p.device_id === vm1.id)?.network_id;
    expect(big.api.ports.some((p) => p.network_id === network && others.includes(String(p['binding:host_id'])))).toBe(true);
    builtRows.clear();
    const report = analyseTrace(big, 'vm1');
    expect(report.findings.map((f) => f.id)).not.toContain('segmentation-mismatch');
    expect([...builtRows]).toEqual([host]);
  }, 120_000);
});
