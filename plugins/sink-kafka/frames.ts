/** @module Kafka's framing: request headers (v1, and v2 for flexible versions) and size-prefixed responses cut out of a byte stream. */

/** Size prefix and request header for a body of `bodyLength` bytes. A v2 header (`flexible`) ends with an empty tagged-field section. */
export function encodeRequestHeader(bodyLength: number, apiKey: number, apiVersion: number, correlationId: number, clientId: Buffer, flexible: boolean): Buffer {
  const headerSize = 10 + clientId.length + (flexible ? 1 : 0)
  const header = Buffer.allocUnsafe(4 + headerSize)
  header.writeInt32BE(headerSize + bodyLength, 0)
  header.writeInt16BE(apiKey, 4)
  header.writeInt16BE(apiVersion, 6)
  header.writeInt32BE(correlationId, 8)
  header.writeInt16BE(clientId.length, 12)
  clientId.copy(header, 14)
  if (flexible) header[header.length - 1] = 0
  return header
}

/** Collects chunks and hands out each complete response: its correlation id and the body after it. */
export class ResponseFrames {
  private chunks: Buffer[] = []
  private buffered = 0

  /** Adds `chunk`; calls `onFrame` for every response it completes, in order. */
  push(chunk: Buffer, onFrame: (correlationId: number, body: Buffer) => void): void {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    while (this.buffered >= 4) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
      this.chunks = [head]
      const size = head.readInt32BE(0)
      if (head.length < 4 + size) return
      const rest = head.subarray(4 + size)
      this.chunks = rest.length > 0 ? [rest] : []
      this.buffered = rest.length
      onFrame(head.readInt32BE(4), head.subarray(8, 4 + size))
    }
  }

  reset(): void {
    this.chunks = []
    this.buffered = 0
  }
}
