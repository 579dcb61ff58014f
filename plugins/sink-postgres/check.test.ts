import { afterEach, describe, expect, it } from 'vitest'
import { createTestContext } from '../../core/testing/test-context.ts'
import { candidate, range, totalsPerCandidate, turnoutByState, vote, voter } from './election-fixtures.ts'
import plugin from './index.ts'
import { startTestSink, testConfig, type TestSink } from './test-sink.ts'

let t: TestSink
afterEach(async () => t?.close())

/** A finished run: 3 candidates, 60 voters, 60 votes, totals per candidate and turnout by state. */
async function goodRun(): Promise<TestSink> {
  const s = await startTestSink()
  const votes = range(0, 60, (i) => vote(i))
  await s.write(range(0, 3, candidate), 'candidates')
  await s.write(range(0, 60, voter), 'voters')
  await s.write(votes, 'votes')
  await s.write(totalsPerCandidate(votes), 'by_candidate')
  await s.write(turnoutByState(votes), 'by_state')
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

  it('does not reconcile tables of closed windows (only running totals add up to all votes)', async () => {
    t = await goodRun()
    await exec(`DELETE FROM by_state; INSERT INTO by_state (window_start, window_end, window_key, window_final, state, count) VALUES (to_timestamp(0), to_timestamp(60), 'Kent', true, 'Kent', 1)`)
    expect((await check())['by_state: sum(count) = count(votes)']).toMatchObject({ ok: true, detail: 'windowed rows only (no running totals): not reconciled' })
  })

  it('fails on an empty schema, saying the pipeline may not have run', async () => {
    const config = testConfig()
    expect(await plugin.check!(createTestContext({ nodeId: 'db' }), config)).toEqual([{ name: 'tables', ok: false, detail: `schema "${config.schema}" has no tables (has the pipeline run against this database?)` }])
  })
})
