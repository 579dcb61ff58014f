import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { range, vote, voter } from './election-fixtures.ts'
import { startTestSink, type TestSink } from './test-sink.ts'

let t: TestSink
afterEach(async () => t?.close())

const count = async (table: string) => Number((await t.sql.unsafe(`SELECT count(*) AS n FROM ${table}`))[0]!.n)
const late = (i: number, minute = 0) => ({ ...vote(i), voting_time: `2026-01-01 0${minute}:00:00` })

describe('postgres sink: streams wired to `rows` are written once, however often they are replayed', () => {
  it('keys a stream without a configured key by a hash of each event: a replayed batch adds nothing, a new event a row', async () => {
    t = await startTestSink()
    const dead = range(0, 5, (i) => ({ reason: 'duplicate_vote', voter_id: voter(i).voter_id, record: voter(i) }))
    await t.write(dead, 'votes.dead', 'rows')
    await t.write([dead[3]!, dead[4]!, { ...dead[4]!, reason: 'invalid_voter' }], 'votes.dead', 'rows')
    expect(await count('votes_dead')).toBe(6)
    expect((await t.sql`SELECT _event_id FROM votes_dead`).every((r) => /^[0-9a-f]{32}$/.test(r._event_id as string))).toBe(true)
    expect(t.dead).toEqual([])
  })

  it('keys late votes by voter under `tables`: a replay with another voting time keeps one row per voter', async () => {
    t = await startTestSink({ tables: { 'per_minute.late': { key: ['voter_id'], onConflict: 'nothing' } } })
    await t.write(range(0, 4, (i) => late(i)), 'per_minute.late', 'rows')
    await t.write(range(2, 6, (i) => late(i, 5)), 'per_minute.late', 'rows')
    expect(await count('per_minute_late')).toBe(6)
    expect((await t.sql`SELECT voting_time FROM per_minute_late WHERE voter_id = ${voter(2).voter_id as string}`)[0]!.voting_time).toBe('2026-01-01 00:00:00')
  })

  it('dead-letters an event without a value for the key, and makes the key column even when the first events lack it', async () => {
    t = await startTestSink({ tables: { 'votes.dead': { key: ['voter_id', 'reason'], onConflict: 'nothing' } } })
    const invalid = { reason: 'invalid_voter', detail: '/voter_id: Expected string', record: { voter_name: 'x' } }
    await t.write([invalid, { reason: 'duplicate_vote', voter_id: 'v1' }], 'votes.dead', 'rows')
    expect(await t.sql`SELECT voter_id, reason FROM votes_dead`).toEqual([{ voter_id: 'v1', reason: 'duplicate_vote' }])
    expect(t.dead).toEqual([{ ...invalid, _reason: 'unmapped', _error: 'votes_dead: no value for the key column `voter_id` (the table\'s rows are identified by voter_id, reason)' }])
  })

  it('stores odd field names instead of stopping: an empty one, long ones sharing their first 63 characters, NUL', async () => {
    t = await startTestSink()
    const long = 'x'.repeat(63)
    const odd = { '': 'empty', [`${long}-a`]: 1, [`${long}-b`]: 2, 'a\u0000b': 'nul', _event_id: 'mine', ok: true }
    await t.write([odd], 'odd', 'rows')
    await t.write([odd, { ...odd, ok: false }], 'odd', 'rows')
    const columns = (await t.sql`SELECT column_name FROM information_schema.columns WHERE table_schema = ${t.schema} AND table_name = 'odd' ORDER BY ordinal_position`).map((r) => r.column_name as string)
    expect(columns).toHaveLength(7)
    expect(columns.slice(0, 2)).toEqual(['_event_id', '_empty'])
    expect(columns.filter((c) => c.startsWith(`${'x'.repeat(54)}_`))).toHaveLength(2)
    expect(await count('odd')).toBe(2)
    expect(t.dead).toEqual([])
  })

  it('dead-letters what the database refuses (a value of another type, a key too long for its index) and writes the rest', async () => {
    t = await startTestSink({ tables: { audit: { key: ['id'], onConflict: 'update' } } })
    const huge = randomBytes(20_000).toString('hex')
    await t.write([{ id: 'a', n: 1 }, { id: 'b', n: 'two' }, { id: huge, n: 3 }, { id: 'c', n: 4 }], 'audit', 'rows')
    expect(await t.sql`SELECT id, n FROM audit ORDER BY id`).toEqual([{ id: 'a', n: 1 }, { id: 'c', n: 4 }])
    expect(t.dead.map((e) => [e._reason, String(e._error).slice(0, 60)])).toEqual([
      ['rejected', 'audit: invalid input syntax for type double precision: "two"'],
      ['rejected', expect.stringMatching(/^audit: index row (size \d+ exceeds|requires)/)],
    ])
  })

  it('refuses a table made by an older version without the key, saying how to fix it', async () => {
    t = await startTestSink({ tables: { 'per_minute.late': { key: ['voter_id'], onConflict: 'nothing' } } })
    await t.sql.unsafe(`CREATE SCHEMA "${t.schema}"; CREATE TABLE "${t.schema}".per_minute_late (voter_id text, voting_time text)`)
    const name = `"${t.schema}"."per_minute_late"`
    await expect(t.write([late(1)], 'per_minute.late', 'rows')).rejects.toThrow(
      `table ${name} has no primary key or unique index on ("voter_id"), which the postgres sink needs to write each row once when a stream is replayed after a restart; it was probably made by an older version (which appended these rows, so a replay may have repeated some) or by another config. Fix: rename it (ALTER TABLE ${name} RENAME TO "per_minute_late_old") and the sink makes it again with its key, or delete its repeated rows and add the key: ALTER TABLE ${name} ADD PRIMARY KEY ("voter_id")`,
    )
    // Left as it was: no column added.
    expect((await t.sql`SELECT column_name FROM information_schema.columns WHERE table_schema = ${t.schema} AND table_name = 'per_minute_late'`).map((r) => r.column_name)).toEqual(['voter_id', 'voting_time'])
    // Once fixed as the message says, the same write goes through.
    await t.sql.unsafe(`ALTER TABLE ${name} ADD PRIMARY KEY (voter_id)`)
    await t.write([late(1), late(1)], 'per_minute.late', 'rows')
    expect(await count('per_minute_late')).toBe(1)
  })
})
