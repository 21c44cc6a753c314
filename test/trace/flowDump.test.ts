// FlowDump answers by text search exactly what the fully parsed and indexed dump answers, in dump order, whether the
// dump is a string or the JSON-encoded bytes a streamed snapshot leaves in the file (recorded lab dumps, OF1.0 and 1.3).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowDump, type FlowPortNames } from '../../src/analyse/trace/flowDump.js';
import { matchValue, matchedInPort, parseFlows } from '../../src/analyse/trace/flows.js';
import { parseOfctlShow } from '../../src/analyse/trace/ofctlShow.js';
import { bufferBytes, jsonLiteralText } from '../../src/collect/snapshotStream.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { stringText } from '../../src/model/searchableText.js';

const FIXTURES = ['lab-openvswitch.snapshot.json', 'lab-openvswitch-of13.snapshot.json', 'walk/healthy--vm1--vm3.snapshot.json'];

function portNames(showText: string | undefined): FlowPortNames {
  const entries = showText ? parseOfctlShow(showText) : [];
  const nameOf = (ref: string) => (/^\d+$/.test(ref) ? entries.find((e) => e.ofport === Number(ref))?.name ?? ref : ref);
  return { nameOf, refsOf: (name) => [name, ...entries.filter((e) => e.name === name).map((e) => String(e.ofport))] };
}

/** Cookie → flows carrying it, in order of first appearance, from the parsed flows. */
function cookieCountsOf(flows: { cookie: string | null }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of flows) if (f.cookie) counts.set(f.cookie, (counts.get(f.cookie) ?? 0) + 1);
  return [...counts];
}

describe('FlowDump: search answers = full-index answers', () => {
  for (const fixture of FIXTURES) {
    const snapshot = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', fixture), 'utf8')) as CloudSnapshot;
    for (const host of snapshot.hosts) {
      for (const out of host.outputs.filter((o) => o.id.startsWith('flows:'))) {
        const bridge = out.id.slice('flows:'.length);
        it(`${fixture} ${host.host} ${bridge}`, () => {
          const names = portNames(host.outputs.find((o) => o.id === `ofctl-show:${bridge}`)?.stdout);
          const flows = parseFlows(out.stdout);
          expect(flows.length).toBeGreaterThan(0);
          const indexed = new FlowDump(() => stringText(out.stdout), names);
          indexed.all();
          const searched = [
            new FlowDump(() => stringText(out.stdout), names),
            new FlowDump(() => jsonLiteralText(bufferBytes(Buffer.from(JSON.stringify(out.stdout)))), names),
          ];
          const raw = (list: { raw: string }[]) => list.map((f) => f.raw);
          const ports = new Set(flows.flatMap((f) => (matchedInPort(f) === null ? [] : [names.nameOf(matchedInPort(f) as string)])));
          const macs = new Set(flows.flatMap((f) => matchValue(f, 'dl_dst') ?? []));
          const tables = new Set(flows.map((f) => f.table));
          for (const dump of searched) {
            for (const port of ports) expect(raw(dump.fromPort(port)), `in_port ${port}`).toEqual(raw(indexed.fromPort(port)));
            for (const mac of macs) expect(raw(dump.toMac(mac)), `dl_dst ${mac}`).toEqual(raw(indexed.toMac(mac)));
            for (const table of tables) expect(raw(dump.inTable(table)), `table ${table}`).toEqual(raw(indexed.inTable(table)));
            const fallThrough = (f: { table: number }) => f.table === 0;
            expect(dump.firstWithPriority(0, fallThrough)?.raw).toEqual(indexed.firstWithPriority(0, fallThrough)?.raw);
            expect(dump.hasFlows()).toBe(true);
            expect([...dump.cookieCounts()], 'cookies read without parsing the flows').toEqual([...indexed.cookieCounts()]);
          }
          expect([...indexed.cookieCounts()]).toEqual(cookieCountsOf(flows));
          expect(ports.size + macs.size).toBeGreaterThan(0);
        });
      }
    }
  }

  it('an empty dump has no flows and answers nothing', () => {
    const dump = new FlowDump(() => stringText('NXST_FLOW reply (xid=0x4):\n'), portNames(undefined));
    expect(dump.hasFlows()).toBe(false);
    expect(dump.fromPort('tap1')).toEqual([]);
  });
});
