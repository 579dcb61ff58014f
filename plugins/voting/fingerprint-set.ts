/**
 * @module An exact set of 64-bit fingerprints in one typed array (open addressing, linear probing): the seen-voter
 * state. 8 bytes a slot, at most 75% full: about 11–21 bytes a voter (1M voters ≈ 16 MB, 10M ≈ 134 MB), against
 * ~100 bytes a voter for a Set of uuid strings. Two distinct ids share a fingerprint with probability about n²/2^65
 * (≈ 3·10⁻⁶ for 10M voters), and only then would a real vote be taken for a duplicate.
 */

const MIN_SLOTS = 1024

/** Mixes both halves, so fingerprints that are not uniformly random (tests, foreign ids) still spread over the table. */
function slotOf(hi: number, lo: number): number {
  let x = Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0xc2b2ae35)
  x ^= x >>> 15
  return x >>> 0
}

export interface FingerprintSet {
  /** Adds the fingerprint; false when it was already there. */
  add(hi: number, lo: number): boolean
  readonly size: number
  /** Bytes held by the table. */
  readonly bytes: number
}

/** A set holding the fingerprints packed in `bytes` (8 bytes each, big-endian hi then lo: as seen-chunks.ts writes them), if given. */
export function createFingerprintSet(bytes?: Uint8Array): FingerprintSet {
  let slots = MIN_SLOTS
  let table = new Uint32Array(slots * 2)
  let size = 0

  // (0, 0) marks an empty slot, so that one fingerprint is stored as (0, 1).
  const insert = (hi: number, lo: number): boolean => {
    if (hi === 0 && lo === 0) lo = 1
    const mask = slots - 1
    for (let i = slotOf(hi, lo) & mask; ; i = (i + 1) & mask) {
      const h = table[2 * i]!, l = table[2 * i + 1]!
      if (h === 0 && l === 0) {
        table[2 * i] = hi
        table[2 * i + 1] = lo
        size++
        return true
      }
      if (h === hi >>> 0 && l === lo >>> 0) return false
    }
  }

  const grow = () => {
    const old = table
    slots *= 2
    table = new Uint32Array(slots * 2)
    size = 0
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) insert(old[i]!, old[i + 1]!)
  }

  if (bytes) {
    if (bytes.length % 8 !== 0) throw new Error(`fingerprint set: ${bytes.length} bytes is not a whole number of 8-byte fingerprints`)
    while (bytes.length / 8 > slots * 0.75) slots *= 2
    table = new Uint32Array(slots * 2)
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = 0; i < bytes.length; i += 8) insert(view.getUint32(i), view.getUint32(i + 4))
  }

  return {
    add(hi, lo) {
      if (size >= slots * 0.75) grow()
      return insert(hi >>> 0, lo >>> 0)
    },
    get size() {
      return size
    },
    get bytes() {
      return table.byteLength
    },
  }
}
