// Reading a saved model back for `netxray render`: one clear line naming the field at fault.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import { NetxrayError } from '../../src/errors.js';
import { parseClassModel } from '../../src/model/validateClassModel.js';
import { fixtureDir } from './_models.js';

const text = readFileSync(`${fixtureDir}externals.json`, 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases poke at arbitrary places in raw JSON
function withChange(change: (model: any) => void): string {
  const model = JSON.parse(text);
  change(model);
  return JSON.stringify(model);
}

function messageOf(input: string): string {
  try {
    parseClassModel(input, 'model.json');
  } catch (error) {
    expect(error).toBeInstanceOf(NetxrayError);
    expect((error as NetxrayError).code).toBe('bad-model');
    return (error as Error).message;
  }
  throw new Error('expected the model to be rejected');
}

describe('parseClassModel', () => {
  it('reads back what it wrote, filtered views included', () => {
    const model = parseClassModel(text, 'model.json');
    const view = filterClassModel(model, { externals: false, collapse: 2, focus: 'BaseConnection', include: ['netdev.**'] });
    expect(parseClassModel(JSON.stringify(view), 'view.json')).toEqual(view);
  });

  it.each([
    ['not JSON', '{"schema": ', /^model\.json: not JSON \(/],
    ['an array', '[]', "model.json: not a netxray class model (it is an array, expected an object)"],
    ['another schema', withChange((m) => { m.schema = 'x'; }), "model.json: not a netxray class model (schema is \"x\", expected 'netxray/classes')"],
    ['no schema', withChange((m) => { delete m.schema; }), "model.json: not a netxray class model (schema is missing, expected 'netxray/classes')"],
    ['a newer version', withChange((m) => { m.version = 7; }), 'model.json: class model version 7 is not supported (this netxray reads version 1)'],
    ['a missing field', withChange((m) => { delete m.stats; }), 'model.json: model.stats is missing'],
    ['a wrong type deep inside', withChange((m) => { m.classes[1].bases[0].id = 5; }), 'model.json: model.classes[1](netdev.ssh.SSHConnection).bases[0].id should be a string, not 5'],
    ['an unknown enum value', withChange((m) => { m.classes[0].methods[0].parameters[0].kind = 'varargs'; }), /model\.classes\[0\]\(netdev\.base\.BaseConnection\)\.methods\[0\]\.parameters\[0\]\.kind should be one of positional-only, .*, not "varargs"$/],
    ['a bad view', withChange((m) => { m.view = { filters: { members: 'some', externals: true }, hiddenBases: [] }; }), /^model\.json: model\.view\.filters\.members should be one of none, public, all, not "some"$/],
  ])('rejects %s', (_name, input, expected) => {
    const message = messageOf(input);
    expect(message).not.toContain('\n');
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });

  it('allows fields a later version may add', () => {
    expect(() => parseClassModel(withChange((m) => { m.classes[0].future = 1; }), 'model.json')).not.toThrow();
  });
});
