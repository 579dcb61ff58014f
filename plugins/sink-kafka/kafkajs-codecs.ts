/**
 * @module Teaches kafkajs (admin, kafka-source, read-back) the codecs it lacks, so it reads record
 * batches in every codec a Java producer may write: Snappy, LZ4 and zstd beside its own gzip.
 */
import type { CompressionTypes as Types } from 'kafkajs'
import { loadCodec, type Codec, type Compression } from './compression.ts'

interface KafkajsCodecs {
  CompressionTypes: typeof Types
  CompressionCodecs: Record<number, () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> }>
}

/**
 * Registers snappy, lz4 and zstd with kafkajs (its codec table is global: once is enough, again is
 * harmless). `kafkajs`: the module as `import()` gives it. Node's ESM view of this CommonJS module
 * names only some exports (not `CompressionCodecs`), so the table is taken from `default` there.
 */
export function registerKafkajsCodecs(kafkajs: object): void {
  const { CompressionTypes, CompressionCodecs } = ((kafkajs as { default?: KafkajsCodecs }).default ?? kafkajs) as KafkajsCodecs
  const codecs: [number, Compression][] = [[CompressionTypes.Snappy, 'snappy'], [CompressionTypes.LZ4, 'lz4'], [CompressionTypes.ZSTD, 'zstd']]
  for (const [type, name] of codecs) {
    let loaded: Promise<Codec> | undefined
    const codec = () => (loaded ??= loadCodec(name))
    CompressionCodecs[type] = () => ({
      compress: async (encoder) => (await codec()).compress(encoder.buffer),
      decompress: async (buffer) => (await codec()).decompress(buffer),
    })
  }
}
