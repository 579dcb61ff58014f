/** @module MD5 hex digest of a string (UTF-8), pure so the generator needs no `node:crypto`. */
import { toMessageWords, wordsToHex } from './message-words.ts'

const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) >>> 0)

export function md5(text: string): string {
  const m = toMessageWords(text, true)
  let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476
  for (let block = 0; block < m.length; block += 16) {
    let a = a0, b = b0, c = c0, d = d0
    for (let i = 0; i < 64; i++) {
      const round = i >> 4
      let f: number, g: number
      if (round === 0) (f = (b & c) | (~b & d)), (g = i)
      else if (round === 1) (f = (d & b) | (~d & c)), (g = (5 * i + 1) & 15)
      else if (round === 2) (f = b ^ c ^ d), (g = (3 * i + 5) & 15)
      else (f = c ^ (b | ~d)), (g = (7 * i) & 15)
      const s = SHIFTS[(round << 2) | (i & 3)]!
      const sum = (a + f + K[i]! + m[block + g]!) | 0
      a = d
      d = c
      c = b
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0
    }
    a0 = (a0 + a) | 0
    b0 = (b0 + b) | 0
    c0 = (c0 + c) | 0
    d0 = (d0 + d) | 0
  }
  return wordsToHex([a0, b0, c0, d0], true)
}
