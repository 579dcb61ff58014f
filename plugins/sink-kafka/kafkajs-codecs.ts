/**
 * @module Teaches kafkajs (admin, kafka-source, read-back) the codecs it lacks, so it reads record
 * batches in every codec a Java producer may write: Snappy, LZ4 and zstd beside its own gzip.
 */
import type { CompressionTypes as Types } from 'kafkajs'
import { loadCodec, type Compression } from './compression.ts'

interface KafkajsCodecs {
  CompressionTypes: typeof Types
  CompressionCodecs: Record<number, () => { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(buffer: Buffer): Promise<Buffer> }>
}

/** Registers snappy, lz4 and zstd with kafkajs (its codec table is global: once is enough, again is harmless). */
export function registerKafkajsCodecs({ CompressionTypes, CompressionCodecs }: KafkajsCodecs): void {
  const codecs: [number, Compression][] = [[CompressionTypes.Snappy, 'snappy'], [CompressionTypes.LZ4, 'lz4'], [CompressionTypes.ZSTD, 'zstd']]
  for (const [type, name] of codecs) {
    CompressionCodecs[type] = () => ({
      compress: async (encoder) => (await loadCodec(name)).compress(encoder.buffer),
      decompress: async (buffer) => (await loadCodec(name)).decompress(buffer),
    })
  }
}
