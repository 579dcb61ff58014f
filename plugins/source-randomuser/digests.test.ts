import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { md5 } from './md5.ts'
import { sha1 } from './sha1.ts'
import { sha256 } from './sha256.ts'

const reference = (algorithm: string, text: string) => createHash(algorithm).update(text, 'utf8').digest('hex')

describe('pure digests', () => {
  it('match node:crypto on known inputs, including multi-block and non-ASCII text', () => {
    for (const text of ['', 'abc', 'troubleXk3pQz9a', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'héllo ✓']) {
      expect(md5(text)).toBe(reference('md5', text))
      expect(sha1(text)).toBe(reference('sha1', text))
      expect(sha256(text)).toBe(reference('sha256', text))
    }
  })

  it('match node:crypto on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(md5(text)).toBe(reference('md5', text))
        expect(sha1(text)).toBe(reference('sha1', text))
        expect(sha256(text)).toBe(reference('sha256', text))
      }),
    )
  })
})
