/** @module A small seeded PRNG (sfc32) re-seeded per record, so record n depends only on (seed, n) and is identical on every runtime. */
import { fmix32 } from '../../core/fmix32.ts'

/** Four 32-bit words derived from a seed; `String(seed)` is hashed, so `7` and `'7'` are the same seed. */
export type SeedWords = readonly [number, number, number, number]

/** Hashes a seed string into 128 bits (cyrb128). */
export function hashSeed(seed: string | number): SeedWords {
  const text = String(seed)
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

const TWO_POW_32 = 4294967296

/** An sfc32 generator positioned per record; one instance is reused across records. */
export interface RecordRng {
  /** Starts the stream of record `index` (a safe integer ≥ 0). */
  reseed(index: number): RecordRng
  /** The next unsigned 32-bit integer. */
  next(): number
  /** A float in [0, 1). */
  float(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  pick<T>(list: ArrayLike<T>): T
}

export function createRecordRng(seed: SeedWords): RecordRng {
  let a = 0, b = 0, c = 0, d = 0
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  const float = () => next() / TWO_POW_32
  const rng: RecordRng = {
    reseed(index) {
      const lo = index >>> 0
      const hi = Math.floor(index / TWO_POW_32) >>> 0
      a = seed[0] ^ fmix32(lo ^ 0x9e3779b9)
      b = seed[1] ^ fmix32(hi ^ 0x7f4a7c15)
      c = seed[2] ^ fmix32((lo + hi + 0x632be5ab) >>> 0)
      d = seed[3]
      for (let i = 0; i < 12; i++) next()
      return rng
    },
    next,
    float,
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    pick: <T>(list: ArrayLike<T>): T => list[Math.floor(float() * list.length)] as T,
  }
  return rng
}
