import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { crc32c } from './crc32c.ts'
import { murmur2, partitionForKey } from './murmur2.ts'
import { encodeRecordBatch } from './record-batch.ts'

// kafkajs' own decoder and partitioner are the independent reference implementations here.
const require = createRequire(import.meta.url)
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => unknown
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: unknown) => Promise<{
  firstOffset: string
  producerId: string
  producerEpoch: number
  firstSequence: number
  records: { offset: string; key: Buffer | null; value: Buffer }[]
}>
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number

describe('record batch encoding', () => {
  it('computes CRC-32C (Castagnoli) check values', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa)
    expect(crc32c(Buffer.from('xx123456789xx'), 2, 11)).toBe(0xe3069283)
  })

  it('hashes keys exactly as the Java client and kafkajs do (same partition for the same key)', () => {
    for (const key of ['', 'a', 'ab', 'abc', 'voter-1', 'b2c4e6f8-0000-4000-8000-000000000001', 'Ünïcödé 🗳']) {
      expect(murmur2(Buffer.from(key))).toBe(kafkajsMurmur2(Buffer.from(key)))
      expect(partitionForKey(Buffer.from(key), 3)).toBe((kafkajsMurmur2(Buffer.from(key)) & 0x7fffffff) % 3)
    }
  })

  it('encodes a v2 batch an independent decoder reads back, CRC and idempotence fields included', async () => {
    const records = [
      { key: Buffer.from('v1'), value: '{"vote":1}' },
      { key: null, value: 'x'.repeat(300) },
      { key: Buffer.from('ключ'), value: '{"name":"Zoë"}' },
    ]
    const batch = encodeRecordBatch(records, { producerId: 4242n, producerEpoch: 3, baseSequence: 17, timestamp: 1767268800000 })
    const decoded = await decodeBatch(new Decoder(batch))
    expect(decoded.producerId).toBe('4242')
    expect(decoded.producerEpoch).toBe(3)
    expect(decoded.firstSequence).toBe(17)
    expect(decoded.records.map((r) => [r.offset, r.key?.toString() ?? null, r.value.toString()])).toEqual([
      ['0', 'v1', '{"vote":1}'],
      ['1', null, 'x'.repeat(300)],
      ['2', 'ключ', '{"name":"Zoë"}'],
    ])
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21))
  })
})
