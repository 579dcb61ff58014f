/** @module Encodes a Kafka record batch (magic v2, idempotent-producer fields) straight into one buffer, its records section compressed when asked. */
import { crc32c } from './crc32c.ts'

/** One message: the key as bytes (it is hashed for partitioning too), the value as the JSON text it is. */
export interface BatchRecord {
  key: Buffer | null
  value: string
}

export interface RecordBatchOptions {
  producerId: bigint
  producerEpoch: number
  baseSequence: number
  timestamp: number
  /** Compresses the records section; `id` goes in the attributes (compression.ts). Absent: uncompressed. */
  compression?: { id: number; compress(records: Uint8Array): Uint8Array }
}

const HEADER = 61
/** Offset of the attributes field: the CRC covers from here to the end. */
const CRC_START = 21

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1
}

function varintSize(n: number): number {
  let v = zigzag(n)
  let size = 1
  while (v >= 0x80) {
    v = Math.floor(v / 128)
    size++
  }
  return size
}

function writeVarint(buf: Buffer, offset: number, n: number): number {
  let v = zigzag(n)
  while (v >= 0x80) {
    buf[offset++] = (v & 0x7f) | 0x80
    v = Math.floor(v / 128)
  }
  buf[offset++] = v
  return offset
}

function recordBodySize(record: BatchRecord, offsetDelta: number, valueLength: number): number {
  const keyLength = record.key === null ? -1 : record.key.length
  return 1 + 1 + varintSize(offsetDelta) + varintSize(keyLength) + Math.max(0, keyLength) + varintSize(valueLength) + valueLength + 1
}

/**
 * The bytes of one record batch holding `records`, all stamped with `timestamp` (create time).
 * `knownValueLengths`: UTF-8 lengths already measured. With `compression`, the header stays as it
 * is (record count included) and the records after it are compressed as one block.
 */
export function encodeRecordBatch(records: readonly BatchRecord[], options: RecordBatchOptions, knownValueLengths?: readonly number[]): Buffer {
  let size = HEADER
  const bodies = new Array<number>(records.length)
  const valueLengths = new Array<number>(records.length)
  for (let i = 0; i < records.length; i++) {
    const valueLength = knownValueLengths?.[i] ?? Buffer.byteLength(records[i]!.value, 'utf8')
    const body = recordBodySize(records[i]!, i, valueLength)
    valueLengths[i] = valueLength
    bodies[i] = body
    size += varintSize(body) + body
  }
  const buf = Buffer.allocUnsafe(size)
  buf.writeBigInt64BE(0n, 0)
  buf.writeInt32BE(size - 12, 8)
  buf.writeInt32BE(-1, 12)
  buf.writeInt8(2, 16)
  buf.writeInt16BE(0, CRC_START)
  buf.writeInt32BE(records.length - 1, 23)
  buf.writeBigInt64BE(BigInt(options.timestamp), 27)
  buf.writeBigInt64BE(BigInt(options.timestamp), 35)
  buf.writeBigInt64BE(options.producerId, 43)
  buf.writeInt16BE(options.producerEpoch, 51)
  buf.writeInt32BE(options.baseSequence, 53)
  buf.writeInt32BE(records.length, 57)
  let at = HEADER
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!
    at = writeVarint(buf, at, bodies[i]!)
    buf[at++] = 0 // attributes
    buf[at++] = 0 // timestamp delta (zigzag 0)
    at = writeVarint(buf, at, i)
    if (record.key === null) at = writeVarint(buf, at, -1)
    else {
      at = writeVarint(buf, at, record.key.length)
      at += record.key.copy(buf, at)
    }
    at = writeVarint(buf, at, valueLengths[i]!)
    at += buf.write(record.value, at, 'utf8')
    buf[at++] = 0 // no headers
  }
  const out = options.compression && options.compression.id !== 0 ? compressRecords(buf, options.compression) : buf
  out.writeUInt32BE(crc32c(out, CRC_START, out.length), 17)
  return out
}

/** The batch with its records section compressed: length and attributes rewritten, CRC left to the caller. */
function compressRecords(batch: Buffer, compression: { id: number; compress(records: Uint8Array): Uint8Array }): Buffer {
  const records = compression.compress(batch.subarray(HEADER))
  const out = Buffer.allocUnsafe(HEADER + records.length)
  batch.copy(out, 0, 0, HEADER)
  out.set(records, HEADER)
  out.writeInt32BE(out.length - 12, 8)
  out.writeInt16BE(compression.id, CRC_START)
  return out
}
