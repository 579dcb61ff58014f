/** @module Makes sure each table the sink writes exists with the columns it needs: creates, grows or refuses with the table and column named. */
import type { Sql } from 'postgres'
import type { Event } from '../../core/plugin.ts'
import { newColumns, withExistingTypes } from './inferred-tables.ts'
import { addColumnSql, createTableSql, qualified, quoteIdent, tableColumnsSql } from './sql.ts'
import { hasKey, keyMissing, uniqueKeysSql } from './table-key.ts'
import type { Column, TableSpec } from './table-spec.ts'
import { ownedTablesTable, recordOwnedTable, type TableOwner } from './owned-tables.ts'

export interface Tables {
  /** The spec as the table really is (column types from the database); creates the table when allowed. */
  ensure(spec: TableSpec): Promise<TableSpec>
  /** Adds columns for new fields in `events` (tables inferred from events only); returns the spec to write with. */
  grow(spec: TableSpec, events: Event[]): Promise<TableSpec>
}

/** `owner`: record every table ensured (but the registry itself) as written by this pipeline's node, for `pipeline reset`. */
export function createTables(sql: Sql, schema: string, create: boolean, owner?: TableOwner): Tables {
  const ensured = new Map<string, Promise<TableSpec>>()

  const columnsOf = async (table: string) => {
    const rows = await sql.unsafe<{ name: string; type: string }[]>(tableColumnsSql, [qualified(schema, table)])
    return new Map(rows.map((r) => [r.name, r.type]))
  }

  // One simple-protocol query: its statements run as one implicit transaction. The lock keeps two sinks
  // (or processes) creating the same tables at once from colliding in the catalog. `schema` is an identifier.
  const ddl = (statements: string[]) =>
    sql.unsafe([`SELECT pg_advisory_xact_lock(hashtext('tally:${schema}'))`, `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`, ...statements].join(';\n')).simple()

  const addColumns = async (spec: TableSpec, missing: Column[]) => {
    const name = qualified(schema, spec.table)
    if (spec.fixed || !create) {
      const fix = create ? `drop or alter the table so it has the columns ${spec.columns.map((c) => c.name).join(', ')}` : 'add it, or set `createTables: true` to let the sink add it'
      throw new Error(`table ${name} has no column "${missing[0]!.name}" (${missing[0]!.type}), which the postgres sink writes; ${fix}`)
    }
    await ddl(missing.map((c) => addColumnSql(schema, spec.table, c)))
  }

  const load = async (spec: TableSpec): Promise<TableSpec> => {
    let existing = await columnsOf(spec.table)
    if (existing.size === 0) {
      if (!create) throw new Error(`table ${qualified(schema, spec.table)} does not exist; create it or set \`createTables: true\``)
      await ddl([createTableSql(schema, spec)])
      existing = await columnsOf(spec.table)
    } else if (!hasKey(spec, await sql.unsafe<{ columns: string[] }[]>(uniqueKeysSql, [qualified(schema, spec.table)]))) {
      throw new Error(keyMissing(schema, spec))
    }
    const missing = spec.columns.filter((c) => !existing.has(c.name))
    if (spec.touch && !existing.has(spec.touch)) missing.push({ name: spec.touch, type: 'timestamp with time zone', read: () => null })
    if (missing.length > 0) {
      await addColumns(spec, missing)
      existing = await columnsOf(spec.table)
    }
    return withExistingTypes(spec, existing)
  }

  const loadOwned = async (spec: TableSpec): Promise<TableSpec> => {
    const loaded = await load(spec)
    if (owner && spec.table !== ownedTablesTable.table) {
      await ensure(ownedTablesTable)
      await recordOwnedTable(sql, schema, owner, spec.table)
    }
    return loaded
  }

  const ensure = (spec: TableSpec): Promise<TableSpec> => {
    let found = ensured.get(spec.table)
    if (!found) {
      found = loadOwned(spec)
      ensured.set(spec.table, found)
      void found.catch(() => ensured.delete(spec.table))
    }
    return found
  }

  return {
    ensure,
    async grow(spec, events) {
      const extra = newColumns(spec, events)
      if (extra.length === 0) return spec
      await addColumns(spec, extra)
      const grown = { ...spec, columns: [...spec.columns, ...extra] }
      ensured.set(spec.table, Promise.resolve(grown))
      return grown
    },
  }
}
