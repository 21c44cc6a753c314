// The viewer's search in steps (issue #18): the same rows, counts and order as ranking every match at once, whatever
// the step size, and Enter's first hit is the first row shown. Real netmiko model; the oracle is the ranking the viewer
// used before the search ran in steps (sort every match, then cut each kind).
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';
import { firstHit, HITS_PER_KIND, searchEntries, searchHits, searchIndex, startSearch, type Hit, type HitGroup, type HitKind, type SearchIndex } from '../../src/viewer/search.js';
import { netmikoModel } from './_browser.js';

const TITLES: Record<HitKind, string> = { class: 'Classes', method: 'Methods', attribute: 'Attributes', dispatch: 'Dispatch keys', module: 'Modules' };

/** Every match scored and sorted, then each kind cut to its rows: the viewer's search before #18. */
function rankedAtOnce(entries: Hit[], query: string): HitGroup[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const score = (hit: Hit) => {
    const text = hit.text.toLowerCase();
    if (text === q) return 0;
    if (text.startsWith(q)) return 1;
    if (text.includes(q)) return 2;
    if (hit.kind === 'class' && q.includes('.') && (hit.where + '.' + text).includes(q)) return 3;
    return -1;
  };
  const groups: HitGroup[] = [];
  for (const kind of Object.keys(TITLES) as HitKind[]) {
    const list = entries.filter((e) => e.kind === kind).map((hit) => ({ hit, score: score(hit) })).filter((s) => s.score >= 0);
    if (list.length === 0) continue;
    list.sort((a, b) => a.score - b.score || a.hit.text.length - b.hit.text.length || a.hit.text.localeCompare(b.hit.text) || a.hit.where.localeCompare(b.hit.where));
    groups.push({ kind, title: TITLES[kind], hits: list.slice(0, HITS_PER_KIND[kind]).map((s) => s.hit), more: Math.max(0, list.length - HITS_PER_KIND[kind]) });
  }
  return groups;
}

let model: ClassModel;
let entries: Hit[];
let index: SearchIndex;
let queries: string[];

beforeAll(async () => {
  model = await netmikoModel();
  entries = searchEntries(model);
  index = searchIndex(entries);
  // Every prefix of every class name (what a typist goes through), method names, short and dotted queries, and misses.
  const prefixes = new Set<string>();
  for (const c of model.classes) for (let i = 1; i <= c.name.length; i++) prefixes.add(c.name.slice(0, i));
  queries = [...prefixes, 'a', 'e', 'send', 'send_command', 'SEND_CONFIG_SET', 'cisco_ios', 'netmiko.juniper', 'netmiko.cisco.cisco_ios.c', ' CiscoIosSSH ', '', 'zzzz-nothing'];
}, 300_000);

describe('search in steps', () => {
  it('gives the rows, counts and order of ranking every match at once', () => {
    expect(queries.length).toBeGreaterThan(500);
    for (const query of queries) expect(searchHits(index, query), query).toEqual(rankedAtOnce(entries, query));
  });

  it('gives the same rows however small its steps', () => {
    for (const query of ['c', 'cisco', 'send', 'netmiko.cisco']) {
      for (const size of [1, 7, 500]) {
        const run = startSearch(index, query);
        let steps = 0;
        while (!run.step(size)) steps++;
        expect(steps, `${query} by ${size}`).toBeGreaterThan(0);
        expect(run.groups(), `${query} by ${size}`).toEqual(rankedAtOnce(entries, query));
      }
    }
  });

  it('knows its first row as soon as nothing left to search can change it, before the rest is searched', () => {
    let early = 0;
    for (const query of ['CiscoIosSSH', 'cisco', 'send_command', 'netmiko.juniper', 'zzzz-nothing']) {
      const shown = rankedAtOnce(entries, query)[0]?.hits[0];
      const run = startSearch(index, query);
      let done = false;
      while (!done) {
        done = run.step(100);
        const settled = run.settledFirst();
        if (settled) expect(settled, query).toBe(shown);
        if (settled && !done) early++;
      }
      expect(run.settledFirst(), query).toBe(shown);
    }
    // Classes are searched first: a class name's first row is known long before the methods are searched.
    expect(early).toBeGreaterThan(10);
  });

  it("Enter's first hit is the first row the list shows, found without the rest", () => {
    let differs = 0;
    for (const query of queries) {
      const shown = rankedAtOnce(entries, query)[0]?.hits[0];
      expect(firstHit(index, query), query).toBe(shown);
      if (shown && shown !== rankedAtOnce(entries, query.slice(0, -1))[0]?.hits[0]) differs++;
    }
    // The prefixes pick other classes than their whole names: a stale list's first row would be wrong.
    expect(differs).toBeGreaterThan(100);
  });
});
