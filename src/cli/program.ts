// The netxray program: its commands, and the mapping of errors to one line on stderr and an exit status.
import { Command, CommanderError } from 'commander';
import { EXIT, NetxrayError } from '../errors.js';
import { NETXRAY_VERSION } from '../version.js';
import { classesCommand } from './commands/classes.js';
import { renderCommand } from './commands/render.js';
import { scanCommand } from './commands/scan.js';
import { traceCommand } from './commands/trace.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function buildProgram(): Command {
  const program = new Command('netxray')
    .description('make the hidden structure of network automation visible')
    .version(NETXRAY_VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`netxray: ${text.replace(/^error: /, '')}`) });
  for (const command of [classesCommand(log), renderCommand(log), traceCommand(log), scanCommand(log)]) {
    program.addCommand(command.exitOverride().configureOutput({ outputError: (text, write) => write(`netxray: ${text.replace(/^error: /, '')}`) }));
  }
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; a bad flag has already been reported on stderr.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof NetxrayError) {
    log(`netxray: ${error.message}`);
    return error.exitCode;
  }
  if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT.ok;
  log(`netxray: internal error: ${(error as Error)?.message ?? String(error)} (set NETXRAY_DEBUG=1 for details)`);
  if (process.env.NETXRAY_DEBUG) log(String((error as Error)?.stack));
  return 70;
}
