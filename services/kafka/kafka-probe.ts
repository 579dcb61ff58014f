/** @module Asks a broker for its API versions over raw TCP: succeeds only once it serves requests, not merely accepts sockets. */
import { connect } from 'node:net'

/** One ApiVersions v0 round trip; resolves true when the broker answered without error. Never rejects. */
export function probeKafka(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    let received = Buffer.alloc(0)
    const finish = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => finish(false))
    socket.on('error', () => finish(false))
    socket.on('connect', () => socket.write(apiVersionsRequest(7, 'tally-probe')))
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
      if (received.length < 10) return
      const size = received.readInt32BE(0)
      if (received.length < 4 + size) return
      finish(received.readInt32BE(4) === 7 && received.readInt16BE(8) === 0)
    })
  })
}

/** Request header v1 (api key 18 = ApiVersions, version 0, correlation id, client id) with an empty body. */
export function apiVersionsRequest(correlationId: number, clientId: string): Buffer {
  const id = Buffer.from(clientId, 'utf8')
  const body = Buffer.alloc(2 + 2 + 4 + 2 + id.length)
  body.writeInt16BE(18, 0)
  body.writeInt16BE(0, 2)
  body.writeInt32BE(correlationId, 4)
  body.writeInt16BE(id.length, 8)
  id.copy(body, 10)
  const size = Buffer.alloc(4)
  size.writeInt32BE(body.length, 0)
  return Buffer.concat([size, body])
}
