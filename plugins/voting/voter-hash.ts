/** @module A voter id as a 64-bit fingerprint (the seen-voter set's key) and, mixed with the seed, the voter's own random draws. */
import { fmix32 } from '../../core/fmix32.ts'

/** Two 32-bit halves of a 64-bit hash of the id (cyrb53's two lanes, kept whole). */
export interface Fingerprint {
  hi: number
  lo: number
}

/** Hashes `id` into `out` (reused, so the hot path allocates nothing). */
export function fingerprint(id: string, out: Fingerprint): Fingerprint {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  out.hi = h2 >>> 0
  out.lo = h1 >>> 0
  return out
}

/** Four 32-bit words of a seed, `7` and `'7'` alike. */
export function seedWords(seed: string | number): [number, number, number, number] {
  const text = String(seed)
  const f = fingerprint(text, { hi: 0, lo: 0 })
  const g = fingerprint(`${text}\u0000`, { hi: 0, lo: 0 })
  return [f.hi, f.lo, g.hi, g.lo]
}

/** A voter's independent uniforms in [0, 1): whether they vote, whom they choose, jitter, lateness. */
export interface VoterDraws {
  turnout: number
  choice: number
  jitter: number
  late: number
}

const TWO_POW_32 = 4294967296

export function voterDraws(fp: Fingerprint, seed: readonly number[], out: VoterDraws): VoterDraws {
  out.turnout = fmix32(fp.hi ^ seed[0]!) / TWO_POW_32
  out.choice = fmix32(fp.lo ^ seed[1]!) / TWO_POW_32
  out.jitter = fmix32((fp.hi + fp.lo) ^ seed[2]!) / TWO_POW_32
  out.late = fmix32((fp.hi ^ Math.imul(fp.lo, 0x9e3779b1)) ^ seed[3]!) / TWO_POW_32
  return out
}
