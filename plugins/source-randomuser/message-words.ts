/** @module Merkle–Damgård padding shared by the md5, sha1 and sha256 digests: text to padded 32-bit words. */

const encoder = new TextEncoder()

/** UTF-8 bytes of `text`, padded to whole 64-byte blocks with the bit length appended, as 32-bit words. */
export function toMessageWords(text: string, littleEndian: boolean): Uint32Array {
  const bytes = encoder.encode(text)
  const blocks = Math.ceil((bytes.length + 9) / 64)
  const padded = new Uint8Array(blocks * 64)
  padded.set(bytes)
  padded[bytes.length] = 0x80
  const view = new DataView(padded.buffer)
  const bits = bytes.length * 8
  const lo = bits >>> 0
  const hi = Math.floor(bits / 4294967296) >>> 0
  if (littleEndian) {
    view.setUint32(padded.length - 8, lo, true)
    view.setUint32(padded.length - 4, hi, true)
  } else {
    view.setUint32(padded.length - 8, hi, false)
    view.setUint32(padded.length - 4, lo, false)
  }
  const words = new Uint32Array(padded.length / 4)
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, littleEndian)
  return words
}

/** Lower-case hex of 32-bit words, each written big- or little-endian. */
export function wordsToHex(words: readonly number[], littleEndian: boolean): string {
  let out = ''
  for (const word of words) {
    const w = littleEndian ? ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24) : word
    out += (w >>> 0).toString(16).padStart(8, '0')
  }
  return out
}
