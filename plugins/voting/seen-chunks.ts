/**
 * @module The seen-voter set as checkpoint text, written incrementally. Fingerprints go into chunks of
 * 65,536 (512 KiB, ~700 KB of base64); a full chunk is encoded once and its string handed out again at
 * every later checkpoint, so a checkpoint encodes only the open chunk. With a checkpoint store that
 * keeps a long string once (the postgres sink does), saving 1M voters every few seconds then costs the
 * open chunk, not ~11 MB of fresh base64 and its copies.
 */
import { fromBase64, toBase64 } from './base64.ts'

/** Fingerprints in a full chunk. */
export const CHUNK_FINGERPRINTS = 65_536

export interface SeenChunks {
  /** Records a fingerprint just added to the set. */
  added(hi: number, lo: number): void
  /** Every fingerprint so far as base64 chunks (8 bytes each, big-endian hi then lo); a new array each call. */
  chunks(): string[]
}

/** Chunks starting with `restored` (from a checkpoint; kept as they are). */
export function createSeenChunks(restored: readonly string[] = [], chunkSize = CHUNK_FINGERPRINTS): SeenChunks {
  const sealed = [...restored]
  const open = new Uint32Array(chunkSize * 2)
  let count = 0
  const encodeOpen = () => {
    const bytes = new Uint8Array(count * 8)
    const view = new DataView(bytes.buffer)
    for (let i = 0; i < count; i++) {
      view.setUint32(8 * i, open[2 * i]!)
      view.setUint32(8 * i + 4, open[2 * i + 1]!)
    }
    return toBase64(bytes)
  }
  return {
    added(hi, lo) {
      open[2 * count] = hi
      open[2 * count + 1] = lo
      if (++count === chunkSize) {
        sealed.push(encodeOpen())
        count = 0
      }
    },
    chunks() {
      return count > 0 ? [...sealed, encodeOpen()] : sealed.slice()
    },
  }
}

/** The fingerprints of all chunks as one byte array (what `createFingerprintSet` takes). */
export function bytesOfChunks(chunks: readonly string[]): Uint8Array {
  const parts = chunks.map((chunk) => fromBase64(chunk))
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
