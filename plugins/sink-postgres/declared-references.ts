/** @module Whether an existing votes table declares the foreign keys the `foreignKeys` option asks for, and the SQL to make it so. Pure. */
import { qualified, quoteIdent } from './sql.ts'
import type { TableSpec } from './table-spec.ts'

/** The foreign-key constraints of a table: one parameter, the qualified name. */
export const declaredForeignKeysSql = `SELECT conname AS name FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'f' ORDER BY conname`

/**
 * What to tell the user when a table made by an earlier run disagrees with `foreignKeys` (the
 * sink never alters a table's constraints itself: adding them scans every row, dropping them
 * loosens what other writers rely on). Undefined when they agree.
 */
export function foreignKeysAdvice(schema: string, spec: TableSpec, declared: readonly string[]): string | undefined {
  const table = qualified(schema, spec.table)
  const wanted = spec.declareForeignKeys !== false
  if (wanted && declared.length === 0 && spec.foreignKeys.length > 0) {
    const add = spec.foreignKeys.map((fk) => `ADD FOREIGN KEY (${quoteIdent(fk.column)}) REFERENCES ${qualified(schema, fk.table)}`).join(', ')
    return `${table} declares no foreign keys (made by a run with \`foreignKeys: false\`): Postgres does not refuse a vote without its voter or candidate, \`pipeline check\` reports one. To declare them: ALTER TABLE ${table} ${add}`
  }
  if (!wanted && declared.length > 0) {
    const drop = declared.map((name) => `DROP CONSTRAINT ${quoteIdent(name)}`).join(', ')
    return `${table} keeps the foreign keys an earlier run declared, so every vote still locks its voter row (\`foreignKeys: false\` only applies to a table the sink creates). To drop them: ALTER TABLE ${table} ${drop}`
  }
  return undefined
}
