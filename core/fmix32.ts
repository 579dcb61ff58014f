/** @module Murmur3's 32-bit finaliser, shared by the generators that derive numbers from seeds (randomuser records, voters' choices). */

/** Spreads every input bit over the output: a 32-bit unsigned integer. */
export function fmix32(x: number): number {
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x >>> 0
}
