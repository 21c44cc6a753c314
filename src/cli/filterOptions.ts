// The view flags shared by `classes` and `render`, and their translation into ClassFilterOptions.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ClassFilterOptions } from '../analyse/classFilters.js';

/** The view flags as commander parses them: the same fields as the filter options. */
export type FilterFlags = ClassFilterOptions;

export function addFilterFlags(command: Command): Command {
  return command
    .option('--focus <class>', 'only this class (id or unique name) with its ancestors and descendants')
    .option('--ancestors <n>', 'with --focus: generations of bases to show (default: all)', nonNegativeInteger)
    .option('--descendants <n>', 'with --focus: generations of subclasses to show (default: 1)', nonNegativeInteger)
    .option('--include <glob...>', 'only modules matching these globs (e.g. "netmiko.cisco.**")')
    .option('--exclude <glob...>', 'leave out modules matching these globs (e.g. "neutron.tests.**")')
    .addOption(new Option('--members <which>', 'members to show').choices(['none', 'public', 'all']).default('all'))
    .option('--no-externals', 'hide ancestors from outside the package (paramiko, builtins)')
    .option('--collapse <depth>', 'collapse classes into packages of this many dotted name parts', positiveInteger);
}

export function filterOptionsFrom(flags: FilterFlags): ClassFilterOptions {
  return {
    focus: flags.focus,
    ancestors: flags.ancestors,
    descendants: flags.descendants,
    include: flags.include,
    exclude: flags.exclude,
    members: flags.members,
    externals: flags.externals,
    collapse: flags.collapse,
  };
}

export function hasFilters(flags: FilterFlags): boolean {
  return flags.focus !== undefined || !!flags.include?.length || !!flags.exclude?.length
    || (flags.members !== undefined && flags.members !== 'all') || flags.externals === false || flags.collapse !== undefined;
}

export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return number;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}
