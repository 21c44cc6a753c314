// A wall-clock timeline of one netxray process, loaded before it (`node --import ./bench/traceTimeline.mjs dist/cli/main.js ...`):
// when each API request, SSH connection and channel, and local command starts and ends, in ms since the process
// started. Written as JSON lines to $NETXRAY_TIMELINE at exit; `node bench/traceTimeline.mjs FILE` prints it sorted.
// Wraps node:http(s).request, node:child_process.execFile and ssh2's Client connect/exec; changes nothing they do.
import childProcess from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';

const out = process.env.NETXRAY_TIMELINE;
const now = () => Math.round(performance.now());
const events = [];
const record = (kind, what, start) => events.push({ kind, what: what.slice(0, 140), start, end: now() });

if (out && process.argv[1] && !process.argv[1].endsWith('traceTimeline.mjs')) {
  for (const [lib, scheme] of [[http, 'http'], [https, 'https']]) {
    const request = lib.request;
    lib.request = function (url, ...rest) {
      const start = now();
      const req = request.call(this, url, ...rest);
      const what = `${req.method} ${scheme}://${req.host}${req.path}`;
      req.on('response', (res) => res.on('end', () => record('api', what, start)));
      req.on('error', () => record('api-error', what, start));
      return req;
    };
  }
  const execFile = childProcess.execFile;
  childProcess.execFile = function (file, args, options, callback) {
    const start = now();
    const cb = [args, options, callback].find((a) => typeof a === 'function');
    const wrapped = (...r) => {
      record('local', `${file} ${(Array.isArray(args) ? args : []).filter((a) => !a.startsWith('--db=') && !a.startsWith('--')).join(' ')}`, start);
      return cb(...r);
    };
    const rest = [args, options, callback].map((a) => (a === cb ? wrapped : a));
    return execFile.call(this, file, ...rest.filter((a) => a !== undefined));
  };
  syncBuiltinESMExports();
  try {
    const { Client } = createRequire(`${process.cwd()}/package.json`)('ssh2');
    const { connect, exec } = Client.prototype;
    Client.prototype.connect = function (config) {
      const start = now();
      const what = `${config.host}:${config.port}`;
      this.once('ready', () => record('ssh-connect', what, start));
      return connect.call(this, config);
    };
    Client.prototype.exec = function (command, ...rest) {
      const start = now();
      const cb = rest.pop();
      const what = `${this.config?.host}:${this.config?.port} ${command.length} chars`;
      return exec.call(this, command, ...rest, (err, stream) => {
        if (!err) stream.on('close', () => record('ssh-channel', what, start));
        cb(err, stream);
      });
    };
  } catch {
    // no ssh2 here: only the API and local commands are timed
  }
  process.on('exit', () => {
    events.push({ kind: 'exit', what: '', start: now(), end: now() });
    appendFileSync(out, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  });
}

// `node bench/traceTimeline.mjs FILE`: the timeline, by start.
if (process.argv[1]?.endsWith('traceTimeline.mjs') && process.argv[2]) {
  const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  for (const e of rows.sort((a, b) => a.start - b.start)) {
    console.log(`${String(e.start).padStart(6)} ${String(e.end).padStart(6)} ${String(e.end - e.start).padStart(5)} ms  ${e.kind.padEnd(11)} ${e.what}`);
  }
}
