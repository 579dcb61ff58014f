/**
 * @module LZ4 frames as the Java client writes them (its Lz4BlockOutputStream): independent
 * blocks of up to 64 KiB, no checksums. The Java client refuses frames of dependent blocks, which
 * is what lz4js' own frame writer makes, so only its block compressor is used here.
 */
import lz4 from 'lz4js'

/** Magic 0x184D2204 (little-endian), FLG 0x60 (version 01, independent blocks), BD 0x40 (64 KiB blocks), header checksum 0x82. */
const HEADER = [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]
export const LZ4_BLOCK_BYTES = 64 * 1024
/** The high bit of a block's length: the block is stored as it is (it did not get smaller). */
const UNCOMPRESSED = 0x80000000

/** `data` as one LZ4 frame (readable by any LZ4 frame decoder: lz4js, the Java client, the lz4 tool). */
export function compressLz4Frame(data: Uint8Array): Buffer {
  const blocks = Math.ceil(data.length / LZ4_BLOCK_BYTES)
  const out = Buffer.allocUnsafe(HEADER.length + blocks * (4 + lz4.compressBound(LZ4_BLOCK_BYTES)) + 4)
  out.set(HEADER, 0)
  let at = HEADER.length
  const hashTable = new Uint32Array(1 << 16)
  const block = new Uint8Array(lz4.compressBound(LZ4_BLOCK_BYTES))
  for (let start = 0; start < data.length; start += LZ4_BLOCK_BYTES) {
    const size = Math.min(LZ4_BLOCK_BYTES, data.length - start)
    // A fresh table: no match reaches back into the previous block, so every block stands alone.
    hashTable.fill(0)
    const compressed = lz4.compressBlock(data, block, start, size, hashTable)
    if (compressed === 0 || compressed >= size) {
      out.writeUInt32LE((UNCOMPRESSED | size) >>> 0, at)
      out.set(data.subarray(start, start + size), at + 4)
      at += 4 + size
    } else {
      out.writeUInt32LE(compressed, at)
      out.set(block.subarray(0, compressed), at + 4)
      at += 4 + compressed
    }
  }
  out.writeUInt32LE(0, at) // end mark
  return out.subarray(0, at + 4)
}
