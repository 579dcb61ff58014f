/** @module Kafka's default key partitioning (Java client `Utils.murmur2`), so keys land where any other Kafka client puts them. */

/** Java's `murmur2(bytes)` as a signed 32-bit int. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995
  const length = data.length
  let h = 0x9747b28c ^ length
  const length4 = length >> 2
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24)
    k = Math.imul(k, m)
    k ^= k >>> 24
    k = Math.imul(k, m)
    h = Math.imul(h, m) ^ k
  }
  const tail = length & ~3
  switch (length & 3) {
    case 3:
      h ^= data[tail + 2]! << 16
    // falls through
    case 2:
      h ^= data[tail + 1]! << 8
    // falls through
    case 1:
      h ^= data[tail]!
      h = Math.imul(h, m)
  }
  h ^= h >>> 13
  h = Math.imul(h, m)
  h ^= h >>> 15
  return h | 0
}

/** The partition the Java client (and kafkajs' default partitioner) chooses for `key`. */
export function partitionForKey(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions
}
