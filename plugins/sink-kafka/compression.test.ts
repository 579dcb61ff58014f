import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import * as kafkajs from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { compressions, compressionUnavailable, loadCodec, runtimeName } from './compression.ts'
import { registerKafkajsCodecs } from './kafkajs-codecs.ts'
import { compressLz4Frame } from './lz4-frame.ts'
import { encodeRecordBatch } from './record-batch.ts'
import { fromXerialFrames, isXerialFramed, toXerialFrames } from './xerial-snappy.ts'

const require = createRequire(import.meta.url)
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => unknown
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (decoder: unknown) => Promise<{ records: { offset: string; key: Buffer | null; value: Buffer }[] }>

/** A zstd frame of `zstdText`, written by Bun's node:zlib (this runtime may have no zstd encoder to make one). */
const zstdFrame = 'KLUv/SCStQEAlAJ7InZvdGVyX2lkIjoidi0xIiwiY2FuZGlkYXRlIjoiY25venN0ZCAifQMAjDIaZsMoYT4B'
const zstdText = JSON.stringify({ voter_id: 'v-1', candidate: 'c-1', note: 'zstd '.repeat(20) })
const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `{"voter_id":"v-${i}","vote":1}`).join('\n'))
const hasZstd = compressionUnavailable('zstd') === undefined

describe('record batch compression', () => {
  it('frames Snappy as the Java client does: xerial header, then length-prefixed blocks of 32 KiB', async () => {
    const snappy = (await import('snappyjs')).default
    const framed = toXerialFrames(text, snappy.compress)
    expect([...framed.subarray(0, 16)]).toEqual([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1])
    expect(isXerialFramed(framed)).toBe(true)
    const blocks: number[] = []
    for (let at = 16; at < framed.length; at += 4 + framed.readInt32BE(at)) blocks.push(snappy.uncompress(framed.subarray(at + 4, at + 4 + framed.readInt32BE(at))).length)
    expect(blocks).toEqual([32768, 32768, text.length - 65536])
    expect(fromXerialFrames(framed, snappy.uncompress).equals(text)).toBe(true)
    // Unframed (what kafkajs-snappy and librdkafka may write) is read too.
    expect(fromXerialFrames(snappy.compress(text), snappy.uncompress).equals(text)).toBe(true)
    expect(() => fromXerialFrames(framed.subarray(0, 40), snappy.uncompress)).toThrow(/a block of \d+ bytes at byte 16 runs past the end \(40 bytes\)/)
  })

  it('writes LZ4 frames as the Java client does: independent blocks of 64 KiB, stored as they are when they do not shrink', async () => {
    const lz4 = (await import('lz4js')).default
    const random = randomBytes(70_000)
    for (const data of [text, random, Buffer.alloc(0)]) {
      const frame = compressLz4Frame(data)
      expect([...frame.subarray(0, 7)]).toEqual([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82])
      expect(Buffer.from(lz4.decompress(frame)).equals(data)).toBe(true)
      const blocks: number[] = []
      for (let at = 7; frame.readUInt32LE(at) !== 0; at += 4 + (frame.readUInt32LE(at) & 0x7fffffff)) blocks.push(frame.readUInt32LE(at))
      expect(blocks).toHaveLength(Math.ceil(data.length / 65536))
      if (data === random) expect(blocks.map((b) => b >>> 31)).toEqual([1, 1])
    }
  })

  it('round-trips every codec this runtime can write, and reads zstd everywhere', async () => {
    for (const name of compressions) {
      const codec = await loadCodec(name)
      if (name !== 'zstd' || hasZstd) expect(codec.decompress(codec.compress(text)).equals(text), name).toBe(true)
      if (name !== 'none' && (name !== 'zstd' || hasZstd)) expect(codec.compress(text).length, name).toBeLessThan(text.length / 4)
    }
    const zstd = await loadCodec('zstd')
    expect(zstd.decompress(Buffer.from(zstdFrame, 'base64')).toString()).toBe(zstdText)
    if (!hasZstd) expect(() => zstd.compress(text)).toThrow(/^zstd compression needs node:zlib's zstd/)
  })

  it('says which runtimes write zstd when this one cannot', () => {
    expect(compressionUnavailable('lz4', {}, { node: '20.20.2' })).toBeUndefined()
    expect(compressionUnavailable('zstd', { zstdCompressSync: () => Buffer.alloc(0) }, { node: '22.15.0' })).toBeUndefined()
    expect(compressionUnavailable('zstd', {}, { node: '20.20.2' })).toBe(
      "zstd compression needs node:zlib's zstd (Node ≥ 22.15, Bun or Deno), which Node 20.20.2 does not have: use lz4, snappy or gzip, or a newer runtime (reading zstd works everywhere)",
    )
    expect(runtimeName({ node: '22.15.0', bun: '1.4.5' })).toBe('Bun 1.4.5')
    expect(runtimeName({ node: '22.15.0', deno: '2.9.5' })).toBe('Deno 2.9.5')
  })

  it('writes compressed batches (codec in the attributes, records section compressed) that kafkajs decodes', async () => {
    registerKafkajsCodecs(kafkajs)
    const records = [
      { key: Buffer.from('v1'), value: '{"vote":1}' },
      { key: null, value: 'x'.repeat(3000) },
      { key: Buffer.from('ключ'), value: '{"name":"Zoë"}' },
    ]
    for (const name of compressions.filter((c) => c !== 'zstd' || hasZstd)) {
      const codec = await loadCodec(name)
      const batch = encodeRecordBatch(records, { producerId: 7n, producerEpoch: 0, baseSequence: 0, timestamp: 1767268800000, compression: codec })
      expect(batch.readInt16BE(21) & 0x07, name).toBe(codec.id)
      expect(batch.readInt32BE(8), name).toBe(batch.length - 12)
      expect(batch.readInt32BE(57), name).toBe(3)
      const decoded = await decodeBatch(new Decoder(batch))
      expect(decoded.records.map((r) => [r.offset, r.key?.toString() ?? null, r.value.toString()]), name).toEqual(records.map((r, i) => [String(i), r.key?.toString() ?? null, r.value]))
    }
  })

  it('registers the codecs with kafkajs as plain Node loads it (whose ESM view of kafkajs lacks CompressionCodecs), not only under the test runner', () => {
    const script = [
      "import { createKafka } from './plugins/sink-kafka/client.ts'",
      "await createKafka({ brokers: ['127.0.0.1:1'], clientId: 'x', log: console })",
      "const { CompressionCodecs } = (await import('kafkajs')).default",
      "console.log([2, 3, 4].map((type) => typeof CompressionCodecs[type]().decompress).join(','))",
    ].join('\n')
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../', import.meta.url), encoding: 'utf8' })
    expect(out.trim()).toBe('function,function,function')
  })
})
