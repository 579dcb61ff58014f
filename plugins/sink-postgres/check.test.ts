import { afterEach, describe, expect, it } from 'vitest'
import { createTestContext } from '../../core/testing/test-context.ts'
import { candidate, duplicateVoter, range, totalsPerCandidate, turnoutByState, vote, voter, votesPerMinute } from './election-fixtures.ts'
import plugin from './index.ts'
import { startTestSink, testConfig, type TestSink } from './test-sink.ts'

let t: TestSink
afterEach(async () => t?.close())

/** Voters whose votes came too late for their minute. */
const LATE = [7, 21, 40]

/**
 * A finished run, wired as configs/election.yaml: 3 candidates, 60 voters, 60 votes, totals per
 * candidate and turnout by state, votes per minute without the 3 late ones (in per_minute_late),
 * and 2 voters who tried to vote again (in votes_dead).
 */
async function goodRun(): Promise<TestSink> {
  const s = await startTestSink({ tables: { 'per_minute.late': { key: ['voter_id'], onConflict: 'nothing' } } })
  const votes = range(0, 60, (i) => vote(i))
  await s.write(range(0, 3, candidate), 'candidates')
  await s.write(range(0, 60, voter), 'voters')
  await s.write(votes, 'votes')
  await s.write(totalsPerCandidate(votes), 'by_candidate')
  await s.write(turnoutByState(votes), 'by_state')
  await s.write(votesPerMinute(votes, new Set(LATE.map((i) => voter(i).voter_id))), 'per_minute')
  await s.write(LATE.map((i) => vote(i)), 'per_minute.late', 'rows')
  await s.write([duplicateVoter(3), duplicateVoter(9)], 'votes.dead', 'rows')
  return s
}

const check = async () => {
  const results = await plugin.check!(createTestContext({ nodeId: 'db' }), t.config)
  return Object.fromEntries(results.map((r) => [r.name, r]))
}
const failures = async () => (await plugin.check!(createTestContext({ nodeId: 'db' }), t.config)).filter((r) => !r.ok)
const exec = (statements: string) => t.sql.unsafe(statements)

describe('postgres check', () => {
  it('passes on a consistent run, with row counts per table', async () => {
    t = await goodRun()
    const results = await check()
    expect(Object.values(results).every((r) => r.ok)).toBe(true)
    expect(results['rows in votes']!.detail).toBe('60')
    expect(results['rows in voters']!.detail).toBe('60')
    expect(results['rows in candidates']!.detail).toBe('3')
    expect(results['by_candidate: sum(total_votes) = count(votes)']!.detail).toBe('60 = 60')
    expect(results['by_state: sum(count) = count(votes)']!.detail).toBe('60 = 60')
    expect(results['per_minute: sum(votes) + rows in per_minute_late = count(votes)']!.detail).toBe('57 + 3 = 60')
    expect(results['per_minute_late: keyed']!.detail).toBe('primary key (voter_id)')
    expect(results['per_minute_late: one row per voter']!.detail).toBe('0 repeated')
    expect(results['votes_dead: keyed']!.detail).toBe('primary key (_event_id)')
    expect(results['votes_dead: one row per voter and reason']!.detail).toBe('0 repeated')
  })

  it('fails on a vote whose voter does not exist', async () => {
    t = await goodRun()
    await exec(`ALTER TABLE votes DROP CONSTRAINT votes_voter_id_fkey; DELETE FROM voters WHERE voter_id = '${voter(4).voter_id}'`)
    expect(await failures()).toEqual([{ name: 'votes without a voter', ok: false, detail: `1 vote(s) name a voter_id missing from voters: ${voter(4).voter_id}` }])
  })

  it('fails on a vote whose candidate does not exist', async () => {
    t = await goodRun()
    await exec(`ALTER TABLE votes DROP CONSTRAINT votes_candidate_id_fkey; UPDATE votes SET candidate_id = 'cand-9' WHERE voter_id = '${voter(5).voter_id}'`)
    expect(await failures()).toEqual([{ name: 'votes without a candidate', ok: false, detail: '1 vote(s) name a candidate_id missing from candidates: cand-9' }])
  })

  it('fails on a voter with two votes', async () => {
    t = await goodRun()
    await exec(`ALTER TABLE votes DROP CONSTRAINT votes_pkey; INSERT INTO votes SELECT * FROM votes WHERE voter_id = '${voter(6).voter_id}'`)
    const names = (await failures()).map((f) => [f.name, f.detail])
    expect(names).toEqual([
      ['voters with more than one vote', `1 voter(s) have several votes: ${voter(6).voter_id} (2)`],
      ['by_candidate: sum(total_votes) = count(votes)', 'sum(total_votes) is 60 but votes has 61 rows (1 missing); the aggregate lags behind the votes or lost or double counted some'],
      ['by_state: sum(count) = count(votes)', 'sum(count) is 60 but votes has 61 rows (1 missing); the aggregate lags behind the votes or lost or double counted some'],
      ['per_minute: sum(votes) + rows in per_minute_late = count(votes)', 'sum(votes) over 3 windows is 57 and per_minute_late has 3 rows: 60 but votes has 61 rows (1 missing); the aggregate lags behind the votes or lost or double counted some'],
    ])
  })

  it('fails when per-candidate totals do not add up to the votes', async () => {
    t = await goodRun()
    await exec(`UPDATE by_candidate SET total_votes = total_votes + 2 WHERE window_key = 'cand-1'`)
    expect(await failures()).toEqual([
      { name: 'by_candidate: sum(total_votes) = count(votes)', ok: false, detail: 'sum(total_votes) is 62 but votes has 60 rows (2 too many); the aggregate lags behind the votes or lost or double counted some' },
    ])
  })

  it('fails when turnout by state does not add up to the votes', async () => {
    t = await goodRun()
    await exec(`DELETE FROM by_state WHERE window_key = 'Kent'`)
    expect((await failures()).map((f) => f.name)).toEqual(['by_state: sum(count) = count(votes)'])
  })

  it('fails on a late vote stored twice (a replay appended it again)', async () => {
    t = await goodRun()
    await exec(`ALTER TABLE per_minute_late DROP CONSTRAINT per_minute_late_pkey; INSERT INTO per_minute_late SELECT * FROM per_minute_late WHERE voter_id = '${voter(21).voter_id}'`)
    expect((await failures()).map((f) => [f.name, f.detail])).toEqual([
      ['per_minute: sum(votes) + rows in per_minute_late = count(votes)', 'sum(votes) over 3 windows is 57 and per_minute_late has 4 rows: 61 but votes has 60 rows (1 too many); the aggregate lags behind the votes or lost or double counted some'],
      ['per_minute_late: keyed', expect.stringMatching(/^no primary key: its rows were appended \(made by an older version\?\), so a stream replayed after a restart repeated them; rename it/)],
      ['per_minute_late: one row per voter', `1 voter(s) with several rows: ${voter(21).voter_id} (2) (written again by a replay?)`],
    ])
  })

  it('fails when the votes per minute plus the late votes do not add up to the votes', async () => {
    t = await goodRun()
    await exec(`UPDATE per_minute SET votes = votes - 1 WHERE window_key = 'cand-1'`)
    expect(await failures()).toEqual([
      {
        name: 'per_minute: sum(votes) + rows in per_minute_late = count(votes)',
        ok: false,
        detail: 'sum(votes) over 3 windows is 56 and per_minute_late has 3 rows: 59 but votes has 60 rows (1 missing); the aggregate lags behind the votes or lost or double counted some',
      },
    ])
  })

  it('fails on a dead letter stored twice', async () => {
    t = await goodRun()
    await exec(`ALTER TABLE votes_dead DROP CONSTRAINT votes_dead_pkey; INSERT INTO votes_dead SELECT * FROM votes_dead WHERE voter_id = '${voter(9).voter_id}'`)
    expect((await failures()).map((f) => [f.name, f.detail])).toEqual([
      ['votes_dead: keyed', expect.stringMatching(/^no primary key/)],
      ['votes_dead: one row per voter and reason', `1 (voter, reason) pair(s) with several rows: ${voter(9).voter_id} duplicate_vote (2) (written again by a replay?)`],
    ])
  })

  it('says late votes cannot be accounted for when they are not stored', async () => {
    t = await goodRun()
    await exec('DROP TABLE per_minute_late')
    expect((await failures()).map((f) => f.detail)).toEqual([
      'sum(votes) over 3 windows is 57 but votes has 60 rows (3 missing); the aggregate lags behind the votes or lost or double counted some; per_minute_late does not exist: late votes of `per_minute` are not stored (wire `per_minute.late` to the sink\'s `rows`), so votes that missed their window cannot be accounted for',
    ])
  })

  it('says why it does not reconcile overlapping windows (hopping: a vote counts in several)', async () => {
    t = await goodRun()
    await exec(`DELETE FROM by_state; INSERT INTO by_state (window_start, window_end, window_key, window_final, state, count) VALUES (to_timestamp(0), to_timestamp(120), 'Kent', true, 'Kent', 1), (to_timestamp(60), to_timestamp(180), 'Kent', true, 'Kent', 1)`)
    expect((await check())['by_state: sum(count) + rows in by_state_late = count(votes)']).toEqual({
      name: 'by_state: sum(count) + rows in by_state_late = count(votes)',
      ok: true,
      detail: 'not checked: 1 window(s) overlap another of their group (hopping or session windows count a vote more than once)',
    })
  })

  it('fails on an empty schema, saying the pipeline may not have run', async () => {
    const config = testConfig()
    expect(await plugin.check!(createTestContext({ nodeId: 'db' }), config)).toEqual([{ name: 'tables', ok: false, detail: `schema "${config.schema}" has no tables (has the pipeline run against this database?)` }])
  })
})
