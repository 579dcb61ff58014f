import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import type { Emit, Event, SinkInstance } from '../../core/plugin.ts'
import { testSinkConformance } from '../../core/testing/conformance.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import fileSink, { resumeCut } from './index.ts'

const dir = mkdtempSync(join(tmpdir(), 'tally-file-sink-'))
testSinkConformance(fileSink, { path: join(dir, 'conformance.jsonl') })

let files = 0
const file = (text?: string) => {
  const path = join(dir, `out-${++files}.jsonl`)
  if (text !== undefined) writeFileSync(path, text)
  return path
}
const input = { role: 'in', from: 'up' }
const sink = (config: Record<string, unknown>, ctx = createTestContext({ nodeId: 'out' })) =>
  fileSink.create(ctx, Value.Default(fileSink.config, structuredClone(config)) as never) as SinkInstance
const dead: Event[] = []
const emit: Emit = (events, port) => void (port === 'dead' && dead.push(...events))

describe('file sink', () => {
  it('appends JSON lines to what the file holds, durable when write() resolves', async () => {
    const path = file('{"old":true}\n')
    const out = sink({ path })
    await out.start!()
    await out.write([{ n: 1 }, { n: 2 }], input, emit)
    expect(readFileSync(path, 'utf8')).toBe('{"old":true}\n{"n":1}\n{"n":2}\n')
    expect(await out.snapshot!()).toEqual({ path, bytes: 29 })
    await out.stop!()
  })

  it('creates a missing file, and says so when its folder is missing', async () => {
    const path = file()
    const out = sink({ path })
    await out.start!()
    await out.write([{ n: 1 }], input, emit)
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n')
    await out.stop!()
    await expect(sink({ path: join(dir, 'nope', 'x.jsonl') }).start!()).rejects.toThrow(/cannot open .*x\.jsonl for appending: its folder does not exist/)
  })

  it('in truncate mode, empties the file on a fresh run, also when it writes nothing', async () => {
    const path = file('{"old":true}\n')
    const out = sink({ path, mode: 'truncate' })
    await out.start!()
    expect(readFileSync(path, 'utf8')).toBe('{"old":true}\n') // nothing lost before the run knows it is fresh
    await out.write([{ n: 1 }], input, emit)
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n')
    const idle = file('{"old":true}\n')
    const quiet = sink({ path: idle, mode: 'truncate' })
    await quiet.start!()
    expect(await quiet.snapshot!()).toEqual({ path: idle, bytes: 0 }) // the end of a run snapshots
    expect(readFileSync(idle, 'utf8')).toBe('')
    await Promise.all([out.stop!(), quiet.stop!()])
  })

  it('on resume, cuts the file back to its length at the checkpoint and never empties it, in either mode', async () => {
    for (const mode of ['append', 'truncate']) {
      const path = file('{"n":1}\n{"n":2}\n{"replayed":3}\n')
      const ctx = createTestContext({ nodeId: 'out' })
      const out = sink({ path, mode }, ctx)
      await out.start!()
      await out.restore!({ path, bytes: 16 })
      await out.write([{ n: 3 }], input, emit)
      expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n')
      expect(ctx.logs.map((l) => l.message)).toEqual([expect.stringMatching(/cutting .* back to 16 bytes, its length at the checkpoint \(the 15 bytes after it/)])
      await out.stop!()
    }
  })

  it('does not cut a file that no longer fits the checkpoint, and warns', () => {
    expect(resumeCut({ path: 'a', bytes: 10 }, 'a', 30)).toBe(10)
    expect(resumeCut({ path: 'a', bytes: 10 }, 'a', 4)).toMatch(/a has 4 bytes, fewer than the 10 it had at the checkpoint \(replaced or rotated\?\); appending without cutting/)
    expect(resumeCut({ path: 'a', bytes: 10 }, 'b', 30)).toMatch(/the checkpoint recorded a, not b/)
    expect(resumeCut({ offsets: 1 }, 'a', 30)).toMatch(/holds no file length/)
  })

  it('sends events JSON cannot encode to `dead` and writes the rest', async () => {
    const path = file()
    const out = sink({ path })
    await out.start!()
    dead.length = 0
    await out.write([{ n: 1n }, { n: 2 }], input, emit)
    expect(readFileSync(path, 'utf8')).toBe('{"n":2}\n')
    expect(dead).toMatchObject([{ reason: 'not_json_encodable', event: '{ n: 1n }' }])
    await out.stop!()
  })

  it('keeps no checkpoint state for stdout (it cannot be cut back)', () => {
    const out = sink({ path: '-' })
    expect([out.snapshot, out.restore]).toEqual([undefined, undefined])
  })
})
