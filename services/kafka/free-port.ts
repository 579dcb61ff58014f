/** @module Finds a TCP port on 127.0.0.1 that nothing listens on right now. */
import { createServer } from 'node:net'

/** Binds port 0, reads the port the kernel chose, and releases it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('findFreePort: the kernel returned no port for 127.0.0.1:0'))))
    })
  })
}
