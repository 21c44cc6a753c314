// Helpers of the ML2/OVN lab's live tests (test/lab/ovn*.lab.test.ts): the lab started by
// `LAB_BACKEND=ovn npm run lab:up` (lab/lib/ovn/up.sh), read with the real tools: the openstack CLI,
// ovn-nbctl/ovn-sbctl on the NB/SB unix sockets, ovs-vsctl over SSH on each node.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TraceReport } from '../../src/model/traceModel.js';
import { LAB_HOME, labEnv, run, type Json } from './helpers.js';

export const OVN_LAB_DIR = process.env.NETXRAY_OVN_LAB_DIR ?? '/tmp/netxray-ovnlab';
export const OVN_NODE1 = 'nxlab-ovn-node1';
export const OVN_NODE2 = 'nxlab-ovn-node2';
export const OVN_NETNS = [OVN_NODE1, OVN_NODE2];
/** per test: each openstack CLI call took up to ~50 s at load average 35 on this 2-core machine (measured) */
export const LIVE_TIMEOUT = 600_000;
/** the OVN lab's loopback ports in the root namespace (lab/lib/ovn/settings.sh) */
export const OVN_LAB_PORTS = [13306, 14369, 15672, 15673, 15000, 19292, 18778, 18774, 19696, 12222, 12223];

const optedIn = process.env.NETXRAY_OVN_LAB === '1';
const leftOut = process.env.NETXRAY_SKIP_LAB === '1';
const running =
  existsSync(join(OVN_LAB_DIR, 'admin-openrc')) &&
  existsSync(join(OVN_LAB_DIR, 'run/tag')) &&
  existsSync(join(OVN_LAB_DIR, 'run/backend'));
/** Read-only checks run when NETXRAY_OVN_LAB=1 or an OVN lab is up at NETXRAY_OVN_LAB_DIR (never with NETXRAY_SKIP_LAB=1). */
export const skipOvnReadOnly = leftOut || !(optedIn || running);
export const ovnReadOnlyReason = skipOvnReadOnly
  ? `(skipped: no ML2/OVN lab at ${OVN_LAB_DIR}; start one with 'LAB_BACKEND=ovn npm run lab:up' as root, or set NETXRAY_OVN_LAB=1)`
  : '';

export const ovnEnv = (): NodeJS.ProcessEnv => {
  const env = labEnv(OVN_LAB_DIR);
  env.OVN_NB_DB = `unix:${OVN_LAB_DIR}/data/ovn/ovnnb_db.sock`;
  env.OVN_SB_DB = `unix:${OVN_LAB_DIR}/data/ovn/ovnsb_db.sock`;
  return env;
};
export const ovnRun = (cmd: string, args: string[], allowFail = false) =>
  run(cmd, args, { env: ovnEnv(), allowFail, timeout: 120_000 });
export const ovnOsc = <T = Json[]>(...args: string[]): T =>
  JSON.parse(ovnRun('openstack', [...args, '-f', 'json']).stdout) as T;
export const ovnSsh = (node: string, command: string, allowFail = false) =>
  ovnRun('ssh', ['-F', join(OVN_LAB_DIR, 'etc/ssh/ssh_config'), node, command], allowFail);

/** An OVSDB value in --format=json made plain: maps to objects, sets to arrays, uuids to strings. */
export function ovsdbValue(v: Json): Json {
  if (!Array.isArray(v)) return v;
  if (v[0] === 'map') return Object.fromEntries((v[1] as [Json, Json][]).map(([k, x]) => [k, ovsdbValue(x)]));
  if (v[0] === 'set') return (v[1] as Json[]).map(ovsdbValue);
  return v[1];
}
/** Rows of a table: `ovn-nbctl`/`ovn-sbctl`/`ovs-vsctl --format=json list TABLE` output parsed. */
export function ovsdbRows(json: string): Record<string, Json>[] {
  const j = JSON.parse(json) as { headings: string[]; data: Json[][] };
  return j.data.map((row) => Object.fromEntries(j.headings.map((h, i) => [h, ovsdbValue(row[i])])));
}
export const nbRows = (table: string) => ovsdbRows(ovnRun('ovn-nbctl', ['--format=json', 'list', table]).stdout);
export const sbRows = (table: string) => ovsdbRows(ovnRun('ovn-sbctl', ['--format=json', 'list', table]).stdout);
export const nodeOvsRows = (node: string, table: string) =>
  ovsdbRows(ovnSsh(node, `ovs-vsctl --format=json list ${table}`).stdout);
/** an optional OVSDB column is an empty set when unset */
export const optional = (v: Json) => (Array.isArray(v) && v.length === 0 ? undefined : v);
/** where node N's OVN metadata agent keeps its ovnmeta-<network> namespaces (its private /run/netns: lab/lib/ovn/nodes.sh) */
export const ovnMetaNetnsDir = (node: string) => join(OVN_LAB_DIR, 'data', node === OVN_NODE1 ? 'netns-node1' : 'netns-node2');
/** a command run inside a network namespace given by its file (an ovnmeta-* namespace of a node) */
export const inNetns = (nsFile: string, cmd: string[], allowFail = false) =>
  ovnRun('nsenter', [`--net=${nsFile}`, ...cmd], allowFail);
export const ovnLabTag = () => readFileSync(join(OVN_LAB_DIR, 'run/tag'), 'utf8').trim();

/** Polls `done` (each poll runs real commands against the lab) every 2 s until it holds; throws after `seconds`. */
export function waitForLab(what: string, seconds: number, done: () => boolean): void {
  const deadline = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`the OVN lab did not reach "${what}" within ${seconds} s`);
    ovnRun('sleep', ['2']);
  }
}

/** How many liveness rounds (SB_Global nb_cfg) the OVN metadata agent of a host has not acknowledged in its Chassis_Private. */
export function metadataAckLag(host: string): number {
  const bare = (out: string) => out.trim().replace(/^"|"$/g, '');
  const chassis = bare(ovnRun('ovn-sbctl', ['--bare', '--columns=name', 'find', 'Chassis', `hostname=${host}`]).stdout);
  const ack = Number(bare(ovnRun('ovn-sbctl', ['get', 'Chassis_Private', chassis, 'external_ids:"neutron:ovn-metadata-sb-cfg"']).stdout));
  return Number(bare(ovnRun('ovn-sbctl', ['get', 'SB_Global', '.', 'nb_cfg']).stdout)) - ack;
}

/** `LAB_BACKEND=ovn lab/fault ARGS...` against this lab (inject KIND, undo KIND). */
export const ovnFault = (...args: string[]) =>
  ovnRun('env', ['LAB_BACKEND=ovn', `LAB_DIR=${OVN_LAB_DIR}`, 'bash', join(LAB_HOME, 'fault'), ...args]);

const NETXRAY = resolve(import.meta.dirname, '..', '..', 'bin', 'netxray');
/** `netxray trace VM -f json` against this lab (its NB/SB sockets, its ssh config): the report, exit status and time. */
export function ovnNetxrayTrace(vm: string, extra: string[] = []): { report: TraceReport; status: number | null; ms: number } {
  const started = Date.now();
  const sock = (db: string) => `unix:${OVN_LAB_DIR}/data/ovn/${db}_db.sock`;
  const r = ovnRun(NETXRAY, ['trace', vm, '--ovn-nb', sock('ovnnb'), '--ovn-sb', sock('ovnsb'), '--ssh-config', join(OVN_LAB_DIR, 'etc/ssh/ssh_config'), ...extra, '-q', '-f', 'json'], true);
  return { report: JSON.parse(r.stdout) as TraceReport, status: r.status, ms: Date.now() - started };
}
