#!/usr/bin/env node
// The `netxray` command: the only code that touches the process (arguments, stdout/stderr, exit status).
import { EXIT } from '../errors.js';
import { runCli } from './program.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

process.exitCode = await runCli(process.argv);
