/** @module The SQL text the sink runs, built from table specs. Pure: every value travels as a parameter, every name is quoted. */
import type { Column, TableSpec } from './table-spec.ts'

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`
}

function columnDdl(column: Column): string {
  return `${quoteIdent(column.name)} ${column.type}${column.notNull ? ' NOT NULL' : ''}`
}

export function createTableSql(schema: string, spec: TableSpec): string {
  const parts = spec.columns.map(columnDdl)
  if (spec.touch) parts.push(`${quoteIdent(spec.touch)} timestamp with time zone NOT NULL DEFAULT now()`)
  if (spec.key.length > 0) parts.push(`PRIMARY KEY (${spec.key.map(quoteIdent).join(', ')})`)
  if (spec.declareForeignKeys !== false) for (const fk of spec.foreignKeys) parts.push(`FOREIGN KEY (${quoteIdent(fk.column)}) REFERENCES ${qualified(schema, fk.table)}`)
  return `CREATE TABLE IF NOT EXISTS ${qualified(schema, spec.table)} (${parts.join(', ')})`
}

export function addColumnSql(schema: string, table: string, column: Column): string {
  return `ALTER TABLE ${qualified(schema, table)} ADD COLUMN IF NOT EXISTS ${columnDdl(column)}`
}

/** The columns (name, type) of a table, none when it does not exist. One parameter: the qualified name. */
export const tableColumnsSql = `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`

/**
 * Inserts rows passed as one text array per column (so a statement has as many parameters as
 * columns, however many rows), cast to the column types, with the table's conflict rule
 * (`conflict: false`: without one, so an existing key fails the statement). Parameters are
 * numbered from `first`.
 */
export function insertSql(schema: string, spec: TableSpec, first = 1, conflict = true): string {
  const names = spec.columns.map((c) => quoteIdent(c.name))
  const arrays = spec.columns.map((_, i) => `$${first + i}::text[]`)
  const select = spec.columns.map((c) => `u.${quoteIdent(c.name)}::${c.type}`)
  const insert = `INSERT INTO ${qualified(schema, spec.table)} (${names.join(', ')}) SELECT ${select.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})`
  return conflict ? withConflictRule(insert, spec) : insert
}

/** Inserts one row from one parameter per column (no array to build: checkpoints hold megabytes), with the table's conflict rule. */
export function insertRowSql(schema: string, spec: TableSpec): string {
  const names = spec.columns.map((c) => quoteIdent(c.name))
  // Parameters are text (as columns read them), cast to the column type by the server.
  const values = spec.columns.map((c, i) => `$${i + 1}::text::${c.type}`)
  return withConflictRule(`INSERT INTO ${qualified(schema, spec.table)} (${names.join(', ')}) VALUES (${values.join(', ')})`, spec)
}

/** An INSERT with the table's conflict rule on its key (none: rows are appended). */
function withConflictRule(insert: string, spec: TableSpec): string {
  return spec.key.length > 0 ? `${insert} ON CONFLICT (${spec.key.map(quoteIdent).join(', ')}) ${conflictAction(spec)}` : insert
}

/**
 * One statement (so one transaction, and nothing left half-done if the connection drops) writing
 * the candidates, optionally the voters, then the votes of a batch; returns `{ n }`, the votes
 * inserted. Parameters: the candidates' columns, the voters' (when given), the votes'.
 * `conflict: false`: the votes without their conflict rule (a vote already stored fails it).
 */
export function votesBatchSql(schema: string, candidates: TableSpec, voters: TableSpec | undefined, votes: TableSpec, conflict = true): string {
  const votersFrom = 1 + candidates.columns.length
  const votesFrom = votersFrom + (voters?.columns.length ?? 0)
  const votersPart = voters ? `, v AS (${insertSql(schema, voters, votersFrom)})` : ''
  return `WITH c AS (${insertSql(schema, candidates)})${votersPart}, ins AS (${insertSql(schema, votes, votesFrom, conflict)} RETURNING 1) SELECT count(*)::int AS n FROM ins`
}

function conflictAction(spec: TableSpec): string {
  if (spec.onConflict === 'nothing') return 'DO NOTHING'
  const sets = spec.columns.filter((c) => !spec.key.includes(c.name)).map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`)
  if (spec.touch) sets.push(`${quoteIdent(spec.touch)} = now()`)
  if (sets.length === 0) return 'DO NOTHING'
  // The stored row is named by the table's bare name in ON CONFLICT's WHERE.
  const onlyGreater = spec.keepMax === undefined ? '' : ` WHERE ${quoteIdent(spec.table)}.${quoteIdent(spec.keepMax)} < EXCLUDED.${quoteIdent(spec.keepMax)}`
  return `DO UPDATE SET ${sets.join(', ')}${onlyGreater}`
}

/** Rows of a votes batch (voter id, candidate id, voting time arrays) whose voter already has a different vote: 1-based positions. */
export function conflictingVotesSql(schema: string): string {
  return `SELECT u.ord::int AS ord, v.candidate_id, v.voting_time::text AS voting_time FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(voter_id, candidate_id, voting_time, ord) JOIN ${qualified(schema, 'votes')} v ON v.voter_id = u.voter_id WHERE v.candidate_id IS DISTINCT FROM u.candidate_id OR v.voting_time IS DISTINCT FROM u.voting_time::timestamp`
}
