/**
 * @module The compression codecs of Kafka record batches: gzip and zstd from the runtime's
 * node:zlib; Snappy (in the xerial framing the Java client writes: xerial-snappy.ts), LZ4 (frames
 * of independent blocks: lz4-frame.ts), and zstd decoding where node:zlib lacks it, from small
 * pure-JavaScript libraries (snappyjs, lz4js, fzstd), loaded on first use.
 */
import zlib from 'node:zlib'
import { fromXerialFrames, toXerialFrames } from './xerial-snappy.ts'

export const compressions = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
export type Compression = (typeof compressions)[number]

/** The codec's id in a record batch's attributes (their low 3 bits), as the protocol numbers them. */
export const compressionIds: Record<Compression, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }

export interface Codec {
  name: Compression
  id: number
  compress(data: Uint8Array): Buffer
  decompress(data: Uint8Array): Buffer
}

/** node:zlib's zstd: Node ≥ 22.15 (and 23.8), Bun, Deno. Absent on Node 20. */
type ZstdZlib = { zstdCompressSync?: (data: Uint8Array) => Buffer; zstdDecompressSync?: (data: Uint8Array) => Buffer }
const zstdZlib = zlib as unknown as ZstdZlib

/** The runtime as people name it: `Node 20.20.2`, `Bun 1.4.5`, `Deno 2.9.5`. */
export function runtimeName(versions: Record<string, string | undefined> = process.versions): string {
  if (versions.bun) return `Bun ${versions.bun}`
  if (versions.deno) return `Deno ${versions.deno}`
  return `Node ${versions.node}`
}

/**
 * Why this runtime cannot write batches with `compression`, or undefined when it can. Reading is
 * possible everywhere; only zstd compression is missing, on runtimes whose node:zlib lacks it.
 */
export function compressionUnavailable(compression: Compression, zlibModule: ZstdZlib = zstdZlib, versions?: Record<string, string | undefined>): string | undefined {
  if (compression !== 'zstd' || typeof zlibModule.zstdCompressSync === 'function') return undefined
  return `zstd compression needs node:zlib's zstd (Node ≥ 22.15, Bun or Deno), which ${runtimeName(versions)} does not have: use lz4, snappy or gzip, or a newer runtime (reading zstd works everywhere)`
}

const passThrough = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength)

/** The codec named `compression`; its libraries are imported now (the first time), not when the plugin module loads. */
export async function loadCodec(compression: Compression): Promise<Codec> {
  const id = compressionIds[compression]
  switch (compression) {
    case 'none':
      return { name: compression, id, compress: passThrough, decompress: passThrough }
    case 'gzip':
      return { name: compression, id, compress: (data) => zlib.gzipSync(data), decompress: (data) => zlib.gunzipSync(data) }
    case 'snappy': {
      const snappy = (await import('snappyjs')).default
      return { name: compression, id, compress: (data) => toXerialFrames(data, snappy.compress), decompress: (data) => fromXerialFrames(data, snappy.uncompress) }
    }
    case 'lz4': {
      const [lz4, { compressLz4Frame }] = await Promise.all([import('lz4js'), import('./lz4-frame.ts')])
      return { name: compression, id, compress: compressLz4Frame, decompress: (data) => passThrough(lz4.default.decompress(data)) }
    }
    case 'zstd': {
      const decompress = zstdZlib.zstdDecompressSync ?? (await import('fzstd')).decompress
      const compress = zstdZlib.zstdCompressSync
      return {
        name: compression,
        id,
        compress: (data) => {
          if (!compress) throw new Error(compressionUnavailable('zstd'))
          return compress(data)
        },
        decompress: (data) => passThrough(decompress(data)),
      }
    }
  }
}
