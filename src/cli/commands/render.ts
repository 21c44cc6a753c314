// `netxray render <model.json>`: draw a saved class model again, in any format and with any view flags.
import { Command } from 'commander';
import { NetxrayError } from '../../errors.js';
import { INPUT_LIMITS, readInputFile } from '../../inputFile.js';
import { parseClassModel } from '../../model/validateClassModel.js';
import { addFilterFlags } from '../filterOptions.js';
import { formatOption } from './classes.js';
import { addImageFlags, checkFormat, renderAndWrite, type OutputFlags } from './renderModel.js';

export function renderCommand(log: (line: string) => void): Command {
  const command = new Command('render')
    .description('render a class model saved with --format json')
    .argument('<model>', 'a model JSON file, or - for stdin')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('--open', 'open the written file (html, svg, png) in a browser');
  addFilterFlags(command);
  addImageFlags(command);
  return command.action(async (source: string, flags: OutputFlags) => {
    checkFormat(flags.format);
    let text: string;
    try {
      text = readInputFile(source === '-' ? 0 : source, INPUT_LIMITS.model).toString('utf8');
    } catch (error) {
      throw new NetxrayError('not-found', `${source}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    await renderAndWrite(parseClassModel(text, source), flags, log);
  });
}
