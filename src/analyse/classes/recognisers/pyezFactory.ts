// The class PyEZ's FactoryLoader.load makes of each entry of a Table/View catalog (a YAML document), found by
// replaying its build order: the first builder to reach an entry decides its kind.
// Rules from junos-eznc lib/jnpr/junos/factory/factory_loader.py (`_sortitems`, `load`, `_build_optable`,
// `_build_cfgtable`, `_build_cmdtable`, `_build_table`, `_build_view`, `_build_cmdview`, `_add_view_fields`,
// `_add_cmd_view_fields`) and factory_cls.py (the bases of each Factory* function's `type(name, bases, {})`).

export type CatalogEntry = Record<string, unknown>;

export interface FactoryRules {
  /** FactoryLoader has `_build_cmdtable` (command Tables and CMDViews; not in 2.1.7): the later `_sortitems`. */
  commandTables: boolean;
}

/** Base class names by kind, as factory_cls.py passes them to type(); resolved in factory_cls's namespace. */
const BASES = {
  opTable: ['OpTable'], // FactoryOpTable
  cfgTable: ['CfgTable'], // FactoryCfgTable
  cfgTableWithSet: ['CfgTable', 'Config'], // FactoryCfgTable when the entry has `set`
  cmdTable: ['CMDTable'], // FactoryCMDTable, FactoryCMDChildTable
  table: ['Table'], // FactoryTable
  view: ['View'], // FactoryView
  cmdView: ['CMDView'], // FactoryCMDView
} as const;

/** Base class names of every catalog entry that becomes a class, in the order FactoryLoader builds them. */
export function catalogBases(catalog: Map<string, CatalogEntry>, rules: FactoryRules): Map<string, readonly string[]> {
  const built = new Map<string, readonly string[]>();
  const building = new Set<string>();
  const entryOf = (name: unknown): CatalogEntry | undefined => (typeof name === 'string' ? catalog.get(name) : undefined);

  /** Each builder returns at once for an entry already in the catalog; the entry's own class comes last. */
  const build = (name: string, bases: (entry: CatalogEntry) => readonly string[], before: (entry: CatalogEntry) => void) => {
    const entry = catalog.get(name);
    if (!entry || built.has(name) || building.has(name)) return;
    building.add(name);
    before(entry);
    building.delete(name);
    built.set(name, bases(entry));
  };
  const viewOf = (entry: CatalogEntry, buildView: (name: string) => void) => {
    if (entryOf(entry.view)) buildView(entry.view as string);
  };
  // A field whose value names another catalog entry is a nested table (`fields.table(name, cls)`).
  const nestedTables = (entry: CatalogEntry, buildTable: (name: string) => void) => {
    for (const [key, group] of Object.entries(entry)) {
      if (!key.startsWith('fields') || !group || typeof group !== 'object') continue;
      for (const value of Object.values(group as Record<string, unknown>)) {
        if (entryOf(value)) buildTable(value as string);
      }
    }
  };

  const buildView = (name: string): void => build(name, () => BASES.view, (entry) => nestedTables(entry, buildTable));
  const buildCmdView = (name: string): void => build(name, () => BASES.cmdView, (entry) => nestedTables(entry, buildCmdTable));
  const buildOpTable = (name: string): void => build(name, () => BASES.opTable, (entry) => viewOf(entry, buildView));
  const buildCfgTable = (name: string): void =>
    build(name, (entry) => ('set' in entry ? BASES.cfgTableWithSet : BASES.cfgTable), (entry) => viewOf(entry, buildView));
  const buildCmdTable = (name: string): void => build(name, () => BASES.cmdTable, (entry) => viewOf(entry, buildCmdView));
  const buildTable = (name: string): void => build(name, () => BASES.table, (entry) => viewOf(entry, buildView));

  // `_sortitems`, then `load`: op tables, config tables, command tables, tables, views.
  const sorted = { op: [] as string[], cfg: [] as string[], cmd: [] as string[], table: [] as string[], view: [] as string[] };
  for (const [name, entry] of catalog) {
    if ('rpc' in entry) sorted.op.push(name);
    else if ('get' in entry || 'set' in entry) sorted.cfg.push(name);
    else if (rules.commandTables && ('command' in entry || 'title' in entry || ('view' in entry && entry.item === '*'))) sorted.cmd.push(name);
    else if ('view' in entry) sorted.table.push(name);
    else sorted.view.push(name);
  }
  sorted.op.forEach(buildOpTable);
  sorted.cfg.forEach(buildCfgTable);
  sorted.cmd.forEach(buildCmdTable);
  sorted.table.forEach(buildTable);
  sorted.view.forEach(buildView);
  return built;
}
