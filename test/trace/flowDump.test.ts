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
          // One read answering a port's and a MAC's questions and the cookies: the same answers, for every port.
          const readers = [() => stringText(out.stdout), () => jsonLiteralText(bufferBytes(Buffer.from(JSON.stringify(out.stdout))))];
          const macList = [...macs];
          [...ports].forEach((port, i) => {
            const mac = macList[i % Math.max(macList.length, 1)] ?? 'fa:16:3e:00:00:00';
            for (const read of readers) {
              const dump = new FlowDump(read, names);
              dump.prefetch({ fromPorts: [port], toMacs: [mac] });
              expect([...dump.cookieCounts()], `prefetched cookies (${port})`).toEqual([...indexed.cookieCounts()]);
              expect(raw(dump.fromPort(port)), `prefetched in_port ${port}`).toEqual(raw(indexed.fromPort(port)));
              expect(raw(dump.toMac(mac)), `prefetched dl_dst ${mac}`).toEqual(raw(indexed.toMac(mac)));
            }
          });
          expect([...indexed.cookieCounts()]).toEqual(cookieCountsOf(flows));
          expect(ports.size + macs.size).toBeGreaterThan(0);
        });
      }
    }
  }

  it('prefetch: one read of a dump of many 64 KB blocks answers as the searches do (lines at block ends, escaped lines, look-alike fields)', () => {
    const lines: string[] = [];
    for (let k = 0; k < 6000; k++) {
      const port = k % 97;
      const mac = `fa:16:3e:00:${(k % 13).toString(16).padStart(2, '0')}:01`;
      lines.push(` cookie=0x${k % 500 === 0 ? 'bad' : 'abc'}, duration=1.0s, table=${k % 3 === 0 ? 60 : 0}, n_packets=0, n_bytes=0, priority=100,in_port=${port},dl_dst=${mac} actions=resubmit(,71)`);
      if (k % 701 === 0) lines.push(` cookie=0xabc, table=0, priority=5,in_port=${port}5,dl_dst=${mac}/ff:ff:ff:ff:ff:00 actions=note:"a\tb",drop`);
      if (k % 997 === 0) lines.push(` cookie=0xabc, table=0, priority=6,in_port="tap${port}" actions=drop`);
    }
    const text = `NXST_FLOW reply (xid=0x4):\n${lines.join('\n')}\n`;
    const names: FlowPortNames = { nameOf: (ref) => (/^\d+$/.test(ref) ? `tap${ref}` : ref), refsOf: (name) => [name, name.slice(3)] };
    const indexed = new FlowDump(() => stringText(text), names);
    indexed.all();
    const raw = (list: { raw: string }[]) => list.map((f) => f.raw);
    for (const [port, mac] of [['tap0', 'fa:16:3e:00:00:01'], ['tap7', 'fa:16:3e:00:0c:01'], ['tap96', 'fa:16:3e:00:05:01'], ['tap5', 'fa:16:3e:00:ff:01']]) {
      for (const read of [() => stringText(text), () => jsonLiteralText(bufferBytes(Buffer.from(JSON.stringify(text))))]) {
        const dump = new FlowDump(read, names);
        dump.prefetch({ fromPorts: [port], toMacs: [mac] });
        expect(raw(dump.fromPort(port)), port).toEqual(raw(indexed.fromPort(port)));
        expect(raw(dump.toMac(mac)), mac).toEqual(raw(indexed.toMac(mac)));
        expect([...dump.cookieCounts()]).toEqual([...indexed.cookieCounts()]);
      }
      expect(indexed.fromPort(port).length).toBeGreaterThan(0);
    }
    expect(text.length).toBeGreaterThan(8 * 64 * 1024);
  });

  it('prefetch: blocks of the same text (a dump of one repeated line) are each searched from their start', () => {
    const line = ' cookie=0x1, table=0, n_packets=0, priority=1,in_port=5 actions=drop';
    const text = Array.from({ length: 5000 }, () => line).join('\n');
    const names: FlowPortNames = { nameOf: (ref) => (ref === '5' ? 'tap5' : ref), refsOf: (name) => (name === 'tap5' ? [name, '5'] : [name]) };
    for (const read of [() => stringText(text), () => jsonLiteralText(bufferBytes(Buffer.from(JSON.stringify(text))))]) {
      const dump = new FlowDump(read, names);
      dump.prefetch({ fromPorts: ['tap5'], toMacs: [] });
      expect(dump.fromPort('tap5')).toHaveLength(5000);
    }
  });

  it('an empty dump has no flows and answers nothing', () => {
    const dump = new FlowDump(() => stringText('NXST_FLOW reply (xid=0x4):\n'), portNames(undefined));
    expect(dump.hasFlows()).toBe(false);
    expect(dump.fromPort('tap1')).toEqual([]);
  });
});
