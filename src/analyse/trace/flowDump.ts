// One bridge's `ovs-ofctl dump-flows` text, asked by table, in_port, dl_dst or priority. A trace asks a few questions
// of a dump holding every port of the host: those lines are found by text search and only they are parsed. After
// many questions (a scan) the whole dump is parsed once and indexed, so a scan stays linear in the flows.
import type { SearchableText } from '../../model/searchableText.js';
import { cookieCounter, matchValue, matchedInPort, parseFlowLine, parseFlows, type Flow } from './flows.js';

/** How a bridge names its ports in flows: `in_port=5` or `in_port=tap…` (ovs-ofctl --names) mean the same port. */
export interface FlowPortNames {
  /** The port name a printed reference means (a number → the port with that ofport, else itself). */
  nameOf(ref: string): string;
  /** Every printed reference that means this port: its name and its ofport numbers. */
  refsOf(name: string): string[];
}

/** Questions answered by text search (each reads the dump through) before the whole dump is parsed and indexed instead: one trace asks fewer per bridge, a scan many more. */
const SEARCHES_BEFORE_FULL_INDEX = 12;

interface FullIndex {
  flows: Flow[];
  byTable: Map<number, Flow[]>;
  byInPort: Map<string, Flow[]>;
  byDestinationMac: Map<string, Flow[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

export class FlowDump {

  private full: FullIndex | undefined;
  private searches = 0;
  private readonly answers = new Map<string, Flow[]>();
  private nonEmpty: boolean | undefined;
  private dumpText: SearchableText | undefined;
  private cookies: Map<string, number> | undefined;

  /** `readText`: the dump, read on the first question (a trace reads few of a host's bridges). */
  constructor(
    private readonly readText: () => SearchableText,
    private readonly ports: FlowPortNames,
  ) {}

  private get text(): SearchableText {
    this.dumpText ??= this.readText();
    return this.dumpText;
  }

  /** Every flow, in dump order (parses the whole dump). */
  all(): Flow[] {
    return this.index().flows;
  }

  /** How many flows carry each cookie, in order of first appearance: reads the dump through once, parsing only cookies. */
  cookieCounts(): ReadonlyMap<string, number> {
    if (!this.cookies) {
      if (this.full) {
        const counts = new Map<string, number>();
        for (const { cookie } of this.full.flows) if (cookie) counts.set(cookie, (counts.get(cookie) ?? 0) + 1);
        this.cookies = counts;
      } else {
        const counter = cookieCounter();
        this.text.forEachLine((text, start, end) => counter.visit(text, start, end));
        this.cookies = counter.counts();
      }
    }
    return this.cookies;
  }

  hasFlows(): boolean {
    if (this.nonEmpty === undefined) this.nonEmpty = this.full ? this.full.flows.length > 0 : this.firstFlowLine() !== null;
    return this.nonEmpty;
  }

  /** The first line that parses as a flow: read up to there only. */
  private firstFlowLine(): Flow | null {
    for (let at = this.text.indexOf('actions='); at >= 0; ) {
      const line = this.text.lineAt(at);
      const flow = parseFlowLine(line.text);
      if (flow) return flow;
      at = this.text.indexOf('actions=', line.end);
    }
    return null;
  }

  /** The flows of one table, in dump order. */
  inTable(table: number): Flow[] {
    // ovs-ofctl leaves out `table=0` (--no-stats, --names): table 0 cannot be searched for.
    if (table === 0) return this.index().byTable.get(0) ?? [];
    return this.ask(`table ${table}`, (full) => full.byTable.get(table) ?? [], [`table=${table}`], (f) => f.table === table);
  }

  /** The flows matching packets that come in on port `name` (`in_port` by number or name), in dump order. */
  fromPort(name: string): Flow[] {
    return this.askQuestion(this.fromPortQuestion(name));
  }

  /** The flows matching `dl_dst=<mac>` exactly as printed, in dump order. */
  toMac(mac: string): Flow[] {
    return this.askQuestion(this.toMacQuestion(mac));
  }

  /**
   * Answers fromPort and toMac for these ports and MACs and counts the cookies in one read of the dump, when it has not
   * been read through yet: a VIF's trace asks all three of its host's br-int, whose dump holds every port of the host
   * (~90 MB for 20,000 ports, issue #22 item 16); each would read it through on its own. Later questions are asked as
   * before (a scan's next VIFs: text search, then the full index).
   */
  prefetch(questions: { fromPorts: readonly string[]; toMacs: readonly string[] }): void {
    if (this.full || this.cookies) return;
    const pending = [...questions.fromPorts.map((name) => this.fromPortQuestion(name)), ...questions.toMacs.map((mac) => this.toMacQuestion(mac))].filter((q) => !this.answers.has(q.key));
    const needles = pending.flatMap((q) => q.needles);
    const questionOf = pending.flatMap((q, i) => q.needles.map(() => i));
    const finder = fieldLineFinder(needles);
    const lines = pending.map((): string[] => []);
    const counter = cookieCounter();
    this.text.forEachLine((text, start, end) => {
      counter.visit(text, start, end);
      const held = finder(text, start, end);
      if (!held) return;
      const line = text.slice(start, end);
      for (const q of new Set(held.map((k) => questionOf[k]))) lines[q].push(line);
    });
    this.cookies = counter.counts();
    pending.forEach((q, i) => {
      this.searches++; // as ask counts it: the full index comes after as many questions as before
      this.answers.set(q.key, keptFlows(lines[i], q.keep));
    });
  }

  private fromPortQuestion(name: string): Question {
    const needles = this.ports.refsOf(name).flatMap((ref) => (/^\d+$/.test(ref) ? [`in_port=${ref}`] : [`in_port=${ref}`, `in_port="${ref}"`]));
    return { key: `in_port ${name}`, fromIndex: (full) => full.byInPort.get(name) ?? [], needles, keep: (f) => this.inPortName(f) === name };
  }

  private toMacQuestion(mac: string): Question {
    return { key: `dl_dst ${mac}`, fromIndex: (full) => full.byDestinationMac.get(mac) ?? [], needles: [`dl_dst=${mac}`], keep: (f) => matchValue(f, 'dl_dst') === mac };
  }

  private askQuestion(q: Question): Flow[] {
    return this.ask(q.key, q.fromIndex, q.needles, q.keep);
  }

  /** The first flow of one priority in dump order that `where` accepts: reads the dump only up to it. */
  firstWithPriority(priority: number, where: (f: Flow) => boolean): Flow | undefined {
    if (this.full || priority === 32768) return this.all().find((f) => f.priority === priority && where(f));
    const needle = `priority=${priority}`;
    for (let at = this.text.indexOf(needle); at >= 0; at = this.text.indexOf(needle, at + 1)) {
      if (!this.text.endsField(at, needle)) continue;
      const line = this.text.lineAt(at);
      const flow = parseFlowLine(line.text);
      if (flow && flow.priority === priority && where(flow)) return flow;
      at = line.end;
    }
    return undefined;
  }

  private inPortName(flow: Flow): string | null {
    const ref = matchedInPort(flow);
    return ref === null ? null : this.ports.nameOf(ref);
  }

  private index(): FullIndex {
    if (!this.full) {
      const flows = parseFlows(this.text.whole());
      const full: FullIndex = { flows, byTable: new Map(), byInPort: new Map(), byDestinationMac: new Map() };
      for (const flow of flows) {
        push(full.byTable, flow.table, flow);
        const port = this.inPortName(flow);
        if (port !== null) push(full.byInPort, port, flow);
        const mac = matchValue(flow, 'dl_dst');
        if (mac !== undefined) push(full.byDestinationMac, mac, flow);
      }
      this.full = full;
    }
    return this.full;
  }

  /**
   * The answer from the full index once there is one; else the lines holding one of `needles` as a whole field
   * (followed by `,`, a blank or the line's end), parsed and kept when `keep` says the parsed flow really matches.
   */
  private ask(key: string, fromIndex: (full: FullIndex) => Flow[], needles: string[], keep: (f: Flow) => boolean): Flow[] {
    if (this.full) return fromIndex(this.full);
    const known = this.answers.get(key);
    if (known) return known;
    if (++this.searches > SEARCHES_BEFORE_FULL_INDEX) return fromIndex(this.index());
    const lines = new Map<number, string>();
    for (const needle of needles) {
      for (let at = this.text.indexOf(needle); at >= 0; at = this.text.indexOf(needle, at + 1)) {
        if (!this.text.endsField(at, needle)) continue;
        const line = this.text.lineAt(at);
        lines.set(line.start, line.text);
        at = line.end;
      }
    }
    const flows = keptFlows([...lines.keys()].sort((a, b) => a - b).map((start) => lines.get(start) as string), keep);
    this.answers.set(key, flows);
    return flows;
  }
}

/** A question asked by text search: the lines holding one of `needles` as a whole field, parsed, those `keep` accepts. */
interface Question {
  key: string;
  fromIndex: (full: FullIndex) => Flow[];
  needles: string[];
  keep: (f: Flow) => boolean;
}

/** The lines that parse as flows `keep` accepts, parsed, in the given order. */
function keptFlows(lines: readonly string[], keep: (f: Flow) => boolean): Flow[] {
  const flows: Flow[] = [];
  for (const line of lines) {
    const flow = parseFlowLine(line);
    if (flow && keep(flow)) flows.push(flow);
  }
  return flows;
}

/**
 * For lines visited in order (text[start, end); a new text starts at or before the last start), the needles each holds
 * as a whole field: followed by the line's end, `,`, a blank, or a character a JSON text escapes (what
 * SearchableText.endsField lets through; the parse decides). Each needle's next occurrence in the current text is kept,
 * so a block of lines is searched once per occurrence, and a line before the soonest one is passed at once.
 */
function fieldLineFinder(needles: readonly string[]): (text: string, start: number, end: number) => number[] | undefined {
  let searched: string | undefined;
  let lastStart = -1;
  const next = needles.map(() => -1);
  let soonest = -1;
  const findSoonest = () => {
    soonest = -1;
    for (const at of next) if (at >= 0 && (soonest < 0 || at < soonest)) soonest = at;
  };
  return (text, start, end) => {
    if (start <= lastStart || text !== searched) {
      searched = text;
      needles.forEach((needle, k) => (next[k] = text.indexOf(needle, start)));
      findSoonest();
    }
    lastStart = start;
    if (soonest < 0 || soonest >= end) return undefined;
    let held: number[] | undefined;
    needles.forEach((needle, k) => {
      let at = next[k];
      let hit = false;
      for (; at >= 0 && at + needle.length <= end; at = text.indexOf(needle, at + 1)) {
        const after = at + needle.length;
        const c = text.charCodeAt(after);
        if (after === end || c === 0x2c || c === 0x20 || c < 0x20 || c === 0x22 || c === 0x5c) hit = true;
      }
      next[k] = at;
      if (hit) (held ??= []).push(k);
    });
    findSoonest();
    return held;
  };
}
