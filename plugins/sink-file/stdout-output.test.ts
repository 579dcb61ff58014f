import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { openStdoutOutput } from './stdout-output.ts'

describe('stdout output', () => {
  it('resolves a write once the stream has taken the bytes', async () => {
    const taken: string[] = []
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => void setTimeout(() => (taken.push(chunk.toString()), done()), 5) })
    const output = openStdoutOutput(stream)
    await output.append(new TextEncoder().encode('{"a":1}\n'))
    expect(taken).toEqual(['{"a":1}\n'])
    await output.close()
  })

  it('rejects writes once the reader went away, instead of crashing on the error event', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) })
    const output = openStdoutOutput(stream)
    await expect(output.append(new Uint8Array([0x7b]))).rejects.toThrow(/cannot write to stdout: write EPIPE \(whatever read it has closed the pipe\)/)
    await expect(output.append(new Uint8Array([0x7b]))).rejects.toThrow(/EPIPE/)
    await output.close()
  })
})
