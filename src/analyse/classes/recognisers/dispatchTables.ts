// Dispatch tables: module-level dicts from strings to classes (netmiko's CLASS_MAPPER: device_type → driver).
import type { DispatchTable } from '../../../model/classModel.js';
import type { ClassRecogniser } from './recogniser.js';

export const dispatchTableRecogniser: ClassRecogniser = {
  name: 'dispatch-table',
  dispatchTables(summary, resolver) {
    const tables: DispatchTable[] = [];
    for (const raw of summary.dictTables) {
      const entries = raw.entries.map((entry) => {
        const resolution = resolver.resolve(summary.module, entry.expression);
        return { key: entry.key, target: resolution.kind === 'class' ? resolution.id : null, expression: entry.expression, line: entry.line };
      });
      // A dict of functions or constants is no class dispatch table: most values must be classes.
      const classes = entries.filter((entry) => entry.target !== null).length;
      if (classes === 0 || classes * 2 < entries.length) continue;
      tables.push({ id: `${summary.module}.${raw.name}`, module: summary.module, name: raw.name, file: summary.file, line: raw.line, entries });
    }
    return tables;
  },
};
