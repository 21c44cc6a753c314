// The class model as the HTML page carries it: default values left out and inherited-method lists dropped where
// the page can rebuild them from the MRO (neutron: 28 MB of model JSON -> about 6 MB). expandModel undoes it exactly.
// Runs in Node (html renderer) and, inlined, in the page: type imports only.
import type { ClassInfo, ClassModel, InheritedMethod, MethodInfo, ParameterInfo } from '../model/classModel.js';

/** Fields whose value is this default are left out of the page's copy. */
const CLASS_DEFAULTS = { origin: 'source', external: false } as const;
const METHOD_DEFAULTS = { kind: 'method', async: false } as const;
const PARAMETER_KIND = 'positional-or-keyword';

/** What the MRO says a class inherits: each method name not defined by the class, from its first definer (members.ts). */
export function inheritedMethodsOf(cls: ClassInfo, byId: Map<string, ClassInfo>): InheritedMethod[] | null {
  if (!cls.mro) return null;
  const own = new Set(cls.methods.map((m) => m.name));
  const inherited = new Map<string, string>();
  for (const id of cls.mro.slice(1)) {
    const ancestor = byId.get(id);
    if (!ancestor) return null;
    for (const m of ancestor.methods) if (!own.has(m.name) && !inherited.has(m.name)) inherited.set(m.name, id);
  }
  return [...inherited].map(([name, from]) => ({ name, from }));
}

function sameInherited(a: readonly InheritedMethod[], b: readonly InheritedMethod[] | null): boolean {
  return b !== null && a.length === b.length && a.every((m, i) => m.name === b[i].name && m.from === b[i].from);
}

type Loose<T> = { -readonly [K in keyof T]?: T[K] };

function compactMethod(method: MethodInfo): Loose<MethodInfo> {
  const out: Loose<MethodInfo> = { ...method, parameters: method.parameters.map((p) => (p.kind === PARAMETER_KIND ? (({ kind: _kind, ...rest }) => rest)(p) : p)) as ParameterInfo[] };
  if (out.kind === METHOD_DEFAULTS.kind) delete out.kind;
  if (out.async === METHOD_DEFAULTS.async) delete out.async;
  if (out.decorators?.length === 0) delete out.decorators;
  return out;
}

/** The model with defaults left out; `inheritedMethods` kept only where the page could not rebuild the same list. */
export function compactModel(model: ClassModel): unknown {
  const byId = new Map(model.classes.map((c) => [c.id, c]));
  const classes = model.classes.map((cls) => {
    const out: Loose<ClassInfo> = { ...cls, methods: cls.methods.map(compactMethod) as MethodInfo[] };
    if (sameInherited(cls.inheritedMethods, inheritedMethodsOf(cls, byId))) delete out.inheritedMethods;
    if (out.origin === CLASS_DEFAULTS.origin) delete out.origin;
    if (out.external === CLASS_DEFAULTS.external) delete out.external;
    if (out.decorators?.length === 0) delete out.decorators;
    return out;
  });
  return { ...model, classes };
}

/** The page's copy back to a full ClassModel. */
export function expandModel(compact: ClassModel): ClassModel {
  const classes = compact.classes as Loose<ClassInfo>[];
  for (const cls of classes) {
    cls.origin ??= CLASS_DEFAULTS.origin;
    cls.external ??= CLASS_DEFAULTS.external;
    cls.decorators ??= [];
    for (const m of cls.methods as Loose<MethodInfo>[]) {
      m.kind ??= METHOD_DEFAULTS.kind;
      m.async ??= METHOD_DEFAULTS.async;
      m.decorators ??= [];
      for (const p of m.parameters as Loose<ParameterInfo>[]) p.kind ??= PARAMETER_KIND;
    }
  }
  const byId = new Map(compact.classes.map((c) => [c.id, c]));
  // Rebuilt when first read (the side panel): neutron has half a million inherited names, nobody reads them all.
  for (const cls of classes) {
    if (cls.inheritedMethods) continue;
    Object.defineProperty(cls, 'inheritedMethods', {
      configurable: true,
      enumerable: true,
      get() {
        const value = inheritedMethodsOf(cls as ClassInfo, byId) ?? [];
        Object.defineProperty(cls, 'inheritedMethods', { value, enumerable: true, writable: true });
        return value;
      },
    });
  }
  return compact;
}

/**
 * Text the page carries gzipped and base64-encoded (the model, elkjs), back as text: the browser's own
 * DecompressionStream, no request. Decoding and tokenising 8 MB of page text cost neutron's first drawing ~2 s; the
 * packed page is about a fifth of that. Node 20 has the same globals, so the html renderer's tests can read it back.
 */
export async function unpackText(base64: string): Promise<string> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
}
