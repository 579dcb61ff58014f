/** @module The few Kafka protocol messages the producer speaks (Metadata v1, InitProducerId v0, Produce v8): encoders and decoders. */

/** Sequential reader over a response body. */
export class Reader {
  protected offset = 0
  protected readonly buf: Buffer

  constructor(buf: Buffer) {
    this.buf = buf
  }

  int8(): number {
    return this.buf.readInt8((this.offset += 1) - 1)
  }

  int16(): number {
    return this.buf.readInt16BE((this.offset += 2) - 2)
  }

  int32(): number {
    return this.buf.readInt32BE((this.offset += 4) - 4)
  }

  int64(): bigint {
    return this.buf.readBigInt64BE((this.offset += 8) - 8)
  }

  string(): string | null {
    const length = this.int16()
    if (length < 0) return null
    return this.buf.toString('utf8', this.offset, (this.offset += length))
  }

  array<T>(item: () => T): T[] {
    const count = this.int32()
    const items: T[] = []
    for (let i = 0; i < count; i++) items.push(item())
    return items
  }
}

function string(value: string | null): Buffer {
  if (value === null) return Buffer.from([0xff, 0xff])
  const bytes = Buffer.from(value)
  const out = Buffer.allocUnsafe(2 + bytes.length)
  out.writeInt16BE(bytes.length, 0)
  bytes.copy(out, 2)
  return out
}

function int32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4)
  out.writeInt32BE(value, 0)
  return out
}

function int16(value: number): Buffer {
  const out = Buffer.allocUnsafe(2)
  out.writeInt16BE(value, 0)
  return out
}

export const API = { produce: 0, metadata: 3, initProducerId: 22 } as const

export interface BrokerAddress {
  nodeId: number
  host: string
  port: number
}

export interface TopicMetadata {
  name: string
  errorCode: number
  partitions: { index: number; errorCode: number; leader: number }[]
}

export function encodeMetadataRequest(topics: string[]): Buffer {
  return Buffer.concat([int32(topics.length), ...topics.map(string)])
}

export function decodeMetadataResponse(body: Buffer): { brokers: BrokerAddress[]; topics: TopicMetadata[] } {
  const r = new Reader(body)
  const brokers = r.array(() => {
    const nodeId = r.int32()
    const host = r.string() ?? ''
    const port = r.int32()
    r.string()
    return { nodeId, host, port }
  })
  r.int32()
  const topics = r.array(() => {
    const errorCode = r.int16()
    const name = r.string() ?? ''
    r.int8()
    const partitions = r.array(() => {
      const partitionError = r.int16()
      const index = r.int32()
      const leader = r.int32()
      r.array(() => r.int32())
      r.array(() => r.int32())
      return { index, errorCode: partitionError, leader }
    })
    return { name, errorCode, partitions }
  })
  return { brokers, topics }
}

export function encodeInitProducerIdRequest(): Buffer {
  return Buffer.concat([string(null), int32(60_000)])
}

export function decodeInitProducerIdResponse(body: Buffer): { errorCode: number; producerId: bigint; producerEpoch: number } {
  const r = new Reader(body)
  r.int32()
  return { errorCode: r.int16(), producerId: r.int64(), producerEpoch: r.int16() }
}

/** Produce v8 for one topic: `batches` maps partition → encoded record batch. */
export function encodeProduceRequest(topic: string, batches: Map<number, Buffer>, acks: number, timeoutMs: number): Buffer {
  const parts: Buffer[] = [string(null), int16(acks), int32(timeoutMs), int32(1), string(topic), int32(batches.size)]
  for (const [partition, batch] of batches) parts.push(int32(partition), int32(batch.length), batch)
  return Buffer.concat(parts)
}

export function decodeProduceResponse(body: Buffer): { partition: number; errorCode: number; message: string | null }[] {
  const r = new Reader(body)
  return r.array(() => {
    r.string()
    return r.array(() => {
      const partition = r.int32()
      const errorCode = r.int16()
      r.int64()
      r.int64()
      r.int64()
      r.array(() => [r.int32(), r.string()])
      return { partition, errorCode, message: r.string() }
    })
  }).flat()
}
