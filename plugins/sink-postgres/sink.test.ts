import { afterEach, describe, expect, it } from 'vitest'
import { candidate, range, totalsPerCandidate, turnoutByState, vote, voter } from './election-fixtures.ts'
import { startTestSink, type TestSink } from './test-sink.ts'

let t: TestSink
afterEach(async () => t?.close())

const count = async (table: string) => Number((await t.sql.unsafe(`SELECT count(*) AS n FROM ${table}`))[0]!.n)

describe('postgres sink writing the flagship tables', () => {
  it('creates candidates, voters (16 flat columns) and votes with keys and foreign keys in its schema', async () => {
    t = await startTestSink()
    await t.write([voter(1)], 'voters')
    await t.write([vote(1)], 'votes')
    const columns = await t.sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ${t.schema} AND table_name IN ('voters', 'votes') ORDER BY table_name, ordinal_position`
    const of = (table: string) => columns.filter((c) => c.table_name === table).map((c) => c.column_name)
    expect(of('voters')).toEqual(['voter_id', 'voter_name', 'date_of_birth', 'gender', 'nationality', 'registration_number', 'address_street', 'address_city', 'address_state', 'address_country', 'address_postcode', 'email', 'phone_number', 'cell_number', 'picture', 'registered_age'])
    expect(of('votes')).toEqual(['voter_id', 'candidate_id', 'voting_time', 'vote'])
    const constraints = await t.sql`SELECT conrelid::regclass::text AS t, contype FROM pg_constraint WHERE connamespace = ${t.schema}::regnamespace ORDER BY 1, 2`
    expect(constraints.filter((c) => c.t.endsWith('votes')).map((c) => c.contype).sort()).toEqual(['f', 'f', 'p'])
  })

  it('flattens the nested address and stores types as the classic demo did', async () => {
    t = await startTestSink()
    await t.write([voter(7)], 'voters')
    const [row] = await t.sql`SELECT * FROM voters`
    expect(row).toMatchObject({ voter_id: voter(7).voter_id, address_city: 'Leeds', address_state: 'Cornwall', registered_age: 7 })
  })

  it('stores awkward text exactly: quotes, backslashes, braces, commas, the word NULL, empty strings, non-ASCII', async () => {
    t = await startTestSink()
    const names = ['O\'Brien "Bob"', 'back\\slash', '{a,b}', 'NULL', '', 'Zoë Ørsted 😀']
    await t.write(names.map((voter_name, i) => ({ ...voter(i), voter_name })), 'voters')
    expect((await t.sql`SELECT voter_name FROM voters ORDER BY voter_id`).map((r) => r.voter_name)).toEqual(names)
  })

  it('changes nothing when the same batches are written again (replay)', async () => {
    t = await startTestSink()
    const voters = range(0, 50, voter)
    const votes = range(0, 50, (i) => vote(i))
    for (let pass = 0; pass < 2; pass++) {
      await t.write(range(0, 3, candidate), 'candidates')
      await t.write(voters, 'voters')
      await t.write(votes, 'votes')
    }
    expect([await count('candidates'), await count('voters'), await count('votes')]).toEqual([3, 50, 50])
    expect(t.dead).toEqual([])
    expect(t.ctx.counters.replayedVotes).toBe(50)
  })

  it('writes a vote that arrives before its voter and candidate rows, from the fields the vote carries', async () => {
    t = await startTestSink()
    await t.write([vote(3)], 'votes')
    expect(await t.sql`SELECT voter_name, address_city FROM voters`).toEqual([{ voter_name: 'Voter 3', address_city: 'Leeds' }])
    expect(await t.sql`SELECT candidate_name FROM candidates`).toEqual([{ candidate_name: 'Candidate 0' }])
    await t.write([voter(3)], 'voters')
    expect(await count('voters')).toBe(1)
  })

  it('rejects a second vote by the same voter: counted and dead-lettered, the first vote kept', async () => {
    t = await startTestSink()
    await t.write([vote(1, 3, 0)], 'votes')
    await t.write([vote(1, 3, 2), vote(2)], 'votes')
    expect(await t.sql`SELECT voter_id, candidate_id FROM votes ORDER BY voter_id`).toEqual([
      { voter_id: voter(1).voter_id, candidate_id: 'cand-0' },
      { voter_id: voter(2).voter_id, candidate_id: 'cand-2' },
    ])
    expect(t.ctx.counters.duplicateVotes).toBe(1)
    expect(t.dead).toHaveLength(1)
    expect(t.dead[0]).toMatchObject({ voter_id: voter(1).voter_id, candidate_id: 'cand-2', _reason: 'duplicate_vote' })
    expect(t.dead[0]!._error).toMatch(/already voted \(for candidate cand-0 at 2026-01-01 00:00:01\)/)
  })

  it('keeps the first of two different votes by one voter within a batch', async () => {
    t = await startTestSink()
    await t.write([vote(5, 3, 1), vote(5, 3, 2), vote(5, 3, 1)], 'votes')
    expect(await t.sql`SELECT candidate_id FROM votes`).toEqual([{ candidate_id: 'cand-1' }])
    expect(t.dead.map((d) => d.candidate_id)).toEqual(['cand-2'])
  })

  it('dead-letters rows the database refuses, with the reason, and writes the rest', async () => {
    t = await startTestSink()
    const bad = { ...vote(2), voting_time: 'not a time' }
    await t.write([vote(1), bad, vote(3)], 'votes')
    expect(await count('votes')).toBe(2)
    expect(t.dead).toHaveLength(1)
    expect(t.dead[0]).toMatchObject({ voter_id: voter(2).voter_id, _reason: 'rejected' })
    expect(t.dead[0]!._error).toMatch(/votes: invalid input syntax for type timestamp: "not a time"/)
    expect(t.ctx.counters.rejectedRows).toBe(1)
  })

  it('dead-letters a bare vote whose voter is unknown (nothing to build the voter row from)', async () => {
    t = await startTestSink()
    await t.write([candidate(0)], 'candidates')
    await t.write([{ voter_id: 'nobody', candidate_id: 'cand-0', voting_time: '2026-01-01 00:00:00' }], 'votes', 'votes')
    expect(t.dead[0]!._error).toMatch(/violates foreign key constraint/)
  })

  it('declares no foreign keys with `foreignKeys: false`: votes and voters written in any order, an orphan stored for `pipeline check` to report', async () => {
    t = await startTestSink({ foreignKeys: false })
    await t.write([candidate(0)], 'candidates')
    await t.write([{ voter_id: 'nobody', candidate_id: 'cand-0', voting_time: '2026-01-01 00:00:00' }], 'votes', 'votes')
    await t.write(range(0, 3, voter), 'voters')
    await t.write(range(0, 3, (i) => vote(i, 1)), 'votes')
    const constraints = await t.sql`SELECT contype FROM pg_constraint WHERE conrelid = ${`${t.schema}.votes`}::regclass ORDER BY 1`
    expect(constraints.map((c) => c.contype)).toEqual(['p'])
    expect(await count('votes')).toBe(4)
    expect(t.dead).toEqual([])
    expect(t.ctx.logs).toEqual([])
  })

  it('keeps the constraints of a votes table made with the other setting, and says how to change them', async () => {
    t = await startTestSink()
    await t.write([voter(1)], 'voters')
    await t.write([vote(1)], 'votes')
    const second = await startTestSink({ foreignKeys: false, schema: t.schema }, 'db2')
    try {
      await second.write([voter(2)], 'voters')
      await second.write([vote(2)], 'votes')
      expect(second.ctx.logs.map((l) => l.message)).toEqual([expect.stringMatching(/keeps the foreign keys an earlier run declared.*DROP CONSTRAINT/)])
    } finally {
      await second.close()
    }
  })

  it('writes batches larger than a chunk in one transaction', async () => {
    t = await startTestSink({ chunkRows: 100 })
    await t.write(range(0, 1050, voter), 'voters')
    expect(await count('voters')).toBe(1050)
  })
})

describe('postgres sink writing window emissions', () => {
  it('lets batches of candidates, voters and votes be written side by side once it has seen them, never aggregates', async () => {
    t = await startTestSink()
    const inOrder = (from: string) => t.sink.inOrder!({ role: 'in', from })
    expect(inOrder('voters')).toBe(true) // nothing seen yet
    await t.write([candidate(0)], 'candidates')
    await t.write([voter(1)], 'voters')
    await t.write([vote(1, 1)], 'votes')
    await t.write(totalsPerCandidate([vote(1, 1)]), 'by_candidate')
    expect(['candidates', 'voters', 'votes', 'by_candidate'].map(inOrder)).toEqual([false, false, false, true])
  })

  it('keeps the latest value per window and group key, cumulative windows as ±infinity', async () => {
    t = await startTestSink()
    const votes = range(0, 30, (i) => vote(i))
    await t.write(totalsPerCandidate(votes.slice(0, 10)), 'by_candidate')
    await t.write(totalsPerCandidate(votes), 'by_candidate')
    const rows = await t.sql`SELECT window_start::text, window_end::text, window_key, candidate_name, total_votes FROM by_candidate ORDER BY window_key`
    expect(rows).toEqual(range(0, 3, (i) => ({ window_start: '-infinity', window_end: 'infinity', window_key: `cand-${i}`, candidate_name: `Candidate ${i}`, total_votes: 10 })))
  })

  it('keeps the last of several emissions for one key within a batch, and one row per window', async () => {
    t = await startTestSink()
    const at = (start: number, count: number) => ({ state: 'Kent', count, _window: { start, end: start + 60_000, final: false }, _key: 'Kent' })
    await t.write([at(0, 1), at(0, 2), at(60_000, 1), at(0, 3)], 'by_state.out', 'aggregates')
    expect(await t.sql`SELECT window_start, count FROM by_state_out ORDER BY window_start`).toEqual([
      { window_start: new Date(0), count: 3 },
      { window_start: new Date(60_000), count: 1 },
    ])
  })

  it('adds a column when emissions gain a field', async () => {
    t = await startTestSink()
    await t.write(turnoutByState([vote(1)]), 'by_state')
    await t.write([{ ...turnoutByState([vote(1)])[0]!, share: 0.5 }], 'by_state')
    expect(await t.sql`SELECT state, count, share FROM by_state`).toEqual([{ state: 'Kent', count: 1, share: 0.5 }])
  })

  it('names a missing column when the table exists without it and may not be changed', async () => {
    t = await startTestSink({ createTables: false })
    await t.sql.unsafe(`CREATE SCHEMA "${t.schema}"`)
    await t.sql.unsafe(`CREATE TABLE "${t.schema}".by_state (window_start timestamptz, window_end timestamptz, window_key text, window_final boolean, updated_at timestamptz, state text, PRIMARY KEY (window_start, window_end, window_key))`)
    await expect(t.write(turnoutByState([vote(1)]), 'by_state')).rejects.toThrow(`table "${t.schema}"."by_state" has no column "count" (double precision), which the postgres sink writes; add it, or set \`createTables: true\``)
  })
})

describe('postgres sink schema checks and generic tables', () => {
  it('refuses an existing voters table that lacks a column, naming table and column', async () => {
    t = await startTestSink()
    await t.sql.unsafe(`CREATE SCHEMA "${t.schema}"; CREATE TABLE "${t.schema}".voters (voter_id text PRIMARY KEY, voter_name text)`)
    await expect(t.write([voter(1)], 'voters')).rejects.toThrow(`table "${t.schema}"."voters" has no column "date_of_birth" (text)`)
  })

  it('says how to fix a missing table when it may not create it', async () => {
    t = await startTestSink({ createTables: false })
    await expect(t.write([voter(1)], 'voters')).rejects.toThrow(`table "${t.schema}"."voters" does not exist; create it or set \`createTables: true\``)
  })

  it('maps a stream to a table with dot-path columns and a conflict key', async () => {
    t = await startTestSink({ tables: { audit: { table: 'audit_log', columns: { id: 'id', city: 'where.city', n: 'n' }, key: ['id'], onConflict: 'update' } } })
    await t.write([{ id: 'a', where: { city: 'Leeds' }, n: 1 }, { id: 'b', where: { city: 'York' }, n: 2 }], 'audit')
    await t.write([{ id: 'a', where: { city: 'Hull' }, n: 3 }], 'audit')
    expect(await t.sql`SELECT id, city, n FROM audit_log ORDER BY id`).toEqual([{ id: 'a', city: 'Hull', n: 3 }, { id: 'b', city: 'York', n: 2 }])
  })

  it('says how to fix a table whose primary key is not the configured key', async () => {
    t = await startTestSink({ tables: { parts: { table: 'parts', key: ['part', 'segment'], onConflict: 'update' } } })
    await t.sql.unsafe(`CREATE SCHEMA "${t.schema}"; CREATE TABLE "${t.schema}".parts (part text PRIMARY KEY, segment text, n integer)`)
    await expect(t.write([{ part: 'a', segment: '0', n: 1 }], 'parts')).rejects.toThrow(/has no primary key or unique index on \("part", "segment"\), .* Fix: rename it/)
  })

  it('keeps the greatest count of a part whatever order its writers\' rows arrive in (keepMax)', async () => {
    t = await startTestSink({ tables: { parts: { table: 'parts', key: ['part'], onConflict: 'update', keepMax: 'n' } } })
    await t.write([{ part: 'a', n: 5 }, { part: 'b', n: 2 }], 'parts')
    await t.write([{ part: 'a', n: 3 }, { part: 'b', n: 4 }, { part: 'a', n: 4 }], 'parts')
    expect(await t.sql`SELECT part, n FROM parts ORDER BY part`).toEqual([{ part: 'a', n: 5 }, { part: 'b', n: 4 }])
  })

  it('keeps dead letters wired to `rows`, with their reason, nested fields as jsonb', async () => {
    t = await startTestSink()
    await t.write([{ ...vote(1), _reason: 'duplicate_vote', _error: 'voter already voted' }], 'votes.dead', 'rows')
    expect(await t.sql`SELECT voter_id, address->>'city' AS city, _reason, _error FROM votes_dead`).toEqual([{ voter_id: voter(1).voter_id, city: 'Leeds', _reason: 'duplicate_vote', _error: 'voter already voted' }])
  })

  it('tells what to do with a stream it cannot place', async () => {
    t = await startTestSink()
    await expect(t.write([{ x: 1 }], 'mystery')).rejects.toThrow(/cannot tell which table the events from `mystery` belong in \(fields: x\); wire it to a role/)
  })
})

describe('postgres sink checkpoints', () => {
  it('has none at first, then returns the last one saved for its pipeline and node', async () => {
    t = await startTestSink()
    expect(await t.sink.checkpoints!.load()).toBeUndefined()
    await t.sink.checkpoints!.save({ id: 1, positions: { voters: 100 }, states: { by_candidate: { keys: ['a'] } } })
    await t.sink.checkpoints!.save({ id: 2, positions: { voters: 200, kafka: { '0': '15' } }, states: { by_candidate: { keys: ['a', 'b'] } } })
    expect(await t.sink.checkpoints!.load()).toEqual({ id: 2, positions: { voters: 200, kafka: { '0': '15' } }, states: { by_candidate: { keys: ['a', 'b'] } } })
    expect(await t.sql`SELECT pipeline, node FROM tally_checkpoints`).toEqual([{ pipeline: 'test', node: 'db' }])
  })

  it('keeps long strings of states once, beside the row, and gives them back whole', async () => {
    t = await startTestSink()
    const chunk = (ch: string) => ch.repeat(70_000)
    await t.sink.checkpoints!.save({ id: 1, positions: {}, states: { voting: { seen: [chunk('a')], cast: 1 } } })
    await t.sink.checkpoints!.save({ id: 2, positions: {}, states: { voting: { seen: [chunk('a'), chunk('b')], cast: 2 } } })
    const [row] = await t.sql`SELECT length(states::text) AS n FROM tally_checkpoints`
    expect(row!.n).toBeLessThan(300)
    expect((await t.sql`SELECT count(*)::int AS n FROM tally_checkpoint_blobs`)[0]!.n).toBe(2)
    // A restarted sink reads the row and its blobs; a blob no longer referenced is deleted at the next save.
    const again = await startTestSink({ schema: t.schema })
    try {
      expect(await again.sink.checkpoints!.load()).toEqual({ id: 2, positions: {}, states: { voting: { seen: [chunk('a'), chunk('b')], cast: 2 } } })
      await again.sink.checkpoints!.save({ id: 3, positions: {}, states: { voting: { seen: [chunk('b')], cast: 3 } } })
      expect((await t.sql`SELECT body FROM tally_checkpoint_blobs`).map((r) => r.body)).toEqual([chunk('b')])
    } finally {
      await again.sink.stop?.()
      await again.sql.end()
    }
  })
})
