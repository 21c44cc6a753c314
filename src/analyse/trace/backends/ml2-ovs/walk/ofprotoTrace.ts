// Parses `ovs-appctl ofproto/trace` output (OVS 2.8+ layout: bridge("…") sections, `N. match, priority P, cookie C`
// steps, recirculation passes after conntrack) and `ovs-appctl dpif/show` (datapath port numbers → names).
import type { WalkHop, WalkOutput } from '../../../../../model/walkModel.js';
import { splitTopLevel } from '../../../flows.js';

export interface ParsedTrace {
  hops: WalkHop[];
  /** `Datapath actions:` of each pass, in order. */
  datapathActions: string[];
  /** Lines OVS prints when translation stops (`Translation failed …`). */
  errors: string[];
}

const STEP = /^(\s*)(\d+)\. (.*)$/;
const STEP_FLOW = /^(?:(.*), )?priority (\d+)(?:, cookie (0x[0-9a-f]+))?$/;
const BRIDGE = /^(\s*)bridge\("([^"]+)"\)\s*$/;

export function parseOfprotoTrace(text: string): ParsedTrace {
  const hops: WalkHop[] = [];
  const datapathActions: string[] = [];
  const errors: string[] = [];
  let pass = -1;
  const bridges: { col: number; name: string }[] = [];
  let current: WalkHop | null = null;
  // OVS names the bridge of the recirculated packet's in_port in a resumed pass's header, which is wrong after a patch
  // port; the pass resumes where the ct(table=N) that forked it ran.
  const ctForks: { table: number; bridge: string }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim()) continue;
    if (line.startsWith('Flow: ')) {
      pass += 1;
      bridges.length = 0;
      current = null;
      continue;
    }
    if (line.startsWith('Datapath actions: ')) {
      datapathActions.push(line.slice('Datapath actions: '.length).trim());
      current = null;
      continue;
    }
    if (/^(Final flow|Megaflow|Trace|Translation failed|recirc\(|=+$)/.test(line)) {
      if (line.startsWith('Translation failed')) errors.push(line);
      current = null;
      continue;
    }
    const bridge = BRIDGE.exec(line);
    if (bridge) {
      const col = bridge[1].length;
      while (bridges.length && bridges[bridges.length - 1].col >= col) bridges.pop();
      bridges.push({ col, name: bridge[2] });
      current = null;
      continue;
    }
    const step = STEP.exec(line);
    if (step) {
      const dotCol = step[1].length + step[2].length;
      while (bridges.length > 1 && bridges[bridges.length - 1].col >= dotCol - 1) bridges.pop();
      const rest = step[3].trim();
      const flow = STEP_FLOW.exec(rest);
      current = {
        bridge: bridges[bridges.length - 1]?.name ?? '?',
        table: Number(step[2]),
        priority: flow ? Number(flow[2]) : null,
        cookie: flow?.[3] ?? null,
        match: flow ? (flow[1] ?? '') : rest.replace(/\.$/, ''),
        actions: [],
        notes: [],
        pass: Math.max(pass, 0),
      };
      hops.push(current);
      continue;
    }
    const trimmed = line.trim();
    const resuming = /^Resuming from table (\d+)/.exec(trimmed);
    if (resuming) {
      const fork = [...ctForks].reverse().find((f) => f.table === Number(resuming[1]));
      if (fork && bridges.length) bridges[bridges.length - 1] = { ...bridges[bridges.length - 1], name: fork.bridge };
      continue;
    }
    if (!current || /^-+$/.test(trimmed) || trimmed === 'thaw') continue;
    if (/^(->|>>|<<)/.test(trimmed)) current.notes.push(trimmed.replace(/^(->|>>+|<<+)\s*/, '').replace(/\s*<<+$/, ''));
    else {
      current.actions.push(trimmed);
      const fork = /^ct\(.*\btable=(\d+)/.exec(trimmed);
      if (fork) ctForks.push({ table: Number(fork[1]), bridge: current.bridge });
    }
  }
  return { hops, datapathActions, errors };
}

export interface DatapathPort {
  bridge: string;
  name: string;
  ofport: number | null;
  dpPort: number | null;
  /** `tap`, `internal`, `patch`, `vxlan`, … */
  type: string;
  /** Options OVS prints, e.g. remote_ip=127.0.0.2, peer=int-br-ex. */
  options: Record<string, string>;
}

/** `ovs-appctl dpif/show`: every port of every bridge with its OpenFlow and datapath numbers. */
export function parseDpifShow(text: string): DatapathPort[] {
  const ports: DatapathPort[] = [];
  let bridge: string | null = null;
  for (const line of text.split('\n')) {
    const b = /^ {2}(\S+):\s*$/.exec(line);
    if (b) {
      bridge = b[1];
      continue;
    }
    const p = /^ {4}(\S+) (\d+|none)\/(\d+|none):\s*(?:\((.*)\))?\s*$/.exec(line);
    if (!p || !bridge) continue;
    const [type, ...opts] = (p[4] ?? '').split(/:\s*/);
    const options: Record<string, string> = {};
    for (const kv of opts.join(':').split(/,\s*/)) {
      const eq = kv.indexOf('=');
      if (eq > 0) options[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
    }
    ports.push({ bridge, name: p[1], ofport: p[2] === 'none' ? null : Number(p[2]), dpPort: p[3] === 'none' ? null : Number(p[3]), type: type.trim(), options });
  }
  return ports;
}

/** Reads `key=value` inside the first `name(...)` of a datapath action text. */
function field(text: string, name: string, key: string): string | null {
  const at = text.indexOf(`${name}(`);
  if (at < 0) return null;
  const m = new RegExp(`(?:^|[(,])${key}=([^,)]+)`).exec(text.slice(at + name.length + 1));
  return m ? m[1] : null;
}

/**
 * The outputs of datapath actions, in order: plain port numbers (with the VLAN pushed before them), tunnel sends
 * (`tnl_push(…vni=…)` on the userspace datapath, `set(tunnel(tun_id=…,dst=…)),N` on the kernel one), clones followed.
 */
export function datapathOutputs(actions: string, ports: readonly DatapathPort[]): WalkOutput[] {
  const byDp = new Map(ports.filter((p) => p.dpPort !== null).map((p) => [p.dpPort as number, p]));
  const out: WalkOutput[] = [];
  const walk = (text: string, vlanIn: number | null) => {
    let vlan = vlanIn;
    let tunnel: WalkOutput['tunnel'] | undefined;
    for (const action of splitTopLevel(text)) {
      if (action.startsWith('push_vlan(')) vlan = Number(field(action, 'push_vlan', 'vid'));
      else if (action === 'pop_vlan') vlan = null;
      else if (action.startsWith('clone(')) walk(action.slice('clone('.length, -1), vlan);
      else if (action.startsWith('set(tunnel(')) {
        const id = field(action, 'tunnel', 'tun_id');
        tunnel = { remoteIp: field(action, 'tunnel', 'dst') ?? '?', tunnelId: id ? Number(id) : null };
      } else if (action.startsWith('tnl_push(')) {
        const tnlPort = /tnl_port\((\d+)\)/.exec(action)?.[1];
        const port = byDp.get(Number(tnlPort ?? NaN));
        const vni = field(action, 'vxlan', 'vni') ?? field(action, 'geneve', 'vni') ?? field(action, 'gre', 'key');
        const dst = field(action, 'ipv4', 'dst') ?? port?.options.remote_ip ?? '?';
        out.push({ bridge: port?.bridge ?? null, port: port?.name ?? `datapath port ${tnlPort ?? '?'}`, vlan: null, tunnel: { remoteIp: dst, tunnelId: vni ? Number(vni) : null } });
      } else if (/^\d+$/.test(action)) {
        const port = byDp.get(Number(action));
        out.push({ bridge: port?.bridge ?? null, port: port?.name ?? `datapath port ${action}`, vlan, ...(tunnel ? { tunnel } : {}) });
        tunnel = undefined;
      }
    }
  };
  walk(actions, null);
  return out;
}
