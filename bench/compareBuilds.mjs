// Compares a baseline build's reports with this checkout's: trace of every instance and scan of every snapshot under
// test/ (text, JSON), scan --sos of the sosreport fixtures (text, JSON); stdout, stderr and exit status must be the same.
// Usage: node bench/compareBuilds.mjs BASELINE_DIR (a built checkout, e.g. `git worktree add DIR main` + install-deps).
// SOS_ONLY=1: the sos scans only.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { netxrayBin, netxrayCommand } from './netxrayBin.mjs';

if (!process.argv[2]) {
  console.log('usage: node bench/compareBuilds.mjs BASELINE_DIR');
  process.exit(2);
}
const [A, B] = [resolve(process.argv[2]), resolve(import.meta.dirname, '..')];
const root = B;
const files = execFileSync('grep', ['-rlE', '"schema": ?"netxray', 'test', '--include=*.json'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
const snaps = files.filter((f) => { try { const j = JSON.parse(readFileSync(join(root, f), 'utf8')); return j && j.api && Array.isArray(j.hosts); } catch { return false; } });
const jobs = [];
for (const f of snaps) {
  const j = JSON.parse(readFileSync(join(root, f), 'utf8'));
  for (const fmt of ['text', 'json']) {
    jobs.push(['scan', '--from', f, '-f', fmt]);
    for (const s of j.api.servers ?? []) jobs.push(['trace', s.id ?? s.name, '--from', f, '-f', fmt]);
  }
}
const sos = join(root, 'test/fixtures/sos');
const sets = [[`${sos}/sosreport-nxlab-node1-healthy-2026-12-05-xnrvtuj.tar.xz`, `${sos}/sosreport-nxlab-node2-healthy-2026-12-05-bonmman.tar.xz`]];
for (const group of ['faults', 'dvr', 'hybrid']) {
  const dir = join(sos, group);
  const node2 = readdirSync(dir).find((d) => d === 'node2-healthy');
  for (const d of readdirSync(dir)) {
    if (d === 'node2-healthy') continue;
    const p = join(dir, d);
    const node1 = readdirSync(p).filter((x) => x.startsWith('sosreport') || statSync(join(p, x)).isDirectory()).map((x) => join(p, x));
    const n2 = node2 ? readdirSync(join(dir, node2)).filter((x) => x.startsWith('sosreport')).map((x) => join(dir, node2, x)) : [];
    const api = existsSync(join(p, 'api-snapshot.json')) ? ['--from', join(p, 'api-snapshot.json')] : [];
    sets.push([...node1, ...n2, ...api]);
  }
}
sets.push([join(sos, 'external/hotsos-openstack')]);
for (const set of sets) {
  const from = set.indexOf('--from');
  const paths = from >= 0 ? set.slice(0, from) : set;
  for (const fmt of ['text', 'json']) jobs.push(['scan', '--sos', ...paths, ...(from >= 0 ? set.slice(from) : []), '-f', fmt]);
}
let diffs = 0;
// A sos scan's model says when it was read and how long that took (main differs from itself there): masked.
const norm = (args, out) => (args.includes('--sos') ? out.replace(/"collectedAt": "[^"]*"/g, '"collectedAt": "-"').replace(/"durationMs": \d+/g, '"durationMs": 0') : out);
const selected = process.env.SOS_ONLY ? jobs.filter((a) => a.includes('--sos')) : jobs;
for (const args of selected) {
  const r = [A, B].map((w) => spawnSync(...netxrayCommand(netxrayBin(w), args), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } }));
  const same = norm(args, r[0].stdout) === norm(args, r[1].stdout) && r[0].stderr === r[1].stderr && r[0].status === r[1].status;
  if (!same) { diffs++; console.log('DIFF', args.join(' '), r.map((x) => [x.status, x.stdout.length, x.stderr.slice(0, 200)])); }
}
console.log(`${selected.length} comparisons (${snaps.length} snapshots, ${sets.length} sos sets), ${diffs} differences`);
