// Classes made by calling a class factory at module level: type() with literal arguments, declarative_base().
import { classId } from '../resolveName.js';
import type { ClassRecogniser } from './recogniser.js';

export const typeCallRecogniser: ClassRecogniser = {
  name: 'type-call',
  declareClasses(summary) {
    return {
      classes: summary.typeCalls.map((call) => ({
        // type() takes __module__ from the calling frame's globals, so the class belongs to this module.
        id: classId(summary, call.className),
        name: call.className,
        module: summary.module,
        binding: call.binding,
        line: call.line,
        bases: call.bases,
        baseScope: summary.module,
        attributes: [],
        provenance: { kind: 'type-call', file: summary.file, line: call.line, factory: call.factory },
      })),
    };
  },
};
