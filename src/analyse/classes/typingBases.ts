// typing's generic aliases used as bases: what `__mro_entries__` turns them into (CPython 3.11 Lib/typing.py,
// `_BaseGenericAlias.__mro_entries__` and `_GenericAlias.__mro_entries__`), so that `class M(MutableMapping)` with
// MutableMapping from typing has the bases (collections.abc.MutableMapping, typing.Generic), as the interpreter says.

export const GENERIC_ID = 'typing.Generic';
/** A function in typing.py whose `__mro_entries__` makes `class T(NamedTuple)` a subclass of tuple alone. */
export const NAMED_TUPLE_ID = 'typing.NamedTuple';

/** typing name → [module, name] of the class it aliases (the `_alias(...)` calls of Lib/typing.py). */
export const TYPING_ALIASES: ReadonlyMap<string, readonly [string, string]> = new Map([
  ...['Hashable', 'Awaitable', 'Coroutine', 'AsyncIterable', 'AsyncIterator', 'Iterable', 'Iterator', 'Reversible',
    'Sized', 'Container', 'Collection', 'Callable', 'MutableSet', 'Mapping', 'MutableMapping', 'Sequence',
    'MutableSequence', 'ByteString', 'MappingView', 'KeysView', 'ItemsView', 'ValuesView', 'Generator',
    'AsyncGenerator'].map((name): [string, [string, string]] => [name, ['collections.abc', name]]),
  ['AbstractSet', ['collections.abc', 'Set']],
  ['Tuple', ['builtins', 'tuple']],
  ['List', ['builtins', 'list']],
  ['Set', ['builtins', 'set']],
  ['FrozenSet', ['builtins', 'frozenset']],
  ['Dict', ['builtins', 'dict']],
  ['Type', ['builtins', 'type']],
  ['Deque', ['collections', 'deque']],
  ['DefaultDict', ['collections', 'defaultdict']],
  ['OrderedDict', ['collections', 'OrderedDict']],
  ['Counter', ['collections', 'Counter']],
  ['ChainMap', ['collections', 'ChainMap']],
  ['ContextManager', ['contextlib', 'AbstractContextManager']],
  ['AsyncContextManager', ['contextlib', 'AbstractAsyncContextManager']],
  ['Pattern', ['re', 'Pattern']],
  ['Match', ['re', 'Match']],
]);

/** The typing alias a resolved-or-guessed id names (`typing.MutableMapping`), if any. */
export function typingAlias(id: string | undefined): readonly [string, string] | undefined {
  const match = /^typing\.(\w+)$/.exec(id ?? '');
  return match ? TYPING_ALIASES.get(match[1]) : undefined;
}

export interface WrittenBase {
  expression: string;
  /** Whether the base is a generic alias at run time: subscripted (`X[T]`) or a typing alias. */
  generic: boolean;
  /** Resolved class ids, after a typing alias became its origin. */
  ids: string[];
  /** It was a typing alias: Generic follows it unless a later base is generic. */
  typingAlias: boolean;
}

/**
 * Applies the `__mro_entries__` rules to the written bases: a typing alias adds `typing.Generic` after its origin
 * unless a later base is a generic alias or Generic itself; `Generic[T]` disappears when a later base is a generic alias.
 */
export function mroEntries(bases: WrittenBase[]): { expression: string; id: string }[] {
  const out: { expression: string; id: string }[] = [];
  bases.forEach((base, index) => {
    const later = bases.slice(index + 1);
    const isGeneric = base.ids.length === 1 && base.ids[0] === GENERIC_ID;
    if (isGeneric && base.generic && later.some((b) => b.generic)) return;
    for (const id of base.ids) out.push({ expression: base.expression, id });
    if (base.typingAlias && !later.some((b) => b.generic || b.ids.includes(GENERIC_ID))) {
      out.push({ expression: base.expression, id: GENERIC_ID });
    }
  });
  return out;
}
