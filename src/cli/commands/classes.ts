// `netxray classes <target>`: analyse a Python package's source and draw its class structure; with --diff, what changed.
import { Command, Option } from 'commander';
import { analyseClasses } from '../../analyse/classes/index.js';
import { classRenderers } from '../../render/index.js';
import { addFilterFlags, positiveInteger } from '../filterOptions.js';
import { DIFF_FORMATS, runClassDiff } from './classDiff.js';
import { checkFormat, renderAndWrite, type OutputFlags } from './renderModel.js';

interface ClassesFlags extends OutputFlags {
  python?: string;
  threads?: number;
  strict?: boolean;
  diff?: string;
}

export function classesCommand(log: (line: string) => void): Command {
  const command = new Command('classes')
    .description('draw the class structure of a Python package from its source (never imports it)')
    .argument('<target>', 'an importable package name (netmiko, jnpr.junos), a directory or a .py file (with --diff: the NEW version, or a saved model JSON)')
    .addOption(formatOption(DIFF_FORMATS))
    .option('--diff <old>', 'what changed from OLD (package, directory, file or saved model JSON) to <target>; exit 0 no breaking change, 1 breaking changes, 2 bad input')
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--open', 'open the written file (html, svg, png) in a browser')
    .option('--python <path>', 'interpreter whose sys.path finds packages (default: python3, then /usr/bin/python3)')
    .option('--threads <n>', 'parser threads (default: one per core)', positiveInteger);
  addFilterFlags(command);
  return command.action(async (target: string, flags: ClassesFlags) => {
    if (flags.diff !== undefined) {
      const format = command.getOptionValueSource('format') === 'default' ? 'text' : flags.format;
      return runClassDiff(flags.diff, target, { ...flags, format }, log);
    }
    checkFormat(flags.format);
    const model = await analyseClasses(target, { python: flags.python, threads: flags.threads });
    const problems = model.diagnostics.filter((d) => d.severity !== 'info').length;
    if (problems > 0) log(`netxray: ${problems} file(s) could not be read completely; see "diagnostics" in --format json`);
    await renderAndWrite(model, flags, log);
  });
}

/** `--format`: the class-model formats, plus `extra` ones (the --diff formats of `classes`). */
export function formatOption(extra: readonly string[] = []): Option {
  const formats = [...new Set([...classRenderers.map((renderer) => renderer.format), ...extra])];
  return new Option('-f, --format <format>', extra.length ? 'output format (with --diff: text, json, markdown, html; default text)' : 'output format')
    .choices(formats)
    .default('tree');
}
