import { afterEach, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../core/testing/test-context.ts'
import { candidate, range, totalsPerCandidate, vote, voter } from './election-fixtures.ts'
import plugin from './index.ts'
import { startTestSink, type TestSink } from './test-sink.ts'

let t: TestSink
afterEach(async () => t?.close())

function recording(): TestContext & { said: string[] } {
  const ctx = createTestContext({ nodeId: 'db' })
  const said: string[] = []
  return Object.assign(ctx, { said, log: { info: (m: string) => said.push(m), warn: (m: string) => said.push(m), error: (m: string) => said.push(m) } })
}

const tablesIn = async () => (await t.sql<{ t: string }[]>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ${t.schema} ORDER BY 1`).map((r) => r.t)

describe('postgres reset', () => {
  it('drops the tables this pipeline\'s node wrote and deletes its checkpoint, saying which first, and leaves anything else alone', async () => {
    t = await startTestSink()
    const votes = range(0, 20, (i) => vote(i))
    await t.write(range(0, 3, candidate), 'candidates')
    await t.write(range(0, 20, voter), 'voters')
    await t.write(votes, 'votes')
    await t.write(totalsPerCandidate(votes), 'by_candidate')
    await t.sink.checkpoints!.save({ id: 3, positions: { voters: 20 }, states: { votes: { seen: 20 } } })
    // Someone else's table in the same schema, and another pipeline's checkpoint.
    await t.sql.unsafe('CREATE TABLE their_table (id int); INSERT INTO their_table VALUES (1)')
    await t.sql.unsafe(`INSERT INTO tally_checkpoints (pipeline, node, id, positions, states) VALUES ('other', 'db', 1, '{}', '{}')`)

    const ctx = recording()
    const deleted = await plugin.reset!(ctx, t.config)
    expect(deleted).toEqual([...['by_candidate', 'candidates', 'voters', 'votes'].map((n) => `"${t.schema}"."${n}"`), `checkpoint of ${ctx.pipelineName}/db`])
    expect(ctx.said.join('\n')).toMatch(/deleting from .*: tables .*"by_candidate".*"votes" and the checkpoint of this pipeline/)
    expect(await tablesIn()).toEqual(['tally_checkpoints', 'tally_tables', 'their_table'])
    expect((await t.sql`SELECT pipeline FROM tally_checkpoints`).map((r) => r.pipeline)).toEqual(['other'])
    expect(await t.sink.checkpoints!.load()).toBeUndefined()

    // Nothing left: says so, deletes nothing.
    const again = recording()
    expect(await plugin.reset!(again, t.config)).toEqual([])
    expect(again.said.join('\n')).toMatch(/nothing stored by pipeline/)
  })
})
