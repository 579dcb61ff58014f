/** @module CRC-32C (Castagnoli), the checksum of Kafka record batches; slicing-by-8 tables for speed. */

const tables: Int32Array[] = (() => {
  const base = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1
    base[n] = c
  }
  const all = [base]
  for (let t = 1; t < 8; t++) {
    const table = new Int32Array(256)
    const previous = all[t - 1]!
    for (let n = 0; n < 256; n++) table[n] = (previous[n]! >>> 8) ^ base[previous[n]! & 0xff]!
    all.push(table)
  }
  return all
})()

/** CRC-32C of `bytes[start, end)`, as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array]
  let crc = -1
  let i = start
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))
    crc =
      t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
      t3[bytes[i + 4]!]! ^ t2[bytes[i + 5]!]! ^ t1[bytes[i + 6]!]! ^ t0[bytes[i + 7]!]!
  }
  for (; i < end; i++) crc = t0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return (crc ^ -1) >>> 0
}
