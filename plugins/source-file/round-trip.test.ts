import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runPipeline } from '../../core/pipeline.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import fileSink from '../sink-file/index.ts'
import fileSource from './index.ts'

const registry = [fileSource, fileSink]
const events = [
  { seq: 0, name: 'Zoë', tags: ['a', 'b'], nested: { deep: { n: 1.5 } }, none: null },
  { seq: 1, text: 'two\nlines\r\nand a tab\t', emoji: '🗳️', bool: false },
  { seq: 2, empty: {}, list: [], big: 9007199254740991, negative: -0.25 },
  ...Array.from({ length: 2500 }, (_, i) => ({ seq: i + 3, voter_id: `v${i}` })),
]

describe('file sink and source round trip', () => {
  it('reads back exactly the events written, in order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tally-round-trip-')), 'events.jsonl')
    const collection = `round-trip-${Math.random().toString(36).slice(2)}`
    const write = await runPipeline({ name: 'write', nodes: { src: { use: 'memory-source', with: { events, batchSize: 333 } }, out: { use: 'file-sink', from: 'src', with: { path } } } }, { registry })
    expect(write.error).toBeUndefined()
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(events.length + 1)
    const read = await runPipeline({ name: 'read', nodes: { in: { use: 'file-source', with: { path, batchSize: 100 } }, out: { use: 'memory-sink', from: 'in', with: { collection } } } }, { registry })
    expect(read.error).toBeUndefined()
    expect(memoryCollection(collection).events).toEqual(events)
    expect(read.checkpoint?.positions.in).toEqual({ offset: readFileSync(path).length, line: events.length })
  })
})
