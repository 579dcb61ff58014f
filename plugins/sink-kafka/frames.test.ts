import { describe, expect, it } from 'vitest'
import { encodeRequestHeader, ResponseFrames } from './frames.ts'

describe('Kafka framing', () => {
  it('writes request header v1, and v2 with its empty tagged fields', () => {
    expect([...encodeRequestHeader(3, 18, 0, 7, Buffer.from('ab'), false)]).toEqual([0, 0, 0, 15, 0, 18, 0, 0, 0, 0, 0, 7, 0, 2, 97, 98])
    expect([...encodeRequestHeader(3, 36, 2, 7, Buffer.from('ab'), true)]).toEqual([0, 0, 0, 16, 0, 36, 0, 2, 0, 0, 0, 7, 0, 2, 97, 98, 0])
  })

  it('cuts responses out of chunks split anywhere, several per chunk too', () => {
    const frame = (id: number, body: string) => Buffer.concat([Buffer.from([0, 0, 0, 4 + body.length, 0, 0, 0, id]), Buffer.from(body)])
    const stream = Buffer.concat([frame(1, 'one'), frame(2, ''), frame(3, 'three')])
    for (const cut of [1, 5, 11, 12, 20]) {
      const frames = new ResponseFrames()
      const seen: [number, string][] = []
      for (const part of [stream.subarray(0, cut), stream.subarray(cut)]) frames.push(part, (id, body) => seen.push([id, body.toString()]))
      expect(seen).toEqual([[1, 'one'], [2, ''], [3, 'three']])
    }
  })
})
