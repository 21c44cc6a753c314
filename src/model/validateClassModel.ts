// Reads a saved class model back (`netxray render model.json`): JSON, schema and version, then every field's shape.
import { NetxrayError } from '../errors.js';
import { CLASS_MODEL_SCHEMA, CLASS_MODEL_VERSION, type ClassModel } from './classModel.js';

/** Thrown by the shape checks below and turned into one NetxrayError line naming the source. */
class ShapeError extends Error {}

type Check = (value: unknown, path: string) => void;

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 39) + '…' : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function expect(condition: boolean, path: string, expected: string, value: unknown): void {
  if (!condition) throw new ShapeError(`${path} should be ${expected}, not ${describe(value)}`);
}

const string: Check = (value, path) => expect(typeof value === 'string', path, 'a string', value);
const boolean: Check = (value, path) => expect(typeof value === 'boolean', path, 'true or false', value);
const count: Check = (value, path) => expect(typeof value === 'number' && Number.isInteger(value) && value >= 0, path, 'a whole number', value);
const number: Check = (value, path) => expect(typeof value === 'number' && Number.isFinite(value), path, 'a number', value);

function nullable(check: Check): Check {
  return (value, path) => (value === null ? undefined : check(value, path));
}

function oneOf(...allowed: string[]): Check {
  return (value, path) => expect(allowed.includes(value as string), path, `one of ${allowed.join(', ')}`, value);
}

function idOf(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `(${id})` : '';
}

function arrayOf(check: Check): Check {
  return (value, path) => {
    expect(Array.isArray(value), path, 'an array', value);
    // Naming the item's id makes `classes[812]` findable in a model of thousands of classes.
    (value as unknown[]).forEach((item, index) => check(item, `${path}[${index}]${idOf(item)}`));
  };
}

/** Keys ending in `?` may be absent. Unknown keys are allowed: later versions may add optional fields. */
function object(shape: Record<string, Check>): Check {
  return (value, path) => {
    expect(typeof value === 'object' && value !== null && !Array.isArray(value), path, 'an object', value);
    const record = value as Record<string, unknown>;
    for (const [key, check] of Object.entries(shape)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      if (record[name] === undefined) {
        if (optional) continue;
        throw new ShapeError(`${path}.${name} is missing`);
      }
      check(record[name], `${path}.${name}`);
    }
  };
}

const origin = oneOf('source', 'dynamic', 'unresolved');

const parameter = object({
  name: string,
  kind: oneOf('positional-only', 'positional-or-keyword', 'var-positional', 'keyword-only', 'var-keyword'),
  'default?': string,
  'annotation?': string,
});

const method = object({
  name: string,
  kind: oneOf('method', 'classmethod', 'staticmethod', 'property'),
  decorators: arrayOf(string),
  line: count,
  async: boolean,
  parameters: arrayOf(parameter),
  'returns?': string,
  'overrides?': string,
});

const classInfo = object({
  id: string,
  name: string,
  qualname: string,
  module: string,
  file: nullable(string),
  line: nullable(count),
  origin,
  external: boolean,
  bases: arrayOf(object({ expression: string, id: nullable(string) })),
  mro: nullable(arrayOf(string)),
  decorators: arrayOf(string),
  'metaclass?': string,
  'doc?': string,
  methods: arrayOf(method),
  inheritedMethods: arrayOf(object({ name: string, from: string })),
  attributes: arrayOf(object({ name: string, scope: oneOf('class', 'instance'), line: count, 'annotation?': string, 'value?': string })),
  'provenance?': object({ kind: oneOf('yaml', 'type-call'), file: string, line: count, 'factory?': string }),
});

const dispatchTable = object({
  id: string,
  module: string,
  name: string,
  file: string,
  line: count,
  entries: arrayOf(object({ key: string, target: nullable(string), expression: string, line: count })),
});

const view = object({
  filters: object({
    'focus?': string,
    'ancestors?': count,
    'descendants?': count,
    'include?': arrayOf(string),
    'exclude?': arrayOf(string),
    members: oneOf('none', 'public', 'all'),
    externals: boolean,
    'collapse?': count,
  }),
  hiddenBases: arrayOf(object({ id: string, name: string, module: string, external: boolean, origin })),
  'packages?': arrayOf(object({ id: string, classes: count, external: boolean })),
  'packageEdges?': arrayOf(object({ from: string, to: string, kind: oneOf('inheritance', 'dispatch'), count })),
});

const classModel = object({
  generator: object({ name: string, version: string }),
  target: object({ spec: string, kind: oneOf('package', 'directory', 'file'), module: string, path: string, 'python?': string }),
  modules: arrayOf(object({ name: string, file: string, isPackage: boolean, external: boolean })),
  classes: arrayOf(classInfo),
  dispatchTables: arrayOf(dispatchTable),
  diagnostics: arrayOf(object({ severity: oneOf('error', 'warning', 'info'), code: string, message: string, 'file?': string, 'line?': count })),
  stats: object({ files: count, classes: count, externalClasses: count, dynamicClasses: count, methods: count, durationMs: number }),
  'view?': view,
});

/** Parses `text` (read from `source`, a path shown in messages) into a class model, or says what is wrong. */
export function parseClassModel(text: string, source: string): ClassModel {
  const fail = (message: string) => new NetxrayError('bad-model', `${source}: ${message}`);
  let data: unknown;
  try {
    // A UTF-8 byte order mark (editors on Windows write one) is not JSON but says nothing against the content.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw fail(`not a netxray class model (it is ${describe(data)}, expected an object)`);
  }
  const record = data as Record<string, unknown>;
  // Schema and version first: a different file or a newer netxray deserves that message, not a field error.
  if (record.schema !== CLASS_MODEL_SCHEMA) {
    throw fail(`not a netxray class model (schema is ${describe(record.schema)}, expected '${CLASS_MODEL_SCHEMA}')`);
  }
  if (record.version !== CLASS_MODEL_VERSION) {
    throw fail(`class model version ${describe(record.version)} is not supported (this netxray reads version ${CLASS_MODEL_VERSION})`);
  }
  try {
    classModel(data, 'model');
  } catch (error) {
    if (error instanceof ShapeError) throw fail(error.message);
    throw error;
  }
  return data as ClassModel;
}
