/** @module The conflict key a table must have for the sink to write each row once, and what to do when an existing table lacks it. */
import { EVENT_ID_COLUMN } from './event-id.ts'
import { qualified, quoteIdent } from './sql.ts'
import type { TableSpec } from './table-spec.ts'

/** The column sets (sorted) of a table's unique, non-partial indexes, its primary key included. One parameter: the qualified name. */
export const uniqueKeysSql = `SELECT array_agg(a.attname::text ORDER BY a.attname) AS columns FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL GROUP BY i.indexrelid`

/** Whether one of `uniqueKeys` (as `uniqueKeysSql` returns them) is exactly the spec's key, which ON CONFLICT needs. */
export function hasKey(spec: TableSpec, uniqueKeys: readonly { columns: string[] }[]): boolean {
  const key = [...spec.key].sort().join('\u0000')
  return spec.key.length === 0 || uniqueKeys.some((k) => k.columns.join('\u0000') === key)
}

/** What to do about a table without the unique key the sink writes by (made by an older version, which appended rows, or by another config). */
export function keyMissing(schema: string, spec: TableSpec): string {
  const name = qualified(schema, spec.table)
  const key = spec.key.map(quoteIdent).join(', ')
  const add = spec.key.includes(EVENT_ID_COLUMN) ? '' : `, or delete its repeated rows and add the key: ALTER TABLE ${name} ADD PRIMARY KEY (${key})`
  return (
    `table ${name} has no primary key or unique index on (${key}), which the postgres sink needs to write each row once when a stream is replayed after a restart; ` +
    `it was probably made by an older version (which appended these rows, so a replay may have repeated some) or by another config. ` +
    `Fix: rename it (ALTER TABLE ${name} RENAME TO ${quoteIdent(`${spec.table}_old`)}) and the sink makes it again with its key${add}`
  )
}
