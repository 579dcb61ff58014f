import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFingerprintSet } from './fingerprint-set.ts'

describe('fingerprint set', () => {
  it('adds a fingerprint once and then reports it as present', () => {
    const set = createFingerprintSet()
    expect(set.add(1, 2)).toBe(true)
    expect(set.add(1, 2)).toBe(false)
    expect(set.add(2, 1)).toBe(true)
    expect(set.add(0xffffffff, 0xffffffff)).toBe(true)
    expect(set.add(-1, -1)).toBe(false)
    expect(set.size).toBe(3)
  })

  it('stores the all-zero fingerprint too', () => {
    const set = createFingerprintSet()
    expect(set.add(0, 0)).toBe(true)
    expect(set.add(0, 0)).toBe(false)
  })

  it('behaves as an exact set through growth', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 50 }))
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 3000 }), (pairs) => {
        const set = createFingerprintSet()
        const reference = new Set<string>()
        for (const [hi, lo] of pairs) expect(set.add(hi, lo)).toBe(!reference.has(`${hi}:${lo}`) && !!reference.add(`${hi}:${lo}`))
        expect(set.size).toBe(reference.size)
      }),
      { numRuns: 30 },
    )
  })

  it('holds a million fingerprints in 16 MB', () => {
    const set = createFingerprintSet()
    for (let i = 0; i < 1_000_000; i++) set.add(Math.imul(i, 0x9e3779b1) >>> 0, i)
    expect(set.size).toBe(1_000_000)
    expect(set.bytes).toBe(16 * 1024 * 1024)
  })

  it('starts from packed fingerprints (8 bytes each, big-endian hi then lo)', () => {
    const set = createFingerprintSet(Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]))
    expect(set.size).toBe(2)
    expect(set.add(1, 2)).toBe(false)
    expect(set.add(0, 0)).toBe(false)
  })

  it('refuses bytes that are not whole fingerprints', () => {
    expect(() => createFingerprintSet(new Uint8Array(7))).toThrow(/7 bytes is not a whole number of 8-byte fingerprints/)
  })
})
