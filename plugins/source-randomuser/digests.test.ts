import { describe, expect, it } from 'vitest'
import { md5, sha1, sha256 } from './digests.ts'

describe('login digests', () => {
  it('are the standard hex digests of the UTF-8 text (published test vectors)', () => {
    expect(md5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(sha1('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d')
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(md5('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
  })
})
