// The netxray program: its commands, and the mapping of errors to one line on stderr and an exit status.
import { Command, CommanderError } from 'commander';
import { EXIT, NetxrayError } from '../errors.js';
import { terminalSafe } from '../render/terminalText.js';
import { NETXRAY_VERSION } from '../version.js';

/** One line on stderr: names from outside in it cannot split it or send escape sequences to the terminal. */
const log = (line: string): void => {
  process.stderr.write(`${terminalSafe(line)}\n`);
};

type CommandMaker = (log: (line: string) => void) => Command;

/**
 * Every command, loaded only when asked for: the class commands bring the Python parser and the layout engine, trace
 * and scan the OpenStack, SSH and OVS code (each hundreds of ms of every start-up on a loaded machine otherwise).
 */
const COMMANDS: Record<string, () => Promise<CommandMaker>> = {
  classes: async () => (await import('./commands/classes.js')).classesCommand,
  render: async () => (await import('./commands/render.js')).renderCommand,
  trace: async () => (await import('./commands/trace.js')).traceCommand,
  scan: async () => (await import('./commands/scan.js')).scanCommand,
};

/** The program for these arguments: only the command argv names, or every command (help, a misspelt name). */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('netxray')
    .description('make the hidden structure of network automation visible')
    .version(NETXRAY_VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`netxray: ${text.replace(/^error: /, '')}`) });
  const names = Object.hasOwn(COMMANDS, argv[2]) ? [argv[2]] : Object.keys(COMMANDS);
  const commands = (await Promise.all(names.map((name) => COMMANDS[name]()))).map((make) => make(log));
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
