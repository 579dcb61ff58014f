import { describe, expect, it } from 'vitest'
import { aggregateTable, genericTable } from './inferred-tables.ts'
import { candidatesTable, votersTable, votesTable } from './flagship.ts'
import { createTableSql, insertRowSql, insertSql, quoteIdent, votesBatchSql } from './sql.ts'

describe('sql text', () => {
  it('quotes identifiers, doubling embedded quotes', () => {
    expect(quoteIdent('by "state"')).toBe('"by ""state"""')
  })

  it('creates votes keyed by voter with foreign keys to voters and candidates', () => {
    expect(createTableSql('s', votesTable)).toBe(
      'CREATE TABLE IF NOT EXISTS "s"."votes" ("voter_id" text, "candidate_id" text NOT NULL, "voting_time" timestamp without time zone NOT NULL, "vote" integer NOT NULL, PRIMARY KEY ("voter_id"), FOREIGN KEY ("voter_id") REFERENCES "s"."voters", FOREIGN KEY ("candidate_id") REFERENCES "s"."candidates")',
    )
  })

  it('inserts one text array per column (parameters do not grow with rows), ignoring conflicts on the key', () => {
    expect(insertSql('s', votesTable)).toBe(
      'INSERT INTO "s"."votes" ("voter_id", "candidate_id", "voting_time", "vote") SELECT u."voter_id"::text, u."candidate_id"::text, u."voting_time"::timestamp without time zone, u."vote"::integer FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u("voter_id", "candidate_id", "voting_time", "vote") ON CONFLICT ("voter_id") DO NOTHING',
    )
  })

  it('inserts a single row (a checkpoint) from one parameter per column', () => {
    expect(insertRowSql('s', votesTable)).toBe(
      'INSERT INTO "s"."votes" ("voter_id", "candidate_id", "voting_time", "vote") VALUES ($1::text::text, $2::text::text, $3::text::timestamp without time zone, $4::text::integer) ON CONFLICT ("voter_id") DO NOTHING',
    )
  })

  it('writes a batch of votes with their candidates and voters in one statement, counting the votes inserted', () => {
    expect(votesBatchSql('s', candidatesTable, undefined, votesTable)).toMatch(/^WITH c AS \(INSERT INTO "s"."candidates" .*\), ins AS \(INSERT INTO "s"."votes" .* FROM unnest\(\$7::text\[\], .*\$10::text\[\]\) .* RETURNING 1\) SELECT count\(\*\)::int AS n FROM ins$/)
    const text = votesBatchSql('s', candidatesTable, votersTable, votesTable)
    expect(text).toMatch(/^WITH c AS \(INSERT INTO "s"."candidates" .* FROM unnest\(\$1::text\[\], .*\$6::text\[\]\) .* DO NOTHING\), v AS \(INSERT INTO "s"."voters" .* FROM unnest\(\$7::text\[\], .*\$22::text\[\]\) .* DO NOTHING\), ins AS \(INSERT INTO "s"."votes" .* FROM unnest\(\$23::text\[\], .*\$26::text\[\]\) .* DO NOTHING RETURNING 1\) SELECT count\(\*\)::int AS n FROM ins$/)
  })

  it('overwrites window rows with the latest value and touches updated_at', () => {
    const spec = aggregateTable('by_state', [{ state: 'Kent', count: 1, _window: { start: null, end: null, final: false }, _key: 'Kent' }])
    expect(insertSql('s', spec)).toMatch(/ON CONFLICT \("window_start", "window_end", "window_key"\) DO UPDATE SET "window_final" = EXCLUDED."window_final", "state" = EXCLUDED."state", "count" = EXCLUDED."count", "updated_at" = now\(\)$/)
    expect(createTableSql('s', spec)).toContain('"updated_at" timestamp with time zone NOT NULL DEFAULT now(), PRIMARY KEY ("window_start", "window_end", "window_key")')
  })

  it('replaces a stored row only by a greater keepMax value', () => {
    const spec = genericTable('parts', { key: ['part'], onConflict: 'update', keepMax: 'n' }, [{ part: 'a', n: 1 }])
    expect(insertSql('s', spec)).toMatch(/ON CONFLICT \("part"\) DO UPDATE SET "n" = EXCLUDED."n" WHERE "parts"."n" < EXCLUDED."n"$/)
  })
})
