/** @module Bytes to and from base64 (standard alphabet, padded) without Buffer: checkpoints of large seen-voter sets stay fast. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const CODES = Uint8Array.from(ALPHABET, (ch) => ch.charCodeAt(0))
const EQUALS = 61
const ascii = new TextDecoder('ascii')

/** Writes the characters as bytes and decodes them once: string concatenation of megabytes is far slower. */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4)
  const whole = bytes.length - (bytes.length % 3)
  let at = 0
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[at++] = CODES[n >> 18]!
    out[at++] = CODES[(n >> 12) & 63]!
    out[at++] = CODES[(n >> 6) & 63]!
    out[at++] = CODES[n & 63]!
  }
  const rest = bytes.length - whole
  if (rest > 0) {
    const n = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0)
    out[at++] = CODES[n >> 18]!
    out[at++] = CODES[(n >> 12) & 63]!
    out[at++] = rest === 2 ? CODES[(n >> 6) & 63]! : EQUALS
    out[at++] = EQUALS
  }
  return ascii.decode(out)
}

const VALUES = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '')
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0, buffer = 0, at = 0
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i)
    const value = code < 128 ? VALUES[code]! : -1
    if (value < 0) throw new Error(`base64: unexpected character ${JSON.stringify(clean[i])} at ${i}`)
    buffer = ((buffer << 6) | value) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[at++] = (buffer >> bits) & 0xff
    }
  }
  return bytes
}
