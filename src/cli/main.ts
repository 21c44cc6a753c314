#!/usr/bin/env node
// The `netxray` command: the only code that touches the process (arguments, stdout/stderr, exit status).
import { EXIT } from '../errors.js';
import { runCli } from './program.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

// No top-level await: the bin runs this module as CommonJS (src/cli/netxray.cts).
void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
