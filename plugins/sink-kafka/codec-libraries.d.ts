/** The parts of the pure-JavaScript codec libraries (CommonJS, no types of their own) that compression.ts and lz4-frame.ts use. */
declare module 'lz4js' {
  const lz4: {
    /** Reads an LZ4 frame (any block size, dependent or independent blocks). */
    decompress(src: Uint8Array): Uint8Array
    /** Compresses `src[sIndex, sIndex + sLength)` into `dst` from 0 as one raw LZ4 block; returns its length (0: not compressible). `hashTable`: 65,536 entries, 0 = empty. */
    compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number
    compressBound(length: number): number
  }
  export default lz4
}

declare module 'snappyjs' {
  const snappy: {
    /** Raw Snappy (no framing); a Buffer in gives a Buffer out. */
    compress(data: Uint8Array): Uint8Array
    uncompress(data: Uint8Array): Uint8Array
  }
  export default snappy
}
