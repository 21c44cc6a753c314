// The OVSDB table scan (src/analyse/trace/ovsdbTableScan.ts) reads ovs-vsctl's JSON as JSON.parse + decodeOvsdbValue
// do, and leaves every text it cannot check completely to them: the same rows, or the same error, for both kinds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OvsdbParseError, decodeOvsdbValue, parseOvsdbList, type OvsdbRow } from '../../src/analyse/trace/ovsdb.js';
import { scanOvsdbTable } from '../../src/analyse/trace/ovsdbTableScan.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';

/** What the JSON.parse reading gives: the rows, or the error's message. */
function reference(text: string): OvsdbRow[] | string {
  try {
    const { headings, data } = (JSON.parse(text) ?? {}) as { headings: unknown[]; data: unknown[][] };
    if (!Array.isArray(headings) || !Array.isArray(data)) return 'expected {"headings": [...], "data": [...]}';
    return data.map((row, index) => {
      if (!Array.isArray(row) || row.length !== headings.length) throw new OvsdbParseError(`row ${index} does not match the headings`);
      const out: OvsdbRow = {};
      headings.forEach((h, i) => (out[String(h)] = decodeOvsdbValue(row[i])));
      return out;
    });
  } catch (error) {
    return error instanceof SyntaxError ? `not JSON: ${error.message}` : (error as Error).message;
  }
}

function read(text: string): OvsdbRow[] | string {
  try {
    return parseOvsdbList(text);
  } catch (error) {
    return (error as Error).message;
  }
}

const recording = JSON.parse(readFileSync(new URL('fixtures/lab-openvswitch.snapshot.json', import.meta.url), 'utf8')) as CloudSnapshot;
const recordedTables = recording.hosts.flatMap((h) => h.outputs.filter((o) => o.id.startsWith('ovsdb-')).map((o) => o.stdout));

/** Tables as ovs-vsctl could print them: the scan reads them. */
const plain = [
  ...recordedTables,
  '{"data":[],"headings":["_uuid","name"]}',
  '{"headings":["a","b"],"data":[]}',
  ' { "headings" : [ "a" , "b" ] , "data" : [ [ 1 , "x" ] , [ -2.5e+3 , "y" ] ] } \n',
  '{"data":[[0,-0,1E2,0.125,-7,true,false]],"headings":["a","b","c","d","e","f","g"]}',
  '{"data":[["tab\\there","quote\\" and \\\\ and \\u00e9 and \\ud83d\\ude00","\\/"]],"headings":["a","b","c"]}',
  '{"data":[[["uuid","u1"],["named-uuid","n1"],["set",[]],["set",[1,"two",true,["uuid","u2"]]]]],"headings":["a","b","c","d"]}',
  '{"data":[[["map",[["__proto__","x"],["2","num"],["b",1],["b",2],[["uuid","k"],["uuid","v"]],[3,false]]]]],"headings":["m"]}',
  '{"data":[[1,2]],"headings":["same","same"]}',
  '{"data":[["\\u0000"]],"headings":["h\\u0065ading"]}',
];

/** Texts outside what the scan checks: JSON.parse reads them, as a table or as an error. */
const other = [
  '{"data":[[null]],"headings":["a"]}',
  '{"data":[[{"x":1}]],"headings":["a"]}',
  '{"data":[[["set",[["set",[1]]]]]],"headings":["a"]}',
  '{"data":[[["map",[[1,2,3],["a",["set",[]]]]]]],"headings":["a"]}',
  '{"data":[[["uuid",5]]],"headings":["a"]}',
  '{"data":[[["weird",1]]],"headings":["a"]}',
  '{"data":[[1,2]],"headings":["a"]}',
  '{"data":[[1],[1,2]],"headings":["a"]}',
  '{"data":[[1]],"headings":["a"],"extra":true}',
  '{"data":[[1]],"headings":["a"],"data":[[2]]}',
  '{"data":[[1]],"headings":[7]}',
  '{"headings":["a"]}',
  '{"data":[[01]],"headings":["a"]}',
  '{"data":[["a\tb"]],"headings":["a"]}',
  '{"data":[["\\x"]],"headings":["a"]}',
  '{"data":[[1.]],"headings":["a"]}',
  '{"data":[[1]],"headings":["a"]} trailing',
  '{"data":[[1]],"headings":["a"],}',
  '\uFEFF{"data":[],"headings":[]}',
  'null',
  '[]',
  'ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed',
  '',
];

describe('the OVSDB table scan', () => {
  it('reads ovs-vsctl tables (the recorded ones and odd but valid ones) as JSON.parse does', () => {
    for (const text of plain) {
      expect(scanOvsdbTable(text), text.slice(0, 80)).toBeDefined();
      const rows = read(text);
      expect(rows, text.slice(0, 80)).toEqual(reference(text));
      if (typeof rows !== 'string') expect(rows.map((r) => Object.entries(r)), 'same key order').toEqual((reference(text) as OvsdbRow[]).map((r) => Object.entries(r)));
    }
    expect(recordedTables.length).toBeGreaterThan(4);
  });

  it('leaves everything else to JSON.parse: the same rows or the same error', () => {
    for (const text of other) {
      expect(scanOvsdbTable(text), text).toBeUndefined();
      expect(read(text), text).toEqual(reference(text));
    }
    expect(read('{"data":[[null]],"headings":["a"]}')).toMatch(/not an OVSDB value/);
  });

  it('gives map keys the prototype-free record decodeOvsdbValue gives', () => {
    const [row] = parseOvsdbList('{"data":[[["map",[["__proto__","x"]]]]],"headings":["m"]}');
    expect(Object.getPrototypeOf(row.m)).toBeNull();
    expect(Object.keys(row.m as object)).toEqual(['__proto__']);
  });
});
