/**
 * @module The framing the Java client's Snappy (snappy-java's SnappyOutputStream) puts around raw
 * Snappy blocks in a record batch: a 16-byte header, then blocks of a 4-byte length and the block.
 */

/** `\x82SNAPPY\0`, then version 1 and compatible version 1 (int32 each). */
const HEADER = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1])
const MAGIC_LENGTH = 8
/** Uncompressed bytes per block, as snappy-java writes them (its default block size). */
export const XERIAL_BLOCK_BYTES = 32 * 1024

type Transform = (data: Uint8Array) => Uint8Array

/** True when `data` starts with the xerial magic; otherwise it is one raw Snappy block (what kafkajs-snappy and librdkafka may write). */
export function isXerialFramed(data: Uint8Array): boolean {
  return data.length >= HEADER.length && HEADER.subarray(0, MAGIC_LENGTH).equals(data.subarray(0, MAGIC_LENGTH))
}

/** `data` as xerial-framed Snappy, each block of up to `blockBytes` compressed with `compressBlock`. */
export function toXerialFrames(data: Uint8Array, compressBlock: Transform, blockBytes = XERIAL_BLOCK_BYTES): Buffer {
  const parts: Uint8Array[] = [HEADER]
  for (let at = 0; at < data.length; at += blockBytes) {
    const block = compressBlock(data.subarray(at, at + blockBytes))
    const length = Buffer.allocUnsafe(4)
    length.writeInt32BE(block.length, 0)
    parts.push(length, block)
  }
  return Buffer.concat(parts)
}

/** The bytes of xerial-framed (or raw) Snappy `data`, each block expanded with `uncompressBlock`. */
export function fromXerialFrames(data: Uint8Array, uncompressBlock: Transform): Buffer {
  if (!isXerialFramed(data)) return Buffer.from(uncompressBlock(data))
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const parts: Uint8Array[] = []
  for (let at = HEADER.length; at < buf.length; ) {
    if (at + 4 > buf.length) throw new Error(`xerial Snappy: a block length is cut off at byte ${at} of ${buf.length}`)
    const length = buf.readInt32BE(at)
    const end = at + 4 + length
    if (length < 0 || end > buf.length) throw new Error(`xerial Snappy: a block of ${length} bytes at byte ${at} runs past the end (${buf.length} bytes)`)
    parts.push(uncompressBlock(buf.subarray(at + 4, end)))
    at = end
  }
  return Buffer.concat(parts)
}
