import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFingerprintSet } from './fingerprint-set.ts'
import { bytesOfChunks, createSeenChunks } from './seen-chunks.ts'

describe('seen chunks', () => {
  it('seals full chunks once and hands the same strings out again; only the open chunk is encoded anew', () => {
    const log = createSeenChunks([], 2)
    log.added(1, 2)
    const first = log.chunks()
    expect(first).toHaveLength(1)
    log.added(0xffffffff, 0)
    const sealed = log.chunks()
    expect(sealed).toHaveLength(1)
    expect(log.chunks()[0]).toBe(sealed[0])
    log.added(3, 4)
    const next = log.chunks()
    expect(next).toHaveLength(2)
    expect(next[0]).toBe(sealed[0])
    expect([...bytesOfChunks(next)]).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 4])
  })

  it('restores the exact set from chunks taken at any points, and goes on from them', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.boolean())
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 3000 }), (adds) => {
        const set = createFingerprintSet()
        const log = createSeenChunks([], 7)
        let chunks: string[] = []
        for (const [hi, lo, checkpoint] of adds) {
          if (set.add(hi, lo)) log.added(hi, lo)
          if (checkpoint) chunks = log.chunks()
        }
        chunks = log.chunks()
        const restored = createFingerprintSet(bytesOfChunks(chunks))
        expect(restored.size).toBe(set.size)
        for (const [hi, lo] of adds) expect(restored.add(hi, lo)).toBe(false)
        const resumed = createSeenChunks(chunks, 7)
        resumed.added(7, 7)
        expect(createFingerprintSet(bytesOfChunks(resumed.chunks())).size).toBe(set.size + (set.add(7, 7) ? 1 : 0))
      }),
      { numRuns: 30 },
    )
  })

  it('keeps the all-zero fingerprint', () => {
    const log = createSeenChunks()
    log.added(0, 0)
    expect(createFingerprintSet(bytesOfChunks(log.chunks())).add(0, 0)).toBe(false)
  })
})
