/** @module SHA-1 hex digest of a string (UTF-8), pure so the generator needs no `node:crypto`. */
import { toMessageWords, wordsToHex } from './message-words.ts'

const w = new Int32Array(80)

export function sha1(text: string): string {
  const m = toMessageWords(text, false)
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0
  for (let block = 0; block < m.length; block += 16) {
    for (let i = 0; i < 16; i++) w[i] = m[block + i]!
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!
      w[i] = (x << 1) | (x >>> 31)
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4
    for (let i = 0; i < 80; i++) {
      let f: number, k: number
      if (i < 20) (f = (b & c) | (~b & d)), (k = 0x5a827999)
      else if (i < 40) (f = b ^ c ^ d), (k = 0x6ed9eba1)
      else if (i < 60) (f = (b & c) | (b & d) | (c & d)), (k = 0x8f1bbcdc)
      else (f = b ^ c ^ d), (k = 0xca62c1d6)
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
  }
  return wordsToHex([h0, h1, h2, h3, h4], false)
}
