import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import type { Position, SourceBatch, SourceInstance } from '../../core/plugin.ts'
import { testSourceConformance } from '../../core/testing/conformance.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import fileSource from './index.ts'

const fixture = new URL('./fixtures/votes.jsonl', import.meta.url).pathname
testSourceConformance(fileSource, { path: fixture, batchSize: 2 })

const dir = mkdtempSync(join(tmpdir(), 'tally-file-source-'))
let files = 0
const file = (text: string) => {
  const path = join(dir, `in-${++files}.jsonl`)
  writeFileSync(path, text)
  return path
}
const source = (config: Record<string, unknown>, ctx = createTestContext({ nodeId: 'in' })) =>
  fileSource.create(ctx, Value.Default(fileSource.config, structuredClone(config)) as never) as SourceInstance
async function readAll(instance: SourceInstance, from?: Position): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = []
  for await (const batch of instance.read(from, new AbortController().signal)) batches.push(batch)
  return batches
}

describe('file source', () => {
  it('yields batches of batchSize lines, each with the byte offset and line count reached', async () => {
    const path = file('{"n":1}\n{"n":2}\n{"n":3}\n')
    const batches = await readAll(source({ path, batchSize: 2 }))
    expect(batches).toEqual([
      { events: [{ n: 1 }, { n: 2 }], position: { offset: 16, line: 2 } },
      { events: [{ n: 3 }], position: { offset: 24, line: 3 } },
    ])
  })

  it('resumes from a committed position with the lines after it, numbering lines on', async () => {
    const path = file('{"n":1}\n{"n":2}\n{"n":3}\nnope\n')
    const [batch] = await readAll(source({ path }), { offset: 16, line: 2 })
    expect(batch!.events).toEqual([{ n: 3 }])
    expect(batch!.ports?.dead).toMatchObject([{ line: 4, offset: 24 }])
  })

  it('reads CRLF line ends and a last line without newline', async () => {
    const path = file('{"n":1}\r\n{"n":2}\r\n{"n":3}')
    expect(await readAll(source({ path }))).toEqual([{ events: [{ n: 1 }, { n: 2 }, { n: 3 }], position: { offset: 25, line: 3 } }])
  })

  it('sends a malformed line to `dead` with its line number and reason, and goes on', async () => {
    const ctx = createTestContext({ nodeId: 'in' })
    const path = file('{"n":1}\n{"n":\n\n[2]\n{"n":3}\n')
    const batches = await readAll(source({ path }, ctx))
    expect(batches.flatMap((b) => b.events)).toEqual([{ n: 1 }, { n: 3 }])
    expect(batches.flatMap((b) => b.ports?.dead ?? [])).toMatchObject([
      { reason: 'invalid_json', path, line: 2, offset: 8, text: '{"n":' },
      { reason: 'not_an_object', path, line: 4, offset: 15, text: '[2]' },
    ])
    expect(ctx.counters).toEqual({ deadLines: 2, blankLines: 1 })
  })

  it('streams a file larger than memory would like, a chunk at a time', async () => {
    const line = `${JSON.stringify({ pad: 'x'.repeat(200) })}\n`
    const path = file(line.repeat(20_000)) // ~4 MB
    let events = 0
    let batches = 0
    for await (const batch of source({ path, batchSize: 1000 }).read(undefined, new AbortController().signal)) {
      events += batch.events.length
      batches++
      expect(batch.events.length).toBeLessThanOrEqual(1000)
    }
    expect([events, batches]).toEqual([20_000, 20])
  })

  it('fails with the path and a hint when the file is missing or shorter than the committed offset', async () => {
    await expect(readAll(source({ path: join(dir, 'missing.jsonl') }))).rejects.toThrow(/cannot open .*missing\.jsonl for reading: no such file/)
    await expect(readAll(source({ path: file('{}\n') }), { offset: 99, line: 5 })).rejects.toThrow(/has 3 bytes but reading stands at byte 99: it was truncated or replaced/)
    await expect(readAll(source({ path: fixture }), 17)).rejects.toThrow(/cannot resume from position 17/)
  })

  it('follows a growing file, reading a last line once its newline is written', async () => {
    const clock = createManualClock(0)
    const path = file('{"n":1}\n')
    const controller = new AbortController()
    const batches = source({ path, follow: true, pollIntervalMs: 100 }, createTestContext({ clock })).read(undefined, controller.signal)[Symbol.asyncIterator]()
    expect((await batches.next()).value).toEqual({ events: [{ n: 1 }], position: { offset: 8, line: 1 } })
    appendFileSync(path, '{"n":2}\n{"n"')
    const next = batches.next()
    await clock.advance(100)
    expect((await next).value).toEqual({ events: [{ n: 2 }], position: { offset: 16, line: 2 } })
    appendFileSync(path, ':3}\n')
    const last = batches.next()
    await clock.advance(100)
    expect((await last).value).toEqual({ events: [{ n: 3 }], position: { offset: 24, line: 3 } })
    const ended = batches.next()
    controller.abort()
    await clock.advance(100)
    expect((await ended).done).toBe(true)
  })
})
