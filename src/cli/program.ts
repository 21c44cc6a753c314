// The netxray program: its commands, and the mapping of errors to one line on stderr and an exit status.
import { Command, CommanderError } from 'commander';
import { EXIT, NetxrayError } from '../errors.js';
import { terminalSafe } from '../render/terminalText.js';
import { NETXRAY_VERSION } from '../version.js';
import { classesCommand } from './commands/classes.js';
import { renderCommand } from './commands/render.js';

/** One line on stderr: names from outside in it cannot split it or send escape sequences to the terminal. */
const log = (line: string): void => {
  process.stderr.write(`${terminalSafe(line)}\n`);
};

/** Commands that need nothing of trace and scan: when the arguments name one, those two are not even loaded. */
const CLASS_COMMANDS = new Set(['classes', 'render']);

/** The program for these arguments: every command, or only the class commands when argv names one of them. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('netxray')
    .description('make the hidden structure of network automation visible')
    .version(NETXRAY_VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`netxray: ${text.replace(/^error: /, '')}`) });
  const commands = [classesCommand(log), renderCommand(log)];
  if (!CLASS_COMMANDS.has(argv[2])) {
    // trace and scan bring the OpenStack, SSH and OVS code: ~20 M instructions of every start-up otherwise.
    const [{ traceCommand }, { scanCommand }] = await Promise.all([import('./commands/trace.js'), import('./commands/scan.js')]);
    commands.push(traceCommand(log), scanCommand(log));
  }
  for (const command of commands) {
    program.addCommand(command.exitOverride().configureOutput({ outputError: (text, write) => write(`netxray: ${text.replace(/^error: /, '')}`) }));
  }
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
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
