// Which API changes break callers: every rule of `netxray classes --diff` in one table, with where it comes from.
// The diff code only picks a rule id; whether that rule is breaking is decided here and nowhere else.
//
// Sources: Python's call binding (the language reference, "Calls": positional arguments fill parameters in order,
// keywords by name; PEP 3102 keyword-only and PEP 570 positional-only parameters), PEP 8 "Public and internal
// interfaces" (a leading underscore marks an internal name), and griffe's `check` breakage kinds
// (mkdocstrings/griffe, src/griffe/_internal/diff.py: ParameterMovedBreakage, ParameterRemovedBreakage,
// ParameterChangedKindBreakage, ParameterChangedDefaultBreakage, ParameterChangedRequiredBreakage,
// ParameterAddedRequiredBreakage, ObjectRemovedBreakage, ObjectChangedKindBreakage, ClassRemovedBaseBreakage).

export interface BreakingRule {
  breaking: boolean;
  /** One line: why a change of this kind does or does not break code written for the old version. */
  why: string;
}

export const BREAKING_RULES = {
  'private-name': { breaking: false, why: 'a name with a leading underscore is internal (PEP 8), not public API' },

  'class-added': { breaking: false, why: 'new code cannot break old callers' },
  'class-removed': { breaking: true, why: 'imports and isinstance checks of the class fail (griffe: object removed)' },
  'class-moved': { breaking: true, why: 'imports from the old module fail unless it re-exports the class' },
  'ancestor-lost': { breaking: true, why: 'a former ancestor is no longer in the MRO: isinstance checks and inherited members go (griffe: class removed base)' },
  'ancestors-kept': { breaking: false, why: 'every former ancestor is still in the MRO' },

  'method-added': { breaking: false, why: 'new members cannot break old callers' },
  'method-removed': { breaking: true, why: 'calls of the method fail (griffe: object removed)' },
  'method-moved-to-base': { breaking: false, why: 'the class still has the method, inherited from a base' },
  'method-kind-changed': { breaking: true, why: 'a property is read, a method called; a classmethod binds the class (griffe: object changed kind)' },
  'attribute-added': { breaking: false, why: 'new members cannot break old callers' },
  'attribute-removed': { breaking: true, why: 'reads of the attribute raise AttributeError (griffe: object removed)' },

  'signature-compatible': { breaking: false, why: 'every call valid for the old signature binds the same way' },
  'signature-incompatible': { breaking: true, why: 'at least one parameter change below breaks calls written for the old signature' },
  'parameter-added-required': { breaking: true, why: 'existing calls do not pass it (griffe: parameter added required)' },
  'parameter-added-before-positional': { breaking: true, why: 'inserted ahead of an existing positional parameter: a positional argument now lands in it' },
  'parameter-added-optional': { breaking: false, why: 'it has a default and no existing positional argument shifts' },
  'parameter-added-variadic': { breaking: false, why: '*args / **kwargs only accept more calls' },
  'parameter-removed': { breaking: true, why: 'calls passing it fail or shift (griffe: parameter removed)' },
  'parameter-renamed-keyword': { breaking: true, why: 'calls passing it by keyword fail' },
  'parameter-renamed-positional-only': { breaking: false, why: 'a positional-only parameter cannot be passed by name (PEP 570)' },
  'default-added': { breaking: false, why: 'calls that passed it still do; others may now omit it' },
  'default-removed': { breaking: true, why: 'calls omitting it fail (griffe: parameter changed required)' },
  'default-changed': { breaking: true, why: 'calls omitting it now get another value (griffe: parameter changed default)' },
  'kind-narrowed': { breaking: true, why: 'it no longer accepts the way it was passed: positional now keyword-only, or keyword now positional-only (PEP 3102, PEP 570)' },
  'kind-widened': { breaking: false, why: 'it accepts every way it was passed before and more' },
  'parameter-moved': { breaking: true, why: 'its order among the positional parameters changed: positional arguments land elsewhere (griffe: parameter moved)' },

  'dispatch-table-added': { breaking: false, why: 'a new table cannot break old callers' },
  'dispatch-table-removed': { breaking: true, why: 'lookups in the table fail' },
  'dispatch-key-added': { breaking: false, why: 'a new key (e.g. a new device_type) only accepts more' },
  'dispatch-key-removed': { breaking: true, why: 'a lookup of the key (e.g. ConnectHandler(device_type=...)) now fails' },
  'dispatch-key-same-class': { breaking: false, why: 'the key selects the same class, moved, or a subclass of it' },
  'dispatch-key-other-class': { breaking: true, why: 'the key selects a class that is not the old one or a subclass of it' },
} as const satisfies Record<string, BreakingRule>;

export type RuleId = keyof typeof BREAKING_RULES;

export function isBreaking(rule: RuleId): boolean {
  return BREAKING_RULES[rule].breaking;
}

/** Python's convention: `_x` and `__x` are internal, dunders (`__init__`) are public. */
export function isPrivateName(name: string): boolean {
  return name.startsWith('_') && !(name.startsWith('__') && name.endsWith('__'));
}
