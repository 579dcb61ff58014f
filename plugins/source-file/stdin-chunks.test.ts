import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { CAUGHT_UP } from './line-batches.ts'
import { readStdinChunks } from './stdin-chunks.ts'

describe('stdin chunks', () => {
  it('gives each chunk, says when nothing more is buffered, and ends with the input', async () => {
    const input = new PassThrough()
    const chunks = readStdinChunks(new AbortController().signal, input)
    input.write('{"a":1}\n')
    const first = await chunks.next()
    expect(new TextDecoder().decode(first.value as Uint8Array)).toBe('{"a":1}\n')
    expect((await chunks.next()).value).toBe(CAUGHT_UP)
    input.end()
    expect((await chunks.next()).done).toBe(true)
  })

  it('ends when the source is stopped, even while waiting for input', async () => {
    const controller = new AbortController()
    const input = new PassThrough()
    const next = readStdinChunks(controller.signal, input).next()
    controller.abort()
    expect((await next).done).toBe(true)
    expect(input.destroyed).toBe(true)
  })
})
