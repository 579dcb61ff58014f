import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from './base64.ts'

describe('base64', () => {
  it('encodes as btoa does and decodes back, for every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64(bytes)
        expect(text).toBe(btoa(String.fromCharCode(...bytes)))
        expect(fromBase64(text)).toEqual(bytes)
      }),
    )
  })

  it('round-trips more than one chunk', () => {
    const bytes = Uint8Array.from({ length: 200_001 }, (_, i) => (i * 31) & 0xff)
    expect(fromBase64(toBase64(bytes))).toEqual(bytes)
  })

  it('refuses text that is not base64', () => {
    expect(() => fromBase64('ab$c')).toThrow(/unexpected character "\$" at 2/)
  })
})

describe('base64 padding', () => {
  it('refuses data after the padding', () => {
    expect(() => fromBase64('QQ==QQ==')).toThrow(/unexpected character "Q" at 4/)
  })
})
