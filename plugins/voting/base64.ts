/** @module Bytes to and from base64 (standard alphabet, padded) for checkpoints of large seen-voter sets, by the runtime's Buffer (Node, Bun and Deno). */
import { Buffer } from 'node:buffer'

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64')
}

const NOT_BASE64 = /[^A-Za-z0-9+/=]|=[^=]/

/** Refuses anything but base64 (Buffer would skip a stray character silently, and a checkpoint must not change). */
export function fromBase64(text: string): Uint8Array {
  const bad = NOT_BASE64.exec(text)
  if (bad) {
    const at = bad.index + bad[0].length - 1 // a character after padding is the wrong one, not the `=`
    throw new Error(`base64: unexpected character ${JSON.stringify(text[at])} at ${at}`)
  }
  const decoded = Buffer.from(text, 'base64')
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length)
}
